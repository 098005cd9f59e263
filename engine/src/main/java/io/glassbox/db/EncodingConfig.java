package io.glassbox.db;

import io.glassbox.config.ConfigApply;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.config.NumericConfig;
import io.glassbox.ds.quicklist.PackedThreshold;

/**
 * The settings that decide how one engine encodes its values: Redis's
 * {@code server.hash_max_listpack_entries}, {@code server.zset_max_listpack_value},
 * {@code server.list_max_listpack_size}, {@code server.set_max_intset_entries},
 * {@code server.hll_sparse_max_bytes}, {@code server.stream_node_max_*} and quicklist.c's
 * {@code packed_threshold}.
 *
 * <p><b>How a setting gets here.</b> The config registry is the source of truth (CONFIG GET, SET and
 * REWRITE work on it). {@link #from} looks the holders up by name once, when the engine is built,
 * reads their values into the plain fields below and registers {@link #apply} with the registry; CONFIG
 * SET of any of these names runs it once, after all new values are stored, as Redis's apply functions
 * run after {@code standardConfig} set {@code server.*}. A command reads a field:
 * {@code c.server().keyspace().encodings().hash} costs what Redis's {@code server.hash_max_listpack_entries}
 * costs, with no name look-up and no allocation. The pairs a conversion needs together
 * ({@link HashObjects.Limits}, {@link ZsetObjects.Limits}) are built once per change, not per command.
 *
 * <p>One per engine (its {@link Keyspace} owns it), so two engines in one JVM never share a threshold.
 * Written on the engine's command thread; volatile so that another thread (a loader, the visualizer)
 * sees a whole, current value.
 */
public final class EncodingConfig {
    /** hash-max-listpack-entries and hash-max-listpack-value. */
    public volatile HashObjects.Limits hash = HashObjects.Limits.DEFAULT;
    /** zset-max-listpack-entries and zset-max-listpack-value. */
    public volatile ZsetObjects.Limits zset = new ZsetObjects.Limits(128, 64);
    /** set-max-intset-entries. */
    public volatile long setMaxIntsetEntries = 512;
    /** list-max-listpack-size: a quicklist node's fill, fixed when a list is created. */
    public volatile int listFill = -2;
    /** list-compress-depth, fixed when a list is created. */
    public volatile int listCompressDepth = 0;
    /** hll-sparse-max-bytes. */
    public volatile long hllSparseMaxBytes = 3000;
    /** stream-node-max-bytes. */
    public volatile long streamNodeMaxBytes = 4096;
    /** stream-node-max-entries. */
    public volatile long streamNodeMaxEntries = 100;
    /** DEBUG QUICKLIST-PACKED-THRESHOLD: shared by every list of the engine, so it reaches existing lists too. */
    public final PackedThreshold packedThreshold = new PackedThreshold();

    /** Redis's defaults, for a keyspace built without a registry (unit tests, tools). */
    public EncodingConfig() {}

    /** The settings held by {@code registry}, kept current by CONFIG SET from now on. */
    public static EncodingConfig from(ConfigRegistry registry) {
        EncodingConfig e = new EncodingConfig();
        Holders h = new Holders(registry);
        h.copyInto(e);
        ConfigApply apply = () -> h.copyInto(e);
        for (String name : Holders.NAMES) registry.onChange(name, apply);
        return e;
    }

    /** A new empty list with this engine's node fill, compress depth and packed threshold (createQuicklistObject). */
    public RedisObject createList() {
        return ListObjects.createQuicklistObject(listFill, listCompressDepth, packedThreshold);
    }

    /** The registry's holders of these settings, looked up by name once. */
    private static final class Holders {
        static final String[] NAMES = {"hash-max-listpack-entries", "hash-max-listpack-value",
                "zset-max-listpack-entries", "zset-max-listpack-value", "set-max-intset-entries",
                "list-max-listpack-size", "list-compress-depth", "hll-sparse-max-bytes",
                "stream-node-max-bytes", "stream-node-max-entries"};

        final NumericConfig hashEntries, hashValue, zsetEntries, zsetValue, intsetEntries, listSize, listDepth,
                hllSparse, streamBytes, streamEntries;

        Holders(ConfigRegistry r) {
            hashEntries = r.numeric(NAMES[0]);
            hashValue = r.numeric(NAMES[1]);
            zsetEntries = r.numeric(NAMES[2]);
            zsetValue = r.numeric(NAMES[3]);
            intsetEntries = r.numeric(NAMES[4]);
            listSize = r.numeric(NAMES[5]);
            listDepth = r.numeric(NAMES[6]);
            hllSparse = r.numeric(NAMES[7]);
            streamBytes = r.numeric(NAMES[8]);
            streamEntries = r.numeric(NAMES[9]);
        }

        /** The apply function: new pairs only when a value of the pair changed. */
        void copyInto(EncodingConfig e) {
            if (e.hash.maxListpackEntries() != hashEntries.get() || e.hash.maxListpackValue() != hashValue.get()) {
                e.hash = new HashObjects.Limits(hashEntries.get(), hashValue.get());
            }
            if (e.zset.maxEntries() != zsetEntries.get() || e.zset.maxValue() != zsetValue.get()) {
                e.zset = new ZsetObjects.Limits(zsetEntries.get(), zsetValue.get());
            }
            e.setMaxIntsetEntries = intsetEntries.get();
            e.listFill = listSize.getInt();
            e.listCompressDepth = listDepth.getInt();
            e.hllSparseMaxBytes = hllSparse.get();
            e.streamNodeMaxBytes = streamBytes.get();
            e.streamNodeMaxEntries = streamEntries.get();
        }
    }
}
