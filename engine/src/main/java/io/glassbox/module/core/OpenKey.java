package io.glassbox.module.core;

import io.glassbox.db.ModuleValue;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.module.CallReply;
import io.glassbox.module.ModuleKey;
import io.glassbox.module.ModuleType;

/**
 * RedisModuleKey (RM_OpenKey). Its type and module values are read and written on the keyspace
 * directly, as module.c does; the string, list, hash, set, zset and expire operations run the
 * matching command through the RM_Call path, so they notify keyspace events, signal WATCH and
 * count as changes exactly as those commands do, and (like the RM_* key API) are not propagated by
 * themselves: the module replicates what it means.
 */
final class OpenKey implements ModuleKey {
    private final CommandRun run;
    private final byte[] key;
    private final int mode;

    OpenKey(CommandRun run, byte[] key, int mode) {
        this.run = run;
        this.key = key.clone();
        this.mode = mode;
    }

    private RedisDb db() { return run.client().db(); }

    private RedisObject value() {
        return (mode & WRITE) != 0 ? db().lookupKeyWrite(key) : db().lookupKeyRead(key);
    }

    private void requireWrite() {
        if ((mode & WRITE) == 0) throw new IllegalStateException("the key was not opened for writing (REDISMODULE_WRITE)");
    }

    /** A command of the key API; a WRONGTYPE or other error is the module's problem, as RM_* return ERR. */
    private CallReply cmd(Object... argv) {
        CallReply r = run.internal(argv);
        if (r.type() == CallReply.ERROR) throw new IllegalStateException(r.string());
        return r;
    }

    @Override public int type() {
        RedisObject o = value();
        if (o == null) return KEYTYPE_EMPTY;
        return switch (o.type) {
            case RedisObject.TYPE_STRING -> KEYTYPE_STRING;
            case RedisObject.TYPE_LIST -> KEYTYPE_LIST;
            case RedisObject.TYPE_HASH -> KEYTYPE_HASH;
            case RedisObject.TYPE_SET -> KEYTYPE_SET;
            case RedisObject.TYPE_ZSET -> KEYTYPE_ZSET;
            case RedisObject.TYPE_MODULE -> KEYTYPE_MODULE;
            case RedisObject.TYPE_STREAM -> KEYTYPE_STREAM;
            default -> KEYTYPE_EMPTY;
        };
    }

    /** RM_ValueLength: STRLEN, LLEN, HLEN, SCARD, ZCARD; 0 for a module value or an empty key. */
    @Override public long valueLength() {
        return switch (type()) {
            case KEYTYPE_STRING -> cmd("STRLEN", key).integer();
            case KEYTYPE_LIST -> cmd("LLEN", key).integer();
            case KEYTYPE_HASH -> cmd("HLEN", key).integer();
            case KEYTYPE_SET -> cmd("SCARD", key).integer();
            case KEYTYPE_ZSET -> cmd("ZCARD", key).integer();
            case KEYTYPE_STREAM -> cmd("XLEN", key).integer();
            default -> 0;
        };
    }

    @Override public boolean delete() {
        requireWrite();
        return cmd("DEL", key).integer() == 1;
    }

    @Override public byte[] stringGet() { return type() == KEYTYPE_STRING ? cmd("GET", key).bytes() : null; }

    @Override public void stringSet(byte[] value) {
        requireWrite();
        cmd("SET", key, value);
    }

    @Override public void listPush(int where, byte[] element) {
        requireWrite();
        cmd(where == LIST_HEAD ? "LPUSH" : "RPUSH", key, element);
    }

    @Override public byte[] listPop(int where) {
        requireWrite();
        return cmd(where == LIST_HEAD ? "LPOP" : "RPOP", key).bytes();
    }

    @Override public byte[] hashGet(byte[] field) { return cmd("HGET", key, field).bytes(); }

    @Override public boolean hashSet(byte[] field, byte[] value) {
        requireWrite();
        return cmd("HSET", key, field, value).integer() == 1;
    }

    @Override public boolean setAdd(byte[] member) {
        requireWrite();
        return cmd("SADD", key, member).integer() == 1;
    }

    @Override public boolean zsetAdd(double score, byte[] member) {
        requireWrite();
        return cmd("ZADD", key, io.glassbox.util.RedisNumbers.replyDouble(score), member).integer() == 1;
    }

    @Override public Double zsetScore(byte[] member) {
        byte[] s = cmd("ZSCORE", key, member).bytes();
        return s == null ? null : Double.valueOf(new String(s, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override public long getExpire() {
        long ms = cmd("PTTL", key).integer();
        return ms < 0 ? NO_EXPIRE : ms;
    }

    @Override public void setExpire(long millis) {
        requireWrite();
        if (millis == NO_EXPIRE) cmd("PERSIST", key);
        else cmd("PEXPIRE", key, millis);
    }

    @Override public ModuleType moduleType() {
        RedisObject o = value();
        return o != null && o.type == RedisObject.TYPE_MODULE && ((ModuleValue) o.value).type instanceof DataType t ? t : null;
    }

    @Override public Object moduleTypeGetValue() {
        RedisObject o = value();
        return o != null && o.type == RedisObject.TYPE_MODULE ? ((ModuleValue) o.value).value : null;
    }

    /** RM_ModuleTypeSetValue: RM_DeleteKey then setKey with the new module object (so the TTL goes too). */
    @Override public void moduleTypeSetValue(ModuleType type, Object value) {
        requireWrite();
        if (!(type instanceof DataType t)) throw new IllegalArgumentException("not a type this server created");
        db().setKey(key, ModuleValue.object(t, value), false);
        run.modules().host.keyspace().stats.dirty++;
    }
}
