/**
 * The geo commands: Redis's {@code geo.c} (GEOADD, GEODIST, GEOHASH, GEOPOS, GEORADIUS[_RO],
 * GEORADIUSBYMEMBER[_RO], GEOSEARCH, GEOSEARCHSTORE). The geohash arithmetic is
 * {@link io.glassbox.ds.geo}.
 *
 * <p>There is no geo type: a geo set is a sorted set whose scores are 52-bit geohashes, so ZRANGE,
 * ZREM and ZCARD work on it too, TYPE says {@code zset}, and nearby points have nearby scores (a
 * Z-order curve). A point therefore comes back as the centre of its cell, about 0.6 m from where it
 * was written, and GEOPOS shows that.
 *
 * <p>Bounds: a search scans at most 9 score ranges (the centre's cell and its 8 neighbours, at the
 * coarsest step whose cells cover the radius) and checks each candidate's exact distance, so it is
 * O(N + log M) for N candidates in those cells, whatever the set's size M; sorting by distance adds
 * O(N log N). With ANY the scan stops at COUNT matches, which are then "some close members", not the
 * closest.
 *
 * <p>Replies follow Redis to the digit: coordinates as {@code addReplyHumanLongDouble}, distances
 * as "%.4f" in the requested unit, WITHHASH as the raw 52-bit score. Difference from the C code:
 * Redis prints a coordinate with {@code "%.17Lf"} of a {@code long double}; the value is a decoded
 * {@code double}, so its exact decimal expansion rounded to 17 places gives the same digits.
 */
package io.glassbox.command.geo;
