package io.glassbox.hooks;

/**
 * One thing the engine did, as a listener of {@link Hooks} sees it. Every event carries the number
 * of the loop tick it belongs to (the tick in progress when it happened; a {@link LoopTick} carries
 * its own number) and a {@link System#nanoTime} timestamp, so a visualizer can group events by tick
 * and space them in time.
 *
 * <p>Events are immutable values: byte arrays (keys) are copied in and copied out.
 */
public sealed interface EngineEvent {

    /** The loop tick this event belongs to. */
    long tick();

    /** When it happened, by {@link System#nanoTime}. */
    long nanoTime();

    /**
     * A tick finished (aeMain's one turn, ending with beforeSleep): what each phase did. File
     * events: {@code reads} handled and {@code commands} run; time events: {@code cronRuns};
     * before-sleep: {@code clientsWritten}.
     */
    record LoopTick(long tick, long nanoTime, long startNanos, long durationNanos, int reads, long commands,
                    int cronRuns, int clientsWritten) implements EngineEvent {}

    /** A command finished ({@code call()} in server.c); {@code command} is its full name, e.g. "client|list". */
    record CommandExecuted(long tick, long nanoTime, long clientId, String command, long micros) implements EngineEvent {}

    /**
     * What a <em>sampled</em> subscription did not hear one by one (see
     * {@link Hooks#subscribe(java.util.function.Consumer, int, java.util.Set, int)}), sent just before
     * the next {@link LoopTick} it hears, numbered as that tick: since the previous tick it heard,
     * {@code ticks} ticks ran (this one included; {@code ticksSkipped} of them, all shorter than the
     * sampling interval, were not reported) and {@code commands} commands completed, of which
     * {@code commandsSkipped} were only counted. Sent only when something was skipped; a subscription
     * that takes every event never sees one.
     */
    record Sampled(long tick, long nanoTime, long ticks, long commands, long ticksSkipped, long commandsSkipped)
            implements EngineEvent {}

    /**
     * evictionPoolPopulate sampled {@code key} of database {@code db}: its {@code score} (idle ms under
     * LRU, 255 minus the LFU counter under LFU, Long.MAX_VALUE minus the expire time under
     * volatile-ttl; larger is evicted first) and the pool slot it took (0..15, -1: not kept).
     */
    record EvictionKeySampled(long tick, long nanoTime, int db, byte[] key, long score, int slot) implements EngineEvent {
        public EvictionKeySampled {
            key = key.clone();
        }

        @Override
        public byte[] key() { return key.clone(); }
    }

    /**
     * A round of sampling over every database ended: the pool's entries, worst to best (the best is
     * evicted next), as parallel arrays: database, key, score.
     */
    record EvictionPoolPopulated(long tick, long nanoTime, long[] dbs, byte[][] keys, long[] scores) implements EngineEvent {
        public EvictionPoolPopulated {
            dbs = dbs.clone();
            keys = keys.clone();
            scores = scores.clone();
        }

        @Override public long[] dbs() { return dbs.clone(); }

        @Override public byte[][] keys() { return keys.clone(); }

        @Override public long[] scores() { return scores.clone(); }
    }

    /** performEvictions deleted {@code key} (its score, the bytes its deletion took off the memory account). */
    record KeyEvicted(long tick, long nanoTime, int db, byte[] key, long score, long bytesFreed, String policy) implements EngineEvent {
        public KeyEvicted {
            key = key.clone();
        }

        @Override
        public byte[] key() { return key.clone(); }
    }

    /** A client connected (acceptCommonHandler, or an in-process client). */
    record ClientConnected(long tick, long nanoTime, long clientId, String addr) implements EngineEvent {}

    /**
     * ACL refused a client (addACLLogEntry, the entry ACL LOG shows): user {@code username} may not
     * run {@code command} ({@code reason} "command"), touch key {@code object} ("key"), use channel
     * {@code object} ("channel"), or failed to authenticate ("auth"); {@code context} "toplevel",
     * "multi" or "lua". The client got a -NOPERM (or -WRONGPASS) error.
     */
    record AclDenied(long tick, long nanoTime, long clientId, String username, String command, String reason, String context,
                     String object) implements EngineEvent {}

    /** A client went away (freeClient). */
    record ClientClosed(long tick, long nanoTime, long clientId, String addr) implements EngineEvent {}

    /**
     * A client is closed because its output buffer reached a limit of its class
     * (closeClientOnOutputBufferLimitReached): {@code clientClass} normal, slave or pubsub, {@code limit}
     * "hard" or "soft", the output buffer it held and the limit it reached. A ClientClosed follows.
     */
    record ClientOutputBufferLimitReached(long tick, long nanoTime, long clientId, String addr, String clientClass,
                                          String limit, long usedBytes, long limitBytes) implements EngineEvent {}

