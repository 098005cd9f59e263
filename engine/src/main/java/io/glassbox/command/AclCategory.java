package io.glassbox.command;

import java.util.List;

/**
 * Redis's ACL command categories ({@code ACLCommandCategories} in {@code acl.c}), in Redis's
 * order: ACL CAT lists them so, and ACL's rule descriptions try them in this order. A command's
 * categories come from its COMMAND INFO entry (already with the implicit ones Redis's
 * {@code setImplicitACLCategories} adds), as bits of {@link RedisCommand#aclCategories}.
 */
public final class AclCategory {
    private AclCategory() {}

    public static final List<String> NAMES = List.of("keyspace", "read", "write", "set", "sortedset", "list", "hash",
            "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
            "dangerous", "connection", "transaction", "scripting");

    /** The bit of a category name (without '@', any case), or 0 if Redis has no such category. */
    public static long flag(String name) {
        for (int i = 0; i < NAMES.size(); i++) if (NAMES.get(i).equalsIgnoreCase(name)) return 1L << i;
        return 0;
    }
}
