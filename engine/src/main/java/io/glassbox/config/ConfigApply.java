package io.glassbox.config;

/**
 * What a subsystem runs after CONFIG SET changed one of its settings: Redis's {@code apply_fn}
 * ({@code updateHZ}, {@code updateMaxmemory}, {@code applyBind} in {@code src/config.c}).
 *
 * <p>It runs once per CONFIG SET even when several of the settings it watches changed (Redis
 * de-duplicates apply functions the same way), after every new value is already in place, so it can
 * read them all. Throwing {@link ConfigValueException} rejects the change: the registry restores every
 * value of the command and runs the apply functions again on the old values.
 *
 * <p>It is not called while the startup configuration is loaded: like {@code initServer()}, a
 * subsystem reads its settings' initial values when it starts.
 */
@FunctionalInterface
public interface ConfigApply {
    void apply() throws ConfigValueException;
}
