package io.glassbox.scripting;

import io.glassbox.resp.ReplyBuffer;
import io.glassbox.util.RedisNumbers;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.charset.StandardCharsets;

/**
 * Redis's conversions between replies and Lua values, both ways ({@code script_lua.c}:
 * {@code redisProtocolToLuaType} and {@code luaReplyToRedisReply}).
 *
 * <p>Redis → Lua. {@code redis.call} runs the command on the script's own client and parses the
 * reply bytes that client received, exactly as a client library would:
 * <ul>
 * <li>integer → number; bulk → string; nil bulk and nil array → {@code false} (not nil, so it can
 *     sit in a table); array → table indexed from 1;
 * <li>status → {@code {ok=...}}; error → {@code {err=...}} (which {@code redis.call} raises);
 * <li>RESP3 only (after {@code redis.setresp(3)}): map → {@code {map={...}}}, set →
 *     {@code {set={member=true}}}, null → nil, boolean → boolean, double → {@code {double=n}},
 *     big number → {@code {big_number="..."}}, verbatim → {@code {verbatim_string={format=,string=}}}.
 * </ul>
 *
 * <p>Lua → Redis, for the script's return value: string → bulk; number → integer, truncated
 * (3.99 → 3: return floats as strings); {@code true} → 1 and {@code false} → nil in RESP2
 * (booleans in RESP3); a table with {@code err} → error, with {@code ok} → status, with
 * {@code double}/{@code big_number}/{@code verbatim_string}/{@code map}/{@code set} → that RESP3
 * type; any other table → array of t[1], t[2], ... up to the first nil; anything else → nil.
 */
final class LuaReplies {
    private LuaReplies() {}

    static final LuaString ERR = LuaString.valueOf("err");
    static final LuaString OK = LuaString.valueOf("ok");
    static final LuaString DOUBLE = LuaString.valueOf("double");
    static final LuaString BIG_NUMBER = LuaString.valueOf("big_number");
    static final LuaString VERBATIM = LuaString.valueOf("verbatim_string");
    static final LuaString MAP = LuaString.valueOf("map");
    static final LuaString SET = LuaString.valueOf("set");
    static final LuaString FORMAT = LuaString.valueOf("format");
    static final LuaString STRING = LuaString.valueOf("string");
    static final LuaString SOURCE = LuaString.valueOf("source");
    static final LuaString LINE = LuaString.valueOf("line");
    static final LuaString IGNORE_STATS = LuaString.valueOf("ignore_error_stats_update");

    // ---------------------------------------------------------------- Redis -> Lua

    /** Parses one whole reply from {@code buf[0, len)} into a Lua value (redisProtocolToLuaType). */
    static LuaValue toLua(byte[] buf, int len) {
        int[] pos = {0};
        return parse(buf, pos, true);
    }

    private static LuaValue parse(byte[] b, int[] pos, boolean want) {
        byte type = b[pos[0]];
        int lineEnd = crlf(b, pos[0]);
        String head = new String(b, pos[0] + 1, lineEnd - pos[0] - 1, StandardCharsets.ISO_8859_1);
        pos[0] = lineEnd + 2;
        switch (type) {
            case ':': return LuaValue.valueOf((double) Long.parseLong(head));
            case '+': {
                LuaTable t = new LuaTable();
                t.rawset(OK, LuaString.valueOf(head.getBytes(StandardCharsets.ISO_8859_1)));
                return t;
            }
            case '-': return errorTable("-" + new String(head.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8), true);
            case '$': case '=': {
                int n = Integer.parseInt(head);
                if (n < 0) return LuaValue.FALSE;
                int start = pos[0];
                pos[0] += n + 2;
                if (type == '$') return LuaString.valueOf(java.util.Arrays.copyOfRange(b, start, start + n));
                LuaTable inner = new LuaTable();
                inner.rawset(STRING, LuaString.valueOf(java.util.Arrays.copyOfRange(b, start + 4, start + n)));
                inner.rawset(FORMAT, LuaString.valueOf(java.util.Arrays.copyOfRange(b, start, start + 3)));
                LuaTable t = new LuaTable();
                t.rawset(VERBATIM, inner);
                return t;
            }
            case '*': case '>': {
                int n = Integer.parseInt(head);
                if (n < 0) return LuaValue.FALSE;
                LuaTable t = new LuaTable(n, 0);
                for (int i = 1; i <= n; i++) t.rawset(i, parse(b, pos, want));
                return t;
            }
            case '%': {
                int n = Integer.parseInt(head);
                LuaTable m = new LuaTable();
                for (int i = 0; i < n; i++) {
                    LuaValue k = parse(b, pos, want);
                    LuaValue v = parse(b, pos, want);
                    m.rawset(k, v);
                }
                LuaTable t = new LuaTable();
                t.rawset(MAP, m);
                return t;
            }
            case '~': {
                int n = Integer.parseInt(head);
                LuaTable s = new LuaTable();
                for (int i = 0; i < n; i++) s.rawset(parse(b, pos, want), LuaValue.TRUE);
                LuaTable t = new LuaTable();
                t.rawset(SET, s);
                return t;
            }
            case '_': return LuaValue.NIL;
            case '#': return LuaValue.valueOf(head.equals("t"));
            case ',': {
                LuaTable t = new LuaTable();
                t.rawset(DOUBLE, LuaValue.valueOf(parseDouble(head)));
                return t;
            }
            case '(': {
                LuaTable t = new LuaTable();
                t.rawset(BIG_NUMBER, LuaValue.valueOf(head));
                return t;
            }
            case '|': {
                // attributes are not shown to scripts: skip them and return the reply they annotate
                int n = Integer.parseInt(head);
                for (int i = 0; i < 2 * n; i++) parse(b, pos, false);
                return parse(b, pos, want);
            }
            default: throw new IllegalStateException("unexpected reply type " + (char) type);
        }
    }