    /**
     * A client is evicted because normal and pubsub clients together used at least maxmemory-clients
     * (evictClients, largest bucket first): its own memory, all of theirs, the limit. A ClientClosed follows.
     */
    record ClientEvicted(long tick, long nanoTime, long clientId, String addr, long clientBytes, long clientsBytes,
                         long limitBytes) implements EngineEvent {}

    /**
     * The I/O threads did a phase of a tick (networking.c's handleClientsWithPendingReadsUsingThreads
     * or handleClientsWithPendingWritesUsingThreads; {@code op} "read" or "write"): client
     * {@code clientIds[k]} went to thread {@code clientThreads[k]} (0 is the command thread itself,
     * i is {@code io_thd_i}); per thread its busy time and bytes; then the dealing out, the command
     * thread's wait for the others (the spin on io_threads_pending) and the follow-up on the command
     * thread (running the parsed commands, or handing unwritten bytes to the write handler).
     */
    record IoThreadsPhase(long tick, long nanoTime, String op, long[] clientIds, long[] clientThreads, long[] busyNanos,
                          long[] bytes, long fanOutNanos, long mainWaitNanos, long fanInNanos) implements EngineEvent {}

    /** A key was deleted because its TTL passed (lazily on access or by activeExpireCycle). */
    record KeyExpired(long tick, long nanoTime, int db, byte[] key) implements EngineEvent {
        public KeyExpired {
            key = key.clone();
        }

        @Override
        public byte[] key() { return key.clone(); }
    }

    /**
     * A keyspace dict ({@code "db0"} for the keys, {@code "db0:expires"} for the TTLs) allocated a
     * new table of {@code newSize} buckets; {@code oldSize} 0 means its first table. Otherwise
     * incremental rehashing starts: {@code used} entries will move bucket by bucket.
     */
    record DictResized(long tick, long nanoTime, String dict, int oldSize, int newSize, long used) implements EngineEvent {}

    /** One rehash step moved bucket {@code fromBucket} ({@code movedEntries} entries) of ht[0] to ht[1]. */
    record DictRehashStep(long tick, long nanoTime, String dict, int fromBucket, int movedEntries, int rehashIdxAfter)
            implements EngineEvent {}

    /** Rehashing finished: ht[1] became ht[0], {@code newSize} buckets. */
    record DictRehashCompleted(long tick, long nanoTime, String dict, int newSize) implements EngineEvent {}

    /**
     * A value changed its encoding (e.g. a hash from "listpack" to "hashtable", a set from
     * "intset" to "hashtable", a sorted set from "listpack" to "skiplist"). Reported when the
     * command that converted it finishes, with the database and key it lives at.
     */
    record EncodingConverted(long tick, long nanoTime, int db, byte[] key, String from, String to) implements EngineEvent {
        public EncodingConverted {
            key = key == null ? null : key.clone(); // null (db -1) where the converting code knows no key: an HLL
        }

        @Override
        public byte[] key() { return key == null ? null : key.clone(); }
    }

    /**
     * zslInsert linked {@code member} in with a tower of {@code level} levels (randomLevel's draw).
     * {@code updateMembers[i]} is the node after which the new node was linked at level {@code i}
     * (null for the header): the search path, read from the top level down, is where the search
     * went down a level; {@code updateRanks[i]} is that node's rank (0 for the header). Both arrays
     * are as long as the list's level after the insert.
     */
    record SkipListInsert(long tick, long nanoTime, int db, byte[] key, byte[] member, double score, int level,
                          byte[][] updateMembers, long[] updateRanks) implements EngineEvent {
        public SkipListInsert {
            key = key.clone();
            member = member.clone();
            updateMembers = deepCopy(updateMembers);
            updateRanks = updateRanks.clone();
        }

        @Override public byte[] key() { return key.clone(); }
        @Override public byte[] member() { return member.clone(); }
        @Override public byte[][] updateMembers() { return deepCopy(updateMembers); }
        @Override public long[] updateRanks() { return updateRanks.clone(); }

        private static byte[][] deepCopy(byte[][] a) {
            byte[][] c = new byte[a.length][];
            for (int i = 0; i < a.length; i++) c[i] = a[i] == null ? null : a[i].clone();
            return c;
        }
    }

    /** zslDeleteNode unlinked {@code member} (ZREM, a range deletion, or a score update that moves it). */
    record SkipListDelete(long tick, long nanoTime, int db, byte[] key, byte[] member, double score) implements EngineEvent {
        public SkipListDelete {
            key = key.clone();
            member = member.clone();
        }

