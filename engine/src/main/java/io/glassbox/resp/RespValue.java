package io.glassbox.resp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One decoded RESP2/RESP3 reply, as a client sees it: the model of a frame for the REPL, the
 * tests and the command metadata that Glassbox reads from Redis's own COMMAND output.
 * (The server side never builds these: requests are just argument lists, replies are written as
 * bytes directly.)
 */
public sealed interface RespValue {
    record SimpleString(String value) implements RespValue {}
    record Error(String message) implements RespValue {}
    record Int(long value) implements RespValue {}
    record Bulk(byte[] value) implements RespValue {
        public String text() { return new String(value, StandardCharsets.UTF_8); }
    }
    record Verbatim(String format, byte[] value) implements RespValue {}
    record Double(String text) implements RespValue {}
    record BigNumber(String digits) implements RespValue {}
    record Bool(boolean value) implements RespValue {}
    record Null() implements RespValue {}
    /** An array ({@code *}), a set ({@code ~}) or a push ({@code >}); {@code null} for RESP2's {@code *-1}. */
    record Array(char kind, List<RespValue> items) implements RespValue {}
    /** A map ({@code %}) or an attribute ({@code |}), as alternating keys and values. */
    record Map(char kind, List<RespValue> entries) implements RespValue {}

    /** The value as text when it is a string-like reply, else null. */
    default String asText() {
        if (this instanceof Bulk b) return b.text();
        if (this instanceof SimpleString s) return s.value();
        if (this instanceof Verbatim v) return new String(v.value(), StandardCharsets.UTF_8);
        if (this instanceof Int i) return Long.toString(i.value());
        if (this instanceof Double d) return d.text();
        return null;
    }
}
