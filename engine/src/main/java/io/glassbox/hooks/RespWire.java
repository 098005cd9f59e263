package io.glassbox.hooks;

import io.glassbox.ds.dict.DictSnapshot;
import io.glassbox.ds.skiplist.SkipListSnapshot;
import io.glassbox.resp.ReplyBuffer;
import io.glassbox.resp.RespValue;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The RESP form of hook events and snapshots: what a remote visualizer reads from the GLASSBOX.*
 * commands (docs/remote-attach.md). Both directions live here, so the server's writer and the
 * visualizer's reader cannot drift apart.
 *
 * <p><b>Events.</b> Every {@link EngineEvent} is a record, and its wire form is derived from the
 * record, not written per kind: a push ({@code >} in RESP3, an array in RESP2, as pub/sub messages)
 * of {@code "event"}, the kind (the record's simple name, e.g. {@code "DictRehashStep"}), then each
 * record component in declaration order (so {@code tick} and {@code nanoTime} always come first).
 * A component is written by its Java type:
 * {@code long}/{@code int} as an integer, {@code boolean} as 0/1, {@code double} as a bulk string
 * of its shortest decimal text ({@code Double.toString}), {@code String} and {@code byte[]} as bulk
 * strings (null as a null), an enum by its name, {@code byte[][]} as an array of bulk strings
 * (null elements as nulls) and {@code long[]} as an array of integers. A new kind of event therefore
 * travels without touching this file. {@code nanoTime} values are the server's clock: only their
 * differences mean something on the other machine.
 *
 * <p><b>Snapshots.</b> A dict is {@code [table0, table1, rehashidx, pauserehash]}, a table
 * {@code [size, used, chains, keys]}: {@code chains} is one byte per bucket (its chain length,
 * capped at 255: a million-bucket table costs a megabyte, not eight), {@code keys} is null or an
 * array per bucket of the keys in chain order. A skiplist is {@code [level, length, headerSpans,
 * nodes]} with each node {@code [member, score, spans]}.
 */
public final class RespWire {
    private RespWire() {}

    public static final String EVENT = "event";
    public static final String DROPPED = "dropped";

    private static final Map<String, Class<?>> KINDS = new HashMap<>();
    static {
        for (Class<?> k : EngineEvent.class.getPermittedSubclasses()) KINDS.put(k.getSimpleName().toLowerCase(Locale.ROOT), k);
    }

    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            RecordComponent[] rc = type.getRecordComponents();
            for (RecordComponent r : rc) r.getAccessor().setAccessible(true);
            return rc;
        }
    };

    private static final ClassValue<Constructor<?>> CONSTRUCTORS = new ClassValue<>() {
        @Override
        protected Constructor<?> computeValue(Class<?> type) {
            RecordComponent[] rc = COMPONENTS.get(type);
            Class<?>[] types = new Class<?>[rc.length];
            for (int i = 0; i < rc.length; i++) types[i] = rc[i].getType();
            try {
                return type.getDeclaredConstructor(types);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("a record always has its canonical constructor", e);
            }
        }
    };

    /** The event kind named {@code name} (any case), e.g. "LoopTick"; null if there is none. */
    public static Class<?> kind(String name) {
        return KINDS.get(name.toLowerCase(Locale.ROOT));
    }

    /** Every kind's name, for error messages and docs. */
    public static List<String> kindNames() {
        List<String> out = new ArrayList<>();
        for (Class<?> k : EngineEvent.class.getPermittedSubclasses()) out.add(k.getSimpleName());
        return out;
    }

    // ---------------------------------------------------------------- events

    /** Appends the push frame of one event. */
    public static void writeEvent(ReplyBuffer out, EngineEvent e) {
        RecordComponent[] rc = COMPONENTS.get(e.getClass());
        out.addPushLen(2 + rc.length);
        out.addBulk(EVENT);
        out.addBulk(e.getClass().getSimpleName());
        for (RecordComponent r : rc) {
            Object v;
            try {
                v = r.getAccessor().invoke(e);
            } catch (ReflectiveOperationException ex) {
                throw new IllegalStateException(ex);
            }
            writeValue(out, v);
        }
    }

    /** Appends the push frame saying {@code total} events were dropped for this stream so far. */
    public static void writeDropped(ReplyBuffer out, long total) {
        out.addPushLen(2);
        out.addBulk(DROPPED);
        out.addLong(total);
    }

    private static void writeValue(ReplyBuffer out, Object v) {
        if (v == null) out.addNull();
        else if (v instanceof Long l) out.addLong(l);
        else if (v instanceof Integer i) out.addLong(i);
        else if (v instanceof Boolean b) out.addLong(b ? 1 : 0);
        else if (v instanceof Double d) out.addBulk(Double.toString(d));
        else if (v instanceof String s) out.addBulk(s);
        else if (v instanceof byte[] b) out.addBulk(b);
        else if (v instanceof Enum<?> en) out.addBulk(en.name());
        else if (v instanceof byte[][] a) {
            out.addArrayLen(a.length);
            for (byte[] b : a) {
                if (b == null) out.addNull();
                else out.addBulk(b);
            }
        } else if (v instanceof long[] a) {
            out.addArrayLen(a.length);
            for (long l : a) out.addLong(l);
        } else {
            throw new IllegalArgumentException("no wire form for " + v.getClass());
        }
    }

    /**
     * Reads an event frame back into its record; null if the frame is not an event of a kind this
     * side knows (a newer server's), so a reader can skip it.
     */
    public static EngineEvent readEvent(List<RespValue> frame) {
        if (frame.size() < 2 || !EVENT.equals(frame.get(0).asText())) return null;
        Class<?> type = kind(frame.get(1).asText());
        if (type == null) return null;
        RecordComponent[] rc = COMPONENTS.get(type);
        if (frame.size() != 2 + rc.length) throw new IllegalArgumentException("event " + type.getSimpleName() + ": "
                + (frame.size() - 2) + " fields, expected " + rc.length);
        Object[] args = new Object[rc.length];
        for (int i = 0; i < rc.length; i++) args[i] = readValue(rc[i].getType(), frame.get(2 + i));
        try {
            return (EngineEvent) CONSTRUCTORS.get(type).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("event " + type.getSimpleName() + ": " + e, e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object readValue(Class<?> t, RespValue v) {
        boolean nil = v instanceof RespValue.Null;
        if (t == long.class) return integer(v);
        if (t == int.class) return (int) integer(v);
        if (t == boolean.class) return integer(v) != 0;
        if (t == double.class) return Double.parseDouble(v.asText());
        if (nil) return null;
        if (t == String.class) return v.asText();
        if (t == byte[].class) return bytes(v);
        if (t.isEnum()) return Enum.valueOf((Class<Enum>) t, v.asText());
        if (t == byte[][].class) {
            List<RespValue> items = items(v);
            byte[][] a = new byte[items.size()][];
            for (int i = 0; i < a.length; i++) a[i] = items.get(i) instanceof RespValue.Null ? null : bytes(items.get(i));
            return a;
        }
        if (t == long[].class) {
            List<RespValue> items = items(v);
            long[] a = new long[items.size()];
            for (int i = 0; i < a.length; i++) a[i] = integer(items.get(i));
            return a;
        }
        throw new IllegalArgumentException("no wire form for " + t);
    }

    // ---------------------------------------------------------------- snapshots

    /** Appends a dict snapshot (keys included if the snapshot has them). */
    public static void writeDict(ReplyBuffer out, DictSnapshot<byte[]> d) {
        out.addArrayLen(4);
        writeTable(out, d.ht0());
        writeTable(out, d.ht1());
        out.addLong(d.rehashIdx());
        out.addLong(d.pauseRehash());
    }

    private static void writeTable(ReplyBuffer out, DictSnapshot.Table<byte[]> t) {
        out.addArrayLen(4);
        out.addLong(t.size());
        out.addLong(t.used());
        byte[] chains = new byte[t.size()];
        for (int i = 0; i < chains.length; i++) chains[i] = (byte) Math.min(255, t.chainLength(i));
        out.addBulk(chains);
        if (t.bucketKeys() == null) {
            out.addNull();
            return;
        }
        out.addArrayLen(t.bucketKeys().size());
        for (List<byte[]> bucket : t.bucketKeys()) {
            out.addArrayLen(bucket.size());
            for (byte[] k : bucket) out.addBulk(k);
        }
    }

    /** Reads a dict snapshot written by {@link #writeDict}; null for a null reply. */
    public static DictSnapshot<byte[]> readDict(RespValue v) {
        if (v instanceof RespValue.Null) return null;
        List<RespValue> f = items(v);
        return new DictSnapshot<>(readTable(f.get(0)), readTable(f.get(1)), (int) integer(f.get(2)), (int) integer(f.get(3)));
    }

    private static DictSnapshot.Table<byte[]> readTable(RespValue v) {
        List<RespValue> f = items(v);
        byte[] chains = bytes(f.get(2));
        int[] lengths = new int[chains.length];
        for (int i = 0; i < lengths.length; i++) lengths[i] = chains[i] & 0xff;
        List<List<byte[]>> keys = null;
        if (!(f.get(3) instanceof RespValue.Null)) {
            List<RespValue> buckets = items(f.get(3));
            keys = new ArrayList<>(buckets.size());
            for (RespValue b : buckets) {
                List<byte[]> chain = new ArrayList<>();
                for (RespValue k : items(b)) chain.add(bytes(k));
                keys.add(Collections.unmodifiableList(chain));
            }
            keys = Collections.unmodifiableList(keys);
        }
        return new DictSnapshot.Table<>((int) integer(f.get(0)), integer(f.get(1)), lengths, keys);
    }

    /** Appends a skiplist snapshot. */
    public static void writeSkipList(ReplyBuffer out, SkipListSnapshot z) {
        out.addArrayLen(4);
        out.addLong(z.level());
        out.addLong(z.length());
        writeValue(out, z.headerSpans());
        out.addArrayLen(z.nodes().size());
        for (SkipListSnapshot.NodeView n : z.nodes()) {
            out.addArrayLen(3);
            out.addBulk(n.member());
            out.addBulk(Double.toString(n.score()));
            writeValue(out, n.spans());
        }
    }

    /** Reads a skiplist snapshot written by {@link #writeSkipList}; null for a null reply. */
    public static SkipListSnapshot readSkipList(RespValue v) {
        if (v instanceof RespValue.Null) return null;
        List<RespValue> f = items(v);
        List<RespValue> nodes = items(f.get(3));
        List<SkipListSnapshot.NodeView> out = new ArrayList<>(nodes.size());
        for (RespValue n : nodes) {
            List<RespValue> nf = items(n);
            out.add(new SkipListSnapshot.NodeView(bytes(nf.get(0)), Double.parseDouble(nf.get(1).asText()),
                    (long[]) readValue(long[].class, nf.get(2))));
        }
        return new SkipListSnapshot((int) integer(f.get(0)), integer(f.get(1)), (long[]) readValue(long[].class, f.get(2)),
                Collections.unmodifiableList(out));
    }

    /**
     * Appends a watched key's picture (GLASSBOX.SNAPSHOT KEY): {@code [type, encoding, dict, skiplist]},
     * the last two null when the value has none; {@code ["none", "none", null, null]} for a missing key.
     */
    public static void writeKey(ReplyBuffer out, KeySnapshot k) {
        out.addArrayLen(4);
        out.addBulk(k.type());
        out.addBulk(k.encoding());
        if (k.dict() == null) out.addNull();
        else writeDict(out, k.dict());
        if (k.skiplist() == null) out.addNull();
        else writeSkipList(out, k.skiplist());
    }

    /** Reads a key's picture written by {@link #writeKey} (its copy time is not sent: 0). */
    public static KeySnapshot readKey(RespValue v) {
        List<RespValue> f = items(v);
        return new KeySnapshot(f.get(0).asText(), f.get(1).asText(), readDict(f.get(2)), readSkipList(f.get(3)), 0);
    }

    // ---------------------------------------------------------------- reading helpers

    /** The items of an array, set or push reply. */
    public static List<RespValue> items(RespValue v) {
        if (v instanceof RespValue.Array a && a.items() != null) return a.items();
        throw new IllegalArgumentException("expected an array, got " + v);
    }

    public static long integer(RespValue v) {
        if (v instanceof RespValue.Int i) return i.value();
        throw new IllegalArgumentException("expected an integer, got " + v);
    }

    public static byte[] bytes(RespValue v) {
        if (v instanceof RespValue.Bulk b) return b.value();
        if (v instanceof RespValue.SimpleString s) return s.value().getBytes(StandardCharsets.UTF_8);
        throw new IllegalArgumentException("expected a string, got " + v);
    }
}
