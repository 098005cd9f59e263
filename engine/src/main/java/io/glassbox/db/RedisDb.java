package io.glassbox.db;

import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictEntry;
import io.glassbox.ds.dict.DictListener;
import io.glassbox.ds.dict.DictType;

import java.util.function.Consumer;

/**
 * One numbered database: Redis's {@code redisDb} with its {@code dict} and {@code expires}.
 *
 * <p>The methods mirror {@code db.c}: {@link #lookupKey} checks expiry first, {@link #dbAdd} /
 * {@link #dbOverwrite} / {@link #setKey} write, {@link #dbDelete} removes the key and its expire.
 * Expiry decisions use the time the current command started ({@link Keyspace#commandTime()}), so
 * a key cannot expire half-way through one command, as in Redis 7.0.
 */
public final class RedisDb {
    public final int id;
    private final Keyspace keyspace;
    Dict<byte[], RedisObject> dict;
    Dict<byte[], Long> expires;
    /** Where the active expire cycle's scan of {@link #expires} resumes (Redis's expires_cursor). */
    long expiresCursor;
    /** Average TTL of sampled keys, for INFO keyspace's avg_ttl (Redis's db->avg_ttl). */
    long avgTtl;
    /** The sum of the charges ({@link RedisObject#mem}) of this database's keys and values: see {@link #account}. */
    long datasetBytes;
    /**
     * Observers of this database's two dicts (the hooks). They belong to the database number, not
     * to a Dict object: FLUSHDB allocates new dicts and SWAPDB exchanges them, and both re-apply
     * these, so "db0" keeps reporting as db0.
     */
    private DictListener dictListener = DictListener.NONE;
    private DictListener expiresListener = DictListener.NONE;
    /** The keys by hash slot, in cluster mode only (db 0's slots_to_keys); null otherwise. */
    SlotToKeys slotToKeys;

    RedisDb(Keyspace keyspace, int id) {
        this.keyspace = keyspace;
        this.id = id;
        this.dict = new Dict<>(DictType.BYTES);
        this.expires = new Dict<>(DictType.BYTES);
    }

    public Dict<byte[], RedisObject> dict() { return dict; }

    /** Installs observers for the keyspace dict and the expires dict; they survive FLUSHDB and SWAPDB. */
    public void setDictListeners(DictListener keys, DictListener expiresL) {
        this.dictListener = keys == null ? DictListener.NONE : keys;
        this.expiresListener = expiresL == null ? DictListener.NONE : expiresL;
        applyDictListeners();
    }

    private void applyDictListeners() {
        dict.setListener(dictListener);
        expires.setListener(expiresListener);
        dict.setExpandAllowed(keyspace.expandAllowed);
        expires.setExpandAllowed(keyspace.expandAllowed);
    }

    /** Re-applies the keyspace's expand check to both dicts (it changed). */
    void applyExpandAllowed() {
        dict.setExpandAllowed(keyspace.expandAllowed);
        expires.setExpandAllowed(keyspace.expandAllowed);
    }

    public Dict<byte[], Long> expires() { return expires; }

    public long size() { return dict.size(); }

    public long expiresSize() { return expires.size(); }

    public long avgTtl() { return avgTtl; }

    // ---------------------------------------------------------------- lookups

    /**
     * Finds a key for reading or writing, deleting it first if it has expired
     * (lookupKey + expireIfNeeded). Touches its LRU clock unless {@code noTouch}.
     */
    public RedisObject lookupKey(byte[] key, boolean noTouch) {
        RedisObject o = dict.fetchValue(key);
        if (o == null) return null;
        if (expireIfNeeded(key)) return null;
        if (!noTouch) keyspace.touch(o);
        ValueListener vl = keyspace.valueListener;
        if (vl != null) vl.valueReached(this, key, o);
        return o;
    }

    public RedisObject lookupKey(byte[] key) { return lookupKey(key, false); }

    /** Lookup for a read: counts keyspace hits and misses for INFO stats (lookupKeyRead). */
    public RedisObject lookupKeyRead(byte[] key) {
        RedisObject o = lookupKey(key, false);
        if (o == null) { keyspace.stats.keyspaceMisses++; keyspace.keyEvents().keyMiss(this, key); }
        else keyspace.stats.keyspaceHits++;
        return o;
    }

    /**
     * Lookup for a read that is not an access of the value (lookupKeyReadWithFlags with
     * LOOKUP_NOTOUCH): EXISTS, TYPE, TTL, OBJECT, SCAN's TYPE filter. Expires the key if due and
     * counts hits and misses, but leaves its LRU clock alone, so asking about a key does not make
     * it look recently used to the evictor.
     */
    public RedisObject lookupKeyReadNoTouch(byte[] key) {
        RedisObject o = lookupKey(key, true);
        if (o == null) { keyspace.stats.keyspaceMisses++; keyspace.keyEvents().keyMiss(this, key); }
        else keyspace.stats.keyspaceHits++;
        return o;
    }

