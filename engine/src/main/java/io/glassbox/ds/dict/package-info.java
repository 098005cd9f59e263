/**
 * Redis's hash table ({@code src/dict.c}, {@code src/siphash.c}): the structure behind the
 * keyspace, the expires table, every large hash, set and sorted set, and the command table.
 *
 * <h2>Where to look</h2>
 * <table>
 *   <caption>Concept to class</caption>
 *   <tr><th>Concept</th><th>Class</th><th>Redis</th></tr>
 *   <tr><td>The table, incremental rehashing, SCAN, sampling</td><td>{@link io.glassbox.ds.dict.Dict}</td>
 *       <td>{@code dict.c}: dictAdd, dictFind, dictRehash, dictScan, dictGetSomeKeys</td></tr>
 *   <tr><td>A key/value pair in a chain</td><td>{@link io.glassbox.ds.dict.DictEntry}</td><td>{@code struct dictEntry}</td></tr>
 *   <tr><td>Hashing and key equality</td><td>{@link io.glassbox.ds.dict.DictType}</td><td>{@code dictType}</td></tr>
 *   <tr><td>The keyed hash function</td><td>{@link io.glassbox.ds.dict.SipHash}</td><td>{@code siphash.c}</td></tr>
 *   <tr><td>"Don't grow while a child saves"</td><td>{@link io.glassbox.ds.dict.DictResizePolicy}</td>
 *       <td>{@code dict_can_resize}, {@code dict_force_resize_ratio}</td></tr>
 *   <tr><td>Safe / unsafe iteration</td><td>{@link io.glassbox.ds.dict.DictIterator}</td><td>{@code dictIterator}</td></tr>
 *   <tr><td>DEBUG HTSTATS text</td><td>{@link io.glassbox.ds.dict.DictStats}</td><td>{@code dictGetStats}</td></tr>
 *   <tr><td>Watching it work</td><td>{@link io.glassbox.ds.dict.DictListener}, {@link io.glassbox.ds.dict.DictSnapshot}</td>
 *       <td>(Glassbox only)</td></tr>
 * </table>
 *
 * <h2>The idea in one paragraph</h2>
 * Chained hashing over a power-of-two array: a key's bucket is the low bits of its SipHash.
 * Growth doubles the array; to never stall the server, the move to the new array happens one
 * bucket at a time, on the back of ordinary operations and a millisecond per cron tick, with both
 * arrays live in the meantime. Everything else in the file follows from that choice: lookups check
 * both tables, iterators must stop the migration (or prove they did not observe it), and the SCAN
 * cursor is counted in reverse binary so that a walk started on one array finishes correctly on
 * another.
 *
 * <p>This package depends only on the JDK: it knows nothing of commands, clients or the network.
 */
package io.glassbox.ds.dict;
