/**
 * The set commands: Redis's {@code t_set.c} (SADD, SREM, SISMEMBER, SMISMEMBER, SCARD, SMEMBERS,
 * SPOP, SRANDMEMBER, SMOVE, SSCAN, SINTER/SUNION/SDIFF, their STORE forms and SINTERCARD). The
 * encodings and the conversion between them live in {@link io.glassbox.db.SetObjects} (the
 * {@code setType*} layer); the commands here combine sets without caring which encoding they hold,
 * except where Redis takes a shortcut (SINTER compares two intsets directly).
 *
 * <p>What a learner watches is the encoding: a set of canonical integers is an {@code intset}
 * while it has at most {@code set-max-intset-entries} members; the first non-integer member, or one
 * too many, makes it a {@code hashtable} for good. Reply order follows the encoding: an intset
 * iterates in ascending order, a hash table in bucket order.
 *
 * <p>Invariants. A command that empties a set deletes the key; the STORE forms replace the
 * destination whatever its type and delete it when the result is empty. SPOP propagates as the
 * SREM of the members it chose, so a replica removes the same ones.
 *
 * <p>Bounds and strategies (Redis's constants): SINTER walks its smallest input and looks each
 * member up in the others, O(N * K); SPOP with a count pops one by one unless nearly the whole set
 * goes ({@code SPOP_MOVE_STRATEGY_MUL}), then it keeps the few survivors in a new set instead;
 * SRANDMEMBER with a count near the set's size copies and removes at random
 * ({@code SRANDMEMBER_SUB_STRATEGY_MUL}), else it samples, so neither does much wasted work.
 */
package io.glassbox.command.set;
