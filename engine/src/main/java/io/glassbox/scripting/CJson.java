package io.glassbox.scripting;

import io.glassbox.util.RedisNumbers;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;

import java.io.ByteArrayOutputStream;

/**
 * The {@code cjson} library scripts use to build and read JSON (Redis bundles Mark Pulford's
 * lua-cjson 2.1). Written again here for luaj with the same defaults Redis runs with:
 * numbers encode with 14 significant digits ("%.14g"), "/" is escaped as "\/", a table whose keys
 * are 1..n is an array, an empty table is an object {@code {}}, an array with more holes than
 * half its length (and longer than 10) is refused as "excessively sparse", NaN and infinities are
 * refused, and JSON null decodes to the sentinel {@code cjson.null}.
 *
 * <p>One difference scripts can see: the order of an object's keys follows luaj's table
 * iteration, which is not Lua 5.1's.
 */
final class CJson {
    private CJson() {}

    static final LuaUserdata NULL = new LuaUserdata(new Object());
    private static final int MAX_DEPTH = 1000;

    /**
     * The settings lua-cjson keeps per Lua state and scripts may change (cjson.encode_max_depth and
     * friends); each sandbox has its own.
     */
    static final class Config {
        int encodeMaxDepth = MAX_DEPTH, decodeMaxDepth = MAX_DEPTH;
        boolean encodeInvalidNumbers, decodeInvalidNumbers = true, encodeKeepBuffer = true;
        int encodeNumberPrecision = 14;
    }

