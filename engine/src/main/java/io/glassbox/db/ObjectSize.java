package io.glassbox.db;

import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictEntry;
import io.glassbox.ds.intset.Intset;
import io.glassbox.ds.listpack.Listpack;
import io.glassbox.ds.quicklist.Quicklist;
import io.glassbox.ds.rax.Rax;
import io.glassbox.ds.stream.Stream;
import io.glassbox.ds.stream.StreamCG;
import io.glassbox.ds.stream.StreamConsumer;

/**
 * What a value costs in the JVM's heap: Redis's {@code objectComputeSize} ({@code object.c}), with
 * the JVM's object layout where Redis has jemalloc's size classes.
 *
 * <p><b>The layout counted</b> (HotSpot, 64-bit, compressed class pointers and references, objects
 * aligned to 8 bytes; see docs/memory.md for the measurements): an object header is 12 bytes, a
 * reference 4, an array header 16; a {@code byte[]} of n bytes costs {@code align8(16 + n)}. So a
 * {@link RedisObject} is 32 bytes, a {@link DictEntry} 24, a skiplist node 64, a quicklist node 48,
 * a {@link Listpack} 24 plus its buffer (its allocated length, not only the used bytes).
 *
 * <p><b>Sampling.</b> As in Redis, a collection in a general encoding (hashtable, skiplist, a
 * quicklist of several nodes, a stream of several listpacks) is not walked whole: the first
 * {@code samples} elements are measured and their average multiplied by the count, so the cost is
 * bounded by {@code samples}, whatever the size of the value ({@code samples <= 0}: all of them). A
 * compact encoding (listpack, intset, a string) is one buffer and is measured exactly.
 *
 * <p>Static functions of the value: the {@link Keyspace}'s accounting ({@link RedisDb#account})
 * and MEMORY USAGE call them.
 */
public final class ObjectSize {
    private ObjectSize() {}

    /** OBJ_COMPUTE_SIZE_DEF_SAMPLES: MEMORY USAGE's default sample. */
    public static final int DEFAULT_SAMPLES = 5;

    /** Object header (mark word + compressed class pointer). */
    static final int HEADER = 12;
    /** A compressed reference. */
    static final int REF = 4;
    /** Array header: object header + length. */
    static final int ARRAY = 16;
    /** {@link RedisObject}: header, four bytes of flags, lru, the value reference, the accounted size (long). */
    public static final int ROBJ = 32;
    /** {@link DictEntry}: header, key, value, next. */
    public static final int DICT_ENTRY = 24;
    /** {@link Dict} with its two tables' arrays empty and its counters. */
    static final int DICT = 64;
    /** A skiplist node of height up to 3 (see SkipList.Node's comment). */
    static final int ZSL_NODE = 64;
    /** A quicklist node (prev, next, lp, plain, lzf, container, count, sz, two flags). */
    static final int QL_NODE = 48;
    /** {@link Listpack}: header, buffer reference, used. */
    static final int LISTPACK = 24;
    /** A boxed Long (the int encoding outside Java's own cache of -128..127). */
    static final int BOXED_LONG = 16;
    /** {@link Sds}: header, buffer reference, len. */
    static final int SDS = 24;
    /** A radix tree node: header, chars, children, two flags, value; with its small chars and children arrays. */
    static final int RAX_NODE = 32 + 24 + 24;

    /** Rounds up to the JVM's 8-byte object alignment. */
    static long align(long n) { return (n + 7) & ~7L; }

    /** A {@code byte[]} of {@code n} bytes. */
    public static long byteArray(long n) { return align(ARRAY + n); }

    /** An array of {@code n} references (a dict's bucket table). */
    static long refArray(long n) { return n == 0 ? 0 : align(ARRAY + REF * n); }

    /**
     * A key's own cost in its database: its {@code byte[]} and the main dict's entry (the bucket table
     * is the database's overhead, counted apart). MEMORY USAGE adds it to the value's, as Redis adds
     * {@code sdsZmallocSize(key) + sizeof(dictEntry)}.
     */
    public static long keyCost(byte[] key) {
        return byteArray(key.length) + DICT_ENTRY;
    }

    /** An entry of the expires dict: the entry and the boxed expire time (the key bytes are the main dict's). */
    public static final int EXPIRE_ENTRY = DICT_ENTRY + BOXED_LONG;

    /** A dict's bucket table: one reference per bucket of both tables (dictSlots * sizeof(dictEntry*)). */
    public static long table(Dict<?, ?> d) { return refArray(d.buckets()); }

    /** A key and its value: what the accounting charges for one key of the dataset. */
    public static long keyAndValue(byte[] key, RedisObject o, int samples) {
        return keyCost(key) + valueSize(o, samples);
    }

