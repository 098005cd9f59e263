package io.glassbox.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One setting of the registry: Redis's {@code struct standardConfig} of {@code src/config.c}.
 *
 * <p>Redis describes every setting once, in the {@code static_configs[]} table, by its name, an
 * optional alias, its flags and a {@code typeInterface} of four functions: {@code set} (parse and
 * store), {@code get} (format for CONFIG GET), {@code rewrite} (emit a config file line) and an
 * optional {@code apply} (make the running server notice). CONFIG SET, CONFIG GET, CONFIG REWRITE and
 * the config file loader are all written once against that interface. Here the interface is this
 * abstract class and each type is a subclass ({@link BoolConfig}, {@link NumericConfig},
 * {@link EnumConfig}, {@link StringConfig}, and the special ones in {@link SpecialConfigs}).
 *
 * <p>Redis's table points at the {@code server} struct field a value lives in, so the hot path reads
 * {@code server.hz} with no lookup. The Java equivalent is that the config object <em>is</em> the
 * holder: a subsystem keeps the object (for example {@code NumericConfig hz}) and reads
 * {@code hz.get()}, a plain volatile field read.
 */
public abstract class StandardConfig {
    private final String name;
    private final String alias;
    private final Set<ConfigFlag> flags;
    private final List<ConfigApply> applyFns = new ArrayList<>();

    protected StandardConfig(String name, String alias, Set<ConfigFlag> flags) {
        this.name = name;
        this.alias = alias;
        this.flags = flags.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    }

    /** The primary name, the one CONFIG REWRITE writes. */
    public final String name() {
        return name;
    }

    /** The older name still accepted ({@code slaveof} for {@code replicaof}), or null. */
    public final String alias() {
        return alias;
    }

    public final boolean hasFlag(ConfigFlag flag) {
        return flags.contains(flag);
    }

    public final Set<ConfigFlag> flags() {
        return flags;
    }

    /**
     * Parses {@code argv} (one word, or several for {@link ConfigFlag#MULTI_ARG} settings) and stores
     * it: {@code interface.set}. Returns true when the value changed, false when it was already that
     * value (Redis's return code 2), so that apply functions run only for real changes.
     *
     * @param readingConfigFile true while the startup configuration is loaded; only {@code save}
     *                          behaves differently (several {@code save} lines add up)
     * @throws ConfigValueException with Redis's reason when the value is invalid; the old value is kept
     */
    protected abstract boolean set(String[] argv, boolean readingConfigFile) throws ConfigValueException;

    /** The value as CONFIG GET shows it: {@code interface.get}. */
    public abstract String getValueString();

    /** Emits this setting's line(s) into a config rewrite: {@code interface.rewrite}. */
    abstract void rewrite(ConfigRewriter.RewriteState state, String name);

    /** Puts the default back: {@code interface.init}. Used when a registry is created. */
    abstract void init();

    /** Subsystem callbacks run after CONFIG SET changed this value; see {@link ConfigApply}. */
    final List<ConfigApply> applyFns() {
        return applyFns;
    }

    final void addApply(ConfigApply fn) {
        applyFns.add(fn);
    }

    @Override
    public String toString() {
        return name + " " + getValueString();
    }
}
