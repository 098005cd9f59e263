package io.glassbox.config;

import java.util.Set;

/**
 * A yes/no setting: {@code createBoolConfig} in {@code src/config.c} ({@code boolConfigSet},
 * {@code yesnotoi}). Accepts "yes" and "no" in any case; CONFIG GET always answers lowercase.
 */
public final class BoolConfig extends StandardConfig {
    private final boolean defaultValue;
    private volatile boolean value;

    BoolConfig(String name, String alias, Set<ConfigFlag> flags, boolean defaultValue) {
        super(name, alias, flags);
        this.defaultValue = defaultValue;
        this.value = defaultValue;
    }

    /** The current value: the hot-path read. */
    public boolean get() {
        return value;
    }

    public boolean defaultValue() {
        return defaultValue;
    }

    /** {@code yesnotoi()}: 1 for yes, 0 for no, -1 for anything else. */
    static int yesnotoi(String s) {
        if (s.equalsIgnoreCase("yes")) return 1;
        if (s.equalsIgnoreCase("no")) return 0;
        return -1;
    }

    @Override
    protected boolean set(String[] argv, boolean readingConfigFile) throws ConfigValueException {
        int yn = yesnotoi(argv[0]);
        if (yn == -1) throw new ConfigValueException("argument must be 'yes' or 'no'");
        boolean next = yn == 1;
        if (next == value) return false;
        value = next;
        return true;
    }

    @Override
    public String getValueString() {
        return value ? "yes" : "no";
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
