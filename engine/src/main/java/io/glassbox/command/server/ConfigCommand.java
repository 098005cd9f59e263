package io.glassbox.command.server;

import io.glassbox.command.CommandTable;
import io.glassbox.command.HelpText;
import io.glassbox.command.RedisCommand;
import io.glassbox.config.ConfigException;
import io.glassbox.server.Client;
import io.glassbox.server.Server;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * CONFIG GET / SET / RESETSTAT / REWRITE / HELP: the command side of {@code config.c}
 * ({@code configGetCommand}, {@code configSetCommand}, {@code configRewriteCommand}) and of
 * {@code server.c} ({@code resetServerStats} for RESETSTAT). The logic and every error text live
 * in {@link io.glassbox.config.ConfigRegistry}; this class only turns arguments into calls and
 * results into replies.
 */
final class ConfigCommand {
    private ConfigCommand() {}

    static void register(CommandTable t) {
        t.bind("config|get", ConfigCommand::get);
        t.bind("config|set", ConfigCommand::set);
        t.bind("config|resetstat", ConfigCommand::resetstat);
        t.bind("config|rewrite", ConfigCommand::rewrite);
        t.bind("config|help", c -> HelpText.reply(c, "config"));
    }

    /** CONFIG GET pattern [pattern ...]: a map of every matching name to its value. */
    static void get(Client c) {
        String[] patterns = new String[c.argc() - 2];
        for (int i = 2; i < c.argc(); i++) patterns[i - 2] = new String(c.arg(i), StandardCharsets.ISO_8859_1);
        Map<String, String> values = c.server().config().get(patterns);
        c.addMapLen(values.size());
        for (Map.Entry<String, String> e : values.entrySet()) {
            c.addBulk(e.getKey().getBytes(StandardCharsets.ISO_8859_1));
            c.addBulk(e.getValue().getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** CONFIG SET name value [name value ...]: all or nothing. */
    static void set(Client c) {
        try {
            c.server().config().set(c.argv.subList(2, c.argc()), c.connection().isLoopback());
            c.addOk();
        } catch (ConfigException e) {
            c.addError("-" + e.getMessage());
        }
    }

    /**
     * CONFIG RESETSTAT (resetServerStats, resetCommandTableStats, resetErrorTableStats): the INFO
     * stats counters, command stats and error stats start again from zero. Not reset, as in Redis:
     * the slow log, the dataset, and {@code dirty} (changes since the last save).
     */
    static void resetstat(Client c) {
        Server s = c.server();
        s.stats().reset();
        s.keyspace().stats.reset();
        s.keyspace().lazyFree().resetStats(); // lazyfreed_objects (resetServerStats' lazyfreeResetStats)
        for (RedisCommand cmd : s.commands().allKnown()) cmd.resetStats();
        c.addOk();
    }

    /** CONFIG REWRITE: rewrites the config file the server was started with. */
    static void rewrite(Client c) {
        try {
            c.server().config().rewrite();
            c.server().log("notice", "CONFIG REWRITE executed with success.");
            c.addOk();
        } catch (ConfigException e) {
            c.server().log("warning", "CONFIG REWRITE failed: " + e.getMessage());
            c.addError("-" + e.getMessage());
        }
    }
}
