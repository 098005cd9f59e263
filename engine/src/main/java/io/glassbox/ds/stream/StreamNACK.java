package io.glassbox.ds.stream;

/**
 * A pending entry: a message delivered to a consumer and not yet acknowledged (streamNACK). The
 * same object sits in the group's PEL and in its consumer's PEL, under the same ID.
 */
public final class StreamNACK {
    /** Last time (unix ms) the message was delivered to a consumer. */
    public long deliveryTime;
    /** How many times it was delivered. */
    public long deliveryCount;
    /** The consumer that owns it now. */
    public StreamConsumer consumer;

    public StreamNACK(StreamConsumer consumer, long now) {
        this.consumer = consumer;
        this.deliveryTime = now;
        this.deliveryCount = 1;
    }
}
