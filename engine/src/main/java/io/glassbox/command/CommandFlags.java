package io.glassbox.command;

/** Redis's CMD_* command flags, parsed from the metadata's flag names. */
public final class CommandFlags {
    private CommandFlags() {}

    public static final long WRITE = 1L, READONLY = 1L << 1, DENYOOM = 1L << 2, MODULE = 1L << 3, ADMIN = 1L << 4,
            PUBSUB = 1L << 5, NOSCRIPT = 1L << 6, BLOCKING = 1L << 8, LOADING = 1L << 9, STALE = 1L << 10,
            SKIP_MONITOR = 1L << 11, SKIP_SLOWLOG = 1L << 12, ASKING = 1L << 13, FAST = 1L << 14, NO_AUTH = 1L << 15,
            MAY_REPLICATE = 1L << 16, SENTINEL = 1L << 17, ONLY_SENTINEL = 1L << 18, NO_MANDATORY_KEYS = 1L << 19,
            PROTECTED = 1L << 20, NO_ASYNC_LOADING = 1L << 23, NO_MULTI = 1L << 24, MOVABLE_KEYS = 1L << 25,
            ALLOW_BUSY = 1L << 26;

    /** The bit for a flag name as COMMAND INFO prints it, or 0 if unknown. */
    public static long parse(String name) {
        switch (name) {
            case "write": return WRITE;
            case "readonly": return READONLY;
            case "denyoom": return DENYOOM;
            case "module": return MODULE;
            case "admin": return ADMIN;
            case "pubsub": return PUBSUB;
            case "noscript": return NOSCRIPT;
            case "blocking": return BLOCKING;
            case "loading": return LOADING;
            case "stale": return STALE;
            case "skip_monitor": return SKIP_MONITOR;
            case "skip_slowlog": return SKIP_SLOWLOG;
            case "asking": return ASKING;
            case "fast": return FAST;
            case "no_auth": return NO_AUTH;
            case "may_replicate": return MAY_REPLICATE;
            case "no_mandatory_keys": return NO_MANDATORY_KEYS;
            case "no_async_loading": return NO_ASYNC_LOADING;
            case "no_multi": return NO_MULTI;
            case "movablekeys": return MOVABLE_KEYS;
            case "allow_busy": return ALLOW_BUSY;
            default: return 0;
        }
    }
}