    /** OBJECT's lookup (LOOKUP_NOTOUCH|LOOKUP_NONOTIFY): counts hits and misses, but a miss is no "keymiss" event. */
    public RedisObject lookupKeyReadNoTouchNoNotify(byte[] key) {
        RedisObject o = lookupKey(key, true);
        if (o == null) keyspace.stats.keyspaceMisses++;
        else keyspace.stats.keyspaceHits++;
        return o;
    }

    /** Lookup for a write: no hit/miss accounting (lookupKeyWrite). */
    public RedisObject lookupKeyWrite(byte[] key) {
        if (keyspace.beforeWrite != null) keyspace.beforeWrite.accept(this, key);
        RedisObject o = lookupKey(key, false);
        if (o != null) keyspace.touched(this, key); // the caller changes it in place: measure it after the command
        return o;
    }

    /** True if the key exists (and has not expired), without touching its LRU (EXISTS uses this). */
    public boolean exists(byte[] key) { return lookupKey(key, true) != null; }

    // ---------------------------------------------------------------- writes

    /** Adds a key that must not exist (dbAdd). */
    public void dbAdd(byte[] key, RedisObject val) {
        val.lru = keyspace.newLru();
        val.savedIn = keyspace.snapshotEpoch;
        keyspace.unshare(val);
        dict.add(key, val);
        if (slotToKeys != null) slotToKeys.add(key);
        charge(key, val);
        keyspace.keyEvents().keyAdded(this, key);
        ValueListener vl = keyspace.valueListener;
        if (vl != null) vl.valueReached(this, key, val);
        if (val.type == RedisObject.TYPE_LIST || val.type == RedisObject.TYPE_ZSET || val.type == RedisObject.TYPE_STREAM) {
            keyspace.signalKeyAsReady(this, key);
        }
        keyspace.signalModifiedKey(this, key);
    }

    /** Replaces the value of an existing key, keeping its TTL (dbOverwrite). */
    public void dbOverwrite(byte[] key, RedisObject val) {
        val.savedIn = keyspace.snapshotEpoch;
        keyspace.unshare(val);
        DictEntry<byte[], RedisObject> de = dict.find(key);
        RedisObject old = de.getVal();
        // under LFU the new value inherits the old one's counter (dbOverwrite), else it is fresh
        val.lru = keyspace.lfuPolicy() ? old.lru : keyspace.lruClock();
        discharge(old);
        de.setVal(val);
        charge(de.getKey(), val);
        if (old != val && keyspace.lazyFree().lazyServerDel) keyspace.lazyFree().freeObjAsync(old);
        ValueListener vl = keyspace.valueListener;
        if (vl != null) vl.valueReached(this, key, val);
    }

    /**
     * The high-level write every SET-like command uses (setKey): add or overwrite, and drop any
     * TTL unless {@code keepTtl}.
     */
    public void setKey(byte[] key, RedisObject val, boolean keepTtl) {
        // One dict lookup decides add vs overwrite (the hot path of SET); an expired key is
        // deleted first and then added afresh, as lookupKeyWrite + dbAdd would do.
        DictEntry<byte[], RedisObject> de = dict.find(key);
        if (de != null && expires.size() > 0 && expireIfNeeded(key)) de = null;
        val.savedIn = keyspace.snapshotEpoch;
        keyspace.unshare(val);
        if (de == null) {
            val.lru = keyspace.newLru();
            dict.add(key, val);
            if (slotToKeys != null) slotToKeys.add(key);
            charge(key, val);
            keyspace.keyEvents().keyAdded(this, key);
        } else {
            RedisObject old = de.getVal();
            // a stream replaced by SET: blocked XREADGROUP clients must learn it is gone (signalDeletedKeyAsReady)
            if (old.type == RedisObject.TYPE_STREAM) keyspace.signalKeyAsReady(this, key);
            val.lru = keyspace.overwriteLru(old);
            discharge(old);
            de.setVal(val);
            charge(de.getKey(), val);
            // the old value is out of the keyspace now (dbOverwrite's freeObjAsync with lazyfree-lazy-server-del)
            if (old != val && keyspace.lazyFree().lazyServerDel) keyspace.lazyFree().freeObjAsync(old);
            if (!keepTtl && expires.size() > 0) removeExpire(key);
        }
        ValueListener vl = keyspace.valueListener;
        if (vl != null) vl.valueReached(this, key, val);
        keyspace.signalModifiedKey(this, key);
    }

