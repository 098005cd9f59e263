package io.glassbox.module;

/**
 * A keyspace-notification subscription (RM_SubscribeToKeyspaceEvents's RedisModuleNotificationFunc):
 * called on the command thread for each event of the subscribed classes, whatever
 * notify-keyspace-events says, never for an event it caused itself (module.c's {@code sub->active}).
 */
@FunctionalInterface
public interface KeyspaceEventHandler {
    /** REDISMODULE_NOTIFY_* (the same bits as notify-keyspace-events' classes). */
    int GENERIC = 1 << 2, STRING = 1 << 3, LIST = 1 << 4, SET = 1 << 5, HASH = 1 << 6, ZSET = 1 << 7,
            EXPIRED = 1 << 8, EVICTED = 1 << 9, STREAM = 1 << 10, KEY_MISS = 1 << 11, LOADED = 1 << 12,
            MODULE = 1 << 13, NEW = 1 << 14,
            ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    /** {@code ctx} runs {@link ModuleContext#call} on the event's database. */
    void onEvent(ModuleContext ctx, int type, String event, byte[] key);
}
