package io.glassbox.ds.stream;

import io.glassbox.ds.rax.Rax;

/**
 * A consumer group (streamCG): the last ID delivered to any of its consumers, the logical count of
 * entries read (Redis 7.0, for the lag), the group-wide PEL keyed by encoded ID, and the consumers
 * keyed by name. All three are radix trees, as in Redis.
 */
public final class StreamCG {
    /** SCG_INVALID_ENTRIES_READ: the read counter is unknown. */
    public static final long INVALID_ENTRIES_READ = -1;

    public StreamID lastId;
    public long entriesRead;
    public final Rax<StreamNACK> pel = new Rax<>();
    public final Rax<StreamConsumer> consumers = new Rax<>();

    public StreamCG(StreamID lastId, long entriesRead) {
        this.lastId = lastId;
        this.entriesRead = entriesRead;
    }

    /** streamLookupConsumer. */
    public StreamConsumer lookupConsumer(byte[] name) { return consumers.get(name); }

    /** streamCreateConsumer: null if it exists. */
    public StreamConsumer createConsumer(byte[] name, long now) {
        StreamConsumer c = new StreamConsumer(name.clone(), now);
        return consumers.tryInsert(c.name, c) ? c : null;
    }

    /**
     * streamDelConsumer: removes the consumer and, from the group's PEL, every message it still
     * owned; returns how many were pending.
     */
    public long deleteConsumer(StreamConsumer consumer) {
        long pending = consumer.pel.size();
        var it = consumer.pel.iterator();
        it.seek("^", null);
        while (it.next()) pel.remove(it.key());
        consumers.remove(consumer.name);
        return pending;
    }
}
