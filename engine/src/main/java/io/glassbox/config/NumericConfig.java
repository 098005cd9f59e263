package io.glassbox.config;

import java.util.Set;

/**
 * An integer setting, plain, memory-sized ({@code 1gb}), percent-or-memory ({@code 10%}) or octal:
 * {@code createIntConfig}, {@code createULongLongConfig}, {@code createSizeTConfig}... in
 * {@code src/config.c} ({@code numericParseString}, {@code numericBoundaryCheck},
 * {@code numericConfigGet}).
 *
 * <p>Redis keeps each value in its own C type (int, unsigned long long, size_t...) but parses and
 * checks every one as a {@code long long}. This class does the same with a Java {@code long}; the
 * three unsigned C types (unsigned int, unsigned long long, size_t) are compared as unsigned, which is
 * why {@code maxclients -1} reports "between 1 and 4294967295" and {@code maxmemory} can hold
 * 18446744073709551615.
 *
 * <p>Percentages are stored as negative numbers, exactly like Redis: {@code maxmemory-clients 10%}
 * is -10 and {@code maxmemory-clients 10mb} is 10485760. {@link #isPercent()} tells which.
 */
public final class NumericConfig extends StandardConfig {

    /** The C type the value lives in; it decides signed versus unsigned bounds checking. */
    enum NumericType {
        INT(false), UINT(true), LONG(false), ULONG(false), LONG_LONG(false), ULONG_LONG(true),
        SIZE_T(true), SSIZE_T(false), OFF_T(false), TIME_T(false);

        final boolean unsignedBounds;

        NumericType(boolean unsignedBounds) {
            this.unsignedBounds = unsignedBounds;
        }
    }

    /** The numeric flags of Redis ({@code INTEGER_CONFIG} is the absence of all three). */
    enum Format { INTEGER, MEMORY, MEMORY_OR_PERCENT, OCTAL }

    private final NumericType type;
    private final Format format;
    private final long lowerBound;
    private final long upperBound;
    private final long defaultValue;
    private volatile long value;

    NumericConfig(String name, String alias, Set<ConfigFlag> flags, NumericType type, Format format,
                  long lowerBound, long upperBound, long defaultValue) {
        super(name, alias, flags);
        this.type = type;
        this.format = format;
        this.lowerBound = lowerBound;
        this.upperBound = upperBound;
        this.defaultValue = defaultValue;
        this.value = defaultValue;
    }

    /** The current value (negative means a percentage for {@code maxmemory-clients}). */
    public long get() {
        return value;
    }

    /** The current value for settings declared as C {@code int} (hz, port, databases...). */
    public int getInt() {
        return (int) value;
    }

    /** True when the value is a percentage ({@code -get()} percent), only for percent-capable settings. */
    public boolean isPercent() {
        return format == Format.MEMORY_OR_PERCENT && value < 0;
    }

    public long defaultValue() {
        return defaultValue;
    }

    /** Overrides the stored value without parsing; for apply functions that clamp, like {@code updateHZ}. */
    void store(long v) {
        value = v;
    }

    @Override
    protected boolean set(String[] argv, boolean readingConfigFile) throws ConfigValueException {
        long ll = parse(argv[0]);
        boundaryCheck(ll);
        if (ll == value) return false;
        value = ll;
        return true;
    }

    /** {@code numericParseString()}: memory, then percent, then octal, then a plain integer. */
    private long parse(String s) throws ConfigValueException {
        if (format == Format.MEMORY || format == Format.MEMORY_OR_PERCENT) {
            Long mem = memtoull(s);
            if (mem != null) return mem;
        }
        if (format == Format.MEMORY_OR_PERCENT && s.length() > 1 && s.charAt(s.length() - 1) == '%') {
            Long pct = string2ll(s.substring(0, s.length() - 1));
            if (pct != null && pct >= 0) return -pct;
        }
        if (format == Format.OCTAL) {
            Long oct = strtollOctal(s);
            if (oct != null) return oct;
        }
        if (format == Format.INTEGER) {
            Long ll = string2ll(s);
            if (ll != null) return ll;
        }
        switch (format) {
            case MEMORY_OR_PERCENT: throw new ConfigValueException("argument must be a memory or percent value");
            case MEMORY: throw new ConfigValueException("argument must be a memory value");
            case OCTAL: throw new ConfigValueException("argument couldn't be parsed as an octal number");
            default: throw new ConfigValueException("argument couldn't be parsed into an integer");
        }
    }

    /** {@code numericBoundaryCheck()}. */
    private void boundaryCheck(long ll) throws ConfigValueException {
        if (type.unsignedBounds) {
            if (Long.compareUnsigned(ll, upperBound) > 0 || Long.compareUnsigned(ll, lowerBound) < 0) {
                if (format == Format.OCTAL) {
                    throw new ConfigValueException("argument must be between " + Long.toOctalString(lowerBound)
                            + " and " + Long.toOctalString(upperBound) + " inclusive");
                }
                throw new ConfigValueException("argument must be between " + Long.toUnsignedString(lowerBound)
                        + " and " + Long.toUnsignedString(upperBound) + " inclusive");
            }
        } else if (format == Format.MEMORY_OR_PERCENT && ll < 0) {
            if (ll < lowerBound) {
                throw new ConfigValueException("percentage argument must be less or equal to " + -lowerBound);
            }
        } else if (ll > upperBound || ll < lowerBound) {
            throw new ConfigValueException("argument must be between " + lowerBound + " and " + upperBound + " inclusive");
        }
    }

