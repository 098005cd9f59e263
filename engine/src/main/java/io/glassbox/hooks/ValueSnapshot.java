package io.glassbox.hooks;

import io.glassbox.db.RedisObject;
import io.glassbox.db.ZsetObjects;
import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictSnapshot;
import io.glassbox.ds.intset.Intset;
import io.glassbox.ds.listpack.Listpack;
import io.glassbox.ds.quicklist.Quicklist;
import io.glassbox.ds.skiplist.SkipListSnapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A read-only copy of one value's structure, with its bytes where the encoding has bytes: what
 * {@code OBJECT ENCODING} names, opened up. Taken on the command thread by
 * {@link Hooks#valueSnapshot}; O(size of the value), meant for teaching-sized values.
 *
 * <p>The compact encodings are byte arrays in Redis, and the point of showing them is the bytes:
 * a listpack entry is an encoding byte (which says "7-bit uint", "6-bit string", "13-bit int"...),
 * the data, and a backlen that lets the list be walked backwards; an intset is a header and an
 * array of fixed-width integers that all widen together.
 */
public sealed interface ValueSnapshot {

    /** The type name, as TYPE prints it. */
    String type();

    /** The encoding name, as OBJECT ENCODING prints it. */
    String encoding();

    /** A string value: its bytes (or the number of an "int"). */
    record StringView(String encoding, byte[] value) implements ValueSnapshot {
        public String type() { return "string"; }
    }

    /**
     * A listpack (a small hash, sorted set or a quicklist node): its total bytes and every entry
     * in order. Hash entries alternate field, value; sorted-set entries member, score.
     */
    record ListpackView(String type, int totalBytes, List<Entry> entries) implements ValueSnapshot {
        public String encoding() { return "listpack"; }

        /**
         * One entry at {@code offset}: {@code bytes} is the whole entry (encoding byte first, the
         * backlen last); {@code backlenBytes} how many bytes the backlen takes; {@code value} the
         * decoded string or number.
         */
        public record Entry(int offset, byte[] bytes, int backlenBytes, boolean isInt, String value) {
            public int encodingByte() { return bytes[0] & 0xff; }
            public int backlen() { return bytes.length - backlenBytes; }
        }
    }

    /** A set of integers: the width of every value (2, 4, 8 bytes), the values, and the whole blob. */
    record IntsetView(int width, long[] values, byte[] bytes) implements ValueSnapshot {
        public String type() { return "set"; }
        public String encoding() { return "intset"; }
    }

    /** A list: its quicklist nodes, head first, with the limits that shape them. */
    record QuicklistView(long count, int fill, int compressDepth, List<Node> nodes) implements ValueSnapshot {
        public String type() { return "list"; }
        public String encoding() { return "quicklist"; }

        /** One node: {@code count} entries in a listpack of {@code bytes}, or LZF-compressed to {@code compressedBytes}. */
        public record Node(int count, int bytes, boolean compressed, int compressedBytes, boolean plain,
                           ListpackView listpack) {}
    }

    /** A hash or a set stored in a dict: its table sizes and rehash state (keys not copied). */
    record HashtableView(String type, long size, DictSnapshot<?> dict) implements ValueSnapshot {
        public String encoding() { return "hashtable"; }
    }

    /** A big sorted set: the skiplist's towers, and the dict beside it that maps members to scores. */
    record SkipListView(SkipListSnapshot skiplist, DictSnapshot<?> dict) implements ValueSnapshot {
        public String type() { return "zset"; }
        public String encoding() { return "skiplist"; }
    }

    /** A type this view does not open (a stream). */
    record Opaque(String type, String encoding) implements ValueSnapshot {}

    // ---------------------------------------------------------------- taking one (command thread)

    /** Copies {@code o}'s structure. Command thread only. */
    static ValueSnapshot of(RedisObject o) {
        String type = typeName(o.type);
        switch (o.encoding) {
            case RedisObject.ENC_INT:
                return new StringView("int", String.valueOf(o.value).getBytes());
            case RedisObject.ENC_EMBSTR:
            case RedisObject.ENC_RAW:
                return new StringView(RedisObject.encodingName(o.encoding), io.glassbox.db.StringObjects.bytes(o).clone());
            case RedisObject.ENC_LISTPACK:
                return listpack(type, (Listpack) o.value);
            case RedisObject.ENC_INTSET: {
                Intset is = (Intset) o.value;
                long[] v = new long[is.length()];
                for (int i = 0; i < v.length; i++) v[i] = is.get(i);
                return new IntsetView(is.encoding(), v, is.toByteArray());
            }
            case RedisObject.ENC_QUICKLIST: {
                Quicklist q = (Quicklist) o.value;
                List<QuicklistView.Node> nodes = new ArrayList<>();
                for (Quicklist.Node n = q.head(); n != null; n = n.next()) {
                    ListpackView lp = n.isPlain() ? null : listpack("list", Listpack.fromBytes(n.rawBytes()));
                    nodes.add(new QuicklistView.Node(n.count(), n.sz(), n.isCompressed(), n.compressedSize(), n.isPlain(), lp));
                }
                return new QuicklistView(q.count(), q.fill(), q.compressDepth(), nodes);
            }
            case RedisObject.ENC_HT: {
                Dict<?, ?> d = (Dict<?, ?>) o.value;
                return new HashtableView(type, d.size(), d.snapshot());
            }
            case RedisObject.ENC_SKIPLIST: {
                ZsetObjects.Zset z = (ZsetObjects.Zset) o.value;
                return new SkipListView(z.zsl.snapshot(), z.dict.snapshot());
            }
            default:
                return new Opaque(type, RedisObject.encodingName(o.encoding));
        }
    }

    /** Walks a listpack entry by entry, keeping each entry's raw bytes. */
    static ListpackView listpack(String type, Listpack lp) {
        byte[] all = lp.toByteArray();
        List<ListpackView.Entry> entries = new ArrayList<>();
        for (int p = lp.first(); p != -1; ) {
            int next = lp.next(p);
            int end = next == -1 ? all.length - 1 : next; // the last entry ends at the EOF byte
            byte[] bytes = Arrays.copyOfRange(all, p, end);
            boolean isInt = lp.isInt(p);
            String value = isInt ? Long.toString(lp.getInt(p)) : new String(lp.get(p), java.nio.charset.StandardCharsets.UTF_8);
            entries.add(new ListpackView.Entry(p, bytes, backlenBytes(bytes), isInt, value));
            p = next;
        }
        return new ListpackView(type, all.length, entries);
    }

    /**
     * How many trailing bytes of an entry are its backlen (lpDecodeBacklen): the backlen is read
     * right to left, 7 bits per byte, and every byte but the leftmost has its high bit set.
     */
    private static int backlenBytes(byte[] entry) {
        int n = 1;
        while (n < entry.length && (entry[entry.length - n] & 0x80) != 0) n++;
        return n;
    }

    static String typeName(byte type) {
        return switch (type) {
            case RedisObject.TYPE_STRING -> "string";
            case RedisObject.TYPE_LIST -> "list";
            case RedisObject.TYPE_SET -> "set";
            case RedisObject.TYPE_ZSET -> "zset";
            case RedisObject.TYPE_HASH -> "hash";
            default -> "stream";
        };
    }
}
