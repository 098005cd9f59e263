package io.glassbox.replication;

/**
 * The replication backlog: the last {@code repl-backlog-size} bytes of the stream a master sends
 * its replicas, kept in a ring buffer so that a replica whose link broke can ask for what it missed
 * ({@code PSYNC replid offset}) instead of a whole new copy of the dataset. Redis 7.0 keeps it as a
 * list of shared reply blocks ({@code replBacklog}); the classic ring of Redis 2.8–6.2, kept here,
 * shows the idea more plainly: a write position that wraps, and a valid window behind it.
 *
 * <p>Offsets are stream offsets, as in INFO replication: the first byte ever written has offset 1
 * ({@code repl_backlog_first_byte_offset} = {@code master_repl_offset} - {@code histlen} + 1).
 * Invariant: {@code histlen <= size}, and the bytes {@code [offset - histlen + 1, offset]} are the
 * last {@code histlen} bytes appended, in order.
 */
public final class ReplicationBacklog {
    private byte[] buf;
    /** Where the next byte goes ({@code repl_backlog_idx}). */
    private int idx;
    /** How many valid bytes the ring holds ({@code repl_backlog_histlen}). */
    private long histlen;
    /** The offset of the last byte appended ({@code master_repl_offset}). */
    private long offset;

    /** An empty backlog whose next byte will have offset {@code offset + 1}. */
    public ReplicationBacklog(int size, long offset) {
        this.buf = new byte[Math.max(16 * 1024, size)];
        this.offset = offset;
    }

    public int size() { return buf.length; }

    public long histlen() { return histlen; }

    public long offset() { return offset; }

    /** Offset of the oldest byte still held; {@code offset + 1} when empty. */
    public long firstByteOffset() { return offset - histlen + 1; }

    /** Position in the ring of the next write, for the visualizer. */
    public int writeIndex() { return idx; }

    /** Appends stream bytes (feedReplicationBacklog); the oldest bytes are overwritten. O(len). */
    public void append(byte[] b, int off, int len) {
        offset += len;
        while (len > 0) {
            int n = Math.min(len, buf.length - idx);
            System.arraycopy(b, off, buf, idx, n);
            idx = (idx + n) % buf.length;
            off += n;
            len -= n;
            histlen = Math.min(buf.length, histlen + n);
        }
    }

    /** Whether a replica that has everything up to {@code psyncOffset - 1} can continue from here. */
    public boolean canServe(long psyncOffset) {
        // an empty backlog can still serve offset + 1: nothing is missing (a restarted master's fresh backlog)
        return psyncOffset >= firstByteOffset() && psyncOffset <= offset + 1;
    }

    /** The bytes from {@code fromOffset} to the end (addReplyReplicationBacklog); see {@link #canServe}. */
    public byte[] copyFrom(long fromOffset) {
        int len = (int) (offset - fromOffset + 1);
        byte[] out = new byte[len];
        int start = (int) Math.floorMod(idx - len, (long) buf.length);
        int first = Math.min(len, buf.length - start);
        System.arraycopy(buf, start, out, 0, first);
        System.arraycopy(buf, 0, out, first, len - first);
        return out;
    }

    /**
     * CONFIG SET repl-backlog-size: a new ring holding the newest {@code min(histlen, size)} bytes,
     * so replicas keep what they could resume from as far as it fits (Redis 7.0's
     * resizeReplicationBacklog trims the oldest blocks the same way; 2.8-6.2 dropped the history).
     * O(kept bytes).
     */
    public void resize(int size) {
        int n = Math.max(16 * 1024, size);
        if (n == buf.length) return;
        int keep = (int) Math.min(histlen, n);
        byte[] newest = copyFrom(offset - keep + 1);
        buf = new byte[n];
        System.arraycopy(newest, 0, buf, 0, keep);
        idx = keep % n;
        histlen = keep;
    }
}
