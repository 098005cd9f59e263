package io.glassbox.persistence.rdb;

import io.glassbox.db.HashObjects;
import io.glassbox.db.RedisObject;
import io.glassbox.db.SetObjects;
import io.glassbox.db.ZsetObjects;
import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictEntry;
import io.glassbox.ds.dict.DictIterator;
import io.glassbox.ds.intset.Intset;
import io.glassbox.ds.listpack.Listpack;
import io.glassbox.ds.lzf.Lzf;
import io.glassbox.ds.quicklist.Quicklist;
import io.glassbox.ds.skiplist.SkipList;
import io.glassbox.util.RedisNumbers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The RDB encoder: the {@code rdbSave*} half of Redis's {@code rdb.c}, one method per function.
 *
 * <p>Every value is written in the encoding it has in memory, because Redis 7.0's compact
 * encodings are already byte layouts: a listpack hash or sorted set, an intset, each node of a
 * quicklist go to disk as one opaque string, exactly the bytes {@code OBJECT ENCODING} describes.
 * Only the general encodings (hashtable, skiplist) are written element by element. Strings that
 * look like integers become 2, 3 or 5 bytes; strings over 20 bytes are LZF-compressed when that
 * saves at least 4 bytes ({@code rdbcompression yes}).
 *
 * <p>The entry points: {@link #saveObjectType} + {@link #saveObject} for one value (DUMP),
 * {@link #saveKeyValuePair} for one key, and {@link RdbSaver} for a whole file.
 */
public final class RdbWriter {
    private final RioOutput rio;
    private final boolean compression;

    public RdbWriter(RioOutput rio, boolean compression) {
        this.rio = rio;
        this.compression = compression;
    }

    public RioOutput rio() { return rio; }

    /** rdbSaveType: one byte, an object type or an opcode. */
    public void saveType(int type) throws IOException { rio.write(type); }

    /** rdbSaveLen: 1, 2, 5 or 9 bytes, big-endian after the two tag bits. */
    public void saveLen(long len) throws IOException {
        if (len >= 0 && len < (1 << 6)) {
            rio.write((int) len);
        } else if (len >= 0 && len < (1 << 14)) {
            rio.write((int) ((len >> 8) | (Rdb.LEN_14BIT << 6)));
            rio.write((int) (len & 0xff));
        } else if (len >= 0 && len <= 0xFFFFFFFFL) {
            rio.write(Rdb.LEN_32BIT);
            writeBigEndian(len, 4);
        } else {
            rio.write(Rdb.LEN_64BIT);
            writeBigEndian(len, 8);
        }
    }

    private void writeBigEndian(long v, int n) throws IOException {
        for (int i = n - 1; i >= 0; i--) rio.write((int) (v >>> (8 * i)));
    }

    private void writeLittleEndian(long v, int n) throws IOException {
        for (int i = 0; i < n; i++) rio.write((int) (v >>> (8 * i)));
    }

    /**
     * rdbSaveObject's OBJ_MODULE branch: the type id (so the loader finds the module), the
     * module's fields each after its opcode (RDB_TYPE_MODULE_2), then the EOF opcode.
     */
    private void saveModuleValue(io.glassbox.db.ModuleValue mv) throws IOException {
        saveLen(mv.type.id());
        ModuleRdbWriter out = new ModuleRdbWriter(this);
        mv.type.rdbSave(mv.value, out);
        out.rethrow();
        saveLen(Rdb.MODULE_OPCODE_EOF);
    }

    /** rdbSaveBinaryFloatValue: the IEEE 754 bits of a float, little-endian (RM_SaveFloat). */
    void saveBinaryFloatValue(float f) throws IOException { writeLittleEndian(Float.floatToRawIntBits(f) & 0xffffffffL, 4); }

    /** rdbSaveMillisecondTime: 8 bytes, little-endian (EXPIRETIME_MS). */
    public void saveMillisecondTime(long ms) throws IOException { writeLittleEndian(ms, 8); }

    /** rdbSaveBinaryDoubleValue: the IEEE 754 bits, little-endian (ZSET_2 scores). */
    public void saveBinaryDoubleValue(double d) throws IOException {
        writeLittleEndian(Double.doubleToRawLongBits(d), 8);
    }

    /**
     * rdbEncodeInteger: the 2, 3 or 5 byte form of a value that fits 8, 16 or 32 bits; null if it
     * does not.
     */
    static byte[] encodeInteger(long v) {
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            return new byte[]{(byte) ((Rdb.ENCVAL << 6) | Rdb.ENC_INT8), (byte) v};
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return new byte[]{(byte) ((Rdb.ENCVAL << 6) | Rdb.ENC_INT16), (byte) v, (byte) (v >> 8)};
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return new byte[]{(byte) ((Rdb.ENCVAL << 6) | Rdb.ENC_INT32), (byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
        }
        return null;
    }

    /**
     * rdbTryIntegerEncoding: a string of at most 11 bytes that is the canonical text of a 32-bit
     * integer is stored as that integer (the text comes back identical on load).
     */
    static byte[] tryIntegerEncoding(byte[] s, int len) {
        long[] v = new long[1];
        if (!RedisNumbers.string2ll(s, 0, len, v)) return null;
        byte[] canonical = RedisNumbers.ll2string(v[0]);
        if (canonical.length != len || !Arrays.equals(canonical, 0, len, s, 0, len)) return null;
        return encodeInteger(v[0]);
    }

    /** rdbSaveRawString: integer form, LZF form, or length + bytes, in that order of preference. */
    public void saveRawString(byte[] s) throws IOException { saveRawString(s, s.length); }

    public void saveRawString(byte[] s, int len) throws IOException {
        if (len <= 11) {
            byte[] enc = tryIntegerEncoding(s, len);
            if (enc != null) {
                rio.write(enc);
                return;
            }
        }
        if (compression && len > 20 && saveLzfStringObject(s, len)) return;
        saveLen(len);
        rio.write(s, 0, len);
    }

    /**
     * rdbSaveLzfStringObject: compresses into at most len-4 bytes; false (nothing written) if LZF
     * cannot save that much, so compression always pays for its 1-byte tag and second length.
     */
    private boolean saveLzfStringObject(byte[] s, int len) throws IOException {
        if (len <= 4) return false;
        byte[] out = new byte[len - 4];
        int comprlen = Lzf.compress(s, len, out);
        if (comprlen == 0) return false;
        saveLzfBlob(out, comprlen, len);
        return true;
    }

    /** rdbSaveLzfBlob: the LZF tag, the compressed length, the original length, the data. */
    public void saveLzfBlob(byte[] data, int compressLen, int originalLen) throws IOException {
        rio.write((Rdb.ENCVAL << 6) | Rdb.ENC_LZF);
        saveLen(compressLen);
        saveLen(originalLen);
        rio.write(data, 0, compressLen);
    }

    /** rdbSaveLongLongAsStringObject: an integer value, as an encoded integer or as its text. */
    public void saveLongLongAsStringObject(long v) throws IOException {
        byte[] enc = encodeInteger(v);
        if (enc != null) {
            rio.write(enc);
        } else {
            byte[] s = RedisNumbers.ll2string(v);
            saveLen(s.length);
            rio.write(s);
        }
    }

    /** rdbSaveStringObject: an int-encoded string keeps its number, other strings go raw. */
    public void saveStringObject(RedisObject o) throws IOException {
        if (o.encoding == RedisObject.ENC_INT) saveLongLongAsStringObject((Long) o.value);
        else saveRawString(io.glassbox.db.StringObjects.bytes(o));
    }

    /** rdbSaveObjectType: the RDB type for a value's type and encoding. */
    public void saveObjectType(RedisObject o) throws IOException { saveType(objectType(o)); }

    /** The RDB type Redis 7.0 writes for this type and encoding. */
    public static int objectType(RedisObject o) {
        switch (o.type) {
            case RedisObject.TYPE_STRING: return Rdb.TYPE_STRING;
            case RedisObject.TYPE_LIST: return Rdb.TYPE_LIST_QUICKLIST_2;
            case RedisObject.TYPE_SET:
                return o.encoding == RedisObject.ENC_INTSET ? Rdb.TYPE_SET_INTSET : Rdb.TYPE_SET;
            case RedisObject.TYPE_ZSET:
                return o.encoding == RedisObject.ENC_LISTPACK ? Rdb.TYPE_ZSET_LISTPACK : Rdb.TYPE_ZSET_2;
            case RedisObject.TYPE_HASH:
                return o.encoding == RedisObject.ENC_LISTPACK ? Rdb.TYPE_HASH_LISTPACK : Rdb.TYPE_HASH;
            case RedisObject.TYPE_STREAM: return Rdb.TYPE_STREAM_LISTPACKS_2;
            case RedisObject.TYPE_MODULE: return Rdb.TYPE_MODULE_2;
            default:
                throw new IllegalArgumentException("no RDB encoding for a " + o.typeName() + " value");
        }
    }

    /**
     * rdbSaveObject: the value's payload, after its type byte. O(size of the value); compact
     * encodings are one blob each.
     */
    @SuppressWarnings("unchecked")
    public void saveObject(RedisObject o) throws IOException {
        switch (o.type) {
            case RedisObject.TYPE_STRING -> saveStringObject(o);
            case RedisObject.TYPE_LIST -> saveQuicklist((Quicklist) o.value);
            case RedisObject.TYPE_SET -> {
                if (o.encoding == RedisObject.ENC_INTSET) {
                    saveRawString(((Intset) o.value).toByteArray());
                } else {
                    Dict<byte[], Object> d = SetObjects.dict(o);
                    saveLen(d.size());
                    try (DictIterator<byte[], Object> it = d.iterator()) {
                        for (DictEntry<byte[], Object> de = it.next(); de != null; de = it.next()) saveRawString(de.getKey());
                    }
                }
            }
            case RedisObject.TYPE_ZSET -> {
                if (o.encoding == RedisObject.ENC_LISTPACK) {
                    saveRawString(((Listpack) o.value).toByteArray());
                } else {
                    // Redis walks the skiplist from the tail so that the loader, inserting each
                    // element at the head, finds the insertion point at once.
                    SkipList zsl = ((ZsetObjects.Zset) o.value).zsl;
                    saveLen(zsl.length());
                    for (SkipList.Node n = zsl.tail(); n != null; n = n.prev()) {
                        saveRawString(n.ele());
                        saveBinaryDoubleValue(n.score());
                    }
                }
            }
            case RedisObject.TYPE_HASH -> {
                if (o.encoding == RedisObject.ENC_LISTPACK) {
                    saveRawString(((Listpack) o.value).toByteArray());
                } else {
                    Dict<byte[], byte[]> d = (Dict<byte[], byte[]>) o.value;
                    saveLen(d.size());
                    try (DictIterator<byte[], byte[]> it = d.iterator()) {
                        for (DictEntry<byte[], byte[]> de = it.next(); de != null; de = it.next()) {
                            saveRawString(de.getKey());
                            saveRawString(de.getVal());
                        }
                    }
                }
            }
            case RedisObject.TYPE_STREAM -> saveStream((io.glassbox.ds.stream.Stream) o.value);
            case RedisObject.TYPE_MODULE -> saveModuleValue((io.glassbox.db.ModuleValue) o.value);
            default -> throw new IllegalArgumentException("no RDB encoding for a " + o.typeName() + " value");
        }
    }

    /**
     * STREAM_LISTPACKS_2 (rdbSaveObject for OBJ_STREAM): the nodes as (master ID, listpack bytes as
     * they are), then length, last ID, first ID, max deleted ID, entries added; then per group its
     * name, last ID, entries read, its PEL (ID raw, delivery time, count) and its consumers (name,
     * seen time, the IDs of their PEL, resolved against the group's PEL when loading).
     */
    private void saveStream(io.glassbox.ds.stream.Stream s) throws IOException {
        saveLen(s.rax.size());
        var ri = s.rax.iterator();
        ri.seek("^", null);
        while (ri.next()) {
            saveRawString(ri.key());
            saveRawString(ri.data().toByteArray());
        }
        saveLen(s.length);
        saveLen(s.lastId.ms());
        saveLen(s.lastId.seq());
        saveLen(s.firstId.ms());
        saveLen(s.firstId.seq());
        saveLen(s.maxDeletedEntryId.ms());
        saveLen(s.maxDeletedEntryId.seq());
        saveLen(s.entriesAdded);
        saveLen(s.groupCount());
        if (s.cgroups == null) return;
        var gi = s.cgroups.iterator();
        gi.seek("^", null);
        while (gi.next()) {
            io.glassbox.ds.stream.StreamCG cg = gi.data();
            saveRawString(gi.key());
            saveLen(cg.lastId.ms());
            saveLen(cg.lastId.seq());
            saveLen(cg.entriesRead);
            saveStreamPel(cg.pel, true);
            saveLen(cg.consumers.size());
            var ci = cg.consumers.iterator();
            ci.seek("^", null);
            while (ci.next()) {
                saveRawString(ci.key());
                saveMillisecondTime(ci.data().seenTime);
                saveStreamPel(ci.data().pel, false);
            }
        }
    }

    /** rdbSaveStreamPEL: the count, then each 128-bit ID raw and, for the group's PEL, its NACK's time and count. */
    private void saveStreamPel(io.glassbox.ds.rax.Rax<io.glassbox.ds.stream.StreamNACK> pel, boolean nacks) throws IOException {
        saveLen(pel.size());
        var ri = pel.iterator();
        ri.seek("^", null);
        while (ri.next()) {
            rio.write(ri.key());
            if (nacks) {
                saveMillisecondTime(ri.data().deliveryTime);
                saveLen(ri.data().deliveryCount);
            }
        }
    }

    /**
     * QUICKLIST_2: the node count, then per node its container (plain or packed) and its bytes. A
     * node the quicklist keeps LZF-compressed is written compressed as it is, without inflating it.
     */
    private void saveQuicklist(Quicklist ql) throws IOException {
        saveLen(ql.nodeCount());
        for (Quicklist.Node node = ql.head(); node != null; node = node.next()) {
            saveLen(node.isPlain() ? Rdb.CONTAINER_PLAIN : Rdb.CONTAINER_PACKED);
            if (node.isCompressed()) {
                byte[] lzf = node.lzfBytes();
                saveLzfBlob(lzf, lzf.length, node.sz());
            } else {
                saveRawString(node.rawBytes());
            }
        }
    }

    /**
     * rdbSaveKeyValuePair: [EXPIRETIME_MS ms] [IDLE secs | FREQ n] type key value. The LRU idle
     * time or the LFU counter are written only under an LRU or LFU maxmemory policy, as Redis does.
     *
     * @param expireMs absolute unix ms, or -1
     * @param idleSeconds the idle time to save, or -1 for none
     * @param freq the LFU counter to save, or -1 for none
     */
    public void saveKeyValuePair(byte[] key, RedisObject val, long expireMs, long idleSeconds, int freq) throws IOException {
        if (expireMs != -1) {
            saveType(Rdb.OPCODE_EXPIRETIME_MS);
            saveMillisecondTime(expireMs);
        }
        if (idleSeconds >= 0) {
            saveType(Rdb.OPCODE_IDLE);
            saveLen(idleSeconds);
        }
        if (freq >= 0) {
            saveType(Rdb.OPCODE_FREQ);
            rio.write(freq);
        }
        saveObjectType(val);
        saveRawString(key);
        saveObject(val);
    }

    /** rdbSavedObjectLen: the bytes {@link #saveObject} would write for this value (DEBUG OBJECT). */
    public static long savedObjectLen(RedisObject o, boolean compression) {
        java.io.OutputStream nowhere = java.io.OutputStream.nullOutputStream();
        RioOutput rio = new RioOutput(nowhere, false);
        try {
            new RdbWriter(rio, compression).saveObject(o);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return rio.processedBytes();
    }

    /** rdbSaveAuxField: the AUX opcode, a key and a value, both strings. */
    public void saveAuxField(String key, String value) throws IOException {
        saveType(Rdb.OPCODE_AUX);
        saveRawString(key.getBytes(StandardCharsets.US_ASCII));
        saveRawString(value.getBytes(StandardCharsets.UTF_8));
    }

    /** rdbSaveAuxFieldStrInt: an aux field whose value is a number (saved integer-encoded if it fits). */
    public void saveAuxField(String key, long value) throws IOException {
        saveAuxField(key, Long.toString(value));
    }
}