    /** objectComputeSize: the value's bytes, its robj included; collections sampled as the class comment says. */
    public static long valueSize(RedisObject o, int samples) {
        long limit = samples <= 0 ? Long.MAX_VALUE : samples;
        switch (o.type) {
            case RedisObject.TYPE_STRING:
                return ROBJ + stringPayload(o.value);
            case RedisObject.TYPE_LIST:
                return ROBJ + quicklist((Quicklist) o.value, limit);
            case RedisObject.TYPE_SET:
                if (o.value instanceof Intset is) return ROBJ + 32 + byteArray(is.blobLen());
                return ROBJ + dict(castDict(o.value), limit, false);
            case RedisObject.TYPE_ZSET:
                if (o.value instanceof Listpack lp) return ROBJ + listpack(lp);
                ZsetObjects.Zset z = (ZsetObjects.Zset) o.value;
                // the zset struct, its dict, and per member: entry + member bytes (shared by the dict
                // and the node) + the skiplist node
                return ROBJ + 16 + 48 + dictWithPerEntry(z.dict, limit, ZSL_NODE);
            case RedisObject.TYPE_HASH:
                if (o.value instanceof Listpack lp) return ROBJ + listpack(lp);
                return ROBJ + dict(castDict(o.value), limit, true);
            case RedisObject.TYPE_STREAM:
                return ROBJ + stream((Stream) o.value, limit);
            case RedisObject.TYPE_MODULE: { // moduleGetMemUsage: what the type's mem_usage says
                ModuleValue mv = (ModuleValue) o.value;
                return ROBJ + mv.type.memUsage(mv.value);
            }
            default:
                return ROBJ;
        }
    }

    @SuppressWarnings("unchecked")
    private static Dict<byte[], Object> castDict(Object v) { return (Dict<byte[], Object>) v; }

    /** A string's payload: a byte[], an Sds with its spare capacity, or a boxed long. */
    static long stringPayload(Object v) {
        if (v instanceof byte[] b) return byteArray(b.length);
        if (v instanceof Sds s) return SDS + byteArray(s.buf.length);
        if (v instanceof Long l) return l >= -128 && l <= 127 ? 0 : BOXED_LONG;
        return 0;
    }

    static long listpack(Listpack lp) { return LISTPACK + byteArray(lp.allocated()); }

    /** The quicklist: its header, then the first nodes' average times the node count. */
    static long quicklist(Quicklist ql, long limit) {
        long size = 48;
        int nodes = ql.nodeCount();
        if (nodes == 0) return size;
        long ele = 0, samples = 0;
        for (Quicklist.Node n = ql.head(); n != null && samples < limit; n = n.next()) {
            ele += QL_NODE + (n.isPlain() || n.isCompressed() ? byteArray(n.allocated()) : LISTPACK + byteArray(n.allocated()));
            samples++;
        }
        return size + Math.round((double) ele / samples * nodes);
    }

    /**
     * A hashtable set or hash: dict struct, bucket table, and per element entry + bytes, averaged
     * over a sample ({@link Dict#sample}: no iterator, no rehash step, cheap in the middle of a rehash,
     * which matters because the account measures a written key after every command).
     */
    static long dict(Dict<byte[], Object> d, long limit, boolean values) {
        long size = DICT + refArray(d.buckets());
        long n = d.size();
        if (n == 0) return size;
        long[] ele = new long[1];
        int samples = d.sample((int) Math.min(limit, Integer.MAX_VALUE), n, de -> {
            ele[0] += DICT_ENTRY + byteArray(de.getKey().length);
            if (values && de.getVal() instanceof byte[] v) ele[0] += byteArray(v.length);
        });
        return samples == 0 ? size : size + Math.round((double) ele[0] / samples * n);
    }

    /** A dict whose entries each own a fixed-size object besides the key (the zset's skiplist nodes). */
    static <V> long dictWithPerEntry(Dict<byte[], V> d, long limit, long perEntry) {
        long size = DICT + refArray(d.buckets());
        long n = d.size();
        if (n == 0) return size;
        long[] ele = new long[1];
        int samples = d.sample((int) Math.min(limit, Integer.MAX_VALUE), n,
                de -> ele[0] += DICT_ENTRY + byteArray(de.getKey().length) + perEntry);
        return samples == 0 ? size : size + Math.round((double) ele[0] / samples * n);
    }

    /**
     * A stream: its struct, the radix tree of node IDs (streamRadixTreeMemoryUsage: nodes times a fixed
     * cost), the listpacks (the first ones' average times their count), and each consumer group's
     * PEL, NACKs and consumers.
     */
    static long stream(Stream s, long limit) {
        long size = 64 + raxSize(s.rax);
        long lps = 0, samples = 0, count = s.rax.size();
        var it = s.rax.iterator();
        it.seek("^", null);
        while (samples < limit && it.next()) {
            lps += listpack(it.data());
            samples++;
        }
        if (samples > 0) size += count <= samples ? lps : Math.round((double) lps / samples * count);
        if (s.cgroups != null) {
            var gi = s.cgroups.iterator();
            gi.seek("^", null);
            while (gi.next()) {
                StreamCG cg = gi.data();
                size += 48 + raxSize(cg.pel) + 32L * cg.pel.size();
                var ci = cg.consumers.iterator();
                ci.seek("^", null);
                while (ci.next()) {
                    StreamConsumer consumer = ci.data();
                    size += 32 + byteArray(consumer.name.length) + raxSize(consumer.pel);
                }
            }
        }
        return size;
    }

    static long raxSize(Rax<?> rax) { return 32 + rax.numNodes() * RAX_NODE; }
}
