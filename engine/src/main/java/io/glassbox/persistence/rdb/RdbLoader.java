package io.glassbox.persistence.rdb;

import io.glassbox.db.EncodingConfig;
import io.glassbox.db.HashObjects;
import io.glassbox.db.ModuleDataType;
import io.glassbox.db.ModuleTypes;
import io.glassbox.db.ModuleValue;
import io.glassbox.db.RedisObject;
import io.glassbox.db.SetObjects;
import io.glassbox.db.StringObjects;
import io.glassbox.db.ZsetObjects;
import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictType;
import io.glassbox.ds.intset.Intset;
import io.glassbox.ds.listpack.Listpack;
import io.glassbox.ds.lzf.Lzf;
import io.glassbox.ds.quicklist.PackedThreshold;
import io.glassbox.ds.quicklist.Quicklist;
import io.glassbox.util.RedisNumbers;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;

/**
 * The RDB decoder for one value: the {@code rdbLoad*} half of Redis's {@code rdb.c}
 * ({@code rdbLoadLen}, {@code rdbGenericLoadStringObject}, {@code rdbLoadObject}).
 *
 * <p>What a value becomes follows {@code rdbLoadObject}: a compact blob (listpack, intset) is
 * validated and kept as it is if it is within today's limits, else converted; a value written
 * element by element is rebuilt, compact if it fits (a 40-member sorted set saved by a server with
 * bigger limits comes back as a listpack here, as in Redis). Older encodings (ziplist, zipmap,
 * plain list) are decoded and rebuilt in today's encodings.
 *
 * <p>Every blob is validated before it is used (a listpack's every entry, a stream listpack's
 * structure, an intset's order, no duplicate members or fields, parseable scores), except where a
 * RESTORE under {@code sanitize-dump-payload no} asks for Redis's shallow check ({@link #shallow}:
 * the header of a stream's, a list's or a hash's listpack; a walk of such a value later fails with
 * {@code Listpack.AssertionFailure} where Redis asserts). A failure is a {@link RdbLoadException}, never a broken
 * value in the keyspace. An empty collection (which Redis never writes, but a corrupt payload
 * can contain) is reported as {@link EmptyKeyException} so that a file loader can skip it, as
 * Redis's RDB_LOAD_ERR_EMPTY_KEY.
 */
public final class RdbLoader {
    /**
     * The encoding limits a loaded value must respect, taken from the engine's settings once per load.
     * {@code packedThreshold} is the engine's (its lists share it), or null for a list of its own.
     */
    public record Limits(int listFill, int listCompressDepth, long setMaxIntsetEntries,
                         long zsetMaxListpackEntries, long zsetMaxListpackValue,
                         long hashMaxListpackEntries, long hashMaxListpackValue, PackedThreshold packedThreshold,
                         ModuleTypes moduleTypes) {
        public static final Limits DEFAULT = new Limits(-2, 0, 512, 128, 64, 512, 64);

        public Limits(int listFill, int listCompressDepth, long setMaxIntsetEntries,
                      long zsetMaxListpackEntries, long zsetMaxListpackValue,
                      long hashMaxListpackEntries, long hashMaxListpackValue) {
            this(listFill, listCompressDepth, setMaxIntsetEntries, zsetMaxListpackEntries, zsetMaxListpackValue,
                    hashMaxListpackEntries, hashMaxListpackValue, null, new ModuleTypes());
        }

        /** The limits an engine's settings say now, and the module types it knows. */
        public static Limits from(EncodingConfig e, ModuleTypes moduleTypes) {
            HashObjects.Limits hash = e.hash;
            ZsetObjects.Limits zset = e.zset;
            return new Limits(e.listFill, e.listCompressDepth, e.setMaxIntsetEntries, zset.maxEntries(), zset.maxValue(),
                    hash.maxListpackEntries(), hash.maxListpackValue(), e.packedThreshold, moduleTypes);
        }
    }

    /** A collection with no elements: Redis skips such a key in a file and rejects it in RESTORE. */
    public static final class EmptyKeyException extends RdbLoadException {
        EmptyKeyException(long offset) { super("empty keys are not allowed", offset); }
    }

    private final RioInput rio;
    private final Limits limits;
    /**
     * Deep integrity validation (rdbLoadObject's deep_integrity_validation): on unless
     * {@link #shallow} said otherwise ({@code sanitize-dump-payload no}).
     */
    private boolean deep = true;

