package io.glassbox.course.lessons;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A small RDB reader for the lesson, written from the format (rdb.h's opcodes and types,
 * rdbLoadLen's length encoding), not from the engine's loader: it names each record of a file
 * with its offset and bytes, so the lesson shows the file as it is on disk. It decodes the header,
 * AUX, SELECTDB, RESIZEDB, EXPIRETIME(_MS), IDLE, FREQ, EOF and the checksum, and the value types
 * stored as one string (strings, and the listpack, ziplist and intset blobs); at anything else it
 * stops with a record that says so.
 */
final class RdbDecoder {
    /** One record: where it starts, how many bytes, what it is, and its fields as text. */
    record Record(int offset, int length, String kind, String key, String detail) {
        String hex(byte[] file, int max) {
            int n = Math.min(length, max);
            String h = HexFormat.ofDelimiter(" ").formatHex(file, offset, offset + n);
            return n < length ? h + " ..." : h;
        }
    }

    private final byte[] b;
    private int p;

    private RdbDecoder(byte[] b) { this.b = b; }

    static List<Record> decode(byte[] file) {
        return new RdbDecoder(file).all();
    }

    private List<Record> all() {
        List<Record> out = new ArrayList<>();
        if (b.length < 9 || !new String(b, 0, 5, StandardCharsets.US_ASCII).equals("REDIS")) {
            out.add(new Record(0, b.length, "NOT-RDB", null, "no REDIS magic"));
            return out;
        }
        out.add(new Record(0, 9, "HEADER", null, new String(b, 0, 9, StandardCharsets.US_ASCII)));
        p = 9;
        try {
            while (p < b.length) {
                int start = p;
                int op = b[p++] & 0xff;
                switch (op) {
                    case 0xFA -> {
                        String k = string(), v = string();
                        out.add(new Record(start, p - start, "AUX", k, v));
                    }
                    case 0xFE -> {
                        long db = len();
                        out.add(new Record(start, p - start, "SELECTDB", null, Long.toString(db)));
                    }
                    case 0xFB -> {
                        long a = len(), e = len();
                        out.add(new Record(start, p - start, "RESIZEDB", null, a + " " + e));
                    }
                    case 0xFC -> {
                        long ms = le(8);
                        out.add(new Record(start, p - start, "EXPIRETIME_MS", null, Long.toString(ms)));
                    }
                    case 0xFD -> {
                        long s = le(4);
                        out.add(new Record(start, p - start, "EXPIRETIME", null, Long.toString(s)));
                    }
                    case 0xF8 -> {
                        long idle = len();
                        out.add(new Record(start, p - start, "IDLE", null, Long.toString(idle)));
                    }
                    case 0xF9 -> {
                        int f = b[p++] & 0xff;
                        out.add(new Record(start, p - start, "FREQ", null, Integer.toString(f)));
                    }
                    case 0xFF -> {
                        out.add(new Record(start, 1, "EOF", null, ""));
                        if (p + 8 <= b.length) {
                            out.add(new Record(p, 8, "CRC64", null, String.format("%016x", le(8))));
                        }
                        return out;
                    }
                    default -> {
                        String type = type(op);
                        if (type == null) {
                            out.add(new Record(start, b.length - start, "TYPE-" + op, null, "not decoded by this lesson"));
                            return out;
                        }
                        String key = string();
                        String value;
                        if (op == 18) { // quicklist 2: nodes of (container, listpack blob)
                            long nodes = len();
                            for (long i = 0; i < nodes; i++) {
                                len();
                                string();
                            }
                            value = nodes + " node(s)";
                        } else {
                            int before = p;
                            value = string();
                            if (op != 0) value = (p - before) + " bytes";
                        }
                        out.add(new Record(start, p - start, type, key, value));
                    }
                }
            }
        } catch (RuntimeException e) {
            out.add(new Record(p, 0, "TRUNCATED", null, String.valueOf(e.getMessage())));
        }
        return out;
    }

    /** The value types this reader decodes (RDB_TYPE_*), or null. */
    static String type(int t) {
        return switch (t) {
            case 0 -> "STRING";
            case 9 -> "HASH_ZIPMAP";
            case 10 -> "LIST_ZIPLIST";
            case 11 -> "SET_INTSET";
            case 12 -> "ZSET_ZIPLIST";
            case 13 -> "HASH_ZIPLIST";
            case 16 -> "HASH_LISTPACK";
            case 17 -> "ZSET_LISTPACK";
            case 18 -> "LIST_QUICKLIST_2";
            default -> null;
        };
    }

    /** rdbLoadLen: 00xxxxxx 6 bits, 01xxxxxx + a byte 14 bits, 0x80 + 4 bytes, 0x81 + 8 bytes (big endian). */
    private long len() {
        int first = b[p++] & 0xff;
        return switch (first >> 6) {
            case 0 -> first & 0x3F;
            case 1 -> ((first & 0x3F) << 8) | (b[p++] & 0xff);
            case 2 -> first == 0x80 ? be(4) : be(8);
            default -> throw new IllegalStateException("an encoded length where a plain one was expected at " + (p - 1));
        };
    }

    /** rdbGenericLoadStringObject: a length and bytes, or 11xxxxxx: an int8/16/32 or an LZF-compressed string. */
    private String string() {
        int first = b[p] & 0xff;
        if (first >> 6 == 3) {
            p++;
            switch (first & 0x3F) {
                case 0: return Long.toString(b[p++]);
                case 1: return Long.toString((short) le(2));
                case 2: return Long.toString((int) le(4));
                case 3: {
                    long clen = len(), ulen = len();
                    p += (int) clen;
                    return "(LZF " + clen + " -> " + ulen + " bytes)";
                }
                default: throw new IllegalStateException("unknown string encoding " + (first & 0x3F));
            }
        }
        int n = (int) len();
        String s = new String(b, p, n, StandardCharsets.UTF_8);
        p += n;
        return s;
    }

    private long le(int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v |= (long) (b[p + i] & 0xff) << (8 * i);
        p += n;
        return v;
    }

    private long be(int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v = v << 8 | (b[p + i] & 0xff);
        p += n;
        return v;
    }
}
