package io.glassbox.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code cmsgpack} library Redis bundles (Salvatore Sanfilippo's lua_cmsgpack.c):
 * {@code pack(v1, v2, ...)} concatenates the MessagePack encoding of each value,
 * {@code unpack(s)} returns every value in {@code s}, {@code unpack_one(s [, offset])} and
 * {@code unpack_limit(s, n [, offset])} return the offset to continue from (-1 at the end) and the
 * values read.
 *
 * <p>Encoding choices are lua_cmsgpack's: a number equal to an integer is the smallest integer
 * form, else a float32 if it round-trips, else a float64; a table whose keys are exactly 1..n is an
 * array, any other table a map (map order is luaj's table order); nesting deeper than 16 encodes nil.
 */
final class CMsgPack {
    private CMsgPack() {}

    private static final int MAX_NESTING = 16;

    static LuaTable library() {
        LuaTable t = new LuaTable();
        t.set("pack", fn(CMsgPack::pack));
        t.set("unpack", fn(a -> unpack(a, 0, 0)));
        t.set("unpack_one", fn(a -> unpack(a, 1, 2)));
        t.set("unpack_limit", fn(a -> unpack(a, a.checkint(2), 3)));
        return t;
    }

    private static VarArgFunction fn(java.util.function.Function<Varargs, Varargs> f) {
        return new VarArgFunction() {
            @Override public Varargs invoke(Varargs args) { return f.apply(args); }
        };
    }

    // ---------------------------------------------------------------- pack

    private static Varargs pack(Varargs a) {
        if (a.narg() == 0) throw new LuaError("bad argument #0 to 'pack' (MessagePack pack needs input.)");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i <= a.narg(); i++) encode(a.arg(i), out, 0);
        return LuaString.valueOf(out.toByteArray());
    }

    private static void encode(LuaValue v, ByteArrayOutputStream out, int level) {
        switch (v.type()) {
            case LuaValue.TBOOLEAN -> out.write(v.toboolean() ? 0xc3 : 0xc2);
            case LuaValue.TNUMBER -> number(v.todouble(), out);
            case LuaValue.TSTRING -> string(LuaReplies.bytes(v), out);
            case LuaValue.TTABLE -> {
                if (level == MAX_NESTING) { out.write(0xc0); return; }
                table((LuaTable) v, out, level + 1);
            }
            default -> out.write(0xc0);
        }
    }

    private static void number(double d, ByteArrayOutputStream out) {
        if (!Double.isInfinite(d) && d == (double) (long) d && !(d == 0 && 1 / d < 0)) {
            integer((long) d, out);
        } else if ((double) (float) d == d || Double.isNaN(d)) {
            out.write(0xca);
            be(out, Float.floatToIntBits((float) d) & 0xffffffffL, 4);
        } else {
            out.write(0xcb);
            be(out, Double.doubleToLongBits(d), 8);
        }
    }

    private static void integer(long n, ByteArrayOutputStream out) {
        if (n >= 0) {
            if (n <= 127) out.write((int) n);
            else if (n <= 0xff) { out.write(0xcc); be(out, n, 1); }
            else if (n <= 0xffff) { out.write(0xcd); be(out, n, 2); }
            else if (n <= 0xffffffffL) { out.write(0xce); be(out, n, 4); }
            else { out.write(0xcf); be(out, n, 8); }
        } else {
            if (n >= -32) out.write((int) (n & 0xff));
            else if (n >= -128) { out.write(0xd0); be(out, n, 1); }
            else if (n >= -32768) { out.write(0xd1); be(out, n, 2); }
            else if (n >= Integer.MIN_VALUE) { out.write(0xd2); be(out, n, 4); }
            else { out.write(0xd3); be(out, n, 8); }
        }
    }

    private static void string(byte[] s, ByteArrayOutputStream out) {
        int n = s.length;
        if (n < 32) out.write(0xa0 | n);
        else if (n <= 0xff) { out.write(0xd9); be(out, n, 1); }
        else if (n <= 0xffff) { out.write(0xda); be(out, n, 2); }
        else { out.write(0xdb); be(out, n, 4); }
        out.write(s, 0, n);
    }

    private static void table(LuaTable t, ByteArrayOutputStream out, int level) {
        int count = 0, max = 0;
        boolean array = true;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) break;
            count++;
            if (array && k.type() == LuaValue.TNUMBER && k.todouble() >= 1 && k.todouble() == Math.floor(k.todouble())) {
                max = Math.max(max, (int) k.todouble());
            } else {
                array = false;
            }
        }
        if (array && max == count) {
            if (count < 16) out.write(0x90 | count);
            else if (count <= 0xffff) { out.write(0xdc); be(out, count, 2); }
            else { out.write(0xdd); be(out, count, 4); }
            for (int i = 1; i <= count; i++) encode(t.rawget(i), out, level);
            return;
        }
        if (count < 16) out.write(0x80 | count);
        else if (count <= 0xffff) { out.write(0xde); be(out, count, 2); }
        else { out.write(0xdf); be(out, count, 4); }
        k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) break;
            encode(k, out, level);
            encode(n.arg(2), out, level);
        }
    }

    private static void be(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) out.write((int) (v >>> (8 * i)) & 0xff);
    }

    // ---------------------------------------------------------------- unpack

    /**
     * mp_unpack_full: {@code limit} values (0 = all) from {@code offset} (argument {@code offsetArg},
     * 0-based); with a limit the first result is the next offset, or -1 when the input is used up.
     */
    private static Varargs unpack(Varargs a, int limit, int offsetArg) {
        byte[] s = LuaReplies.bytes(a.checkstring(1));
        int offset = offsetArg > 0 ? a.optint(offsetArg, 0) : 0;
        if (limit < 0) throw new LuaError("Invalid request to unpack with offset of " + offset + " and limit of " + limit + ".");
        if (offset < 0 || offset > s.length) throw new LuaError("Start offset " + offset + " greater than input length " + s.length + ".");
        int[] pos = {offset};
        List<LuaValue> values = new ArrayList<>();
        while (pos[0] < s.length && (limit == 0 || values.size() < limit)) values.add(decode(s, pos));
        if (limit == 0) return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
        LuaValue[] out = new LuaValue[values.size() + 1];
        out[0] = LuaValue.valueOf(pos[0] < s.length ? pos[0] : -1);
        for (int i = 0; i < values.size(); i++) out[i + 1] = values.get(i);
        return LuaValue.varargsOf(out);
    }

    private static long read(byte[] s, int[] pos, int bytes) {
        if (pos[0] + bytes > s.length) throw new LuaError("Missing bytes in input.");
        long v = 0;
        for (int i = 0; i < bytes; i++) v = (v << 8) | (s[pos[0]++] & 0xff);
        return v;
    }

    private static LuaValue str(byte[] s, int[] pos, long n) {
        if (pos[0] + n > s.length) throw new LuaError("Missing bytes in input.");
        LuaValue v = LuaString.valueOf(java.util.Arrays.copyOfRange(s, pos[0], pos[0] + (int) n));
        pos[0] += (int) n;
        return v;
    }

    private static LuaValue decode(byte[] s, int[] pos) {
        int c = (int) read(s, pos, 1);
        if (c <= 0x7f) return LuaValue.valueOf(c);
        if (c >= 0xe0) return LuaValue.valueOf((byte) c);
        if ((c & 0xe0) == 0xa0) return str(s, pos, c & 0x1f);
        if ((c & 0xf0) == 0x90) return array(s, pos, c & 0x0f);
        if ((c & 0xf0) == 0x80) return map(s, pos, c & 0x0f);
        switch (c) {
            case 0xc0: return LuaValue.NIL;
            case 0xc2: return LuaValue.FALSE;
            case 0xc3: return LuaValue.TRUE;
            case 0xcc: return LuaValue.valueOf((double) read(s, pos, 1));
            case 0xcd: return LuaValue.valueOf((double) read(s, pos, 2));
            case 0xce: return LuaValue.valueOf((double) read(s, pos, 4));
            case 0xcf: {
                long u = read(s, pos, 8);
                return LuaValue.valueOf(u >= 0 ? (double) u : (double) (u >>> 1) * 2.0);
            }
            case 0xd0: return LuaValue.valueOf((double) (byte) read(s, pos, 1));
            case 0xd1: return LuaValue.valueOf((double) (short) read(s, pos, 2));
            case 0xd2: return LuaValue.valueOf((double) (int) read(s, pos, 4));
            case 0xd3: return LuaValue.valueOf((double) read(s, pos, 8));
            case 0xca: return LuaValue.valueOf((double) Float.intBitsToFloat((int) read(s, pos, 4)));
            case 0xcb: return LuaValue.valueOf(Double.longBitsToDouble(read(s, pos, 8)));
            case 0xd9: case 0xc4: return str(s, pos, read(s, pos, 1));
            case 0xda: case 0xc5: return str(s, pos, read(s, pos, 2));
            case 0xdb: case 0xc6: return str(s, pos, read(s, pos, 4));
            case 0xdc: return array(s, pos, read(s, pos, 2));
            case 0xdd: return array(s, pos, read(s, pos, 4));
            case 0xde: return map(s, pos, read(s, pos, 2));
            case 0xdf: return map(s, pos, read(s, pos, 4));
            default: throw new LuaError("Bad data format in input.");
        }
    }

    private static LuaValue array(byte[] s, int[] pos, long n) {
        LuaTable t = new LuaTable();
        for (int i = 1; i <= n; i++) t.rawset(i, decode(s, pos));
        return t;
    }

    private static LuaValue map(byte[] s, int[] pos, long n) {
        LuaTable t = new LuaTable();
        for (long i = 0; i < n; i++) {
            LuaValue k = decode(s, pos);
            LuaValue v = decode(s, pos);
            if (!k.isnil()) t.rawset(k, v);
        }
        return t;
    }
}
