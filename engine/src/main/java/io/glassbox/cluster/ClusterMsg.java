package io.glassbox.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The cluster bus's wire format: Redis 7.0's {@code clusterMsg} (cluster.h), every field at the
 * offset cluster.h's static asserts pin down, integers in network byte order (Java's ByteBuffer
 * default), so that a Redis node reads what a Glassbox node writes. A message is a 2256-byte header
 * ({@link #HEADER_LEN}, CLUSTERMSG_MIN_LEN) followed by its type's data: for PING, PONG and MEET
 * {@code count} gossip entries of {@link #GOSSIP_LEN} bytes and then the ping extensions (7.0 has
 * one, the announced hostname); for FAIL a node name; for UPDATE an epoch, a name and a slots bitmap.
 */
final class ClusterMsg {
    static final int PING = 0, PONG = 1, MEET = 2, FAIL = 3, PUBLISH = 4, FAILOVER_AUTH_REQUEST = 5,
            FAILOVER_AUTH_ACK = 6, UPDATE = 7, MFSTART = 8, MODULE = 9, PUBLISHSHARD = 10, TYPE_COUNT = 11;
    static final int PROTO_VER = 1;
    /** NET_IP_STR_LEN (anet.h). */
    static final int IP_LEN = 46;
    static final int SLOTS_LEN = 2048;
    /** sizeof(clusterMsg) - sizeof(union clusterMsgData). */
    static final int HEADER_LEN = 2256;
    /** sizeof(clusterMsgDataGossip). */
    static final int GOSSIP_LEN = 104;
    static final int FAIL_LEN = HEADER_LEN + ClusterNode.NAMELEN;
    static final int UPDATE_LEN = HEADER_LEN + 8 + ClusterNode.NAMELEN + SLOTS_LEN;
    /** mflags[0] bits: CLUSTERMSG_FLAG0_PAUSED, _FORCEACK, _EXT_DATA. */
    static final int FLAG0_PAUSED = 1, FLAG0_FORCEACK = 2, FLAG0_EXT_DATA = 4;
    /** clusterMsgPingtypes: CLUSTERMSG_EXT_TYPE_HOSTNAME (7.0.15 knows no other). */
    static final int EXT_TYPE_HOSTNAME = 0;

    // field offsets (cluster.h)
    static final int OFF_TOTLEN = 4, OFF_VER = 8, OFF_PORT = 10, OFF_TYPE = 12, OFF_COUNT = 14,
            OFF_CURRENT_EPOCH = 16, OFF_CONFIG_EPOCH = 24, OFF_OFFSET = 32, OFF_SENDER = 40, OFF_MYSLOTS = 80,
            OFF_SLAVEOF = 2128, OFF_MYIP = 2168, OFF_EXTENSIONS = 2214, OFF_PPORT = 2246, OFF_CPORT = 2248,
            OFF_FLAGS = 2250, OFF_STATE = 2252, OFF_MFLAGS = 2253, OFF_DATA = HEADER_LEN;

    final ByteBuffer buf;

    ClusterMsg(byte[] bytes) { this.buf = ByteBuffer.wrap(bytes); }

    static String typeName(int type) {
        return switch (type) {
            case PING -> "ping";
            case PONG -> "pong";
            case MEET -> "meet";
            case FAIL -> "fail";
            case PUBLISH -> "publish";
            case PUBLISHSHARD -> "publishshard";
            case FAILOVER_AUTH_REQUEST -> "auth-req";
            case FAILOVER_AUTH_ACK -> "auth-ack";
            case UPDATE -> "update";
            case MFSTART -> "mfstart";
            case MODULE -> "module";
            default -> "unknown";
        };
    }

    int totlen() { return buf.getInt(OFF_TOTLEN); }
    int ver() { return buf.getShort(OFF_VER) & 0xFFFF; }
    int port() { return buf.getShort(OFF_PORT) & 0xFFFF; }
    int type() { return buf.getShort(OFF_TYPE) & 0xFFFF; }
    int count() { return buf.getShort(OFF_COUNT) & 0xFFFF; }
    long currentEpoch() { return buf.getLong(OFF_CURRENT_EPOCH); }
    long configEpoch() { return buf.getLong(OFF_CONFIG_EPOCH); }
    long offset() { return buf.getLong(OFF_OFFSET); }
    String sender() { return name(OFF_SENDER); }
    byte[] myslots() { return bytes(OFF_MYSLOTS, SLOTS_LEN); }
    /** The slaveof field; null when it is all zeroes (CLUSTER_NODE_NULL_NAME: the sender is a master). */
    String slaveof() {
        for (int i = 0; i < ClusterNode.NAMELEN; i++) if (buf.get(OFF_SLAVEOF + i) != 0) return name(OFF_SLAVEOF);
        return null;
    }
    String myip() { return cString(OFF_MYIP, IP_LEN); }
    int extensions() { return buf.getShort(OFF_EXTENSIONS) & 0xFFFF; }
    int pport() { return buf.getShort(OFF_PPORT) & 0xFFFF; }
    int cport() { return buf.getShort(OFF_CPORT) & 0xFFFF; }
    int flags() { return buf.getShort(OFF_FLAGS) & 0xFFFF; }
    int state() { return buf.get(OFF_STATE) & 0xFF; }
    int mflags0() { return buf.get(OFF_MFLAGS) & 0xFF; }

    /** The i-th gossip entry of a PING, PONG or MEET (clusterMsgDataGossip). */
    Gossip gossip(int i) {
        int o = OFF_DATA + i * GOSSIP_LEN;
        return new Gossip(name(o), buf.getInt(o + 40) & 0xFFFFFFFFL, buf.getInt(o + 44) & 0xFFFFFFFFL,
                cString(o + 48, IP_LEN), buf.getShort(o + 94) & 0xFFFF, buf.getShort(o + 96) & 0xFFFF,
                buf.getShort(o + 98) & 0xFFFF, buf.getShort(o + 100) & 0xFFFF);
    }

    /** clusterMsgDataGossip: what the sender knows of a third node (times in seconds). */
    record Gossip(String nodename, long pingSent, long pongReceived, String ip, int port, int cport, int flags, int pport) {}

    /** FAIL's and UPDATE's node name. */
    String failAbout() { return name(OFF_DATA); }
    long updateConfigEpoch() { return buf.getLong(OFF_DATA); }
    String updateNodename() { return name(OFF_DATA + 8); }
    byte[] updateSlots() { return bytes(OFF_DATA + 8 + ClusterNode.NAMELEN, SLOTS_LEN); }

    String name(int off) { return new String(bytes(off, ClusterNode.NAMELEN), StandardCharsets.ISO_8859_1); }

    byte[] bytes(int off, int len) {
        byte[] b = new byte[len];
        buf.get(off, b);
        return b;
    }

    /** A NUL-terminated string in a fixed field (myip, a gossip entry's ip, the hostname extension). */
    String cString(int off, int max) {
        int n = 0;
        while (n < max && off + n < buf.capacity() && buf.get(off + n) != 0) n++;
        return new String(bytes(off, n), StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------- writing

    /** Writes {@code s} into a fixed field of {@code len} bytes, zero-padded (memcpy/strncpy). */
    static void putFixed(ByteBuffer b, int off, String s, int len) {
        byte[] v = s == null ? new byte[0] : s.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < len; i++) b.put(off + i, i < v.length ? v[i] : 0);
    }

    /** clusterSetGossipEntry: entry {@code i} describes node {@code n}. */
    static void putGossip(ByteBuffer b, int i, ClusterNode n) {
        int o = OFF_DATA + i * GOSSIP_LEN;
        putFixed(b, o, n.name, ClusterNode.NAMELEN);
        b.putInt(o + 40, (int) (n.pingSent / 1000));
        b.putInt(o + 44, (int) (n.pongReceived / 1000));
        putFixed(b, o + 48, n.ip, IP_LEN);
        b.putShort(o + 94, (short) n.port);
        b.putShort(o + 96, (short) n.cport);
        b.putShort(o + 98, (short) n.flags);
        b.putShort(o + 100, (short) n.pport);
        b.putShort(o + 102, (short) 0);
    }

    /** EIGHT_BYTE_ALIGN. */
    static int eightByteAlign(int size) { return ((size + 7) / 8) * 8; }

    /** getHostnamePingExtSize: 0 without a hostname, else the 8-byte header and the padded string. */
    static int hostnameExtSize(String hostname) {
        if (hostname == null || hostname.isEmpty()) return 0;
        return 8 + eightByteAlign(hostname.getBytes(StandardCharsets.ISO_8859_1).length + 1);
    }
}
