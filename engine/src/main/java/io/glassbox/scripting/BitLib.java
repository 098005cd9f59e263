package io.glassbox.scripting;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code bit} library (Mike Pall's LuaBitOp, which Redis bundles): 32-bit operations on Lua
 * numbers, results as signed 32-bit integers. luaj's own {@code bit32} (Lua 5.2) has other names
 * and unsigned results, so scripts written for Redis need this one.
 */
final class BitLib {
    private BitLib() {}

    /** tobit: a number to its low 32 bits, as LuaBitOp does through the 2^52+2^51 trick. */
    static int tobit(LuaValue v) {
        double d = v.checkdouble();
        return (int) (long) Math.rint(d % 4294967296.0);
    }

    static LuaTable library() {
        LuaTable t = new LuaTable();
        t.set("tobit", fn(a -> LuaValue.valueOf(tobit(a.arg1()))));
        t.set("bnot", fn(a -> LuaValue.valueOf(~tobit(a.arg1()))));
        t.set("band", fn(a -> { int r = tobit(a.arg1()); for (int i = 2; i <= a.narg(); i++) r &= tobit(a.arg(i)); return LuaValue.valueOf(r); }));
        t.set("bor", fn(a -> { int r = tobit(a.arg1()); for (int i = 2; i <= a.narg(); i++) r |= tobit(a.arg(i)); return LuaValue.valueOf(r); }));
        t.set("bxor", fn(a -> { int r = tobit(a.arg1()); for (int i = 2; i <= a.narg(); i++) r ^= tobit(a.arg(i)); return LuaValue.valueOf(r); }));
        t.set("lshift", fn(a -> LuaValue.valueOf(tobit(a.arg1()) << (tobit(a.arg(2)) & 31))));
        t.set("rshift", fn(a -> LuaValue.valueOf(tobit(a.arg1()) >>> (tobit(a.arg(2)) & 31))));
        t.set("arshift", fn(a -> LuaValue.valueOf(tobit(a.arg1()) >> (tobit(a.arg(2)) & 31))));
        t.set("rol", fn(a -> LuaValue.valueOf(Integer.rotateLeft(tobit(a.arg1()), tobit(a.arg(2)) & 31))));
        t.set("ror", fn(a -> LuaValue.valueOf(Integer.rotateRight(tobit(a.arg1()), tobit(a.arg(2)) & 31))));
        t.set("bswap", fn(a -> LuaValue.valueOf(Integer.reverseBytes(tobit(a.arg1())))));
        t.set("tohex", fn(a -> {
            int x = tobit(a.arg1());
            int n = a.isnoneornil(2) ? 8 : tobit(a.arg(2));
            boolean upper = n < 0;
            if (upper) n = -n;
            if (n > 8) n = 8;
            String hex = String.format(upper ? "%08X" : "%08x", x);
            return LuaValue.valueOf(hex.substring(8 - n));
        }));
        return t;
    }

    private static VarArgFunction fn(java.util.function.Function<Varargs, LuaValue> f) {
        return new VarArgFunction() {
            @Override public Varargs invoke(Varargs args) { return f.apply(args); }
        };
    }
}
