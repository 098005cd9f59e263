package io.glassbox.scripting;

import io.glassbox.util.RedisNumbers;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code string.format} as Lua 5.1 does it: C's printf directives ({@code %d %i %u %c %x %X %o
 * %e %E %f %g %G %q %s %%}) with flags, width and precision. luaj's own version ignores widths
 * and precisions ({@code string.format('%.2f', x)} gave all the digits), and scripts format
 * numbers with it all the time, so Glassbox replaces it.
 */
final class LuaFormat {
    private LuaFormat() {}

    static LuaValue format(Varargs args) {
        LuaString fmt = args.checkstring(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int arg = 1;
        byte[] f = new byte[fmt.m_length];
        System.arraycopy(fmt.m_bytes, fmt.m_offset, f, 0, f.length);
        for (int i = 0; i < f.length; i++) {
            byte c = f[i];
            if (c != '%') { out.write(c); continue; }
            if (++i >= f.length) throw new LuaError("invalid option '%' to 'format'");
            if (f[i] == '%') { out.write('%'); continue; }
            int start = i;
            while (i < f.length && "-+ #0".indexOf(f[i]) >= 0) i++;
            while (i < f.length && Character.isDigit(f[i])) i++;
            if (i < f.length && f[i] == '.') { i++; while (i < f.length && Character.isDigit(f[i])) i++; }
            if (i >= f.length) throw new LuaError("invalid option '%' to 'format'");
            String spec = new String(f, start, i - start, StandardCharsets.US_ASCII);
            if (spec.length() > 5) throw new LuaError("invalid format (repeated flags)");
            char conv = (char) f[i];
            arg++;
            String s;
            switch (conv) {
                case 'd', 'i' -> s = String.format("%" + spec + "d", (long) args.checkdouble(arg));
                case 'u' -> s = String.format("%" + spec + "d", (long) args.checkdouble(arg));
                case 'c' -> { out.write((int) args.checkdouble(arg)); continue; }
                case 'x', 'X', 'o' -> s = String.format("%" + spec + conv, (long) args.checkdouble(arg));
                case 'e', 'E', 'f' -> s = formatFloat(spec, conv, args.checkdouble(arg));
                case 'g', 'G' -> s = formatG(spec, conv, args.checkdouble(arg));
                case 'q' -> { quote(args.checkstring(arg), out); continue; }
                case 's' -> {
                    LuaValue v = args.arg(arg);
                    if (!v.isstring()) {
                        String got = v.isnil() && args.narg() < arg ? "no value" : v.typename();
                        throw new LuaError("bad argument #" + arg + " to 'format' (string expected, got " + got + ")");
                    }
                    byte[] b = LuaReplies.bytes(v.tostring());
                    s = null;
                    pad(spec, b, out);
                }
                default -> throw new LuaError("invalid option '%" + conv + "' to 'format'");
            }
            if (s != null) out.write(s.getBytes(StandardCharsets.ISO_8859_1), 0, s.length());
        }
        return LuaString.valueOf(out.toByteArray());
    }

    private static String formatFloat(String spec, char conv, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return padText(spec, Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf");
        if (conv == 'f') {
            // glibc rounds the exact binary value half-to-even (2.25 -> "2.2"); Java's %f rounds half-up
            int dot = spec.indexOf('.');
            int precision = dot < 0 ? 6 : (dot + 1 == spec.length() ? 0 : Integer.parseInt(spec.substring(dot + 1)));
            java.math.BigDecimal exact = new java.math.BigDecimal(d).setScale(precision, java.math.RoundingMode.HALF_EVEN);
            return String.format("%" + spec + conv, exact);
        }
        return String.format("%" + spec + conv, d);
    }

    /** %g: C's shortest-of-%e-and-%f with trailing zeros removed (RedisNumbers.formatDouble), then width and flags. */
    private static String formatG(String spec, char conv, double d) {
        int dot = spec.indexOf('.');
        int precision = dot < 0 ? 6 : (dot + 1 == spec.length() ? 0 : Integer.parseInt(spec.substring(dot + 1)));
        if (precision == 0) precision = 1;
        String body = Double.isNaN(d) ? "nan" : Double.isInfinite(d) ? (d > 0 ? "inf" : "-inf")
                : RedisNumbers.formatDouble(d, precision);
        if (spec.indexOf('+') >= 0 && !body.startsWith("-")) body = "+" + body;
        else if (spec.indexOf(' ') >= 0 && !body.startsWith("-")) body = " " + body;
        if (conv == 'G') body = body.toUpperCase(java.util.Locale.ROOT);
        return padText(dot < 0 ? spec : spec.substring(0, dot), body);
    }

    private static String padText(String spec, String body) {
        String flags = spec.replaceAll("[0-9.].*$", "");
        String w = spec.substring(flags.length()).replaceAll("\\..*$", "");
        int width = w.isEmpty() ? 0 : Integer.parseInt(w);
        if (body.length() >= width) return body;
        String fill = " ".repeat(width - body.length());
        if (flags.indexOf('-') >= 0) return body + fill;
        if (flags.indexOf('0') >= 0 && !body.matches(".*[a-z].*")) {
            String zeros = "0".repeat(width - body.length());
            return body.startsWith("-") || body.startsWith("+") ? body.charAt(0) + zeros + body.substring(1) : zeros + body;
        }
        return fill + body;
    }

    /** %s with width and precision on bytes (the precision cuts, the width pads). */
    private static void pad(String spec, byte[] b, ByteArrayOutputStream out) {
        int dot = spec.indexOf('.');
        int len = b.length;
        if (dot >= 0) len = Math.min(len, dot + 1 == spec.length() ? 0 : Integer.parseInt(spec.substring(dot + 1)));
        String widthPart = (dot < 0 ? spec : spec.substring(0, dot)).replaceAll("[-+ #0]", "");
        int width = widthPart.isEmpty() ? 0 : Integer.parseInt(widthPart);
        boolean left = spec.indexOf('-') >= 0;
        if (!left) for (int k = len; k < width; k++) out.write(' ');
        out.write(b, 0, len);
        if (left) for (int k = len; k < width; k++) out.write(' ');
    }

    /** %q: a string Lua can read back (addquoted). */
    private static void quote(LuaString s, ByteArrayOutputStream out) {
        out.write('"');
        for (int i = 0; i < s.m_length; i++) {
            int c = s.m_bytes[s.m_offset + i] & 0xff;
            switch (c) {
                case '"', '\\' -> { out.write('\\'); out.write(c); }
                case '\n' -> { out.write('\\'); out.write('\n'); }
                case '\r' -> { out.write('\\'); out.write('r'); }
                case 0 -> { out.write('\\'); out.write('0'); out.write('0'); out.write('0'); }
                default -> out.write(c);
            }
        }
        out.write('"');
    }
}