    @Override
    public String getValueString() {
        long v = value;
        if (format == Format.MEMORY_OR_PERCENT && v < 0) return -v + "%";
        if (format == Format.MEMORY || format == Format.MEMORY_OR_PERCENT) return Long.toUnsignedString(v);
        if (format == Format.OCTAL) return Long.toOctalString(v);
        return Long.toString(v);
    }

    @Override
    void rewrite(ConfigRewriter.RewriteState state, String name) {
        long v = value;
        String text;
        boolean force;
        if (format == Format.MEMORY_OR_PERCENT && v < 0) {
            text = -v + "%";
            force = -v != defaultValue; /* rewriteConfigPercentOption compares the positive number */
        } else if (format == Format.MEMORY || format == Format.MEMORY_OR_PERCENT) {
            text = formatMemory(v);
            force = v != defaultValue;
        } else if (format == Format.OCTAL) {
            text = Long.toOctalString(v);
            force = v != defaultValue;
        } else {
            text = Long.toString(v);
            force = v != defaultValue;
        }
        state.rewriteLine(name, name + " " + text, force);
    }

    @Override
    void init() {
        value = defaultValue;
    }

    /**
     * {@code rewriteConfigFormatMemory()}: the largest exact unit among gb, mb, kb, else plain bytes,
     * so a rewritten file says {@code maxmemory 100mb} rather than 104857600.
     */
    static String formatMemory(long bytes) {
        long gb = 1024L * 1024 * 1024, mb = 1024L * 1024, kb = 1024;
        if (bytes != 0 && bytes % gb == 0) return bytes / gb + "gb";
        if (bytes != 0 && bytes % mb == 0) return bytes / mb + "mb";
        if (bytes != 0 && bytes % kb == 0) return bytes / kb + "kb";
        return Long.toString(bytes);
    }

    /**
     * {@code memtoull()} of {@code src/util.c}: digits then an optional unit, b, k (1000), kb (1024),
     * m, mb, g, gb, in any case. Returns null when the text is not a memory value. Like Redis it does
     * not detect overflow: too many digits saturate at 2^64-1 and the unit multiplication wraps; an
     * empty string is 0.
     */
    public static Long memtoull(String p) {
        if (!p.isEmpty() && p.charAt(0) == '-') return null;
        int u = 0;
        while (u < p.length() && p.charAt(u) >= '0' && p.charAt(u) <= '9') u++;
        String unit = p.substring(u);
        long mul;
        if (unit.isEmpty() || unit.equalsIgnoreCase("b")) mul = 1;
        else if (unit.equalsIgnoreCase("k")) mul = 1000;
        else if (unit.equalsIgnoreCase("kb")) mul = 1024;
        else if (unit.equalsIgnoreCase("m")) mul = 1000L * 1000;
        else if (unit.equalsIgnoreCase("mb")) mul = 1024L * 1024;
        else if (unit.equalsIgnoreCase("g")) mul = 1000L * 1000 * 1000;
        else if (unit.equalsIgnoreCase("gb")) mul = 1024L * 1024 * 1024;
        else return null;
        if (u >= 128) return null;
        String digits = p.substring(0, u);
        long val;
        if (digits.isEmpty()) {
            val = 0;
        } else {
            try {
                val = Long.parseUnsignedLong(digits);
            } catch (NumberFormatException overflow) {
                val = -1L; /* strtoull saturates at ULLONG_MAX on ERANGE */
            }
        }
        return val * mul;
    }

    /**
     * {@code string2ll()} of {@code src/util.c}: a strict decimal, no spaces, no '+', no leading
     * zeros, no "-0", fitting a signed 64-bit integer. Returns null otherwise.
     */
    static Long string2ll(String s) {
        int n = s.length();
        if (n == 0 || n > 20) return null;
        if (s.equals("0")) return 0L;
        int i = 0;
        if (s.charAt(0) == '-') {
            i = 1;
            if (n == 1) return null;
        }
        if (s.charAt(i) < '1' || s.charAt(i) > '9') return null;
        for (int j = i + 1; j < n; j++) {
            if (s.charAt(j) < '0' || s.charAt(j) > '9') return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException overflow) {
            return null;
        }
    }

    /** {@code strtoll(value, &end, 8)} accepted only when it consumes the whole string without overflow. */
    private static Long strtollOctal(String s) {
        if (s.isEmpty()) return 0L;
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) neg = s.charAt(i++) == '-';
        if (i == s.length()) return null;
        long v = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') return null;
            if (v > (Long.MAX_VALUE >> 3)) return null;
            v = v * 8 + (c - '0');
        }
        return neg ? -v : v;
    }
}
