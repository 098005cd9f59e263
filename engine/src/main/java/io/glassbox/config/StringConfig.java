package io.glassbox.config;

import java.util.Set;

/**
 * A free-text setting ({@code dbfilename}, {@code requirepass}, {@code logfile}):
 * {@code createStringConfig} / {@code createSDSConfig} in {@code src/config.c}.
 *
 * <p>Some of them treat the empty string as "not set" ({@code EMPTY_STRING_IS_NULL}): {@code pidfile ""}
 * means no pid file, and CONFIG REWRITE then leaves the setting out of the file entirely so that the
 * next start sees it unset too. {@link #get()} returns null for such an unset value, while CONFIG GET
 * shows "".
 *
 * <p>Strings in the registry are byte strings: one {@code char} per byte (ISO-8859-1), so that a
 * value written with {@code \xHH} escapes or sent as arbitrary bytes round-trips exactly.
 */
public final class StringConfig extends StandardConfig {

    /** A validity check ({@code isValidDBfilename}): returns the reason to refuse, or null to accept. */
    @FunctionalInterface
    interface Validator {
        String check(String value);
    }

    private final boolean emptyIsNull;
    private final String defaultValue;
    private final Validator validator;
    private volatile String value;

    StringConfig(String name, String alias, Set<ConfigFlag> flags, boolean emptyIsNull, String defaultValue,
                 Validator validator) {
        super(name, alias, flags);
        this.emptyIsNull = emptyIsNull;
        this.defaultValue = defaultValue;
        this.validator = validator;
        this.value = defaultValue;
    }

    /** The current value; null when unset (only for settings where "" means unset). */
    public String get() {
        return value;
    }

    public String defaultValue() {
        return defaultValue;
    }

    @Override
    protected boolean set(String[] argv, boolean readingConfigFile) throws ConfigValueException {
        if (validator != null) {
            String reason = validator.check(argv[0]);
            if (reason != null) throw new ConfigValueException(reason);
        }
        String next = emptyIsNull && argv[0].isEmpty() ? null : argv[0];
        String prev = value;
        if (next == null ? prev == null : next.equals(prev)) return false;
        value = next;
        return true;
    }

    @Override
    public String getValueString() {
        String v = value;
        return v == null ? "" : v;
    }

    /** {@code rewriteConfigStringOption()}: an unset value is dropped, a default one kept only if present. */
    @Override
    void rewrite(ConfigRewriter.RewriteState state, String name) {
        String v = value;
        if (v == null) {
            state.markAsProcessed(name);
            return;
        }
        boolean force = defaultValue == null || !v.equals(defaultValue);
        state.rewriteLine(name, name + " " + SplitArgs.repr(v), force);
    }

    @Override
    void init() {
        value = defaultValue;
    }
}