        @Override public byte[] key() { return key.clone(); }
        @Override public byte[] member() { return member.clone(); }
    }

    /**
     * A list's quicklist node changed: {@code kind} is what happened to it. {@code SPLIT}
     * (_quicklistSplitNode): a full node was cut in two to make room for an insertion, {@code count}
     * entries stayed and {@code otherCount} moved to the new neighbour. {@code MERGE}
     * (_quicklistListpackMerge): two small neighbours became one node of {@code count} entries
     * ({@code otherCount} of them came from the node that went away). {@code COMPRESS}: an inner
     * node's listpack of {@code bytes} was stored LZF-compressed in {@code otherBytes} (the nodes
     * within list-compress-depth of either end stay raw). {@code DECOMPRESS}: the reverse, to read
     * or write it, or because it came within the depth of an end.
     */
    record QuicklistNodeChanged(long tick, long nanoTime, int db, byte[] key, Kind kind, int count, int otherCount,
                                int bytes, int otherBytes) implements EngineEvent {
        public enum Kind { SPLIT, MERGE, COMPRESS, DECOMPRESS }

        public QuicklistNodeChanged {
            key = key.clone();
        }

        @Override public byte[] key() { return key.clone(); }
    }

    /**
     * intsetUpgradeAndAdd rewrote a set's intset from {@code oldEncoding} to {@code newEncoding}
     * bytes per value (2, 4, 8) because {@code value} did not fit; it now has {@code length} values.
     */
    record IntsetUpgraded(long tick, long nanoTime, int db, byte[] key, int oldEncoding, int newEncoding, long value,
                          int length) implements EngineEvent {
        public IntsetUpgraded {
            key = key.clone();
        }

        @Override public byte[] key() { return key.clone(); }
    }

    /**
     * A save began (rdbSave / rdbSaveBackground): {@code background} for BGSAVE and save points,
     * with the number of keys the snapshot holds.
     */
    record SnapshotStarted(long tick, long nanoTime, boolean background, long keysTotal) implements EngineEvent {}

    /** One slice of a background save's walk ran: keys saved so far and bytes already on disk. */
    record SnapshotProgress(long tick, long nanoTime, long keysProcessed, long keysTotal, long bytesWritten) implements EngineEvent {}

    /**
     * A save ended; {@code error} is null on success. {@code longestSliceNanos}: the longest slice of
     * a background walk (the stall it caused), or the whole duration of a foreground SAVE.
     */
    record SnapshotFinished(long tick, long nanoTime, boolean background, long keys, long bytes, long longestSliceNanos,
                            String error) implements EngineEvent {}

    /**
     * The AOF's current file was fsynced: with appendfsync always on the command thread before the
     * tick's replies are written ({@code background} false), with everysec by the background thread.
     * {@code bytes} is the file's size at that moment.
     */
    record AofFsync(long tick, long nanoTime, String file, long bytes, boolean background) implements EngineEvent {}

    /**
     * A phase of an AOF rewrite: "started" (writes switched to a new incr file), "image-taken" (the
     * dataset was serialised on the command thread), "done" (the new base is in the manifest),
     * "failed".
     */
    record AofRewritePhase(long tick, long nanoTime, String phase) implements EngineEvent {}

    /**
     * A HyperLogLog register was raised by PFADD or PFMERGE (hllDenseSet / hllSparseSet): register
     * {@code register} (0..16383) went from {@code oldValue} to {@code newValue} in the
     * {@code "sparse"} or {@code "dense"} encoding. The switch from sparse to dense is an
     * {@link EncodingConverted} from "sparse" to "dense".
     */
    record HllRegisterSet(long tick, long nanoTime, int register, int oldValue, int newValue, String encoding)
            implements EngineEvent {}

    // ---------------------------------------------------------------- lazy free and latency

    /**
     * Something was queued for the bio_lazy_free thread (lazyfree.c's bioCreateLazyFreeJob), on the
     * command thread: {@code what} is "object" (a value UNLINK, a lazy DEL, expiry or eviction took
     * out of the keyspace; {@code objects} 1, {@code effort} its lazyfreeGetFreeEffort) or
     * "database" (FLUSHALL/FLUSHDB ASYNC's old dicts; {@code objects} their keys).
     */
    record LazyFreeQueued(long tick, long nanoTime, String what, long objects, long effort) implements EngineEvent {}

    /**
     * The bio_lazy_free thread freed a queued job, while the command thread went on: it walked
     * {@code visited} entries, cutting their links, in {@code nanos}. {@code tick} is the command
     * thread's tick at that moment.
     */
    record LazyFreeDone(long tick, long nanoTime, String what, long objects, long visited, long nanos) implements EngineEvent {}

