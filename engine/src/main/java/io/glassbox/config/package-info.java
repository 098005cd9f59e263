/**
 * The configuration registry: every Redis 7.0 setting, CONFIG GET / SET / REWRITE, and the startup
 * parsing of redis.conf and the command line. The Redis counterpart is {@code src/config.c}.
 *
 * <p><b>One table describes every setting.</b> {@link io.glassbox.config.ConfigTable} lists each
 * setting once with its type, bounds, default and flags, like Redis's {@code static_configs[]}. The
 * types ({@link io.glassbox.config.BoolConfig}, {@link io.glassbox.config.NumericConfig},
 * {@link io.glassbox.config.EnumConfig}, {@link io.glassbox.config.StringConfig} and the special ones
 * in {@link io.glassbox.config.SpecialConfigs}) know how to parse, show and rewrite a value; the
 * commands and the file loader never mention a setting by name (except the few sanity rules Redis
 * also hard-codes, such as clamping {@code hz}).
 *
 * <p><b>Why holders.</b> Redis's table points into the {@code server} struct, so the event loop reads
 * {@code server.hz} with no lookup. Here the setting object is the holder: look it up once, keep it,
 * read {@code get()}. Subsystems that must react to a change (re-listen on a new port, resize the
 * replication backlog) register a {@link io.glassbox.config.ConfigApply}.
 *
 * <p><b>Why CONFIG SET is all-or-nothing.</b> Since Redis 7.0 CONFIG SET takes several pairs and
 * either applies all or none: names are checked first, values are parsed and stored with a backup of
 * the old ones, and the apply functions run last; any failure restores the backup. The invariant a
 * learner can rely on: after an error reply, every setting reads as before the command.
 *
 * <p>Concept to file: the table - {@code ConfigTable}; CONFIG SET/GET - {@code ConfigRegistry};
 * redis.conf and argv - {@code ConfigLoader} with {@code SplitArgs} (sdssplitargs); CONFIG REWRITE -
 * {@code ConfigRewriter}.
 */
package io.glassbox.config;
