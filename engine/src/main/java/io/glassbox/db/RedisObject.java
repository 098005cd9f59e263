package io.glassbox.db;

import io.glassbox.util.RedisNumbers;

/**
 * A value in the keyspace: Redis's {@code robj} ({@code server.h}, {@code object.c}).
 *
 * <p>Every value has a <em>type</em> (what commands see: string, list, hash, set, zset) and an
 * <em>encoding</em> (how it is stored: a string is an {@code int}, an {@code embstr} or a
 * {@code raw} buffer). The split is the heart of Redis's memory efficiency: small values use
 * compact encodings and convert to general ones when they grow, invisibly to clients but visible
 * through {@code OBJECT ENCODING}.
 *
 * <p>{@link #lru} is Redis's 24-bit LRU clock (seconds resolution) or, under an LFU policy, the
 * 16-bit access time plus 8-bit logarithmic counter; {@code OBJECT IDLETIME|FREQ} read it.
 *
 * <p>String values are kept as {@code byte[]} (binary safe, never written in place), as an
 * {@link Sds} once a command writes into them (APPEND, SETRANGE, SETBIT, BITFIELD, PFADD), or,
 * for the {@code int} encoding, as a {@link Long}, as Redis keeps the number in the pointer
 * itself. Read them through {@link StringObjects}.
 */
public final class RedisObject {
    public static final byte TYPE_STRING = 0, TYPE_LIST = 1, TYPE_SET = 2, TYPE_ZSET = 3, TYPE_HASH = 4, TYPE_MODULE = 5, TYPE_STREAM = 6;

    /** Encodings, with the numbers Redis uses ({@code OBJ_ENCODING_*}). */
    public static final byte ENC_RAW = 0, ENC_INT = 1, ENC_HT = 2, ENC_INTSET = 6, ENC_SKIPLIST = 7,
            ENC_EMBSTR = 8, ENC_QUICKLIST = 9, ENC_STREAM = 10, ENC_LISTPACK = 11;

    /** Strings up to this many bytes are {@code embstr}: one allocation with the robj (OBJ_ENCODING_EMBSTR_SIZE_LIMIT). */
    public static final int EMBSTR_SIZE_LIMIT = 44;

    /** The reference count Redis gives objects that are never freed, such as the shared integers (OBJ_SHARED_REFCOUNT). */
    public static final int OBJ_SHARED_REFCOUNT = Integer.MAX_VALUE;

    public final byte type;
    public byte encoding;
    /** LRU clock or LFU data, see the class comment. */
    public int lru;
    /** The payload: byte[] or Long for strings, the data structure for the other types. */
    public Object value;
    /**
     * True for an {@code int} that Redis would take from its table of shared integers
     * ({@code shared.integers}, 0..9999) instead of allocating a new object. Java has no reason to
     * share, so only the fact is kept: OBJECT REFCOUNT reports it (see {@link #refcount()}).
     */
    public boolean shared;
    /**
     * The background save that has this value on disk already, or for which it is too new
     * (copy-on-write of a fork-less BGSAVE, see {@code persistence/rdb/BackgroundSave}). A value is
     * marked with its keyspace's current epoch when it is stored in a key ({@link Keyspace#snapshotEpoch}),
     * so a snapshot that is running never includes it. One byte: it fits in the padding of the
     * object header, so it costs no memory.
     */
    public byte savedIn;
    /**
     * What this value (with its key) was last charged to its database's memory account
     * ({@link RedisDb#account}); 0 while it is in no database. A long costs nothing more than an int
     * here: the object is 28 bytes with an int, 32 either way after alignment (docs/memory.md).
     */
    public long mem;

    public RedisObject(byte type, byte encoding, Object value) {
        this.type = type;
        this.encoding = encoding;
        this.value = value;
    }

    /** A string object with the encoding Redis would give these bytes when created by SET (createStringObject). */
    public static RedisObject string(byte[] bytes) {
        return new RedisObject(TYPE_STRING, bytes.length <= EMBSTR_SIZE_LIMIT ? ENC_EMBSTR : ENC_RAW, bytes);
    }

