package io.glassbox.server;

import io.glassbox.command.RedisCommand;
import io.glassbox.db.FunctionLibraries;

/**
 * What the server core needs of scripting ({@code script.c}, {@code eval.c}, {@code functions.c}),
 * which lives above it in {@code io.glassbox.scripting}: whether a script that outlived
 * {@code busy-reply-threshold} owns the data set (then {@code processCommand} answers -BUSY and the
 * cron leaves the keys alone, as {@code scriptIsTimedout()} decides in Redis), the function
 * libraries that travel with the keyspace in RDB files, INFO's scripting lines, and stopping a
 * script when the engine closes. {@code Engine} gives the server its scripting through this.
 */
public interface ScriptRunner {
    /** True while a script that outlived busy-reply-threshold runs (scriptIsTimedout). */
    boolean busy();

    /** The -BUSY error line for a command refused while {@link #busy()} (names SCRIPT KILL or FUNCTION KILL). */
    String busyError();

    /**
     * getCommandFlags for a script command ({@link RedisCommand#scriptFlags}): the command's flags
     * with WRITE, DENYOOM, STALE and MAY_REPLICATE replaced by what the script declares
     * (evalGetCommandFlags, fcallGetCommandFlags, scriptFlagsToCmdFlags); the command's own flags
     * when the script is unknown or declares nothing (eval compat mode).
     */
    long commandFlags(Client c, RedisCommand cmd);

    /** The function libraries as the keyspace's RDB code sees them. */
    FunctionLibraries libraries();

    /** INFO memory's scripting lines (used_memory_lua ... used_memory_scripts_human), in Redis 7.0's order. */
    void infoMemory(StringBuilder sb);

    /** Stops a running script and the script thread (the engine is closing). */
    void shutdown();

    /** A server without scripting (a bare server in a unit test): never busy, no libraries. */
    ScriptRunner NONE = new ScriptRunner() {
        @Override public boolean busy() { return false; }
        @Override public String busyError() { return "-BUSY"; }
        @Override public long commandFlags(Client c, RedisCommand cmd) { return cmd.flags; }
        @Override public FunctionLibraries libraries() { return FunctionLibraries.NONE; }
        @Override public void infoMemory(StringBuilder sb) { }
        @Override public void shutdown() { }
    };
}
