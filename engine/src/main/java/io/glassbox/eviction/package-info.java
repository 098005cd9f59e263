/**
 * Memory accounting and {@code maxmemory} eviction: Redis's {@code evict.c} and the memory half of
 * {@code object.c}.
 *
 * <p><b>What a byte means here.</b> Redis counts every allocation (zmalloc) and knows its used memory
 * exactly. A JVM has no such counter per engine: the heap holds garbage until a collection, and several
 * engines may share one process. So each key is charged what its value costs in the heap by the JVM's
 * object layout ({@code db.ObjectSize}, Redis's {@code objectComputeSize} with HotSpot's sizes), the
 * charge kept in the value ({@code RedisObject.mem}) and summed per database; the keys a command wrote
 * are measured again when it ends, and a slow walk in the cron re-measures everything, so a change the
 * account did not see is corrected within one walk. docs/memory.md compares the account with the heap.
 *
 * <p><b>Eviction</b> ({@link io.glassbox.eviction.Eviction}) is Redis's: before a command that may grow
 * memory, if used memory is over {@code maxmemory}, keys are evicted as {@code maxmemory-policy} says,
 * the LRU and LFU policies through the {@link io.glassbox.eviction.EvictionPool} of sixteen candidates
 * filled by sampling {@code maxmemory-samples} keys per database. The LFU counter lives in the value's
 * 24-bit {@code lru} field and is kept by {@code db.Lfu} on every lookup. A command refused because
 * nothing could be evicted gets Redis's {@code -OOM} error.
 *
 * <p>The core reaches this package through {@code server.MemoryLimit}; the package reaches the core
 * through {@link io.glassbox.eviction.Eviction.Host} ({@code engine.EvictionHost}). One thread: all of
 * it runs on the command thread.
 */
package io.glassbox.eviction;
