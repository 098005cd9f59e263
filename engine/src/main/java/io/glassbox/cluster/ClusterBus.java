package io.glassbox.cluster;

import io.glassbox.util.HashSlot;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The cluster bus: links to the other nodes and the messages on them, cluster.c's "CLUSTER
 * messages exchange" and clusterCron. Every node PINGs the others (one random node with the oldest
 * PONG each second, and any node not heard from in half the node timeout); each PING, PONG and
 * MEET carries the sender's slots, epochs and role, plus a gossip section about a few other nodes
 * ({@link #sendPing}, {@link #processGossipSection}). A node that does not answer within
 * cluster-node-timeout is flagged PFAIL; when a majority of masters report it PFAIL or FAIL in their
 * gossip, it becomes FAIL and a FAIL message tells everyone ({@link #markNodeAsFailingIfNeeded}).
 * Slot ownership follows the highest config epoch ({@link #updateSlotsConfigWith}); a node that
 * claims slots with an old epoch is sent an UPDATE.
 *
 * <p>A MEET starts a handshake: the new node is added under a random name, and renamed when its
 * first PONG gives its real one. Bound on work: a message costs O(gossip entries) plus, when the
 * sender's slots differ from our view, one pass over the 16384 slots.
 */
final class ClusterBus {
    private final Cluster cl;
    private final BusTransport transport;
    /** Counts PINGs sent, so that one PING names a node at most once (cluster_pings_sent). */
    private long pingsSent;
    /** clusterCron's iteration counter. */
    private long iteration;
    private int listeningPort;

    ClusterBus(Cluster cluster, BusTransport transport) {
        this.cl = cluster;
        this.transport = transport;
    }

    void log(String level, String msg) { cl.host.log(level, msg); }

    int listeningPort() { return listeningPort; }

    /** clusterInit's listenToPort on the bus port; the acceptor makes an inbound link per connection. */
    void listen(List<String> bindAddresses, int cport) throws BusTransport.BindFailed {
        try {
            transport.listen(bindAddresses, cport, conn -> {
                log("verbose", "Accepting cluster node connection from " + conn.remoteIp());
                return new ClusterLink(this, null, true, cl.host.now());
            });
        } catch (BusTransport.BindFailed e) {
            log("warning", e.getMessage());
            throw new BusTransport.BindFailed("Failed listening on port " + cport + " (cluster), aborting.");
        }
        listeningPort = cport;
    }

    void close() {
        transport.close();
        for (ClusterNode n : new ArrayList<>(cl.nodes.values())) {
            if (n.link != null) freeClusterLink(n.link);
            if (n.inboundLink != null) freeClusterLink(n.inboundLink);
        }
    }

    // ---------------------------------------------------------------- links

    /** freeClusterLink: close it and detach it from its node. */
    void freeClusterLink(ClusterLink link) {
        link.close();
        if (link.node != null) {
            if (link.node.link == link) link.node.link = null;
            else if (link.node.inboundLink == link) link.node.inboundLink = null;
        }
    }

    /** setClusterNodeToInboundClusterLink: an inbound link's node is known; an older one is dropped. */
    private void setInboundLink(ClusterNode node, ClusterLink link) {
        if (node.inboundLink != null && node.inboundLink != link) freeClusterLink(node.inboundLink);
        node.inboundLink = link;
        link.node = node;
    }

    /** clusterLinkConnectHandler: the first message on a new link is a PING, or a MEET for a node we meet. */
    void linkConnected(ClusterLink link) {
        ClusterNode node = link.node;
        long oldPingSent = node.pingSent;
        sendPing(link, (node.flags & ClusterNode.MEET) != 0 ? ClusterMsg.MEET : ClusterMsg.PING);
        if (oldPingSent != 0) node.pingSent = oldPingSent; // an unanswered ping keeps its age
        node.flags &= ~ClusterNode.MEET;
    }

    // ---------------------------------------------------------------- sending

    /** clusterBuildMessageHdr: a buffer of {@code totlen} bytes with the header filled in. */
    private ByteBuffer buildHeader(int type, int totlen) {
        ClusterNode myself = cl.myself;
        ClusterNode master = myself.isSlave() && myself.slaveof != null ? myself.slaveof : myself;
        ByteBuffer b = ByteBuffer.allocate(totlen);
        b.put(0, (byte) 'R').put(1, (byte) 'C').put(2, (byte) 'm').put(3, (byte) 'b');
        b.putInt(ClusterMsg.OFF_TOTLEN, totlen);
        b.putShort(ClusterMsg.OFF_VER, (short) ClusterMsg.PROTO_VER);
        b.putShort(ClusterMsg.OFF_TYPE, (short) type);
        ClusterMsg.putFixed(b, ClusterMsg.OFF_SENDER, myself.name, ClusterNode.NAMELEN);
        String announce = cl.announceIp.get();
        if (announce != null && !announce.isEmpty()) ClusterMsg.putFixed(b, ClusterMsg.OFF_MYIP, announce, ClusterMsg.IP_LEN - 1);
        ClusterNode ports = new ClusterNode(myself.name, 0, 0);
        cl.deriveAnnouncedPorts(ports);
        b.put(ClusterMsg.OFF_MYSLOTS, master.slots);
        if (myself.slaveof != null) ClusterMsg.putFixed(b, ClusterMsg.OFF_SLAVEOF, myself.slaveof.name, ClusterNode.NAMELEN);
        b.putShort(ClusterMsg.OFF_PORT, (short) ports.port);
        b.putShort(ClusterMsg.OFF_PPORT, (short) ports.pport);
        b.putShort(ClusterMsg.OFF_CPORT, (short) ports.cport);
        b.putShort(ClusterMsg.OFF_FLAGS, (short) myself.flags);
        b.put(ClusterMsg.OFF_STATE, (byte) cl.state);
        b.putLong(ClusterMsg.OFF_CURRENT_EPOCH, cl.currentEpoch);
        b.putLong(ClusterMsg.OFF_CONFIG_EPOCH, master.configEpoch);
        b.putLong(ClusterMsg.OFF_OFFSET, myself.isSlave() ? cl.host.replicaOffset() : cl.host.masterReplOffset());
        // a master paused for a replica's manual failover says so, with the offset to reach
        if (myself.isMaster() && cl.failover.mfEnd != 0) b.put(ClusterMsg.OFF_MFLAGS, (byte) ClusterMsg.FLAG0_PAUSED);
        return b;
    }

    /** clusterSendMessage: queue it on the link and count it. */
    private void sendMessage(ClusterLink link, byte[] msg, List<String> about) {
        if (link == null) return;
        link.send(msg);
        int type = ((msg[12] & 0xFF) << 8) | (msg[13] & 0xFF);
        if (type < ClusterMsg.TYPE_COUNT) cl.statsBusMessagesSent[type]++;
        if (cl.listener != ClusterListener.NONE) {
            cl.listener.messageSent(cl.myself.name, link.node == null ? "?" : link.node.name, ClusterMsg.typeName(type), about);
        }
    }

    /** clusterBroadcastMessage: to every node but myself and those in handshake. */
    private void broadcastMessage(byte[] msg) {
        for (ClusterNode n : new ArrayList<>(cl.nodes.values())) {
            if ((n.flags & (ClusterNode.MYSELF | ClusterNode.HANDSHAKE)) != 0) continue;
            sendMessage(n.link, msg, Collections.emptyList());
        }
    }

    /**
     * clusterSendPing: a PING, PONG or MEET with gossip about max(3, nodes/10) random nodes (never
     * myself, the receiver's own entry is allowed as in Redis) plus every node in PFAIL, so that
     * failure reports spread fast, and the hostname extension if one is announced.
     */
    void sendPing(ClusterLink link, int type) {
        pingsSent++;
        int freshnodes = cl.nodes.size() - 2;
        int wanted = Math.max(3, cl.nodes.size() / 10);
        if (wanted > freshnodes) wanted = freshnodes;
        int pfailWanted = (int) cl.statsPfailNodes;
        List<ClusterNode> gossip = new ArrayList<>();
        List<ClusterNode> all = new ArrayList<>(cl.nodes.values());
        int maxIterations = wanted * 3;
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (freshnodes > 0 && gossip.size() < wanted && maxIterations-- > 0) {
            ClusterNode n = all.get(r.nextInt(all.size()));
            if (n == cl.myself) continue;
            if ((n.flags & ClusterNode.PFAIL) != 0) continue;
            if ((n.flags & (ClusterNode.HANDSHAKE | ClusterNode.NOADDR)) != 0 || (n.link == null && n.numslots == 0)) {
                freshnodes--;
                continue;
            }
            if (n.lastInPingGossip == pingsSent) continue;
            gossip.add(n);
            n.lastInPingGossip = pingsSent;
            freshnodes--;
        }
        if (pfailWanted > 0) {
            for (ClusterNode n : all) {
                if (pfailWanted <= 0) break;
                if ((n.flags & (ClusterNode.HANDSHAKE | ClusterNode.NOADDR)) != 0) continue;
                if ((n.flags & ClusterNode.PFAIL) == 0) continue;
                gossip.add(n);
                pfailWanted--;
            }
        }
        String hostname = cl.myself.hostname;
        int extSize = ClusterMsg.hostnameExtSize(hostname);
        int totlen = ClusterMsg.HEADER_LEN + ClusterMsg.GOSSIP_LEN * gossip.size() + extSize;
        if (!link.inbound && type == ClusterMsg.PING) link.node.pingSent = cl.host.now();
        ByteBuffer b = buildHeader(type, totlen);
        for (int i = 0; i < gossip.size(); i++) ClusterMsg.putGossip(b, i, gossip.get(i));
        int extensions = 0;
        if (extSize > 0) {
            int o = ClusterMsg.HEADER_LEN + ClusterMsg.GOSSIP_LEN * gossip.size();
            b.put(ClusterMsg.OFF_MFLAGS, (byte) (b.get(ClusterMsg.OFF_MFLAGS) | ClusterMsg.FLAG0_EXT_DATA));
            b.putInt(o, extSize);
            b.putShort(o + 4, (short) ClusterMsg.EXT_TYPE_HOSTNAME);
            byte[] h = hostname.getBytes(StandardCharsets.ISO_8859_1);
            b.put(o + 8, h);
            extensions++;
        }
        b.putShort(ClusterMsg.OFF_COUNT, (short) gossip.size());
        b.putShort(ClusterMsg.OFF_EXTENSIONS, (short) extensions);
        List<String> about = cl.listener == ClusterListener.NONE ? Collections.emptyList() : gossip.stream().map(n -> n.name).toList();
        sendMessage(link, b.array(), about);
    }

    static final int BROADCAST_ALL = 0, BROADCAST_LOCAL_SLAVES = 1;

    /** clusterBroadcastPong: a PONG to every connected node (or to my shard's replicas) to spread a change fast. */
    void broadcastPong(int target) {
        for (ClusterNode n : new ArrayList<>(cl.nodes.values())) {
            if (n.link == null) continue;
            if (n == cl.myself || n.inHandshake()) continue;
            if (target == BROADCAST_LOCAL_SLAVES) {
                boolean localSlave = n.isSlave() && n.slaveof != null
                        && (n.slaveof == cl.myself || n.slaveof == cl.myself.slaveof);
                if (!localSlave) continue;
            }
            sendPing(n.link, ClusterMsg.PONG);
        }
    }

    /** clusterSendFail: tell every node that {@code name} is failing. */
    void sendFail(String name) {
        ByteBuffer b = buildHeader(ClusterMsg.FAIL, ClusterMsg.FAIL_LEN);
        ClusterMsg.putFixed(b, ClusterMsg.OFF_DATA, name, ClusterNode.NAMELEN);
        broadcastMessage(b.array());
    }

    /** clusterSendUpdate: tell a node with a stale view who owns which slots, under which epoch. */
    void sendUpdate(ClusterLink link, ClusterNode node) {
        if (link == null) return;
        ByteBuffer b = buildHeader(ClusterMsg.UPDATE, ClusterMsg.UPDATE_LEN);
        ClusterMsg.putFixed(b, ClusterMsg.OFF_DATA + 8, node.name, ClusterNode.NAMELEN);
        b.putLong(ClusterMsg.OFF_DATA, node.configEpoch);
        int o = ClusterMsg.OFF_DATA + 8 + ClusterNode.NAMELEN;
        for (int i = 0; i < ClusterMsg.SLOTS_LEN; i++) b.put(o + i, (byte) (node.slots[i] & ~cl.ownerNotClaimingSlot[i]));
        sendMessage(link, b.array(), List.of(node.name));
    }

    /** A header-only message (FAILOVER_AUTH_REQUEST, FAILOVER_AUTH_ACK, MFSTART) with mflags[0]. */
    byte[] headerOnly(int type, int mflags0) {
        ByteBuffer b = buildHeader(type, ClusterMsg.HEADER_LEN);
        b.put(ClusterMsg.OFF_MFLAGS, (byte) (b.get(ClusterMsg.OFF_MFLAGS) | mflags0));
        return b.array();
    }

    void send(ClusterLink link, byte[] msg) { sendMessage(link, msg, Collections.emptyList()); }

    void broadcast(byte[] msg) { broadcastMessage(msg); }

    // ---------------------------------------------------------------- handshake

    /**
     * clusterStartHandshake: add a node in HANDSHAKE|MEET state under a random name; cron connects
     * to it and sends the MEET. 1 if started, 0 with {@code einval} set for a bad address, 0 if a
     * handshake with that address is already under way.
     */
    int startHandshake(String ip, int port, int cport, boolean[] einval) {
        String norm = normalizeIp(ip);
        if (norm == null || port <= 0 || port > 65535 || cport <= 0 || cport > 65535) {
            einval[0] = true;
            return 0;
        }
        for (ClusterNode n : cl.nodes.values()) {
            if (n.inHandshake() && n.ip.equalsIgnoreCase(norm) && n.port == port && n.cport == cport) return 0;
        }
        ClusterNode n = cl.createNode(null, ClusterNode.HANDSHAKE | ClusterNode.MEET);
        n.ip = norm;
        n.port = port;
        n.cport = cport;
        cl.addNode(n);
        return 1;
    }

    /** inet_pton then inet_ntop: the address in its normal form, or null if it is not an IP address. */
    static String normalizeIp(String ip) {
        if (ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            String[] p = ip.split("\\.");
            StringBuilder sb = new StringBuilder();
            for (String part : p) {
                int v = Integer.parseInt(part);
                if (v > 255 || (part.length() > 1 && part.startsWith("0"))) return null;
                if (sb.length() > 0) sb.append('.');
                sb.append(v);
            }
            return sb.toString();
        }
        if (ip.indexOf(':') >= 0 && ip.matches("[0-9a-fA-F:.]+")) {
            try {
                java.net.InetAddress a = java.net.InetAddress.getByName(ip);
                return a instanceof java.net.Inet6Address ? ip.toLowerCase(java.util.Locale.ROOT) : null;
            } catch (java.net.UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- receiving

    /** getNodeFromLinkAndMsg: the sender, tying an inbound link to its node on its first known message. */
    private ClusterNode senderOf(ClusterLink link, ClusterMsg hdr) {
        if (link.node != null && !link.node.inHandshake()) return link.node;
        ClusterNode sender = cl.lookupNode(hdr.sender());
        if (sender != null && link.node == null) setInboundLink(sender, link);
        return sender;
    }

    /**
     * clusterProcessPacket: check the length the type implies, learn epochs and offsets from the
     * header, then act by type. Returns false when the link was freed while processing.
     */
    boolean processPacket(ClusterLink link, ClusterMsg hdr) {
        int totlen = hdr.totlen();
        int type = hdr.type();
        long now = cl.host.now();
        if (type < ClusterMsg.TYPE_COUNT) cl.statsBusMessagesReceived[type]++;
        if (totlen < 16) return true;
        if (hdr.ver() != ClusterMsg.PROTO_VER) return true; // can't handle messages of different versions
        int flags = hdr.flags();
        long senderCurrentEpoch = 0, senderConfigEpoch = 0;
        long explen;
        if (type == ClusterMsg.PING || type == ClusterMsg.PONG || type == ClusterMsg.MEET) {
            int count = hdr.count();
            explen = ClusterMsg.HEADER_LEN + (long) ClusterMsg.GOSSIP_LEN * count;
            if ((hdr.mflags0() & ClusterMsg.FLAG0_EXT_DATA) != 0) {
                int extensions = hdr.extensions();
                long pos = explen;
                while (extensions-- > 0) {
                    if (pos + 8 > totlen) break;
                    long extlen = hdr.buf.getInt((int) pos) & 0xFFFFFFFFL;
                    if (extlen % 8 != 0) {
                        log("warning", "Received a " + ClusterMsg.typeName(type) + " packet without proper padding (" + extlen + " bytes)");
                        return true;
                    }
                    if (totlen - explen < extlen) {
                        log("warning", "Received invalid " + ClusterMsg.typeName(type) + " packet with extension data that exceeds total packet length (" + totlen + ")");
                        return true;
                    }
                    explen += extlen;
                    pos += extlen;
                    if (extlen == 0) break;
                }
            }
        } else if (type == ClusterMsg.FAIL) {
            explen = ClusterMsg.FAIL_LEN;
        } else if (type == ClusterMsg.PUBLISH || type == ClusterMsg.PUBLISHSHARD) {
            explen = ClusterMsg.HEADER_LEN + 8L + (hdr.buf.getInt(ClusterMsg.OFF_DATA) & 0xFFFFFFFFL)
                    + (hdr.buf.getInt(ClusterMsg.OFF_DATA + 4) & 0xFFFFFFFFL);
        } else if (type == ClusterMsg.FAILOVER_AUTH_REQUEST || type == ClusterMsg.FAILOVER_AUTH_ACK || type == ClusterMsg.MFSTART) {
            explen = ClusterMsg.HEADER_LEN;
        } else if (type == ClusterMsg.UPDATE) {
            explen = ClusterMsg.UPDATE_LEN;
        } else if (type == ClusterMsg.MODULE) {
            explen = ClusterMsg.HEADER_LEN + 13L + (hdr.buf.getInt(ClusterMsg.OFF_DATA + 8) & 0xFFFFFFFFL);
        } else {
            explen = totlen; // an unknown type is assumed well formed
        }
        if (totlen != explen) {
            log("warning", "Received invalid " + ClusterMsg.typeName(type) + " packet of length " + totlen + " but expected length " + explen);
            return true;
        }

        ClusterNode sender = senderOf(link, hdr);
        if (sender != null) sender.dataReceived = now;
        if (cl.listener != ClusterListener.NONE) {
            List<String> about = new ArrayList<>();
            if (type <= ClusterMsg.MEET) for (int i = 0; i < hdr.count(); i++) about.add(hdr.gossip(i).nodename());
            else if (type == ClusterMsg.FAIL) about.add(hdr.failAbout());
            cl.listener.messageReceived(cl.myself.name, hdr.sender(), ClusterMsg.typeName(type), about);
        }
        if (sender != null && !sender.inHandshake()) {
            senderCurrentEpoch = hdr.currentEpoch();
            senderConfigEpoch = hdr.configEpoch();
            if (senderCurrentEpoch > cl.currentEpoch) {
                cl.currentEpoch = senderCurrentEpoch;
                cl.listener.epochChanged(cl.myself.name, cl.currentEpoch, cl.myself.configEpoch, "learnt from " + sender.name);
            }
            if (senderConfigEpoch > sender.configEpoch) {
                sender.configEpoch = senderConfigEpoch;
                cl.doBeforeSleep(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_FSYNC_CONFIG);
            }
            sender.replOffset = hdr.offset();
            sender.replOffsetTime = now;
            cl.failover.onSenderOffset(sender, hdr);
        }

        if (type == ClusterMsg.PING || type == ClusterMsg.MEET) {
            // our own address, learnt from how the MEETing node reached us
            String announce = cl.announceIp.get();
            if ((type == ClusterMsg.MEET || cl.myself.ip.isEmpty()) && (announce == null || announce.isEmpty())) {
                String ip = link.conn == null ? null : link.conn.localIp();
                if (ip != null && !ip.equals(cl.myself.ip)) {
                    cl.myself.ip = ip;
                    log("warning", "IP address for this node updated to " + ip);
                    cl.doBeforeSleep(Cluster.TODO_SAVE_CONFIG);
                }
            }
            if (sender == null && type == ClusterMsg.MEET) {
                ClusterNode node = cl.createNode(null, ClusterNode.HANDSHAKE);
                node.ip = ipOf(link, hdr);
                node.port = hdr.port();
                node.pport = hdr.pport();
                node.cport = hdr.cport();
                cl.addNode(node);
                cl.doBeforeSleep(Cluster.TODO_SAVE_CONFIG);
                cl.listener.nodeLearnt(cl.myself.name, node.name, node.ip, node.port);
                processGossipSection(hdr, link); // a MEET's gossip is trusted
            }
            sendPing(link, ClusterMsg.PONG);
        }

        if (type == ClusterMsg.PING || type == ClusterMsg.PONG || type == ClusterMsg.MEET) {
            if (!link.inbound) {
                if (link.node.inHandshake()) {
                    if (sender != null) {
                        // a node we already know answered at a new address: keep the known one
                        log("verbose", "Handshake: we already know node " + sender.name + ", updating the address if needed.");
                        if (nodeUpdateAddressIfNeeded(sender, link, hdr)) {
                            cl.doBeforeSleep(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE);
                        }
                        cl.delNode(link.node);
                        return false;
                    }
                    // the handshake is over: the random name gives way to the real one
                    cl.renameNode(link.node, hdr.sender());
                    log("debug", "Handshake with node " + link.node.name + " completed.");
                    link.node.flags &= ~ClusterNode.HANDSHAKE;
                    link.node.flags |= flags & (ClusterNode.MASTER | ClusterNode.SLAVE);
                    cl.doBeforeSleep(Cluster.TODO_SAVE_CONFIG);
                    cl.listener.nodeLearnt(cl.myself.name, link.node.name, link.node.ip, link.node.port);
                } else if (!link.node.name.equals(hdr.sender())) {
                    // the address now answers with another name: forget the address
                    log("debug", "PONG contains mismatching sender ID. About node " + link.node.name + " added "
                            + (now - link.node.ctime) + " ms ago, having flags " + link.node.flags);
                    link.node.flags |= ClusterNode.NOADDR;
                    link.node.ip = "";
                    link.node.port = 0;
                    link.node.pport = 0;
                    link.node.cport = 0;
                    freeClusterLink(link);
                    cl.doBeforeSleep(Cluster.TODO_SAVE_CONFIG);
                    return false;
                }
            }
            if (sender != null) {
                sender.flags &= ~ClusterNode.NOFAILOVER;
                sender.flags |= flags & ClusterNode.NOFAILOVER;
            }
            if (sender != null && type == ClusterMsg.PING && !sender.inHandshake() && nodeUpdateAddressIfNeeded(sender, link, hdr)) {
                cl.doBeforeSleep(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE);
            }
            if (!link.inbound && type == ClusterMsg.PONG) {
                link.node.pongReceived = now;
                link.node.pingSent = 0;
                if (link.node.timedOut()) {
                    link.node.flags &= ~ClusterNode.PFAIL;
                    cl.doBeforeSleep(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE);
                    cl.listener.failureState(cl.myself.name, link.node.name, "ok", link.node.failReports.size());
                } else if (link.node.failed()) {
                    clearNodeFailureIfNeeded(link.node);
                }
            }
            // role switch: slave -> master or master -> slave
            if (sender != null) {
                String slaveof = hdr.slaveof();
                if (slaveof == null) {
                    cl.setNodeAsMaster(sender);
                } else {
                    ClusterNode master = cl.lookupNode(slaveof);
                    if (sender.isMaster()) {
                        cl.delNodeSlots(sender);
                        sender.flags &= ~(ClusterNode.MASTER | ClusterNode.MIGRATE_TO);
                        sender.flags |= ClusterNode.SLAVE;
                        cl.doBeforeSleep(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE);
                    }
                    if (master != null && sender.slaveof != master) {
                        if (sender.slaveof != null) sender.slaveof.removeSlave(sender);
                        master.addSlave(sender);
                        sender.slaveof = master;
                        cl.doBeforeSleep(Cluster.TODO_SAVE_CONFIG);
                    }
                }
            }
            // the slots the sender claims, against our view (after the role is settled)
            ClusterNode senderMaster = null;
            boolean dirtySlots = false;
            byte[] myslots = null;
            if (sender != null) {
                senderMaster = sender.isMaster() ? sender : sender.slaveof;
                if (senderMaster != null) {
                    myslots = hdr.myslots();
                    dirtySlots = !java.util.Arrays.equals(senderMaster.slots, myslots);
                }
            }
            if (sender != null && sender.isMaster() && dirtySlots) updateSlotsConfigWith(sender, senderConfigEpoch, myslots);
            if (sender != null && dirtySlots) {
                // the sender claims slots a master with a greater epoch serves: tell it (UPDATE)
                for (int j = 0; j < HashSlot.SLOTS; j++) {
                    if ((myslots[j >> 3] & (1 << (j & 7))) == 0) continue;
                    if (cl.slots[j] == sender || cl.isSlotUnclaimed(j)) continue;
                    if (cl.slots[j].configEpoch > senderConfigEpoch) {
                        log("verbose", "Node " + sender.name + " has old slots configuration, sending an UPDATE message about " + cl.slots[j].name);
                        sendUpdate(sender.link, cl.slots[j]);
                        break;
                    }
                }
            }
            if (sender != null && cl.myself.isMaster() && sender.isMaster() && senderConfigEpoch == cl.myself.configEpoch) {
                cl.handleConfigEpochCollision(sender);
            }
            if (sender != null) {
                processGossipSection(hdr, link);
                processPingExtensions(hdr, link);
            }
        } else if (type == ClusterMsg.FAIL) {
            String about = hdr.failAbout();
            if (sender != null) {
                ClusterNode failing = cl.lookupNode(about);
                if (failing != null && (failing.flags & (ClusterNode.FAIL | ClusterNode.MYSELF)) == 0) {
                    log("notice", "FAIL message received from " + hdr.sender() + " about " + about);
                    failing.flags |= ClusterNode.FAIL;
                    failing.failTime = now;
                    failing.flags &= ~ClusterNode.PFAIL;
                    cl.doBeforeSleep(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE);
                    cl.listener.failureState(cl.myself.name, failing.name, "fail", failing.failReports.size());
                }
            } else {
                log("notice", "Ignoring FAIL message from unknown node " + hdr.sender() + " about " + about);
            }
        } else if (type == ClusterMsg.PUBLISH || type == ClusterMsg.PUBLISHSHARD) {
            return true; // Pub/Sub across the cluster is not propagated yet (docs/cluster.md)
        } else if (type == ClusterMsg.FAILOVER_AUTH_REQUEST) {
            if (sender == null) return true;
            cl.failover.sendFailoverAuthIfNeeded(sender, hdr);
        } else if (type == ClusterMsg.FAILOVER_AUTH_ACK) {
            if (sender == null) return true;
            cl.failover.authAckReceived(sender, senderCurrentEpoch);
        } else if (type == ClusterMsg.MFSTART) {
            if (sender == null || sender.slaveof != cl.myself) return true;
            cl.failover.mfStartReceived(sender, link);
        } else if (type == ClusterMsg.UPDATE) {
            if (sender == null) return true;
            ClusterNode n = cl.lookupNode(hdr.updateNodename());
            long reported = hdr.updateConfigEpoch();
            if (n == null) return true;
            if (n.configEpoch >= reported) return true; // nothing new
            if (n.isSlave()) cl.setNodeAsMaster(n);
            n.configEpoch = reported;
            cl.doBeforeSleep(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_FSYNC_CONFIG);
            updateSlotsConfigWith(n, reported, hdr.updateSlots());
        } else if (type == ClusterMsg.MODULE) {
            return true; // no module receives cluster messages
        } else {
            log("warning", "Received unknown packet type: " + type);
        }
        return true;
    }

    /** nodeIp2String: the announced address, else the peer's. */
    private static String ipOf(ClusterLink link, ClusterMsg hdr) {
        String announced = hdr.myip();
        if (!announced.isEmpty()) return announced;
        return link.conn == null ? "" : link.conn.remoteIp();
    }

    /**
     * nodeUpdateAddressIfNeeded: a node PINGs us from a new address: take it, and drop our link so
     * that cron reconnects there. True if the address changed.
     */
    private boolean nodeUpdateAddressIfNeeded(ClusterNode node, ClusterLink link, ClusterMsg hdr) {
        if (link == node.link) return false;
        String ip = ipOf(link, hdr);
        if (ip == null || ip.isEmpty()) return false;
        int port = hdr.port(), pport = hdr.pport(), cport = hdr.cport();
        if (node.port == port && node.cport == cport && node.pport == pport && ip.equals(node.ip)) return false;
        node.ip = ip;
        node.port = port;
        node.pport = pport;
        node.cport = cport;
        if (node.link != null) freeClusterLink(node.link);
        node.flags &= ~ClusterNode.NOADDR;
        log("warning", "Address updated for node " + node.name + ", now " + node.ip + ":" + node.port);
        if (cl.myself.isSlave() && cl.myself.slaveof == node) cl.host.setMaster(node.ip, node.port);
        return true;
    }

    /**
     * clusterProcessGossipSection: failure reports from masters about known nodes, fresher pong
     * times, new addresses for unreachable nodes, and unknown nodes added (only when the sender is
     * known, so that a stray node cannot pull us into another cluster).
     */
    private void processGossipSection(ClusterMsg hdr, ClusterLink link) {
        int count = hdr.count();
        ClusterNode sender = link.node != null ? link.node : cl.lookupNode(hdr.sender());
        long now = cl.host.now();
        for (int i = 0; i < count; i++) {
            ClusterMsg.Gossip g = hdr.gossip(i);
            int flags = g.flags();
            ClusterNode node = cl.lookupNode(g.nodename());
            if (node != null) {
                if (sender != null && sender.isMaster() && node != cl.myself) {
                    if ((flags & (ClusterNode.FAIL | ClusterNode.PFAIL)) != 0) {
                        if (node.addFailureReport(sender, now)) {
                            log("verbose", "Node " + sender.name + " reported node " + node.name + " as not reachable.");
                        }
                        markNodeAsFailingIfNeeded(node);
                    } else if (node.delFailureReport(sender, cl.nodeTimeout.get(), now)) {
                        log("verbose", "Node " + sender.name + " reported node " + node.name + " is back online.");
                    }
                }
                if ((flags & (ClusterNode.FAIL | ClusterNode.PFAIL)) == 0 && node.pingSent == 0
                        && node.failureReportsCount(cl.nodeTimeout.get(), now) == 0) {
                    long pongtime = g.pongReceived() * 1000;
                    if (pongtime <= now + 500 && pongtime > node.pongReceived) node.pongReceived = pongtime;
                }
                if ((node.flags & (ClusterNode.FAIL | ClusterNode.PFAIL)) != 0 && (flags & ClusterNode.NOADDR) == 0
                        && (flags & (ClusterNode.FAIL | ClusterNode.PFAIL)) == 0
                        && (!node.ip.equalsIgnoreCase(g.ip()) || node.port != g.port() || node.cport != g.cport())) {
                    if (node.link != null) freeClusterLink(node.link);
                    node.ip = g.ip();
                    node.port = g.port();
                    node.pport = g.pport();
                    node.cport = g.cport();
                    node.flags &= ~ClusterNode.NOADDR;
                }
            } else if (sender != null && (flags & ClusterNode.NOADDR) == 0 && !cl.blacklistExists(g.nodename())
                    && Cluster.verifyNodeId(g.nodename())) {
                ClusterNode n = cl.createNode(g.nodename(), flags);
                n.ip = g.ip();
                n.port = g.port();
                n.pport = g.pport();
                n.cport = g.cport();
                cl.addNode(n);
                cl.listener.nodeLearnt(cl.myself.name, n.name, n.ip, n.port);
            }
        }
    }

    /** clusterProcessPingExtensions: the sender's announced hostname, or none. */
    private void processPingExtensions(ClusterMsg hdr, ClusterLink link) {
        ClusterNode sender = link.node != null ? link.node : cl.lookupNode(hdr.sender());
        if (sender == null) return;
        String hostname = null;
        if ((hdr.mflags0() & ClusterMsg.FLAG0_EXT_DATA) != 0) {
            int pos = ClusterMsg.HEADER_LEN + ClusterMsg.GOSSIP_LEN * hdr.count();
            int extensions = hdr.extensions();
            while (extensions-- > 0 && pos + 8 <= hdr.totlen()) {
                int len = hdr.buf.getInt(pos);
                int type = hdr.buf.getShort(pos + 4) & 0xFFFF;
                if (type == ClusterMsg.EXT_TYPE_HOSTNAME) hostname = hdr.cString(pos + 8, len - 8);
                else log("warning", "Received unknown extension type " + type);
                if (len <= 0) break;
                pos += len;
            }
        }
        sender.hostname = hostname == null ? "" : hostname;
    }

    /**
     * clusterUpdateSlotsConfigWith: rebind to {@code sender} every slot it claims with a greater
     * config epoch than the current owner's (or that nobody claims), unless we are importing it. If
     * that leaves my master (or me) without slots, follow the new owner as its replica; else drop the
     * keys of slots we lost.
     */
    void updateSlotsConfigWith(ClusterNode sender, long senderConfigEpoch, byte[] claimed) {
        ClusterNode myself = cl.myself;
        ClusterNode curmaster = myself.isMaster() ? myself : myself.slaveof;
        ClusterNode newmaster = null;
        List<Integer> dirty = new ArrayList<>();
        int senderSlots = 0, migratedOurSlots = 0;
        if (sender == myself) {
            log("warning", "Discarding UPDATE message about myself.");
            return;
        }
        for (int j = 0; j < HashSlot.SLOTS; j++) {
            boolean claims = (claimed[j >> 3] & (1 << (j & 7))) != 0;
            if (claims) {
                senderSlots++;
                if (cl.slots[j] == sender) {
                    cl.ownerNotClaimingSlot[j >> 3] &= (byte) ~(1 << (j & 7));
                    continue;
                }
                if (cl.importingSlotsFrom[j] != null) continue;
                if (cl.isSlotUnclaimed(j) || cl.slots[j].configEpoch < senderConfigEpoch) {
                    if (cl.slots[j] == myself && cl.countKeysInSlot(j) > 0 && sender != myself) dirty.add(j);
                    if (cl.slots[j] == curmaster) {
                        newmaster = sender;
                        migratedOurSlots++;
                    }
                    cl.delSlot(j);
                    cl.addSlot(sender, j);
                    cl.ownerNotClaimingSlot[j >> 3] &= (byte) ~(1 << (j & 7));
                    cl.doBeforeSleep(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE | Cluster.TODO_FSYNC_CONFIG);
                }
            } else if (cl.slots[j] == sender) {
                cl.ownerNotClaimingSlot[j >> 3] |= (byte) (1 << (j & 7));
            }
        }
        if (newmaster != null && curmaster != null && curmaster.numslots == 0
                && (cl.allowReplicaMigration.get() || senderSlots == migratedOurSlots)) {
            log("warning", "Configuration change detected. Reconfiguring myself as a replica of " + sender.name);
            cl.setMaster(sender);
            cl.doBeforeSleep(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE | Cluster.TODO_FSYNC_CONFIG);
        } else if (myself.slaveof != null && myself.slaveof.slaveof != null && myself.slaveof.slaveof != myself) {
            log("warning", "I'm a sub-replica! Reconfiguring myself as a replica of grandmaster " + myself.slaveof.slaveof.name);
            cl.setMaster(myself.slaveof.slaveof);
            cl.doBeforeSleep(Cluster.TODO_SAVE_CONFIG | Cluster.TODO_UPDATE_STATE | Cluster.TODO_FSYNC_CONFIG);
        } else if (!dirty.isEmpty()) {
            for (int j : dirty) cl.delKeysInSlot(j);
        }
    }

    // ---------------------------------------------------------------- failure detection

    /**
     * markNodeAsFailingIfNeeded: a node we see in PFAIL becomes FAIL when, counting myself if I am
     * a master, a majority of the masters with slots reported it failing within twice the node
     * timeout; then every node is told with a FAIL message.
     */
    void markNodeAsFailingIfNeeded(ClusterNode node) {
        int neededQuorum = cl.size / 2 + 1;
        if (!node.timedOut() || node.failed()) return;
        int failures = node.failureReportsCount(cl.nodeTimeout.get(), cl.host.now());
        if (cl.myself.isMaster()) failures++;
        if (failures < neededQuorum) return;
        log("notice", "Marking node " + node.name + " as failing (quorum reached).");
        node.flags &= ~ClusterNode.PFAIL;
        node.flags |= ClusterNode.FAIL;
        node.failTime = cl.host.now();
        cl.listener.failureState(cl.myself.name, node.name, "fail", failures);
        sendFail(node.name);
        cl.doBeforeSleep(Cluster.TODO_UPDATE_STATE | Cluster.TODO_SAVE_CONFIG);
    }

    /** clearNodeFailureIfNeeded: a FAIL node answers again. */
    private void clearNodeFailureIfNeeded(ClusterNode node) {
        long now = cl.host.now();
        if (node.isSlave() || node.numslots == 0) {
            log("notice", "Clear FAIL state for node " + node.name + ": " + (node.isSlave() ? "replica" : "master without slots") + " is reachable again.");
            node.flags &= ~ClusterNode.FAIL;
            cl.doBeforeSleep(Cluster.TODO_UPDATE_STATE | Cluster.TODO_SAVE_CONFIG);
            cl.listener.failureState(cl.myself.name, node.name, "ok", 0);
        }
        if (node.isMaster() && node.numslots > 0 && now - node.failTime > cl.nodeTimeout.get() * 2) {
            log("notice", "Clear FAIL state for node " + node.name + ": is reachable again and nobody is serving its slots after some time.");
            node.flags &= ~ClusterNode.FAIL;
            cl.doBeforeSleep(Cluster.TODO_UPDATE_STATE | Cluster.TODO_SAVE_CONFIG);
            cl.listener.failureState(cl.myself.name, node.name, "ok", 0);
        }
    }

    // ---------------------------------------------------------------- cron

    /**
     * clusterCron, ten times a second: connect to nodes without a link (a handshake node lives at
     * most the node timeout), PING the node with the oldest PONG among five random ones each second,
     * PING anyone not heard from in half the node timeout, drop a link silent that long, flag PFAIL
     * after the node timeout; then the replica's failover duties and the state update.
     */
    void cron() {
        iteration++;
        cl.updateMyselfHostname();
        cl.updateMyselfIp();
        long now = cl.host.now();
        long nodeTimeout = cl.nodeTimeout.get();
        long handshakeTimeout = Math.max(1000, nodeTimeout);
        cl.statsPfailNodes = 0;
        for (ClusterNode node : new ArrayList<>(cl.nodes.values())) {
            if ((node.flags & (ClusterNode.MYSELF | ClusterNode.NOADDR)) != 0) continue;
            if (node.timedOut()) cl.statsPfailNodes++;
            if (node.inHandshake() && now - node.ctime > handshakeTimeout) {
                cl.delNode(node);
                continue;
            }
            if (node.link == null) {
                ClusterLink link = new ClusterLink(this, node, false, now);
                node.link = link;
                transport.connect(node.ip, node.cport, link);
            }
        }
        if (iteration % 10 == 0) {
            ClusterNode minPongNode = null;
            long minPong = 0;
            List<ClusterNode> all = new ArrayList<>(cl.nodes.values());
            ThreadLocalRandom r = ThreadLocalRandom.current();
            for (int j = 0; j < 5; j++) {
                ClusterNode n = all.get(r.nextInt(all.size()));
                if (n.link == null || n.pingSent != 0) continue;
                if ((n.flags & (ClusterNode.MYSELF | ClusterNode.HANDSHAKE)) != 0) continue;
                if (minPongNode == null || minPong > n.pongReceived) {
                    minPongNode = n;
                    minPong = n.pongReceived;
                }
            }
            if (minPongNode != null) sendPing(minPongNode.link, ClusterMsg.PING);
        }
        boolean updateState = false;
        int orphanedMasters = 0, maxSlaves = 0, thisSlaves = 0;
        for (ClusterNode node : new ArrayList<>(cl.nodes.values())) {
            now = cl.host.now();
            if ((node.flags & (ClusterNode.MYSELF | ClusterNode.NOADDR | ClusterNode.HANDSHAKE)) != 0) continue;
            if (cl.myself.isSlave() && node.isMaster() && !node.failed()) {
                int okslaves = node.countNonFailingSlaves();
                if (okslaves == 0 && node.numslots > 0 && (node.flags & ClusterNode.MIGRATE_TO) != 0) orphanedMasters++;
                if (okslaves > maxSlaves) maxSlaves = okslaves;
                if (cl.myself.slaveof == node) thisSlaves = okslaves;
            }
            long pingDelay = now - node.pingSent;
            long dataDelay = now - node.dataReceived;
            if (node.link != null && now - node.link.ctime > nodeTimeout && node.pingSent != 0
                    && pingDelay > nodeTimeout / 2 && dataDelay > nodeTimeout / 2) {
                freeClusterLink(node.link); // reconnected by the next cron
            }
            if (node.link != null && node.pingSent == 0 && now - node.pongReceived > nodeTimeout / 2) {
                sendPing(node.link, ClusterMsg.PING);
                continue;
            }
            if (cl.failover.pingManualFailoverSlave(node)) continue;
            if (node.pingSent == 0) continue;
            long nodeDelay = Math.min(pingDelay, dataDelay);
            if (nodeDelay > nodeTimeout && (node.flags & (ClusterNode.PFAIL | ClusterNode.FAIL)) == 0) {
                log("debug", "*** NODE " + node.name + " possibly failing");
                node.flags |= ClusterNode.PFAIL;
                updateState = true;
                cl.listener.failureState(cl.myself.name, node.name, "pfail", node.failReports.size());
            }
        }
        if (cl.myself.isSlave() && cl.host.masterHost() == null && cl.myself.slaveof != null && cl.myself.slaveof.hasAddr()) {
            cl.host.setMaster(cl.myself.slaveof.ip, cl.myself.slaveof.port);
        }
        cl.failover.cron(orphanedMasters, maxSlaves, thisSlaves);
        if (updateState || cl.state == Cluster.CLUSTER_FAIL) cl.updateState();
    }
}