    /**
     * A string object holding a number, Redis's OBJ_ENCODING_INT. Values 0..9999 are what Redis
     * hands out from its shared integers (createStringObjectFromLongLongForValue, tryObjectEncoding).
     */
    public static RedisObject integer(long v) {
        RedisObject o = new RedisObject(TYPE_STRING, ENC_INT, v);
        o.shared = v >= 0 && v < RedisNumbers.SHARED_INTEGERS;
        return o;
    }

    /**
     * What OBJECT REFCOUNT shows: {@link #OBJ_SHARED_REFCOUNT} for a shared integer, else 1 (a value
     * in the keyspace has one owner, the key; Redis's other references are transient).
     */
    public int refcount() {
        return shared && encoding == ENC_INT ? OBJ_SHARED_REFCOUNT : 1;
    }

    /**
     * A deep copy for COPY: Redis's dupStringObject, listTypeDup, setTypeDup, zsetDup, hashTypeDup,
     * streamDup. The copy has the same type and encoding and shares nothing mutable with this
     * object, so writing to one never shows through the other; it is never a shared integer
     * (dupStringObject allocates). Each new type adds its case here.
     */
    public RedisObject dup() {
        switch (type) {
            case TYPE_STRING:
                // an Sds is written in place, so the copy gets its own; a plain byte[] and a Long
                // are never written in place (see Sds), but COPY keeps Redis's deep copy anyway
                Object v = value instanceof Sds s ? s.copy() : value instanceof byte[] b ? b.clone() : value;
                return new RedisObject(TYPE_STRING, encoding, v);
            case TYPE_HASH:
                return HashObjects.hashTypeDup(this);
            case TYPE_LIST: // listTypeDup: same nodes, same compression
                return new RedisObject(TYPE_LIST, encoding, ((io.glassbox.ds.quicklist.Quicklist) value).dup());
            case TYPE_SET:
                return SetObjects.dup(this);
            case TYPE_ZSET:
                return ZsetObjects.dup(this);
            case TYPE_STREAM: // streamDup
                return new RedisObject(TYPE_STREAM, ENC_STREAM, ((io.glassbox.ds.stream.Stream) value).dup());
            case TYPE_MODULE: { // moduleTypeDupOrReply: the type's copy callback, or COPY fails
                ModuleValue mv = (ModuleValue) value;
                Object copy = mv.type.copy(null, null, mv.value);
                if (copy == null) throw new UnsupportedOperationException("COPY of a " + typeName() + " value is not supported by its module");
                return ModuleValue.object(mv.type, copy);
            }
            default:
                throw new UnsupportedOperationException("COPY of a " + typeName() + " value is not implemented");
        }
    }

    public static String typeName(byte type) {
        switch (type) {
            case TYPE_STRING: return "string";
            case TYPE_LIST: return "list";
            case TYPE_SET: return "set";
            case TYPE_ZSET: return "zset";
            case TYPE_HASH: return "hash";
            case TYPE_STREAM: return "stream";
            default: return "unknown";
        }
    }

    public static String encodingName(byte encoding) {
        switch (encoding) {
            case ENC_RAW: return "raw";
            case ENC_INT: return "int";
            case ENC_HT: return "hashtable";
            case ENC_INTSET: return "intset";
            case ENC_SKIPLIST: return "skiplist";
            case ENC_EMBSTR: return "embstr";
            case ENC_QUICKLIST: return "quicklist";
            case ENC_STREAM: return "stream";
            case ENC_LISTPACK: return "listpack";
            default: return "unknown";
        }
    }

    /** What TYPE says: the type's name, a module type's own name for a module value (typeCommand). */
    public String typeName() { return type == TYPE_MODULE ? ((ModuleValue) value).type.name() : typeName(type); }

    public String encodingName() { return encodingName(encoding); }
}
