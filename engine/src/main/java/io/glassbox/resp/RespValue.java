package io.glassbox.resp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One decoded RESP2/RESP3 reply, as a client sees it: the model of a frame for the REPL, the
 * tests, an embedding application ({@code Glassbox.call}) and the command metadata that Glassbox
 * reads from Redis's own COMMAND output. (The server side never builds these: requests are just
 * argument lists, replies are written as bytes directly.)
 *
 * <p>Printed, a value says its type and shows strings as redis-cli does ({@code sdscatrepr}: double
 * quotes, {@code \n}, {@code \x00} for bytes that are not printable ASCII): {@code Bulk "hello"},
 * {@code Int 42}, {@code Error "ERR unknown command"}, {@code Array [Bulk "a", Int 1]},
 * {@code Map {Bulk "k" => Int 1}}, {@code Null}. Bulk strings compare by content.
 *
 * <p>The typed accessors ({@link #asText}, {@link #asLong}, {@link #asList}, {@link #asMap}...)
 * convert where redis-cli's reader would see the same value (an integer sent as a bulk string is
 * still a number) and otherwise throw {@link IllegalStateException} naming the value, so that an
 * error reply read as a number fails with Redis's message in it.
 */
public sealed interface RespValue {
    /** A simple string ({@code +OK}). */
    record SimpleString(String value) implements RespValue {
        @Override public String toString() { return "Simple " + SplitArgs.repr(value.getBytes(StandardCharsets.UTF_8)); }
    }

    /** An error reply ({@code -ERR ...}, or RESP3's blob error). */
    record Error(String message) implements RespValue {
        @Override public String toString() { return "Error " + SplitArgs.repr(message.getBytes(StandardCharsets.UTF_8)); }
    }

    record Int(long value) implements RespValue {
        @Override public String toString() { return "Int " + value; }
    }

    /** A bulk string ({@code $5 hello}): bytes, compared by content. */
    record Bulk(byte[] value) implements RespValue {
        public String text() { return new String(value, StandardCharsets.UTF_8); }
        @Override public boolean equals(Object o) { return o instanceof Bulk b && Arrays.equals(value, b.value); }
        @Override public int hashCode() { return Arrays.hashCode(value); }
        @Override public String toString() { return "Bulk " + SplitArgs.repr(value); }
    }

    /** RESP3's verbatim string ({@code =15 txt:...}): a format ({@code txt}, {@code mkd}) and bytes. */
    record Verbatim(String format, byte[] value) implements RespValue {
        @Override public boolean equals(Object o) { return o instanceof Verbatim v && format.equals(v.format) && Arrays.equals(value, v.value); }
        @Override public int hashCode() { return format.hashCode() * 31 + Arrays.hashCode(value); }
        @Override public String toString() { return "Verbatim " + format + " " + SplitArgs.repr(value); }
    }

    /** RESP3's double ({@code ,3.14}), kept as the server wrote it ({@code inf}, {@code -inf}, {@code nan}). */
    record Double(String text) implements RespValue {
        @Override public String toString() { return "Double " + text; }
    }

    record BigNumber(String digits) implements RespValue {
        @Override public String toString() { return "BigNumber " + digits; }
    }

    record Bool(boolean value) implements RespValue {
        @Override public String toString() { return "Bool " + value; }
    }

    /** RESP2's null bulk string or array ({@code $-1}, {@code *-1}), RESP3's null ({@code _}). */
    record Null() implements RespValue {
        @Override public String toString() { return "Null"; }
    }

    /** An array ({@code *}), a set ({@code ~}) or a push ({@code >}); {@code null} for RESP2's {@code *-1}. */
    record Array(char kind, List<RespValue> items) implements RespValue {
        @Override public String toString() {
            String name = kind == '~' ? "Set" : kind == '>' ? "Push" : "Array";
            return items == null ? name + " null" : name + " " + items;
        }
    }

    /** A map ({@code %}) or an attribute ({@code |}), as alternating keys and values. */
    record Map(char kind, List<RespValue> entries) implements RespValue {
        @Override public String toString() {
            StringBuilder sb = new StringBuilder(kind == '|' ? "Attribute {" : "Map {");
            for (int i = 0; i + 1 < entries.size(); i += 2) {
                if (i > 0) sb.append(", ");
                sb.append(entries.get(i)).append(" => ").append(entries.get(i + 1));
            }
            return sb.append('}').toString();
        }
    }

    /** The value as text when it is a string-like reply (or a number), else null. */
    default String asText() {
        if (this instanceof Bulk b) return b.text();
        if (this instanceof SimpleString s) return s.value();
        if (this instanceof Verbatim v) return new String(v.value(), StandardCharsets.UTF_8);
        if (this instanceof Int i) return Long.toString(i.value());
        if (this instanceof Double d) return d.text();
        if (this instanceof BigNumber n) return n.digits();
        return null;
    }

    /** The bytes of a bulk or verbatim string (a simple string's in UTF-8), else null. */
    default byte[] asBytes() {
        if (this instanceof Bulk b) return b.value();
        if (this instanceof Verbatim v) return v.value();
        if (this instanceof SimpleString s) return s.value().getBytes(StandardCharsets.UTF_8);
        return null;
    }

    /** An integer reply, or a string that holds a whole number (GET of a counter). */
    default long asLong() {
        if (this instanceof Int i) return i.value();
        String t = asText();
        if (t != null && !(this instanceof Double)) {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException ignored) {
                // not a number: fall through to the error naming the value
            }
        }
        throw notA("an integer");
    }

    /** A double reply, an integer, or a string that holds a number (ZSCORE in RESP2); {@code inf} as infinity. */
    default double asDouble() {
        if (this instanceof Int i) return i.value();
        String t = asText();
        if (t != null) {
            switch (t) {
                case "inf", "+inf": return java.lang.Double.POSITIVE_INFINITY;
                case "-inf": return java.lang.Double.NEGATIVE_INFINITY;
                case "nan": return java.lang.Double.NaN;
                default:
                    try {
                        return java.lang.Double.parseDouble(t);
                    } catch (NumberFormatException ignored) {
                        // fall through
                    }
            }
        }
        throw notA("a number");
    }

    /** RESP3's boolean, or RESP2's integer 1/0 (EXPIRE, SISMEMBER). */
    default boolean asBoolean() {
        if (this instanceof Bool b) return b.value();
        if (this instanceof Int i && (i.value() == 0 || i.value() == 1)) return i.value() == 1;
        throw notA("a boolean");
    }

    /** The elements of an array, set or push; null for a null reply. */
    default List<RespValue> asList() {
        if (this instanceof Array a) return a.items();
        if (this instanceof Null) return null;
        throw notA("an array");
    }

    /** The elements as text (LRANGE, KEYS); a null element stays null. */
    default List<String> asStringList() {
        List<RespValue> items = asList();
        if (items == null) return null;
        List<String> out = new ArrayList<>(items.size());
        for (RespValue v : items) out.add(v.asText());
        return Collections.unmodifiableList(out);
    }

    /**
     * A map reply (RESP3), or a RESP2 array of alternating fields and values (HGETALL, CONFIG GET),
     * keyed by the fields' text, in the server's order.
     */
    default java.util.Map<String, RespValue> asMap() {
        List<RespValue> flat;
        if (this instanceof Map m) flat = m.entries();
        else if (this instanceof Array a && a.items() != null && a.items().size() % 2 == 0) flat = a.items();
        else throw notA("a map");
        java.util.Map<String, RespValue> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) out.put(flat.get(i).asText(), flat.get(i + 1));
        return Collections.unmodifiableMap(out);
    }

    /** A null reply: RESP2's {@code $-1} or {@code *-1}, RESP3's {@code _}. */
    default boolean isNull() {
        return this instanceof Null || this instanceof Array a && a.items() == null;
    }

    default boolean isError() { return this instanceof Error; }

    /** The error's text ({@code ERR ...}, {@code WRONGTYPE ...}), or null when this is not an error. */
    default String errorMessage() { return this instanceof Error e ? e.message() : null; }

    private IllegalStateException notA(String what) {
        return new IllegalStateException("the reply is not " + what + ": " + this);
    }
}
