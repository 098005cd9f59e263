package io.glassbox.config;

import java.util.Set;
import java.util.function.IntPredicate;

/**
 * A setting that takes one word out of a fixed list ({@code maxmemory-policy}, {@code loglevel}):
 * {@code createEnumConfig} and {@code configEnum} tables in {@code src/config.c}.
 *
 * <p>The value is the integer Redis stores ({@link #get()}), the name is looked up case-insensitively
 * and CONFIG GET answers the table's spelling. A {@link ConfigFlag#MULTI_ARG} enum is a set of bit
 * flags instead ({@code shutdown-on-sigint save now}): every word is looked up and the values are
 * OR-ed together; CONFIG GET lists the flags in table order, or the name of value 0 when none is set.
 */
public final class EnumConfig extends StandardConfig {
    private final String[] names;
    private final int[] values;
    private final int defaultValue;
    private final IntPredicate isValid;
    private final String invalidReason;
    private volatile int value;

    /**
     * @param names   the accepted words, in Redis's table order (the error message lists them so)
     * @param values  their integer values, same order
     * @param isValid optional extra check of the combined value ({@code isValidShutdownOnSigFlags}),
     *                failing with {@code invalidReason}
     */
    EnumConfig(String name, String alias, Set<ConfigFlag> flags, String[] names, int[] values, int defaultValue,
               IntPredicate isValid, String invalidReason) {
        super(name, alias, flags);
        this.names = names;
        this.values = values;
        this.defaultValue = defaultValue;
        this.isValid = isValid;
        this.invalidReason = invalidReason;
        this.value = defaultValue;
    }

    EnumConfig(String name, String alias, Set<ConfigFlag> flags, String[] names, int[] values, int defaultValue) {
        this(name, alias, flags, names, values, defaultValue, null, null);
    }

    /** The current value as the integer of the table: the hot-path read. */
    public int get() {
        return value;
    }

    /** The current value as its name (CONFIG GET's text). */
    public String getName() {
        return getValueString();
    }

    public int defaultValue() {
        return defaultValue;
    }

    private boolean bitflags() {
        return hasFlag(ConfigFlag.MULTI_ARG);
    }

    /** {@code configEnumGetValue()}: Integer.MIN_VALUE when a word is unknown. */
    private int lookup(String[] argv) {
        if (argv.length == 0 || (!bitflags() && argv.length != 1)) return Integer.MIN_VALUE;
        int result = 0;
        for (String word : argv) {
            int found = Integer.MIN_VALUE;
            for (int i = 0; i < names.length; i++) {
                if (names[i].equalsIgnoreCase(word)) {
                    found = values[i];
                    break;
                }
            }
            if (found == Integer.MIN_VALUE) return Integer.MIN_VALUE;
            if (!bitflags()) return found;
            result |= found;
        }
        return result;
    }

    @Override
    protected boolean set(String[] argv, boolean readingConfigFile) throws ConfigValueException {
        int enumval = lookup(argv);
        if (enumval == Integer.MIN_VALUE) {
            throw new ConfigValueException("argument(s) must be one of the following: " + String.join(", ", names));
        }
        if (isValid != null && !isValid.test(enumval)) throw new ConfigValueException(invalidReason);
        if (enumval == value) return false;
        value = enumval;
        return true;
    }

    /** {@code configEnumGetName()}, with the bit-flags variant joining the names of the set flags. */
    @Override
    public String getValueString() {
        int v = value;
        if (!bitflags()) {
            for (int i = 0; i < names.length; i++) if (values[i] == v) return names[i];
            return "unknown";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if (v == 0 && values[i] == 0) return names[i];
            if (values[i] != 0 && (v & values[i]) == values[i]) {
                if (sb.length() > 0) sb.append(' ');
                sb.append(names[i]);
            }
        }
        return sb.length() == 0 ? "unknown" : sb.toString();
    }

    @Override
    void rewrite(ConfigRewriter.RewriteState state, String name) {
        state.rewriteLine(name, name + " " + getValueString(), value != defaultValue);
    }

    @Override
    void init() {
        value = defaultValue;
    }
}