    static LuaTable library() {
        LuaTable t = new LuaTable();
        Config cfg = new Config();
        // Setters that return the (new) value; called without an argument they only return it.
        t.set("encode_max_depth", new OneArgFunction() {
            @Override public LuaValue call(LuaValue v) {
                if (!v.isnil()) cfg.encodeMaxDepth = checkDepth(v);
                return LuaValue.valueOf(cfg.encodeMaxDepth);
            }
        });
        t.set("decode_max_depth", new OneArgFunction() {
            @Override public LuaValue call(LuaValue v) {
                if (!v.isnil()) cfg.decodeMaxDepth = checkDepth(v);
                return LuaValue.valueOf(cfg.decodeMaxDepth);
            }
        });
        t.set("encode_number_precision", new OneArgFunction() {
            @Override public LuaValue call(LuaValue v) {
                if (!v.isnil()) {
                    int n = v.checkint();
                    if (n < 1 || n > 14) throw new LuaError("bad argument #1 to '?' (expected integer between 1 and 14)");
                    cfg.encodeNumberPrecision = n;
                }
                return LuaValue.valueOf(cfg.encodeNumberPrecision);
            }
        });
        t.set("encode_keep_buffer", new OneArgFunction() {
            @Override public LuaValue call(LuaValue v) {
                if (!v.isnil()) cfg.encodeKeepBuffer = v.toboolean();
                return LuaValue.valueOf(cfg.encodeKeepBuffer);
            }
        });
        t.set("encode_invalid_numbers", new OneArgFunction() {
            @Override public LuaValue call(LuaValue v) {
                if (!v.isnil()) cfg.encodeInvalidNumbers = v.toboolean();
                return LuaValue.valueOf(cfg.encodeInvalidNumbers);
            }
        });
        t.set("decode_invalid_numbers", new OneArgFunction() {
            @Override public LuaValue call(LuaValue v) {
                if (!v.isnil()) cfg.decodeInvalidNumbers = v.toboolean();
                return LuaValue.valueOf(cfg.decodeInvalidNumbers);
            }
        });
        t.set("encode", new OneArgFunction() {
            @Override public LuaValue call(LuaValue v) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                encode(cfg, v, out, 0);
                return LuaString.valueOf(out.toByteArray());
            }
        });
        t.set("decode", new OneArgFunction() {
            @Override public LuaValue call(LuaValue v) {
                return new Decoder(LuaReplies.bytes(v), cfg.decodeMaxDepth).decodeTop();
            }
        });
        t.set("null", NULL);
        return t;
    }

    // ---------------------------------------------------------------- encode

    private static int checkDepth(LuaValue v) {
        int n = v.checkint();
        if (n < 1) throw new LuaError("bad argument #1 to '?' (expected integer between 1 and 2147483647)");
        return n;
    }

    private static void encode(Config cfg, LuaValue v, ByteArrayOutputStream out, int depth) {
        switch (v.type()) {
            case LuaValue.TNIL -> ascii(out, "null");
            case LuaValue.TBOOLEAN -> ascii(out, v.toboolean() ? "true" : "false");
            case LuaValue.TNUMBER -> ascii(out, number(cfg, v.todouble()));
            case LuaValue.TSTRING -> string((LuaString) v.checkstring(), out);
            case LuaValue.TTABLE -> table(cfg, (LuaTable) v, out, depth + 1);
            case LuaValue.TUSERDATA, LuaValue.TLIGHTUSERDATA -> {
                if (v == NULL) ascii(out, "null");
                else throw new LuaError("Cannot serialise userdata: type not supported");
            }
            default -> throw new LuaError("Cannot serialise " + v.typename() + ": type not supported");
        }
    }

    private static String number(Config cfg, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            if (!cfg.encodeInvalidNumbers) throw new LuaError("Cannot serialise number: must not be NaN or Inf");
            return Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf"; // what lua-cjson's "on" setting prints
        }
        return RedisNumbers.formatDouble(d, cfg.encodeNumberPrecision);
    }

    private static void table(Config cfg, LuaTable t, ByteArrayOutputStream out, int depth) {
        if (depth > cfg.encodeMaxDepth) throw new LuaError("Cannot serialise, excessive nesting (" + depth + ")");
        int arrayLen = arrayLength(t);
        if (arrayLen > 0) {
            out.write('[');
            for (int i = 1; i <= arrayLen; i++) {
                if (i > 1) out.write(',');
                encode(cfg, t.rawget(i), out, depth);
            }
            out.write(']');
            return;
        }
        out.write('{');
        boolean first = true;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) break;
            if (!first) out.write(',');
            first = false;
            if (k.type() == LuaValue.TSTRING) string((LuaString) k, out);
            else if (k.type() == LuaValue.TNUMBER) { out.write('"'); ascii(out, number(cfg, k.todouble())); out.write('"'); }
            else throw new LuaError("Cannot serialise table: table key must be a number or string");
            out.write(':');
            encode(cfg, n.arg(2), out, depth);
        }
        out.write('}');
    }

    /** lua_array_length: the array size if every key is a positive integer, 0 for an object, an error if too sparse. */
    private static int arrayLength(LuaTable t) {
        int max = 0, items = 0;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) break;
            if (k.type() == LuaValue.TNUMBER) {
                double d = k.todouble();
                if (d == Math.floor(d) && d >= 1) {
                    if (d > max) max = (int) Math.min(d, Integer.MAX_VALUE);
                    items++;
                    continue;
                }
            }
            return -1;
        }
        if (max > 10 && max > items * 2) throw new LuaError("Cannot serialise table: excessively sparse array");
        return max;
    }

    private static void string(LuaString s, ByteArrayOutputStream out) {
        out.write('"');
        for (int i = 0; i < s.m_length; i++) {
            int c = s.m_bytes[s.m_offset + i] & 0xff;
            switch (c) {
                case '"' -> ascii(out, "\\\"");
                case '\\' -> ascii(out, "\\\\");
                case '/' -> ascii(out, "\\/");
                case '\b' -> ascii(out, "\\b");
                case '\f' -> ascii(out, "\\f");
                case '\n' -> ascii(out, "\\n");
                case '\r' -> ascii(out, "\\r");
                case '\t' -> ascii(out, "\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) ascii(out, String.format("\\u%04x", c));
                    else out.write(c);
                }
            }
        }
        out.write('"');
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        for (int i = 0; i < s.length(); i++) out.write(s.charAt(i));
    }

    // ---------------------------------------------------------------- decode

    /** A recursive-descent JSON reader with lua-cjson's error texts ("Expected value but found ... at character N"). */
    private static final class Decoder {
        private final byte[] b;
        private final int maxDepth;
        private int pos;

        Decoder(byte[] b, int maxDepth) {
            this.b = b;
            this.maxDepth = maxDepth;
        }

        LuaValue decodeTop() {
            LuaValue v = value(0);
            skipWs();
            if (pos < b.length) throw expected("the end", token());
            return v;
        }

        private LuaError expected(String what, String found) {
            return new LuaError("Expected " + what + " but found " + found + " at character " + (tokenStart + 1));
        }

        private int tokenStart;

        private String token() {
            tokenStart = pos;
            if (pos >= b.length) return "T_END";
            return switch (b[pos]) {
                case '{' -> "T_OBJ_BEGIN";
                case '}' -> "T_OBJ_END";
                case '[' -> "T_ARR_BEGIN";
                case ']' -> "T_ARR_END";
                case ',' -> "T_COMMA";
                case ':' -> "T_COLON";
                case '"' -> "T_STRING";
                case 't', 'f' -> "T_BOOLEAN";
                case 'n' -> "T_NULL";
                default -> b[pos] == '-' || (b[pos] >= '0' && b[pos] <= '9') ? "T_NUMBER" : "invalid token";
            };
        }

        private void skipWs() {
            while (pos < b.length && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\n' || b[pos] == '\r')) pos++;
        }

        private LuaValue value(int depth) {
            skipWs();
            tokenStart = pos;
            if (pos >= b.length) throw expected("value", "T_END");
            byte c = b[pos];
            // json_decode_descend: entering an object or array deeper than decode_max_depth
            if ((c == '{' || c == '[') && depth >= maxDepth) {
                throw new LuaError("Found too many nested data structures (" + (depth + 1) + ") at character " + (pos + 1));
            }
            switch (c) {
                case '{': return object(depth);
                case '[': return array(depth);
                case '"': return LuaString.valueOf(str());
                case 't': return literal("true", LuaValue.TRUE);
                case 'f': return literal("false", LuaValue.FALSE);
                case 'n': return literal("null", NULL);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return num();
                    throw expected("value", token());
            }
        }

        private LuaValue literal(String word, LuaValue v) {
            int start = pos;
            for (int i = 0; i < word.length(); i++) {
                if (pos + i >= b.length || b[pos + i] != word.charAt(i)) {
                    tokenStart = start;
                    throw expected("value", "invalid token");
                }
            }
            pos += word.length();
            return v;
        }

        private LuaValue num() {
            int start = pos;
            while (pos < b.length && "+-0123456789.eE".indexOf(b[pos]) >= 0) pos++;
            try {
                return LuaValue.valueOf(Double.parseDouble(new String(b, start, pos - start, java.nio.charset.StandardCharsets.US_ASCII)));
            } catch (NumberFormatException e) {
                tokenStart = start;
                throw expected("value", "invalid number");
            }
        }

        private byte[] str() {
            int start = pos;
            pos++;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                if (pos >= b.length) { tokenStart = start; throw expected("value", "invalid token"); }
                int c = b[pos++] & 0xff;
                if (c == '"') break;
                if (c != '\\') { out.write(c); continue; }
                if (pos >= b.length) { tokenStart = start; throw expected("value", "invalid token"); }
                int e = b[pos++];
                switch (e) {
                    case '"', '\\', '/' -> out.write(e);
                    case 'b' -> out.write('\b');
                    case 'f' -> out.write('\f');
                    case 'n' -> out.write('\n');
                    case 'r' -> out.write('\r');
                    case 't' -> out.write('\t');
                    case 'u' -> {
                        int cp = hex4();
                        if (cp >= 0xD800 && cp <= 0xDBFF && pos + 6 <= b.length && b[pos] == '\\' && b[pos + 1] == 'u') {
                            pos += 2;
                            int lo = hex4();
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        }
                        byte[] utf8 = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        out.write(utf8, 0, utf8.length);
                    }
                    default -> { tokenStart = start; throw expected("value", "invalid escape code"); }
                }
            }
            return out.toByteArray();
        }

        private int hex4() {
            if (pos + 4 > b.length) throw new LuaError("Expected value but found invalid unicode escape code at character " + (pos + 1));
            int v = Integer.parseInt(new String(b, pos, 4, java.nio.charset.StandardCharsets.US_ASCII), 16);
            pos += 4;
            return v;
        }

        private LuaValue array(int depth) {
            pos++;
            LuaTable t = new LuaTable();
            skipWs();
            if (pos < b.length && b[pos] == ']') { pos++; return t; }
            for (int i = 1; ; i++) {
                t.rawset(i, value(depth + 1));
                skipWs();
                String tok = token();
                if (tok.equals("T_ARR_END")) { pos++; return t; }
                if (!tok.equals("T_COMMA")) throw expected("comma or array end", tok);
                pos++;
            }
        }

        private LuaValue object(int depth) {
            pos++;
            LuaTable t = new LuaTable();
            skipWs();
            if (pos < b.length && b[pos] == '}') { pos++; return t; }
            while (true) {
                skipWs();
                tokenStart = pos;
                if (pos >= b.length || b[pos] != '"') throw expected("object key string", pos >= b.length ? "T_END" : token());
                LuaValue key = LuaString.valueOf(str());
                skipWs();
                String tok = token();
                if (!tok.equals("T_COLON")) throw expected("colon", tok);
                pos++;
                t.rawset(key, value(depth + 1));
                skipWs();
                tok = token();
                if (tok.equals("T_OBJ_END")) { pos++; return t; }
                if (!tok.equals("T_COMMA")) throw expected("comma or object end", tok);
                pos++;
            }
        }
    }
}