    public RdbLoader(RioInput rio, Limits limits) {
        this.rio = rio;
        this.limits = limits;
    }

    public RioInput rio() { return rio; }

    /**
     * Validates the listpacks of streams and lists only shallowly, as Redis does when
     * {@code sanitize-dump-payload} is {@code no}: the header, not each entry. Values of other
     * types are still validated deeply (they are converted or rebuilt as they load).
     */
    public RdbLoader shallow() {
        deep = false;
        return this;
    }

    private RdbLoadException corrupt(String what) { return new RdbLoadException(what, rio.offset()); }

    public int loadType() throws IOException { return rio.readByte(); }

    /** rdbLoadLen: a length; {@code isEncoded[0]} is set when it is a special string encoding instead. */
    public long loadLen(boolean[] isEncoded) throws IOException, RdbLoadException {
        if (isEncoded != null) isEncoded[0] = false;
        int b = rio.readByte();
        int type = (b & 0xC0) >> 6;
        if (type == Rdb.ENCVAL) {
            if (isEncoded == null) throw corrupt("unexpected encoded length");
            isEncoded[0] = true;
            return b & 0x3F;
        } else if (type == Rdb.LEN_6BIT) {
            return b & 0x3F;
        } else if (type == Rdb.LEN_14BIT) {
            return ((long) (b & 0x3F) << 8) | rio.readByte();
        } else if (b == Rdb.LEN_32BIT) {
            return rio.readBigEndian(4);
        } else if (b == Rdb.LEN_64BIT) {
            long len = rio.readBigEndian(8);
            if (len < 0) throw corrupt("length out of range");
            return len;
        }
        throw corrupt("unknown length encoding " + b);
    }

    public long loadLen() throws IOException, RdbLoadException { return loadLen(null); }

    /**
     * rdbLoadLen for a value that is an unsigned 64-bit number rather than a size: stream IDs, and
     * a group's entries_read, whose "unknown" (-1) Redis writes as UINT64_MAX, a module type id and
     * a module's RM_SaveUnsigned fields. Kept in a long.
     */
    long loadUnsigned() throws IOException, RdbLoadException {
        int b = rio.readByte();
        int type = (b & 0xC0) >> 6;
        if (type == Rdb.LEN_6BIT) return b & 0x3F;
        if (type == Rdb.LEN_14BIT) return ((long) (b & 0x3F) << 8) | rio.readByte();
        if (b == Rdb.LEN_32BIT) return rio.readBigEndian(4);
        if (b == Rdb.LEN_64BIT) return rio.readBigEndian(8);
        throw corrupt("unknown length encoding " + b);
    }

    /** rdbGenericLoadStringObject: the bytes of a string, whatever its on-disk form. */
    public byte[] loadString() throws IOException, RdbLoadException {
        boolean[] enc = new boolean[1];
        long len = loadLen(enc);
        if (enc[0]) {
            switch ((int) len) {
                case Rdb.ENC_INT8: return RedisNumbers.ll2string((byte) rio.readByte());
                case Rdb.ENC_INT16: return RedisNumbers.ll2string((short) rio.readLittleEndian(2));
                case Rdb.ENC_INT32: return RedisNumbers.ll2string((int) rio.readLittleEndian(4));
                case Rdb.ENC_LZF: return loadLzfString();
                default: throw corrupt("unknown string encoding " + len);
            }
        }
        return rio.read(len);
    }

    /** rdbLoadLzfStringObject: compressed length, original length, data; decompressed exactly. */
    private byte[] loadLzfString() throws IOException, RdbLoadException {
        long clen = loadLen();
        long len = loadLen();
        if (len == 0 || len > Integer.MAX_VALUE - 16) throw corrupt("invalid LZF length");
        byte[] c = rio.read(clen);
        if (len > c.length * 200L + 64) throw corrupt("invalid LZF length"); // LZF cannot expand this much
        byte[] out = new byte[(int) len];
        if (Lzf.decompress(c, c.length, out) != len) throw corrupt("Invalid LZF compressed string");
        return out;
    }