    /**
     * Removes a key and its expire; true if it existed (dbDelete): the value is freed in the
     * background if lazyfree-lazy-server-del says so, as every server-side delete in Redis.
     */
    public boolean dbDelete(byte[] key) { return dbGenericDelete(key, keyspace.lazyFree().lazyServerDel); }

    /** Removes a key; its value is dropped at once (dbSyncDelete: DEL, GETDEL, ...). */
    public boolean dbSyncDelete(byte[] key) { return dbGenericDelete(key, false); }

    /**
     * Removes a key; a big value goes to the lazy-free thread (dbAsyncDelete: UNLINK, and DEL,
     * expiry, eviction with their lazyfree-lazy-* settings). The eviction code calls this when
     * lazyfree-lazy-eviction is set.
     */
    public boolean dbAsyncDelete(byte[] key) { return dbGenericDelete(key, true); }

    /**
     * dbGenericDelete: the key leaves the expires dict and the main dict first ({@code Dict.unlink});
     * only then is its value handed to {@link LazyFree#freeObjAsync}, so the background thread gets
     * a value no lookup can reach.
     */
    private boolean dbGenericDelete(byte[] key, boolean async) {
        if (keyspace.beforeWrite != null) keyspace.beforeWrite.accept(this, key);
        DictEntry<byte[], RedisObject> de = dict.unlink(key);
        if (de == null) return false;
        if (slotToKeys != null) slotToKeys.remove(key);
        RedisObject val = de.getVal();
        discharge(val);
        // a client blocked in XREADGROUP on this stream must learn it is gone (signalDeletedKeyAsReady)
        if (val.type == RedisObject.TYPE_STREAM) keyspace.signalKeyAsReady(this, key);
        if (expires.size() > 0) expires.delete(key);
        keyspace.signalModifiedKey(this, key);
        if (async) {
            de.setVal(null); // the unlinked entry no longer leads to the value (dictSetVal(de, NULL))
            keyspace.lazyFree().freeObjAsync(val);
        }
        return true;
    }

    // ---------------------------------------------------------------- memory accounting

    /**
     * A value was stored in a key: charge it what it costs now (its charge from any other key, as in a
     * MOVE that adds before it deletes, is not this key's), and measure it again when the command ends,
     * since the command may still fill it (LPUSH creates the list, adds it, then pushes).
     */
    private void charge(byte[] key, RedisObject val) {
        long s = ObjectSize.keyAndValue(key, val, Keyspace.ACCOUNTING_SAMPLES);
        val.mem = s;
        datasetBytes += s;
        // a string held as byte[] or Long is never written in place (an APPEND makes it an Sds through
        // lookupKeyWrite, which marks it then): its charge is final, SET pays no second measurement
        if (val.type != RedisObject.TYPE_STRING || val.value instanceof Sds) keyspace.touched(this, key);
    }

    /** A value left its key: its charge leaves the account with it. */
    private void discharge(RedisObject old) {
        datasetBytes -= old.mem;
        old.mem = 0;
    }

    /**
     * Measures the value in {@code key} again and moves the difference into the account. Values change
     * in place (HSET into a hash, APPEND to a string), so the account is brought up to date after every
     * command for the keys it wrote ({@link Keyspace#settleTouched}), and by the cron's slow walk
     * ({@link Keyspace#reconcile}) for any other change; Redis's zmalloc counts each allocation instead.
     */
    void account(byte[] key, RedisObject o) {
        long s = ObjectSize.keyAndValue(key, o, Keyspace.ACCOUNTING_SAMPLES);
        datasetBytes += s - o.mem;
        o.mem = s;
    }

    /** The bytes charged for this database's keys and values. */
    public long datasetBytes() { return datasetBytes; }

    /** Marks a key as modified so WATCH and client-side caching see it (signalModifiedKey). */
    public void signalModifiedKey(byte[] key) { keyspace.signalModifiedKey(this, key); }

    // ---------------------------------------------------------------- expires

    /** The key's absolute expire time in unix ms, or -1 if it has none (getExpire). */
    public long getExpire(byte[] key) {
        if (expires.size() == 0) return -1;
        Long when = expires.fetchValue(key);
        return when == null ? -1 : when;
    }

    /** Sets an absolute expire time in unix ms on an existing key (setExpire). */
    public void setExpire(byte[] key, long whenMs) {
        // The expires dict shares the key bytes of the main dict, as Redis shares the sds.
        DictEntry<byte[], RedisObject> de = dict.find(key);
        DictEntry<byte[], Long> e = expires.addOrFind(de != null ? de.getKey() : key);
        e.setVal(whenMs);
    }

