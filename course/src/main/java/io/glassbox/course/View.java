package io.glassbox.course;

import io.glassbox.engine.Engine;

/**
 * The view a step brings forward, and what it looks at: which engine (the learner's, or one the
 * lesson started), which database, which key (and member, for a skiplist's search path).
 * A front end draws it from the engine's snapshots when it shows the step.
 */
public record View(Kind kind, Engine engine, int db, String key, String member) {
    public enum Kind {
        /** Nothing to draw: the captions and replies say it all. */
        NONE,
        /** A database's keyspace dict: both tables, each bucket, rehashidx. */
        DICT,
        /** A sorted set's skiplist: towers, spans, the search path to {@code member}. */
        SKIPLIST,
        /** A value's structure and bytes: string, listpack, intset, quicklist, hashtable. */
        ENCODING,
        /** The event loop's last ticks. */
        LOOP,
        /** Role, offsets, replicas, the backlog ring of {@code engine}. */
        REPLICATION,
        /** A stream's radix tree and its listpacks. */
        STREAM,
        /** maxmemory at work on {@code engine}: the eviction pool and its victims, LFU counters, lazy free, the latency monitor. */
        MEMORY,
        /** Who may do what and who caches what on {@code engine}: ACL refusals, the tracking table and its invalidations. */
        ACCESS
    }

    public static View none() { return new View(Kind.NONE, null, -1, null, null); }
}
