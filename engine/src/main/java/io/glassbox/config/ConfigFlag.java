package io.glassbox.config;

/**
 * The flags of a setting, as in the {@code standardConfig} table of {@code src/config.c}
 * ({@code IMMUTABLE_CONFIG}, {@code PROTECTED_CONFIG}...). A setting without IMMUTABLE is
 * Redis's {@code MODIFIABLE_CONFIG}.
 */
public enum ConfigFlag {
    /** Only the config file or the command line may set it: CONFIG SET answers "can't set immutable config". */
    IMMUTABLE,
    /**
     * Dangerous to change at runtime (it can make Redis write files where it should not): CONFIG SET is
     * refused with "can't set protected config" unless {@code enable-protected-configs} is {@code yes},
     * or {@code local} and the client is local.
     */
    PROTECTED,
    /** Its value is a secret (passwords): the command must be redacted from SLOWLOG and MONITOR. */
    SENSITIVE,
    /** Printed by DEBUG INFO-style dumps ({@code getConfigDebugInfo()}); no effect on behaviour here. */
    DEBUG,
    /** Takes several words: {@code save 900 1 300 10}. CONFIG SET splits its value on spaces. */
    MULTI_ARG,
    /** Not listed by pattern matches in CONFIG GET; only an exact name finds it (test-only knobs). */
    HIDDEN,
    /** CONFIG SET is refused with a LOADING error while a dataset is being loaded. */
    DENY_LOADING
}
