package io.glassbox.ds.stream;

import io.glassbox.ds.rax.Rax;

/**
 * A consumer of a group (streamConsumer): its name, when it was last seen (Redis 7.0 keeps only
 * this one time), and its own PEL, the IDs delivered to it and not yet acknowledged, sharing the
 * {@link StreamNACK} objects of the group's PEL.
 */
public final class StreamConsumer {
    public final byte[] name;
    public long seenTime;
    public final Rax<StreamNACK> pel = new Rax<>();

    public StreamConsumer(byte[] name, long now) {
        this.name = name;
        this.seenTime = now;
    }
}
