package io.glassbox.cluster;

import java.io.ByteArrayOutputStream;

/**
 * One connection of the cluster bus (clusterLink): the outbound link this node opened to a node
 * (its {@code link}) or an inbound one a node opened to us (its {@code inboundLink}, known only
 * once a message names the sender). Bytes are framed here as clusterReadHandler frames them: the
 * first 8 bytes give the signature and the total length, then the message is read whole.
 */
final class ClusterLink implements BusTransport.Events {
    final long ctime;
    ClusterNode node;
    final boolean inbound;
    private final ClusterBus bus;
    BusTransport.Link conn;
    /** Messages queued before the connection opened (the sndbuf of a connecting link). */
    private ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private byte[] rcvbuf = new byte[1024]; // RCVBUF_INIT_LEN
    private int rcvbufLen;
    boolean freed;
    long sendBufferBytes;

    ClusterLink(ClusterBus bus, ClusterNode node, boolean inbound, long now) {
        this.bus = bus;
        this.node = node;
        this.inbound = inbound;
        this.ctime = now;
    }

    /** clusterSendMessage: queue the bytes (sent at once when the connection is open). */
    void send(byte[] msg) {
        if (freed) return;
        if (conn != null) conn.write(msg);
        else pending.writeBytes(msg);
    }

    @Override
    public void connected(BusTransport.Link l) {
        if (freed) { l.close(); return; }
        this.conn = l;
        if (!inbound) bus.linkConnected(this); // clusterLinkConnectHandler: PING or MEET first
        if (pending.size() > 0) {
            conn.write(pending.toByteArray());
            pending = new ByteArrayOutputStream();
        }
    }

    /** clusterReadHandler: accumulates bytes and hands each complete message to the bus. */
    @Override
    public void bytes(byte[] b, int off, int len) {
        int i = off, end = off + len;
        while (i < end && !freed) {
            int want;
            if (rcvbufLen < 8) {
                want = 8 - rcvbufLen;
            } else {
                int totlen = totlen();
                want = totlen - rcvbufLen;
            }
            int n = Math.min(want, end - i);
            ensure(rcvbufLen + n);
            System.arraycopy(b, i, rcvbuf, rcvbufLen, n);
            rcvbufLen += n;
            i += n;
            if (rcvbufLen == 8) {
                // sanity check of the signature and the length (CLUSTERMSG_MIN_LEN)
                if (rcvbuf[0] != 'R' || rcvbuf[1] != 'C' || rcvbuf[2] != 'm' || rcvbuf[3] != 'b'
                        || totlen() < ClusterMsg.HEADER_LEN) {
                    bus.log("warning", "Bad message length or signature received from Cluster bus.");
                    bus.freeClusterLink(this);
                    return;
                }
            }
            if (rcvbufLen >= 8 && rcvbufLen == totlen()) {
                byte[] msg = java.util.Arrays.copyOf(rcvbuf, rcvbufLen);
                rcvbufLen = 0;
                if (rcvbuf.length > 1024) rcvbuf = new byte[1024];
                if (!bus.processPacket(this, new ClusterMsg(msg))) return; // the link was freed
            }
        }
    }

    private int totlen() {
        return ((rcvbuf[4] & 0xFF) << 24) | ((rcvbuf[5] & 0xFF) << 16) | ((rcvbuf[6] & 0xFF) << 8) | (rcvbuf[7] & 0xFF);
    }

    private void ensure(int size) {
        if (size > rcvbuf.length) rcvbuf = java.util.Arrays.copyOf(rcvbuf, Math.max(size, rcvbuf.length * 2));
    }

    @Override
    public void closed(String why) {
        if (freed) return;
        if (!inbound && conn == null && node != null) {
            bus.log("verbose", "Connection with Node " + node.name + " at " + node.ip + ":" + node.cport + " failed: " + why);
        }
        bus.freeClusterLink(this); // handleLinkIOError
    }

    /** freeClusterLink's connection half. */
    void close() {
        freed = true;
        if (conn != null) conn.close();
        conn = null;
    }
}
