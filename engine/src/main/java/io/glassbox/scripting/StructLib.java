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
 * The {@code struct} library Redis bundles (Roberto Ierusalimschy's struct.c): binary packing of
 * numbers and strings by a format. {@code struct.pack(fmt, ...)}, {@code struct.unpack(fmt, s [, i])}
 * (values, then the position after them), {@code struct.size(fmt)}.
 *
 * <p>Formats: {@code >} big-endian, {@code <} and {@code =} little-endian (x86's native),
 * {@code !n} alignment, {@code x} a zero byte, {@code b/B} char, {@code h/H} short, {@code l/L}
 * and {@code T} 8 bytes, {@code i/I[n]} an n-byte int (4 by default), {@code f} float,
 * {@code d} double, {@code s} a zero-terminated string, {@code c[n]} n chars ({@code c0} takes the
 * length from the previous number when unpacking, the whole string when packing).
 */
final class StructLib {
    private StructLib() {}

    static LuaTable library() {
        LuaTable t = new LuaTable();
        t.set("pack", fn(StructLib::pack));
        t.set("unpack", fn(StructLib::unpack));
        t.set("size", fn(StructLib::size));
        return t;
    }

    private static VarArgFunction fn(java.util.function.Function<Varargs, Varargs> f) {
        return new VarArgFunction() {
            @Override public Varargs invoke(Varargs args) { return f.apply(args); }
        };
    }

    /** The parse state of a format: position, endianness, alignment. */
    private static final class Fmt {
        final String f;
        int i;
        boolean little = true;
        int align = 1;

        Fmt(String f) { this.f = f; }

        int number(int dflt) {
            if (i >= f.length() || !Character.isDigit(f.charAt(i))) return dflt;
            int n = 0;
            while (i < f.length() && Character.isDigit(f.charAt(i))) n = n * 10 + (f.charAt(i++) - '0');
            return n;
        }
    }

    /** The size of an option, or -1 for a control option (which it applies). */
    private static int optSize(Fmt fmt, char opt) {
        switch (opt) {
            case 'B': case 'b': return 1;
            case 'H': case 'h': return 2;
            case 'L': case 'l': case 'T': return 8;
            case 'f': return 4;
            case 'd': return 8;
            case 'x': return 1;
            case 'c': return fmt.number(1);
            case 'i': case 'I': {
                int n = fmt.number(4);
                if (n > 8) throw new LuaError("integral size " + n + " is larger than limit of 8");
                return n;
            }
            case 's': return 0;
            default: return -1;
        }
    }

    private static boolean control(Fmt fmt, char opt) {
        switch (opt) {
            case ' ': return true;
            case '>': fmt.little = false; return true;
            case '<': case '=': fmt.little = true; return true;
            case '!': {
                int a = fmt.number(8);
                if ((a & (a - 1)) != 0) throw new LuaError("alignment " + a + " is not a power of 2");
                fmt.align = a;
                return true;
            }
            default: return false;
        }
    }

    private static int gap(Fmt fmt, int size, int total, char opt) {
        if (opt == 'c' || opt == 's' || opt == 'x') return 0;
        int a = Math.min(size, fmt.align);
        if (a <= 1) return 0;
        return (a - (total & (a - 1))) & (a - 1);
    }

    private static Varargs pack(Varargs a) {
        Fmt fmt = new Fmt(a.checkjstring(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int arg = 2;
        while (fmt.i < fmt.f.length()) {
            char opt = fmt.f.charAt(fmt.i++);
            if (control(fmt, opt)) continue;
            int size = optSize(fmt, opt);
            if (size < 0) throw badOption("pack", opt);
            for (int g = gap(fmt, size, out.size(), opt); g > 0; g--) out.write(0);
            switch (opt) {
                case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
                    long v = (long) a.checkdouble(arg++);
                    writeInt(out, v, size, fmt.little);
                }
                case 'x' -> out.write(0);
                case 'f' -> writeInt(out, Float.floatToIntBits((float) a.checkdouble(arg++)) & 0xffffffffL, 4, fmt.little);
                case 'd' -> writeInt(out, Double.doubleToLongBits(a.checkdouble(arg++)), 8, fmt.little);
                case 'c', 's' -> {
                    byte[] s = LuaReplies.bytes(a.checkstring(arg++));
                    int n = opt == 's' ? s.length : size == 0 ? s.length : size;
                    if (opt == 'c' && s.length < n) throw new LuaError("bad argument #" + (arg - 1) + " to 'pack' (string too short)");
                    out.write(s, 0, n);
                    if (opt == 's') out.write(0);
                }
                default -> { }
            }
        }
        return LuaString.valueOf(out.toByteArray());
    }

    private static void writeInt(ByteArrayOutputStream out, long v, int size, boolean little) {
        for (int k = 0; k < size; k++) {
            int shift = little ? 8 * k : 8 * (size - 1 - k);
            out.write(shift >= 64 ? (v < 0 ? 0xff : 0) : (int) (v >>> shift) & 0xff);
        }
    }

    private static long readInt(byte[] b, int pos, int size, boolean little, boolean signed) {
        long v = 0;
        for (int k = 0; k < size; k++) {
            int idx = little ? pos + size - 1 - k : pos + k;
            v = (v << 8) | (b[idx] & 0xff);
        }
        if (signed && size < 8) {
            int shift = 64 - 8 * size;
            v = (v << shift) >> shift;
        }
        return v;
    }

    private static Varargs unpack(Varargs a) {
        Fmt fmt = new Fmt(a.checkjstring(1));
        byte[] b = LuaReplies.bytes(a.checkstring(2));
        int pos = a.optint(3, 1) - 1;
        if (pos < 0 || pos > b.length) throw new LuaError("bad argument #3 to 'unpack' (offset must be 1 or greater)");
        List<LuaValue> out = new ArrayList<>();
        long lastNumber = 0;
        while (fmt.i < fmt.f.length()) {
            char opt = fmt.f.charAt(fmt.i++);
            if (control(fmt, opt)) continue;
            int size = optSize(fmt, opt);
            if (size < 0) throw badOption("unpack", opt);
            pos += gap(fmt, size, pos, opt);
            if (opt != 's' && pos + size > b.length) throw new LuaError("bad argument #2 to 'unpack' (data string too short)");
            switch (opt) {
                case 'b', 'h', 'l', 'i' -> { lastNumber = readInt(b, pos, size, fmt.little, true); out.add(LuaValue.valueOf((double) lastNumber)); }
                case 'B', 'H', 'L', 'T', 'I' -> {
                    lastNumber = readInt(b, pos, size, fmt.little, false);
                    out.add(LuaValue.valueOf(lastNumber >= 0 ? (double) lastNumber : (double) (lastNumber >>> 1) * 2.0));
                }
                case 'x' -> { }
                case 'f' -> out.add(LuaValue.valueOf((double) Float.intBitsToFloat((int) readInt(b, pos, 4, fmt.little, false))));
                case 'd' -> out.add(LuaValue.valueOf(Double.longBitsToDouble(readInt(b, pos, 8, fmt.little, false))));
                case 'c' -> {
                    if (size == 0) {
                        // c0: the length is the number just read, which is consumed, not returned
                        if (!out.isEmpty()) out.remove(out.size() - 1);
                        size = (int) lastNumber;
                        if (pos + size > b.length) throw new LuaError("bad argument #2 to 'unpack' (data string too short)");
                    }
                    out.add(LuaString.valueOf(java.util.Arrays.copyOfRange(b, pos, pos + size)));
                }
                case 's' -> {
                    int end = pos;
                    while (end < b.length && b[end] != 0) end++;
                    if (end >= b.length) throw new LuaError("unfinished string in data");
                    out.add(LuaString.valueOf(java.util.Arrays.copyOfRange(b, pos, end)));
                    size = end - pos + 1;
                }
                default -> { }
            }
            pos += size;
        }
        out.add(LuaValue.valueOf(pos + 1));
        return LuaValue.varargsOf(out.toArray(new LuaValue[0]));
    }

    private static LuaError badOption(String fname, char opt) {
        return new LuaError("bad argument #1 to '" + fname + "' (invalid format option '" + opt + "')");
    }

    private static Varargs size(Varargs a) {
        Fmt fmt = new Fmt(a.checkjstring(1));
        int total = 0;
        while (fmt.i < fmt.f.length()) {
            char opt = fmt.f.charAt(fmt.i++);
            if (control(fmt, opt)) continue;
            int size = optSize(fmt, opt);
            if (size < 0) throw badOption("size", opt);
            if (opt == 's') throw new LuaError("bad argument #1 to 'size' (options 's' has no fixed size)");
            if (opt == 'c' && size == 0) throw new LuaError("bad argument #1 to 'size' (options 'c0' has no fixed size)");
            total += gap(fmt, size, total, opt) + size;
        }
        return LuaValue.valueOf(total);
    }
}