    /**
     * The latency monitor recorded a sample (latencyAddSample: {@code ms} reached
     * latency-monitor-threshold) for {@code event}: "command", "fast-command", "expire-cycle",
     * "aof-write", "aof-fsync-always", "fork", ...; LATENCY LATEST and DOCTOR report it.
     */
    record LatencySample(long tick, long nanoTime, String event, long ms) implements EngineEvent {}

    // ---------------------------------------------------------------- replication

    /**
     * Bytes were added to the replication stream (replicationFeedSlaves on a master, or the
     * master's stream re-fed by a replica): {@code masterReplOffset} is where the stream now ends.
     * The backlog ring ({@code backlogSize} bytes) was written up to {@code writeIndex}; it holds
     * the last {@code histlen} bytes, the valid window {@code [firstByteOffset, masterReplOffset]}.
     */
    record ReplicationStreamFed(long tick, long nanoTime, long masterReplOffset, long bytes, int backlogSize,
                                int writeIndex, long histlen, long firstByteOffset) implements EngineEvent {}

    /** A client became a replica of this node (after a full or partial resync); {@code addr} its address. */
    record ReplicaAttached(long tick, long nanoTime, long clientId, String addr) implements EngineEvent {}

    /** A replica's connection closed. */
    record ReplicaDetached(long tick, long nanoTime, long clientId) implements EngineEvent {}

    /**
     * A replica acknowledged {@code ackOffset} (REPLCONF ACK); the master was at
     * {@code masterReplOffset}, so {@code lagBytes} of the stream were still on their way.
     */
    record ReplicaAck(long tick, long nanoTime, long clientId, long ackOffset, long masterReplOffset, long lagBytes)
            implements EngineEvent {}

    /**
     * This node, as a replica, moved between handshake/link states (repl_state, lower case:
     * "connect", "connecting", "receive_ping_reply", ..., "transfer", "connected", "none").
     */
    record ReplicaStateChanged(long tick, long nanoTime, String from, String to) implements EngineEvent {}

    /**
     * A Sentinel raised an event (sentinelEvent): {@code type} is the Pub/Sub channel ("+sdown",
     * "+odown", "+try-failover", "+vote-for-leader", "+elected-leader", "+switch-master", ...) and
     * {@code message} its text; {@code currentEpoch} is the Sentinel's epoch after it.
     */
    record SentinelEventRaised(long tick, long nanoTime, String type, String message, long currentEpoch) implements EngineEvent {}

    /** Another Sentinel ({@code voter}, its run id) answered this one's vote request: it voted for {@code leader} in {@code epoch}. */
    record SentinelVoteReceived(long tick, long nanoTime, String voter, String leader, long epoch) implements EngineEvent {}

    /** The failover of {@code master} moved to {@code state} (sentinelFailoverStateStr; "none" when aborted) in {@code epoch}. */
    record SentinelFailoverStateChanged(long tick, long nanoTime, String master, String state, long epoch) implements EngineEvent {}

    /**
     * Client-side caching remembered {@code keys} for client {@code clientId} after a read-only
     * command (trackingRememberKeys): a change to any of them will invalidate it.
     */
    record KeysTracked(long tick, long nanoTime, long clientId, byte[][] keys) implements EngineEvent {
        public KeysTracked {
            keys = copy(keys);
        }

        @Override
        public byte[][] keys() { return copy(keys); }
    }

    /**
     * An invalidation went out (sendTrackingMessage) to {@code receiverId} for tracking client
     * {@code trackingClientId} (the same unless redirected): {@code how} is "push" (RESP3),
     * "pubsub" (a __redis__:invalidate message in RESP2) or "redir-broken"; {@code keys} are the
     * keys invalidated, null for all of them (a flush).
     */
    record InvalidationSent(long tick, long nanoTime, long receiverId, long trackingClientId, String how, byte[][] keys)
            implements EngineEvent {
        public InvalidationSent {
            keys = copy(keys);
        }

        @Override
        public byte[][] keys() { return copy(keys); }
    }

    /**
     * The module subsystem changed the server (module.c): {@code what} is "loaded" (moduleLoad, with
     * {@code detail} the jar's path), "unloaded" (moduleUnload), "command" (RM_CreateCommand:
     * {@code name} the command, {@code detail} its flags) or "type" (RM_CreateDataType: {@code name}
     * the type, {@code detail} its encoding version).
     */
    record ModuleChanged(long tick, long nanoTime, String module, String what, String name, String detail) implements EngineEvent {}

    private static byte[][] copy(byte[][] keys) {
        if (keys == null) return null;
        byte[][] out = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++) out[i] = keys[i] == null ? null : keys[i].clone();
        return out;
    }
}
