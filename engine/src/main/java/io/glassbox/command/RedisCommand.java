package io.glassbox.command;

import io.glassbox.resp.RespValue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of the command table (Redis's {@code struct redisCommand}): metadata from Redis's own
 * description, the handler bound by Glassbox, and the per-command statistics INFO commandstats shows.
 */
public final class RedisCommand {
    /** The name as typed: "get", or "get" for the subcommand CONFIG GET. */
    public final String name;
    /** "get", or "config|get" for a subcommand: the name in errors and COMMAND INFO. */
    public final String fullName;
    public final RedisCommand parent;
    /** Fixed argument count if positive, minimum count if negative (the command name counts). */
    public final int arity;
    public final long flags;
    public final int firstKey, lastKey, keyStep;
    /** The COMMAND INFO entry, as Redis 7.0 returns it. */
    public final RespValue.Array info;
    /** The COMMAND DOCS map for this command (name-less), or null. */
    RespValue docs;
    final Map<String, RedisCommand> subcommands = new LinkedHashMap<>();
    CommandHandler handler;
    /** Computes key positions for commands whose keys move (CMD_MOVABLE_KEYS). */
    KeyFinder keyFinder;
    /** The ACL id (Redis's {@code cmd->id}, ACLGetCommandID): this command's bit in a user's command bitmap. */
    public int id;
    /**
     * Not a Redis command but Glassbox's own ({@link CommandTable#define}): like a module command in
     * Redis 7.0, ACL categories do not reach it (+@all and rules naming it do), so the rule
     * descriptions of ACL LIST stay Redis's.
     */
    public boolean extension;
    /** The module that created this command (RM_CreateCommand), or null for Redis's and Glassbox's own. */
    public String module;
    /** The ACL categories, as bits in {@link AclCategory#NAMES}' order ({@code acl_categories}). */
    public final long aclCategories;
    /** The key specs ({@code key_specs}), from COMMAND INFO; {@link KeySpec#keys} reads them. */
    final KeySpec[] keySpecs;
    /**
     * EVAL, EVALSHA, FCALL and their _RO forms: the flags processCommand checks come from the script
     * (its shebang or the function's flags), as Redis's {@code getCommandFlags} asks the command's
     * {@code get_flags} proc ({@code evalGetCommandFlags}, {@code fcallGetCommandFlags}).
     */
    public final boolean scriptFlags;

    // INFO commandstats
    public long calls, microseconds, rejectedCalls, failedCalls;
    /** INFO latencystats and LATENCY HISTOGRAM: created on the first call with latency-tracking (latency_histogram). */
    public io.glassbox.util.LatencyHistogram latencyHistogram;

    RedisCommand(String name, RedisCommand parent, int arity, long flags, int firstKey, int lastKey, int keyStep, RespValue.Array info) {
        this.name = name;
        this.parent = parent;
        this.fullName = parent == null ? name : parent.name + "|" + name;
        this.arity = arity;
        this.flags = flags;
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.keyStep = keyStep;
        this.info = info;
        this.scriptFlags = parent == null && switch (name) {
            case "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro" -> true;
            default -> false;
        };
        long cats = 0;
        KeySpec[] specs = KeySpec.NONE;
        if (info != null && info.items().size() > 8) {
            if (info.items().get(6) instanceof RespValue.Array a) {
                for (RespValue v : a.items()) {
                    String t = v.asText();
                    if (t != null) cats |= AclCategory.flag(t.startsWith("@") ? t.substring(1) : t);
                }
            }
            specs = KeySpec.parseAll(info.items().get(8));
        }
        this.aclCategories = cats;
        this.keySpecs = specs;
    }

    /** True if the command may name keys (doesCommandHaveKeys): a key finder or a key spec that is a key. */
    public boolean hasKeys() {
        if (keyFinder != null) return true;
        for (KeySpec s : keySpecs) if ((s.flags & KeySpec.NOT_KEY) == 0) return true;
        return false;
    }

    public boolean has(long flag) { return (flags & flag) != 0; }

    public CommandHandler handler() { return handler; }

    public boolean implemented() { return handler != null || subcommands.values().stream().anyMatch(RedisCommand::implemented); }

    public Map<String, RedisCommand> subcommands() { return Collections.unmodifiableMap(subcommands); }

    public RedisCommand subcommand(String lowerName) { return subcommands.get(lowerName); }

    public RespValue docs() { return docs; }

    public void resetStats() {
        calls = microseconds = rejectedCalls = failedCalls = 0;
        latencyHistogram = null;
        subcommands.values().forEach(RedisCommand::resetStats);
    }

    /** Whether the argument count fits the arity (Redis: arity > 0 ? argc == arity : argc >= -arity). */
    public boolean arityOk(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    @Override
    public String toString() { return fullName; }
}
