/**
 * The geo commands: Redis's {@code geo.c}. There is no geo type: a geo set is a sorted set whose
 * scores are 52-bit geohashes ({@link io.glassbox.ds.geo}), so ZRANGE, ZREM and ZCARD work on it
 * too, and TYPE says {@code zset}.
 */
package io.glassbox.command.geo;
