package io.glassbox.module;

/**
 * An open key (RedisModuleKey, RM_OpenKey): its type, and the low-level operations of
 * redismodule.h's key API. Writes need {@link #WRITE}; writing through a read-only key throws
 * {@link IllegalStateException} (REDISMODULE_ERR in Redis).
 */
public interface ModuleKey {
    int READ = 1, WRITE = 2;
    /** RM_KeyType's answers (REDISMODULE_KEYTYPE_*). */
    int KEYTYPE_EMPTY = 0, KEYTYPE_STRING = 1, KEYTYPE_LIST = 2, KEYTYPE_HASH = 3, KEYTYPE_SET = 4,
            KEYTYPE_ZSET = 5, KEYTYPE_MODULE = 6, KEYTYPE_STREAM = 7;
    /** REDISMODULE_LIST_HEAD / TAIL. */
    int LIST_HEAD = 0, LIST_TAIL = 1;
    /** RM_GetExpire's answer for a key without a TTL (REDISMODULE_NO_EXPIRE). */
    long NO_EXPIRE = -1;

    int type();
    /** RM_ValueLength: string length or number of elements; 0 for an empty key. */
    long valueLength();
    /** RM_DeleteKey. */
    boolean delete();

    /** RM_StringDMA (read) / RM_StringPtrLen: the value of a string key, null if empty. */
    byte[] stringGet();
    /** RM_StringSet: the key becomes this string (the TTL is dropped, as SET does). */
    void stringSet(byte[] value);

    /** RM_ListPush. */
    void listPush(int where, byte[] element);
    /** RM_ListPop: null when the list is empty. */
    byte[] listPop(int where);

    /** RM_HashGet of one field: null if absent. */
    byte[] hashGet(byte[] field);
    /** RM_HashSet of one field: true if the field is new. */
    boolean hashSet(byte[] field, byte[] value);

    /** SADD of one member through the key (Redis 7.0 has no RM_Set*; modules use RM_Call): true if new. */
    boolean setAdd(byte[] member);

    /** RM_ZsetAdd: true if the member is new. */
    boolean zsetAdd(double score, byte[] member);
    /** RM_ZsetScore: null if the member is absent. */
    Double zsetScore(byte[] member);

    /** RM_GetExpire: the milliseconds left, or {@link #NO_EXPIRE}. */
    long getExpire();
    /** RM_SetExpire: milliseconds from now; {@link #NO_EXPIRE} removes the TTL. */
    void setExpire(long millis);

    /** RM_ModuleTypeGetType: the module type of the value, or null if it is not a module value. */
    ModuleType moduleType();
    /** RM_ModuleTypeGetValue. */
    Object moduleTypeGetValue();
    /** RM_ModuleTypeSetValue: the key now holds {@code value} of {@code type} (whatever it held is replaced). */
    void moduleTypeSetValue(ModuleType type, Object value);
}
