package io.glassbox.hooks;

import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.db.ValueListener;
import io.glassbox.db.ZsetObjects;
import io.glassbox.ds.intset.Intset;
import io.glassbox.ds.intset.IntsetListener;
import io.glassbox.ds.quicklist.Quicklist;
import io.glassbox.ds.quicklist.QuicklistListener;
import io.glassbox.ds.skiplist.SkipList;
import io.glassbox.ds.skiplist.SkipListListener;

import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * Per-value events: how a skiplist, a quicklist or an intset learns which key it is. The values
 * reached by the command in progress ({@link ValueListener}) each get their structure's listener
 * ({@link StructureEvents}: this engine, the database, the key), and their encoding is remembered,
 * so that when the command finishes a changed encoding becomes an {@link EngineEvent.EncodingConverted}
 * with the key. Installed on the keyspace only while somebody subscribes ({@link EventAdapters#attach}).
 */
final class ValueEvents implements ValueListener {
    /*
     * Most commands reach one or two values (GET one; SET the old value and the new one; HSET...):
     * the first INLINE are kept in arrays, and only the others go to the map. This runs for every
     * command while anybody subscribes, so the common case allocates nothing: no record, and no
     * copy of the key, which is only read before the command returns (commandDone) and is copied
     * by the event that reports it. Hashing into an IdentityHashMap and clearing it per command
     * (every SET reaches two values) cost a subscriber more than everything else per command
     * (HooksOverheadBenchmark, docs/hooks.md).
     */
    private static final int INLINE = 4;
    private final Subscriptions events;
    private final RedisObject[] values = new RedisObject[INLINE];
    private final RedisDb[] dbs = new RedisDb[INLINE];
    private final byte[][] keys = new byte[INLINE][];
    private final byte[] encodings = new byte[INLINE];
    private int count;
    private final IdentityHashMap<RedisObject, Reached> reached = new IdentityHashMap<>();

    private record Reached(RedisDb db, byte[] key, RedisObject value, byte encoding) {}

    ValueEvents(Subscriptions events) {
        this.events = events;
    }

    @Override
    public void valueReached(RedisDb db, byte[] key, RedisObject value) {
        if (!events.active()) return;
        for (int i = 0; i < count; i++) if (values[i] == value) return;
        if (count < INLINE) {
            values[count] = value;
            dbs[count] = db;
            keys[count] = key;
            encodings[count] = value.encoding;
            count++;
        } else {
            if (reached.containsKey(value)) return;
            reached.put(value, new Reached(db, key.clone(), value, value.encoding));
        }
        attach(db.id, key, value);
    }

    /** The command finished: report conversions, then forget what it reached. */
    void commandDone() {
        int n = count;
        if (n == 0) return;
        for (int i = 0; i < n; i++) {
            RedisObject v = values[i];
            if (v.encoding != encodings[i]) converted(dbs[i], keys[i], v, encodings[i]);
            values[i] = null;
            dbs[i] = null;
            keys[i] = null;
        }
        count = 0;
        if (reached.isEmpty()) return;
        for (Reached r : reached.values()) {
            if (r.value.encoding != r.encoding) converted(r.db, r.key, r.value, r.encoding);
        }
        reached.clear();
    }

    private void converted(RedisDb db, byte[] key, RedisObject value, byte was) {
        events.publish(new EngineEvent.EncodingConverted(events.tick(), System.nanoTime(), db.id, key,
                RedisObject.encodingName(was), RedisObject.encodingName(value.encoding)));
        attach(db.id, key, value);
    }

    /** Gives the value's structure a listener that knows its key, unless it already has one. */
    private void attach(int db, byte[] key, RedisObject o) {
        switch (o.encoding) {
            case RedisObject.ENC_SKIPLIST -> {
                SkipList zsl = ((ZsetObjects.Zset) o.value).zsl;
                if (!isOurs(zsl.listener(), db, key)) zsl.setListener(new StructureEvents(db, key));
            }
            case RedisObject.ENC_QUICKLIST -> {
                Quicklist q = (Quicklist) o.value;
                if (!isOurs(q.listener(), db, key)) q.setListener(new StructureEvents(db, key));
            }
            case RedisObject.ENC_INTSET -> {
                Intset is = (Intset) o.value;
                if (!isOurs(is.listener(), db, key)) is.setListener(new StructureEvents(db, key));
            }
            default -> { }
        }
    }

    private boolean isOurs(Object listener, int db, byte[] key) {
        return listener instanceof StructureEvents se && se.owner() == this && se.db == db && Arrays.equals(se.key, key);
    }

    /**
     * The listener of one value's structure: knows the engine (these value events), the database
     * and the key. It stays attached after the last subscriber leaves and then costs one volatile
     * read per structural change (not per command); RENAME or MOVE re-attach it with the new key
     * on the next touch.
     */
    private final class StructureEvents implements SkipListListener, QuicklistListener, IntsetListener {
        final int db;
        final byte[] key;

        StructureEvents(int db, byte[] key) {
            this.db = db;
            this.key = key.clone();
        }

        ValueEvents owner() { return ValueEvents.this; }

        @Override
        public void onInsert(byte[] member, double score, int level, byte[][] updateMembers, long[] updateRanks) {
            if (events.active()) {
                events.publish(new EngineEvent.SkipListInsert(events.tick(), System.nanoTime(), db, key, member, score, level,
                        updateMembers, updateRanks));
            }
        }

        @Override
        public void onDelete(byte[] member, double score) {
            if (events.active()) events.publish(new EngineEvent.SkipListDelete(events.tick(), System.nanoTime(), db, key, member, score));
        }

        @Override
        public void onNodeSplit(Quicklist.Node node, Quicklist.Node created) {
            quicklist(EngineEvent.QuicklistNodeChanged.Kind.SPLIT, node.count(), created.count(), node.sz(), created.sz());
        }

        @Override
        public void onNodeMerge(Quicklist.Node kept, Quicklist.Node removed) {
            quicklist(EngineEvent.QuicklistNodeChanged.Kind.MERGE, kept.count(), removed.count(), kept.sz(), removed.sz());
        }

        @Override
        public void onNodeCompressed(Quicklist.Node node, int rawBytes, int compressedBytes) {
            quicklist(EngineEvent.QuicklistNodeChanged.Kind.COMPRESS, node.count(), 0, rawBytes, compressedBytes);
        }

        @Override
        public void onNodeDecompressed(Quicklist.Node node, boolean forUse) {
            quicklist(EngineEvent.QuicklistNodeChanged.Kind.DECOMPRESS, node.count(), 0, node.sz(), 0);
        }

        private void quicklist(EngineEvent.QuicklistNodeChanged.Kind kind, int count, int other, int bytes, int otherBytes) {
            if (events.active()) {
                events.publish(new EngineEvent.QuicklistNodeChanged(events.tick(), System.nanoTime(), db, key, kind, count, other,
                        bytes, otherBytes));
            }
        }

        @Override
        public void onUpgrade(int oldEncoding, int newEncoding, long value, int length) {
            if (events.active()) {
                events.publish(new EngineEvent.IntsetUpgraded(events.tick(), System.nanoTime(), db, key, oldEncoding, newEncoding,
                        value, length));
            }
        }
    }
}
