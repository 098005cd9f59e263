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

    /** COMMAND INFO's flag names for these bits, in addReplyFlagsForCommand's order (the hidden ones left out). */
    public static java.util.List<String> replyNames(long flags) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String n : REPLY_ORDER) if ((flags & parse(n)) != 0) out.add(n);
        return out;
    }

    private static final String[] REPLY_ORDER = {"write", "readonly", "denyoom", "module", "admin", "pubsub", "noscript",
            "blocking", "loading", "stale", "skip_monitor", "skip_slowlog", "asking", "fast", "no_auth", "no_mandatory_keys",
            "no_async_loading", "no_multi", "movablekeys", "allow_busy"};

    /**
     * commandFlagsFromString (module.c): the flags of RM_CreateCommand's space-separated string
     * ("write deny-oom", "readonly fast"), or -1 if a word is not one Redis 7.0 knows. "random" is
     * accepted and ignored (deprecated in 7.0); "getkeys-api", "getchannels-api" and "no-cluster"
     * are accepted and have no bit here.
     */
    public static long fromModuleString(String s) {
        long flags = 0;
        for (String t : s.trim().split(" +")) {
            if (t.isEmpty()) continue;
            switch (t.toLowerCase(java.util.Locale.ROOT)) {
                case "write" -> flags |= WRITE;
                case "readonly" -> flags |= READONLY;
                case "admin" -> flags |= ADMIN;
                case "deny-oom" -> flags |= DENYOOM;
                case "deny-script" -> flags |= NOSCRIPT;
                case "allow-loading" -> flags |= LOADING;
                case "pubsub" -> flags |= PUBSUB;
                case "random", "getkeys-api", "getchannels-api", "no-cluster" -> { }
                case "blocking" -> flags |= BLOCKING;
                case "allow-stale" -> flags |= STALE;
                case "no-monitor" -> flags |= SKIP_MONITOR;
                case "no-slowlog" -> flags |= SKIP_SLOWLOG;
                case "fast" -> flags |= FAST;
                case "no-auth" -> flags |= NO_AUTH;
                case "may-replicate" -> flags |= MAY_REPLICATE;
                case "no-mandatory-keys" -> flags |= NO_MANDATORY_KEYS;
                case "allow-busy" -> flags |= ALLOW_BUSY;
                default -> { return -1; }
            }
        }
        return flags;
    }

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