    private static double parseDouble(String s) {
        return switch (s) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan", "-nan" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    private static int crlf(byte[] b, int from) {
        int i = from;
        while (b[i] != '\r') i++;
        return i;
    }

    /**
     * The error table {@code redis.pcall} returns and {@code redis.call} raises (luaPushErrorBuff):
     * "-CODE msg" keeps its code, a message without "-" gets "ERR"; trailing CR/LF trimmed.
     */
    static LuaTable errorTable(String error, boolean ignoreStats) {
        String code, msg;
        if (error.startsWith("-")) {
            int sp = error.indexOf(' ');
            if (sp < 0) { code = "ERR"; msg = error.substring(1); }
            else { code = error.substring(1, sp); msg = error.substring(sp + 1); }
        } else {
            code = "ERR";
            msg = error;
        }
        msg = msg.replaceAll("^[\r\n]+|[\r\n]+$", "");
        LuaTable t = new LuaTable();
        t.rawset(ERR, LuaValue.valueOf((code + " " + msg).getBytes(StandardCharsets.UTF_8)));
        if (ignoreStats) t.rawset(IGNORE_STATS, LuaValue.TRUE);
        return t;
    }

    // ---------------------------------------------------------------- Lua -> Redis

    /**
     * Writes a Lua value as a reply (luaReplyToRedisReply). {@code scriptResp} is the protocol the
     * script chose with {@code redis.setresp}: it decides how booleans come back.
     */
    static void toReply(ReplyBuffer c, LuaValue v, int scriptResp, int depth) {
        if (depth > 1000) { c.addError("reached lua stack limit"); return; }
        switch (v.type()) {
            case LuaValue.TSTRING -> c.addBulk(((LuaString) v.checkstring()).m_bytes, ((LuaString) v).m_offset, ((LuaString) v).m_length);
            case LuaValue.TBOOLEAN -> {
                if (scriptResp == 2) {
                    if (v.toboolean()) c.addLong(1); else c.addNull();
                } else {
                    c.addBool(v.toboolean());
                }
            }
            case LuaValue.TNUMBER -> c.addLong(toLongLong(v.todouble()));
            case LuaValue.TTABLE -> tableToReply(c, (LuaTable) v, scriptResp, depth);
            default -> c.addNull();
        }
    }

    /** C's (long long) cast of a double, as x86-64 does it: out of range and NaN give LLONG_MIN. */
    static long toLongLong(double d) {
        if (Double.isNaN(d) || d >= 9.223372036854775807E18 || d < -9.223372036854775808E18) return Long.MIN_VALUE;
        return (long) d;
    }

    private static void tableToReply(ReplyBuffer c, LuaTable t, int scriptResp, int depth) {
        LuaValue err = t.rawget(ERR);
        if (err.type() == LuaValue.TSTRING) {
            c.addError("-" + err.tojstring());
            return;
        }
        LuaValue ok = t.rawget(OK);
        if (ok.type() == LuaValue.TSTRING) {
            c.addStatus(ok.tojstring().replace('\r', ' ').replace('\n', ' '));
            return;
        }
        LuaValue dbl = t.rawget(DOUBLE);
        if (dbl.type() == LuaValue.TNUMBER) {
            c.addDouble(RedisNumbers.replyDouble(dbl.todouble()));
            return;
        }
        LuaValue big = t.rawget(BIG_NUMBER);
        if (big.type() == LuaValue.TSTRING) {
            c.addBigNumber(big.tojstring().replace('\r', ' ').replace('\n', ' ').getBytes(StandardCharsets.UTF_8));
            return;
        }
        LuaValue verb = t.rawget(VERBATIM);
        if (verb.type() == LuaValue.TTABLE) {
            LuaValue format = verb.rawget(FORMAT);
            LuaValue str = verb.rawget(STRING);
            if (format.type() == LuaValue.TSTRING && str.type() == LuaValue.TSTRING) {
                c.addVerbatim(bytes(str), format.tojstring());
                return;
            }
        }
        LuaValue map = t.rawget(MAP);
        if (map.type() == LuaValue.TTABLE) {
            LuaTable m = (LuaTable) map;
            int n = 0;
            for (LuaValue k = m.next(LuaValue.NIL).arg1(); !k.isnil(); k = m.next(k).arg1()) n++;
            c.addMapLen(n);
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs kv = m.next(k);
                if ((k = kv.arg1()).isnil()) break;
                toReply(c, k, scriptResp, depth + 1);
                toReply(c, kv.arg(2), scriptResp, depth + 1);
            }
            return;
        }
        LuaValue set = t.rawget(SET);
        if (set.type() == LuaValue.TTABLE) {
            LuaTable s = (LuaTable) set;
            int n = 0;
            for (LuaValue k = s.next(LuaValue.NIL).arg1(); !k.isnil(); k = s.next(k).arg1()) n++;
            c.addSetLen(n);
            for (LuaValue k = s.next(LuaValue.NIL).arg1(); !k.isnil(); k = s.next(k).arg1()) toReply(c, k, scriptResp, depth + 1);
            return;
        }
        int n = 0;
        while (!t.rawget(n + 1).isnil()) n++;
        c.addArrayLen(n);
        for (int i = 1; i <= n; i++) toReply(c, t.rawget(i), scriptResp, depth + 1);
    }

    /** A Lua string's bytes (Lua strings are byte strings; keys and values stay binary). */
    static byte[] bytes(LuaValue v) {
        LuaString s = v.checkstring();
        byte[] out = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, out, 0, s.m_length);
        return out;
    }
}