    /** Removes the TTL; true if there was one (removeExpire). */
    public boolean removeExpire(byte[] key) {
        return expires.size() > 0 && expires.delete(key);
    }

    /** True if the key has a TTL in the past (keyIsExpired). */
    public boolean keyIsExpired(byte[] key) {
        long when = getExpire(key);
        if (when < 0) return false;
        if (keyspace.isLoading()) return false;
        return keyspace.commandTime() > when;
    }

    /**
     * Deletes the key if its TTL has passed (expireIfNeeded). On a replica the key is only
     * reported as missing: the master's DEL will remove it, so replica and master stay equal.
     * Returns true if the key is (logically) expired.
     */
    public boolean expireIfNeeded(byte[] key) {
        if (!keyIsExpired(key)) return false;
        if (keyspace.isReplica()) return true;
        if (keyspace.expireDisabled()) return true; // paused clients in write mode: report, don't delete
        deleteExpiredKey(key);
        return true;
    }

    /** Deletes an expired key and tells the world: stats, notifications, hooks (deleteExpiredKeyAndPropagate). */
    void deleteExpiredKey(byte[] key) {
        dbGenericDelete(key, keyspace.lazyFree().lazyExpire);
        keyspace.onKeyExpired(this, key);
    }

    // ---------------------------------------------------------------- whole-db operations

    /** Removes every key (emptyDbStructure); returns how many there were. */
    public long clear() { return clear(false); }

    /**
     * Removes every key (emptyDbStructure); with {@code async} the old dicts go to the lazy-free
     * thread after fresh ones took their place (emptyDbAsync), so the database is empty and usable
     * at once. Returns how many keys there were.
     */
    public long clear(boolean async) {
        long n = dict.size();
        if (async && n > 0) {
            // a running snapshot still walks the dicts it remembered: then the job must not cut them
            keyspace.lazyFree().emptyDbAsync(dict, expires, keyspace.beforeWrite == null);
        }
        dict = new Dict<>(DictType.BYTES);
        expires = new Dict<>(DictType.BYTES);
        applyDictListeners();
        expiresCursor = 0;
        avgTtl = 0;
        datasetBytes = 0;
        if (slotToKeys != null) slotToKeys.flush();
        return n;
    }

    /** Swaps the contents of two databases (SWAPDB): the numbers stay, the data moves. */
    static void swap(RedisDb a, RedisDb b) {
        Dict<byte[], RedisObject> d = a.dict; a.dict = b.dict; b.dict = d;
        Dict<byte[], Long> e = a.expires; a.expires = b.expires; b.expires = e;
        long c = a.expiresCursor; a.expiresCursor = b.expiresCursor; b.expiresCursor = c;
        long t = a.avgTtl; a.avgTtl = b.avgTtl; b.avgTtl = t;
        long m = a.datasetBytes; a.datasetBytes = b.datasetBytes; b.datasetBytes = m;
        a.applyDictListeners();
        b.applyDictListeners();
        a.rebuildSlotToKeys();
        b.rebuildSlotToKeys();
    }

    /** The slot index follows the data after a swap (a diskless load's swapdb): built again from the dict. */
    void rebuildSlotToKeys() {
        if (slotToKeys == null) return;
        slotToKeys.flush();
        try (io.glassbox.ds.dict.DictIterator<byte[], RedisObject> it = dict.iterator()) {
            for (DictEntry<byte[], RedisObject> de = it.next(); de != null; de = it.next()) slotToKeys.add(de.getKey());
        }
    }

    /** The keys by slot (cluster mode), or null when the cluster is off. */
    public SlotToKeys slotToKeys() { return slotToKeys; }

    /** One step of SCAN over the keyspace (dictScan); returns the next cursor. */
    public long scan(long cursor, Consumer<byte[]> keyConsumer) {
        return dict.scan(cursor, de -> keyConsumer.accept(de.getKey()));
    }

    /** A random key that has not expired, or null (dbRandomKey). */
    public byte[] randomKey() {
        int maxTries = 100;
        boolean allVolatile = dict.size() == expires.size();
        while (dict.size() > 0) {
            DictEntry<byte[], RedisObject> de = dict.fairRandomEntry();
            if (de == null) return null;
            byte[] key = de.getKey();
            if (expires.size() > 0 && expires.find(key) != null) {
                if (allVolatile && keyspace.isReplica() && --maxTries == 0) {
                    // On a replica with only expired keys, give up rather than loop forever (as Redis).
                    return key;
                }
                if (expireIfNeeded(key)) continue;
            }
            return key;
        }
        return null;
    }
}
