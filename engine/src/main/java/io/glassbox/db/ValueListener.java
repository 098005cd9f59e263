package io.glassbox.db;

/**
 * Hears which value a command reached under which key: on every successful lookup and on every
 * write of a new value (dbAdd, dbOverwrite, setKey). The hooks use it to attach per-structure
 * listeners (a sorted set's skiplist, a list's quicklist, a set's intset) that know the key they
 * belong to and the engine they run in, and to notice a value that changed its encoding during
 * the command. Redis has no such hook.
 *
 * <p>Cost. {@link Keyspace} holds no listener (null) until somebody subscribes to the hooks; each
 * lookup and write then pays one field load and a null check. Listeners observe and must not
 * modify the value.
 */
public interface ValueListener {

    /** The command reached {@code value} stored at {@code key} in {@code db} (found, or just stored). */
    void valueReached(RedisDb db, byte[] key, RedisObject value);
}
