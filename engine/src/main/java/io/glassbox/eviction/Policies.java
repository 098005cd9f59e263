package io.glassbox.eviction;

import io.glassbox.db.Keyspace;

/**
 * The MAXMEMORY_* policy values of {@code server.h}, as the {@code maxmemory-policy} setting stores
 * them ({@code ConfigTable.maxmemoryPolicyValues}): a distinct index in the high bits, with
 * MAXMEMORY_FLAG_LRU, _LFU and _ALLKEYS ({@link Keyspace#POLICY_FLAG_LRU} ...) in the low bits.
 */
final class Policies {
    private Policies() {}

    static final int LRU = Keyspace.POLICY_FLAG_LRU, LFU = Keyspace.POLICY_FLAG_LFU, ALLKEYS = Keyspace.POLICY_FLAG_ALLKEYS;

    static final int VOLATILE_LRU = (0 << 8) | LRU;
    static final int VOLATILE_LFU = (1 << 8) | LFU;
    static final int VOLATILE_RANDOM = 2 << 8;
    static final int VOLATILE_TTL = 3 << 8;
    static final int ALLKEYS_LRU = (4 << 8) | LRU | ALLKEYS;
    static final int ALLKEYS_LFU = (5 << 8) | LFU | ALLKEYS;
    static final int ALLKEYS_RANDOM = (6 << 8) | ALLKEYS;
    static final int NO_EVICTION = 7 << 8;

    /** MAXMEMORY_FLAG_NO_SHARED_INTEGERS: LRU or LFU need every value's own lru field. */
    static boolean noSharedIntegers(int policy) { return (policy & (LRU | LFU)) != 0; }

    static String name(int policy) {
        return switch (policy) {
            case VOLATILE_LRU -> "volatile-lru";
            case VOLATILE_LFU -> "volatile-lfu";
            case VOLATILE_RANDOM -> "volatile-random";
            case VOLATILE_TTL -> "volatile-ttl";
            case ALLKEYS_LRU -> "allkeys-lru";
            case ALLKEYS_LFU -> "allkeys-lfu";
            case ALLKEYS_RANDOM -> "allkeys-random";
            default -> "noeviction";
        };
    }
}
