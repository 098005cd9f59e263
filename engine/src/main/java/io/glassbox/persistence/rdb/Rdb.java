package io.glassbox.persistence.rdb;

/**
 * The numbers of the RDB format as Redis 7.0 defines them ({@code rdb.h}): the file version, the
 * object types, the opcodes that are not objects, and the length encodings. A learner can check
 * a hex dump of a {@code dump.rdb} against this one page.
 */
public final class Rdb {
    private Rdb() {}

    /** RDB_VERSION of Redis 7.0: files start with {@code "REDIS0010"}, DUMP payloads end with 10 (LE). */
    public static final int RDB_VERSION = 10;

    // Object types (RDB_TYPE_*). 8 was RDB_TYPE_MODULE_PRERELEASE; types 9..13 are the pre-7.0
    // compact encodings, still loaded and never written.
    public static final int TYPE_STRING = 0, TYPE_LIST = 1, TYPE_SET = 2, TYPE_ZSET = 3, TYPE_HASH = 4,
            TYPE_ZSET_2 = 5, TYPE_MODULE = 6, TYPE_MODULE_2 = 7,
            TYPE_HASH_ZIPMAP = 9, TYPE_LIST_ZIPLIST = 10, TYPE_SET_INTSET = 11, TYPE_ZSET_ZIPLIST = 12,
            TYPE_HASH_ZIPLIST = 13, TYPE_LIST_QUICKLIST = 14, TYPE_STREAM_LISTPACKS = 15,
            TYPE_HASH_LISTPACK = 16, TYPE_ZSET_LISTPACK = 17, TYPE_LIST_QUICKLIST_2 = 18,
            TYPE_STREAM_LISTPACKS_2 = 19;

    /** rdbIsObjectType: the types 7.0 knows (0..7 and 9..19). */
    public static boolean isObjectType(int t) { return (t >= 0 && t <= 7) || (t >= 9 && t <= 19); }

    /** The kind of each field in a module value (RDB_MODULE_OPCODE_*): RDB_TYPE_MODULE_2 frames every field. */
    public static final int MODULE_OPCODE_EOF = 0, MODULE_OPCODE_SINT = 1, MODULE_OPCODE_UINT = 2,
            MODULE_OPCODE_FLOAT = 3, MODULE_OPCODE_DOUBLE = 4, MODULE_OPCODE_STRING = 5;

    // Opcodes: a byte where an object type would be, announcing something else (RDB_OPCODE_*).
    public static final int OPCODE_FUNCTION2 = 245, OPCODE_FUNCTION = 246, OPCODE_MODULE_AUX = 247,
            OPCODE_IDLE = 248, OPCODE_FREQ = 249, OPCODE_AUX = 250, OPCODE_RESIZEDB = 251,
            OPCODE_EXPIRETIME_MS = 252, OPCODE_EXPIRETIME = 253, OPCODE_SELECTDB = 254, OPCODE_EOF = 255;

    // Length prefixes: the two top bits of the first byte say how long the length is (RDB_*BITLEN).
    public static final int LEN_6BIT = 0, LEN_14BIT = 1, LEN_32BIT = 0x80, LEN_64BIT = 0x81, ENCVAL = 3;

    // With ENCVAL, the low six bits say how the string is encoded instead (RDB_ENC_*).
    public static final int ENC_INT8 = 0, ENC_INT16 = 1, ENC_INT32 = 2, ENC_LZF = 3;

    /** Quicklist node containers as QUICKLIST_2 stores them (QUICKLIST_NODE_CONTAINER_*). */
    public static final int CONTAINER_PLAIN = 1, CONTAINER_PACKED = 2;

    /** The file magic, followed by the version as four ASCII digits. */
    public static final String MAGIC = "REDIS";
}