    /** rdbLoadBinaryDoubleValue: 8 bytes little-endian (ZSET_2). */
    public double loadBinaryDouble() throws IOException {
        return Double.longBitsToDouble(rio.readLittleEndian(8));
    }

    /** rdbLoadDoubleValue: the old text form (RDB_TYPE_ZSET): a length byte, 253 NaN, 254 +inf, 255 -inf. */
    private double loadDoubleValue() throws IOException, RdbLoadException {
        int len = rio.readByte();
        switch (len) {
            case 255: return Double.NEGATIVE_INFINITY;
            case 254: return Double.POSITIVE_INFINITY;
            case 253: return Double.NaN;
            default:
                byte[] b = rio.read(len);
                double[] d = new double[1];
                if (!RedisNumbers.string2d(b, d)) {
                    try {
                        return Double.parseDouble(new String(b, StandardCharsets.US_ASCII));
                    } catch (NumberFormatException e) {
                        throw corrupt("invalid double value");
                    }
                }
                return d[0];
        }
    }

    /** rdbLoadObject: the value of the given RDB type. */
    public RedisObject loadObject(int rdbType) throws IOException, RdbLoadException {
        try {
            return switch (rdbType) {
                case Rdb.TYPE_STRING -> StringObjects.create(loadString());
                case Rdb.TYPE_LIST -> loadPlainList();
                case Rdb.TYPE_SET -> loadSet();
                case Rdb.TYPE_ZSET, Rdb.TYPE_ZSET_2 -> loadZset(rdbType == Rdb.TYPE_ZSET_2);
                case Rdb.TYPE_HASH -> loadHash();
                case Rdb.TYPE_LIST_QUICKLIST, Rdb.TYPE_LIST_QUICKLIST_2 -> loadQuicklist(rdbType == Rdb.TYPE_LIST_QUICKLIST_2);
                case Rdb.TYPE_SET_INTSET -> loadIntset();
                case Rdb.TYPE_ZSET_LISTPACK -> checked("Zset listpack integrity check failed.", loadString(), b -> zsetFromListpack(validListpack(b)));
                case Rdb.TYPE_HASH_LISTPACK -> deep
                        ? checked("Hash listpack integrity check failed.", loadString(), b -> hashFromListpack(validListpack(b), false))
                        : shallowHashListpack(loadString());
                case Rdb.TYPE_LIST_ZIPLIST -> checked("List ziplist integrity check failed.", loadString(), b -> listFromElements(LegacyEncodings.ziplistEntries(b)));
                case Rdb.TYPE_ZSET_ZIPLIST -> checked("Zset ziplist integrity check failed.", loadString(), b -> zsetFromListpack(listpackOf(LegacyEncodings.ziplistEntries(b))));
                case Rdb.TYPE_HASH_ZIPLIST -> checked("Hash ziplist integrity check failed.", loadString(), b -> hashFromListpack(listpackOf(LegacyEncodings.ziplistEntries(b)), false));
                // zipmapValidateIntegrity counts an empty zipmap as corrupt (not as an empty key)
                case Rdb.TYPE_HASH_ZIPMAP -> checked("Zipmap integrity check failed.", loadString(), b -> {
                    List<byte[]> entries = LegacyEncodings.zipmapEntries(b);
                    if (entries.isEmpty()) throw corrupt("empty zipmap");
                    return hashFromListpack(listpackOf(entries), true);
                });
                case Rdb.TYPE_STREAM_LISTPACKS, Rdb.TYPE_STREAM_LISTPACKS_2 -> loadStream(rdbType == Rdb.TYPE_STREAM_LISTPACKS_2);
                case Rdb.TYPE_MODULE, Rdb.TYPE_MODULE_2 -> loadModuleValue(rdbType == Rdb.TYPE_MODULE_2);
                default -> throw corrupt("unknown RDB object type " + rdbType);
            };
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw corrupt("invalid value: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- module values

    /**
     * rdbLoadObject's RDB_TYPE_MODULE(_2) branch: the type id, then the module's own fields, then
     * (version 2) the EOF opcode. A type nobody loaded, a module that reads the wrong field or past
     * its value, a missing EOF: Redis's errors, and nothing enters the keyspace.
     */
    private RedisObject loadModuleValue(boolean v2) throws IOException, RdbLoadException {
        long moduleId = loadUnsigned(); // 64 bits: the name's 54 and the encoding version's 10
        ModuleDataType mt = limits.moduleTypes().byId(moduleId);
        if (mt == null) {
            throw corrupt("The RDB file contains module data I can't load: no matching module type '"
                    + ModuleTypes.nameById(moduleId) + "'");
        }
        Object value;
        try {
            value = mt.rdbLoad(new ModuleRdbReader(this, v2), (int) (moduleId & 1023));
        } catch (ModuleDataType.LoadError e) {
            value = null;
        }
        if (v2 && value != null && loadLen() != Rdb.MODULE_OPCODE_EOF) {
            mt.free(value);
            throw corrupt("The RDB file contains module data for the module '" + mt.moduleName()
                    + "' that is not terminated by the proper module value EOF marker");
        }
        if (value == null) {
            throw corrupt("The RDB file contains module data for the module type '" + mt.moduleName()
                    + "', that the responsible module is not able to load. Check for modules log above for additional clues.");
        }
        return ModuleValue.object(mt, value);
    }

    // ---------------------------------------------------------------- lists

    /** The inverse of RdbWriter.saveStream; the older STREAM_LISTPACKS lacks the 7.0 IDs and counters. */
    private RedisObject loadStream(boolean v2) throws IOException, RdbLoadException {
        io.glassbox.ds.stream.Stream s = new io.glassbox.ds.stream.Stream();
        long listpacks = loadLen();
        while (listpacks-- > 0) {
            byte[] nodekey = loadString();
            if (nodekey.length != 16) throw corrupt("Stream node key entry is not the size of a stream ID");
            Listpack lp = checkedListpack("Stream listpack integrity check failed.", loadString());
            if (!deep) lp.assertValidFirst(); // rdbLoadObject's lpFirst: Redis asserts (and crashes) here
            else if (lp.first() >= 0 && !io.glassbox.ds.stream.Stream.validListpack(lp)) throw corrupt("Stream listpack integrity check failed."); // streamValidateListpackIntegrity
            if (lp.first() < 0) continue; // an empty listpack is not kept in the tree
            if (!s.rax.tryInsert(nodekey, lp)) throw corrupt("duplicated key found in stream");
        }
        s.length = loadLen();
        s.lastId = new io.glassbox.ds.stream.StreamID(loadUnsigned(), loadUnsigned());
        if (v2) {
            s.firstId = new io.glassbox.ds.stream.StreamID(loadUnsigned(), loadUnsigned());
            s.maxDeletedEntryId = new io.glassbox.ds.stream.StreamID(loadUnsigned(), loadUnsigned());
            s.entriesAdded = loadUnsigned();
        } else {
            s.entriesAdded = s.length;
            s.firstId = s.edgeId(true, true);
        }
        long groups = loadLen();
        while (groups-- > 0) {
            byte[] name = loadString();
            io.glassbox.ds.stream.StreamID cgId = new io.glassbox.ds.stream.StreamID(loadUnsigned(), loadUnsigned());
            long entriesRead = v2 ? loadUnsigned() : s.estimateDistanceFromFirstEverEntry(cgId);
            io.glassbox.ds.stream.StreamCG cg = s.createCG(name, cgId, entriesRead);
            if (cg == null) throw corrupt("duplicated consumer group name");
            long pelSize = loadLen();
            while (pelSize-- > 0) {
                byte[] rawid = rio.read(16);
                io.glassbox.ds.stream.StreamNACK nack = new io.glassbox.ds.stream.StreamNACK(null, rio.readLittleEndian(8));
                nack.deliveryCount = loadLen();
                if (!cg.pel.tryInsert(rawid, nack)) throw corrupt("Duplicated global PEL entry loading stream consumer group");
            }
            long consumers = loadLen();
            while (consumers-- > 0) {
                byte[] cname = loadString();
                io.glassbox.ds.stream.StreamConsumer consumer = cg.createConsumer(cname, 0);
                if (consumer == null) throw corrupt("Duplicate stream consumer detected.");
                consumer.seenTime = rio.readLittleEndian(8);
                pelSize = loadLen();
                while (pelSize-- > 0) {
                    byte[] rawid = rio.read(16);
                    io.glassbox.ds.stream.StreamNACK nack = cg.pel.get(rawid);
                    if (nack == null) throw corrupt("consumer without PEL entry for a message in the group PEL");
                    nack.consumer = consumer;
                    if (!consumer.pel.tryInsert(rawid, nack)) throw corrupt("Duplicated consumer PEL entry  loading a stream consumer group");
                }
            }
            var it = cg.pel.iterator();
            it.seek("^", null);
            while (it.next()) if (it.data().consumer == null) throw corrupt("Stream CG PEL entry without consumer");
        }
        return new RedisObject(RedisObject.TYPE_STREAM, RedisObject.ENC_STREAM, s);
    }


    private RedisObject newList() {
        return new RedisObject(RedisObject.TYPE_LIST, RedisObject.ENC_QUICKLIST, (limits.packedThreshold() == null
                ? new Quicklist(limits.listFill(), limits.listCompressDepth())
                : new Quicklist(limits.listFill(), limits.listCompressDepth(), limits.packedThreshold())));
    }

    /** RDB_TYPE_LIST: a length and the elements, pushed at the tail. */
    private RedisObject loadPlainList() throws IOException, RdbLoadException {
        long len = loadLen();
        if (len == 0) throw new EmptyKeyException(rio.offset());
        RedisObject o = newList();
        Quicklist ql = (Quicklist) o.value;
        for (long i = 0; i < len; i++) ql.pushTail(loadString());
        return o;
    }

    private RedisObject listFromElements(List<byte[]> elements) throws RdbLoadException {
        if (elements.isEmpty()) throw new EmptyKeyException(rio.offset());
        RedisObject o = newList();
        Quicklist ql = (Quicklist) o.value;
        for (byte[] e : elements) ql.pushTail(e);
        return o;
    }

    /**
     * QUICKLIST (ziplist nodes) and QUICKLIST_2 (listpack or plain nodes): each node is appended
     * as it was saved (quicklistAppendListpack, quicklistAppendPlainNode); empty nodes are skipped.
     */
    private RedisObject loadQuicklist(boolean v2) throws IOException, RdbLoadException {
        long nodes = loadLen();
        if (nodes == 0) throw new EmptyKeyException(rio.offset());
        RedisObject o = newList();
        Quicklist ql = (Quicklist) o.value;
        for (long i = 0; i < nodes; i++) {
            int container = Rdb.CONTAINER_PACKED;
            if (v2) {
                container = (int) loadLen();
                if (container != Rdb.CONTAINER_PACKED && container != Rdb.CONTAINER_PLAIN) throw corrupt("invalid quicklist container");
            }
            byte[] data = loadString();
            if (data.length == 0) throw corrupt("empty quicklist node"); // rdbLoadObject: encoded_len == 0
            if (container == Rdb.CONTAINER_PLAIN) {
                ql.appendPlainNode(data);
                continue;
            }
            if (v2) {
                Listpack lp = checkedListpack("Listpack integrity check failed.", data);
                if (lp.size() == 0) continue; // silently skip empty listpacks, as Redis
                ql.appendListpack(lp);
            } else {
                List<byte[]> entries;
                try {
                    entries = LegacyEncodings.ziplistEntries(data);
                } catch (RuntimeException e) {
                    throw corrupt("Ziplist integrity check failed.");
                }
                if (entries.isEmpty()) continue;
                ql.appendListpack(listpackOf(entries));
            }
        }
        if (ql.count() == 0) throw new EmptyKeyException(rio.offset());
        return o;
    }

    // ---------------------------------------------------------------- sets

    /** RDB_TYPE_SET: an intset while members are integers and few enough, else a hash table. */
    private RedisObject loadSet() throws IOException, RdbLoadException {
        long len = loadLen();
        if (len == 0) throw new EmptyKeyException(rio.offset());
        RedisObject o;
        if (len > limits.setMaxIntsetEntries()) {
            o = SetObjects.createHashtable();
            SetObjects.dict(o).expand(Math.min(len, rio.remainingAtMost())); // a member takes a byte at least
        } else {
            o = SetObjects.createIntset();
        }
        for (long i = 0; i < len; i++) {
            byte[] member = loadString();
            if (!SetObjects.add(o, member, limits.setMaxIntsetEntries())) throw corrupt("Duplicate set members detected");
        }
        return o;
    }

    /** RDB_TYPE_SET_INTSET: the blob as it is, validated, converted if over the intset limit. */
    private RedisObject loadIntset() throws IOException, RdbLoadException {
        byte[] blob = loadString();
        Intset is;
        try {
            is = Intset.fromBytes(blob, true);
        } catch (RuntimeException e) {
            throw corrupt("Intset integrity check failed.");
        }
        RedisObject o = new RedisObject(RedisObject.TYPE_SET, RedisObject.ENC_INTSET, is);
        if (is.length() > limits.setMaxIntsetEntries()) SetObjects.convert(o);
        return o;
    }

    // ---------------------------------------------------------------- sorted sets

    /** ZSET (text scores) and ZSET_2 (binary scores): rebuilt, then listpack if small enough. */
    private RedisObject loadZset(boolean binaryScores) throws IOException, RdbLoadException {
        long len = loadLen();
        if (len == 0) throw new EmptyKeyException(rio.offset());
        RedisObject o = ZsetObjects.createSkiplist();
        ZsetObjects.Zset zs = (ZsetObjects.Zset) o.value;
        zs.dict.expand(Math.min(len, rio.remainingAtMost())); // an element takes a byte at least
        long maxelelen = 0, totelelen = 0;
        for (long i = 0; i < len; i++) {
            byte[] ele = loadString();
            double score = binaryScores ? loadBinaryDouble() : loadDoubleValue();
            if (Double.isNaN(score)) throw corrupt("Zset with NAN score detected");
            if (ele.length > maxelelen) maxelelen = ele.length;
            totelelen += ele.length;
            if (zs.dict.find(ele) != null) throw corrupt("Duplicate zset fields detected");
            zs.insert(ele, score);
        }
        ZsetObjects.convertToListpackIfNeeded(o, maxelelen, totelelen,
                new ZsetObjects.Limits(limits.zsetMaxListpackEntries(), limits.zsetMaxListpackValue()));
        return o;
    }

    /** ZSET_LISTPACK / ZSET_ZIPLIST: pairs of member and score, members unique, scores numbers. */
    private RedisObject zsetFromListpack(Listpack lp) throws RdbLoadException {
        int n = lp.size();
        if (n == 0) throw new EmptyKeyException(rio.offset());
        if ((n & 1) != 0) throw corrupt("zset listpack with an odd number of entries");
        HashSet<String> seen = new HashSet<>();
        double[] d = new double[1];
        for (int p = lp.first(); p >= 0; p = lp.next(lp.next(p))) {
            if (!seen.add(new String(lp.get(p), StandardCharsets.ISO_8859_1))) throw corrupt("Duplicate zset fields detected");
            int sp = lp.next(p);
            if (!lp.isInt(sp)) {
                byte[] s = lp.get(sp);
                if (!RedisNumbers.string2d(s, d) || Double.isNaN(d[0])) throw corrupt("invalid zset score");
            }
        }
        RedisObject o = new RedisObject(RedisObject.TYPE_ZSET, RedisObject.ENC_LISTPACK, lp);
        if (n / 2 > limits.zsetMaxListpackEntries()) ZsetObjects.convert(o, RedisObject.ENC_SKIPLIST);
        return o;
    }

    // ---------------------------------------------------------------- hashes

    /** RDB_TYPE_HASH: field/value pairs, a listpack while they fit, else a hash table. */
    @SuppressWarnings("unchecked")
    private RedisObject loadHash() throws IOException, RdbLoadException {
        long len = loadLen();
        if (len == 0) throw new EmptyKeyException(rio.offset());
        HashObjects.Limits hl = new HashObjects.Limits(limits.hashMaxListpackEntries(), limits.hashMaxListpackValue());
        RedisObject o = HashObjects.createHashObject();
        if (len > limits.hashMaxListpackEntries()) HashObjects.hashTypeConvert(o, RedisObject.ENC_HT);
        for (long i = 0; i < len; i++) {
            byte[] field = loadString();
            byte[] value = loadString();
            if (HashObjects.hashTypeExists(o, field)) throw corrupt("Duplicate hash fields detected");
            HashObjects.hashTypeSet(o, field, value, hl);
        }
        return o;
    }

    /**
     * HASH_LISTPACK / HASH_ZIPLIST / HASH_ZIPMAP: pairs, fields unique; converted to a hash table
     * if over hash-max-listpack-entries, and for a zipmap also if a string is over
     * hash-max-listpack-value (exactly the checks of Redis 7.0's rdbLoadObject).
     */
    private RedisObject hashFromListpack(Listpack lp, boolean checkValueLength) throws RdbLoadException {
        int n = lp.size();
        if (n == 0) throw new EmptyKeyException(rio.offset());
        if ((n & 1) != 0) throw corrupt("hash listpack with an odd number of entries");
        HashSet<String> seen = new HashSet<>();
        long maxlen = 0;
        for (int p = lp.first(); p >= 0; p = lp.next(p)) {
            byte[] e = lp.get(p);
            maxlen = Math.max(maxlen, e.length);
        }
        for (int p = lp.first(); p >= 0; p = lp.next(lp.next(p))) {
            if (!seen.add(new String(lp.get(p), StandardCharsets.ISO_8859_1))) throw corrupt("Duplicate hash fields detected");
        }
        RedisObject o = new RedisObject(RedisObject.TYPE_HASH, RedisObject.ENC_LISTPACK, lp);
        if (n / 2 > limits.hashMaxListpackEntries() || (checkValueLength && maxlen > limits.hashMaxListpackValue())) {
            HashObjects.hashTypeConvert(o, RedisObject.ENC_HT);
        }
        return o;
    }

    /**
     * A hash listpack under {@code sanitize-dump-payload no} (lpPairsValidateIntegrityAndDups with
     * deep=0): the header only, kept as it is unless it has more pairs than
     * hash-max-listpack-entries, when hashTypeConvert walks it (where Redis panics on a duplicate
     * field, "listpack with dup elements", Glassbox refuses the payload with that reason).
     */
    private RedisObject shallowHashListpack(byte[] blob) throws RdbLoadException {
        Listpack lp = Listpack.fromBytesShallow(blob);
        if (lp == null) throw corrupt("Hash listpack integrity check failed.");
        int n = lp.size();
        if (n == 0) throw new EmptyKeyException(rio.offset());
        RedisObject o = new RedisObject(RedisObject.TYPE_HASH, RedisObject.ENC_LISTPACK, lp);
        if (n / 2 > limits.hashMaxListpackEntries()) {
            HashSet<String> seen = new HashSet<>();
            for (int p = lp.first(); p >= 0; p = lp.next(lp.next(p))) {
                if (!seen.add(new String(lp.get(p), StandardCharsets.ISO_8859_1))) throw corrupt("listpack with dup elements");
            }
            HashObjects.hashTypeConvert(o, RedisObject.ENC_HT);
        }
        return o;
    }

    // ---------------------------------------------------------------- blobs

    /** Decodes a blob of one encoding into a value (the blob's own checks may throw). */
    @FunctionalInterface
    private interface BlobDecoder {
        RedisObject decode(byte[] blob) throws RdbLoadException;
    }

    /**
     * A blob whose integrity check failed (a bad header, an entry running past the end, duplicates
     * inside a ziplist or listpack) is reported with Redis's message for its encoding, the reason
     * rdbLoadObject gives rdbReportCorruptRDB ("Hash ziplist integrity check failed."): what a
     * RESTORE logs, and what Redis's corrupt-dump tests look for. An empty value stays an empty key.
     */
    private RedisObject checked(String redisReason, byte[] blob, BlobDecoder decoder) throws RdbLoadException {
        try {
            return decoder.decode(blob);
        } catch (EmptyKeyException e) {
            throw e;
        } catch (RdbLoadException | RuntimeException e) {
            throw corrupt(redisReason);
        }
    }

    private Listpack checkedListpack(String redisReason, byte[] blob) throws RdbLoadException {
        Listpack lp = deep ? Listpack.fromBytes(blob) : Listpack.fromBytesShallow(blob);
        if (lp == null) throw corrupt(redisReason);
        return lp;
    }

    private Listpack validListpack(byte[] blob) throws RdbLoadException {
        Listpack lp = Listpack.fromBytes(blob);
        if (lp == null) throw corrupt("invalid listpack");
        return lp;
    }

    private static Listpack listpackOf(List<byte[]> entries) {
        Listpack lp = new Listpack();
        for (byte[] e : entries) lp.append(e);
        return lp;
    }

    static boolean isEof(IOException e) { return e instanceof EOFException; }
}
