package io.glassbox.acl;

import io.glassbox.command.CommandTable;
import io.glassbox.command.RedisCommand;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The commands ACL rules can name (Redis's {@code server.orig_commands}): every command Redis 7.0
 * has, implemented here or not, so that a rule set means the same bitmap in Glassbox and in Redis.
 * Taken from the command table once, when the ACL subsystem is built.
 */
final class CommandIndex {
    private final CommandTable table;
    private final int futureBit;
    /** acl-pubsub-default, read when a selector is created or a user reset (server.acl_pubsub_default). */
    private final java.util.function.BooleanSupplier allChannelsByDefault;

    CommandIndex(CommandTable table, java.util.function.BooleanSupplier allChannelsByDefault) {
        this.table = table;
        this.allChannelsByDefault = allChannelsByDefault;
        this.futureBit = table.idCount();
        this.channelKind = new byte[futureBit];
        for (RedisCommand c : table.allKnown()) {
            channelKind[c.id] = switch (c.name) {
                case "publish", "spublish" -> PUBLISH;
                case "subscribe", "ssubscribe" -> SUBSCRIBE;
                case "psubscribe" -> PSUBSCRIBE;
                default -> 0;
            };
        }
    }

    /** How a command names channels ACL checks (getChannelsFromCommand's table; unsubscribing is never checked). */
    static final byte PUBLISH = 1, SUBSCRIBE = 2, PSUBSCRIBE = 3;
    private final byte[] channelKind;

    /** The channel kind of a command: 0 (none), PUBLISH (argument 1), SUBSCRIBE or PSUBSCRIBE (every argument). */
    byte channelKind(RedisCommand cmd) { return cmd.id < channelKind.length ? channelKind[cmd.id] : 0; }

    /** Top-level commands (their subcommands hang from them), a module's included while it is loaded. */
    Collection<RedisCommand> all() { return table.allKnown(); }

    /** ACLLookupCommand: "name" or "container|sub". */
    RedisCommand lookup(String name) { return table.lookupKnown(name); }

    /** The flags acl-pubsub-default gives a new selector: ALLCHANNELS or none. */
    int pubsubDefault() { return allChannelsByDefault.getAsBoolean() ? Selector.ALLCHANNELS : 0; }

    /** The reserved bit "commands added later" (USER_COMMAND_BITS_COUNT-1 in Redis). */
    int futureBit() { return futureBit; }
}
