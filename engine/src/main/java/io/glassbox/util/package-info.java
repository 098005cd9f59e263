/**
 * Redis's {@code src/util.c} in Java: the small, pure functions every command leans on, with no
 * knowledge of clients, commands or the network.
 *
 * <table>
 *   <caption>Concept, class, Redis counterpart</caption>
 *   <tr><th>Concept</th><th>Class</th><th>Redis</th></tr>
 *   <tr><td>Glob patterns (KEYS, SCAN MATCH, PSUBSCRIBE)</td><td>{@link io.glassbox.util.Glob}</td>
 *       <td>{@code stringmatchlen()}</td></tr>
 *   <tr><td>Integers: strict parse, fast print</td><td>{@link io.glassbox.util.RedisNumbers}</td>
 *       <td>{@code string2ll()}, {@code ll2string()}</td></tr>
 *   <tr><td>Doubles: scores and their replies</td><td>{@link io.glassbox.util.RedisNumbers}</td>
 *       <td>{@code string2d()}, {@code d2string()}, {@code addReplyDouble()}</td></tr>
 *   <tr><td>INCRBYFLOAT arithmetic</td><td>{@link io.glassbox.util.LongDouble}</td>
 *       <td>{@code string2ld()}, {@code ld2string()}, x87 {@code long double}</td></tr>
 * </table>
 *
 * <h2>Why a teaching engine is this fussy about numbers</h2>
 * Clients can see every byte these functions produce. Whether {@code "007"} is stored as an
 * integer, whether a score prints as {@code 1.1} or {@code 1.1000000000000001}, whether
 * {@code INCRBYFLOAT} answers {@code 4.1}: each is an observable part of Redis 7.0's behaviour, so
 * each is reproduced exactly and checked against answers recorded from a real
 * {@code redis-server 7.0.15} (the tables in {@code engine/src/test/resources/oracle}, read by the
 * test kit's {@code OracleTable}).
 *
 * <h2>Allocation on hot paths</h2>
 * Parsing mirrors C's "return a flag, write through a pointer" shape with a one-element array
 * ({@code long[]}, {@code double[]}) that callers reuse, so no sentinel value is stolen from the
 * valid range and {@code string2ll}, run on almost every argument, allocates nothing. Only {@link io.glassbox.util.LongDouble} trades speed for clarity: it
 * computes exactly with {@link java.math.BigInteger}, because INCRBYFLOAT is rare and its exact
 * digits are the point.
 */
package io.glassbox.util;
