package io.glassbox.replication;

import io.glassbox.persistence.rdb.RdbFile;
import io.glassbox.server.Client;
import io.glassbox.server.Connection;
import io.glassbox.server.Propagation;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A replica's link to its master, replication.c's replica half: REPLICAOF
 * ({@code replicationSetMaster}, {@code replicationUnsetMaster}), the handshake state machine
 * ({@code connectWithMaster}, {@code syncWithMaster}, {@code slaveTryPartialResynchronization},
 * {@code cancelReplicationHandshake}), the master client ({@code replicationCreateMasterClient}),
 * the cached master kept for the next PSYNC ({@code replicationCacheMaster},
 * {@code replicationCacheMasterUsingMyself}, {@code replicationHandleMasterDisconnection}), acks
 * ({@code replicationSendAck}) and the replica's half of {@code replicationCron} (reconnect, time
 * out). Reading and loading the RDB of a full resync is {@link ReplicaTransfer}.
 *
 * <p>The states ({@link ReplState}, Redis's {@code repl_state}): {@code CONNECT} (to be
 * connected, the cron retries once a second) -> {@code CONNECTING} -> one state per handshake
 * reply awaited (PING, AUTH, REPLCONF listening-port, ip-address, capa, PSYNC) -> {@code TRANSFER}
 * (after +FULLRESYNC: the RDB arrives) -> {@code CONNECTED} (the link is the master client). Any
 * error or timeout goes back to {@code CONNECT}; a broken link keeps the cached master (its ID and
 * our offset), so the next PSYNC asks for {@code offset+1}.
 */
final class ReplicaLink {
    /** The handshake and link states of a replica (repl_state). */
    enum ReplState { NONE, CONNECT, CONNECTING, RECEIVE_PING_REPLY, RECEIVE_AUTH_REPLY, RECEIVE_PORT_REPLY,
        RECEIVE_IP_REPLY, RECEIVE_CAPA_REPLY, RECEIVE_PSYNC_REPLY, TRANSFER, CONNECTED }

    private final Replication r;
    private final Replication.Host host;
    private final ReplicationIds ids;
    private final ReplicaTransfer transfer;
    private MasterConnector connector;

    /** Null on a master. */
    private String masterHost;
    private int masterPort;
    private ReplState state = ReplState.NONE;
    private MasterConnector.Link link;
    /** The link once the sync is done: a client whose commands we apply (server.master). */
    private Client masterClient;
    /** Bytes from the master not yet consumed by the handshake or the transfer. */
    final ByteArrayOutputStream inbox = new ByteArrayOutputStream();
    /** The master's stream ID and our offset in it, kept when the link breaks, for PSYNC (cached master). */
    private String cachedReplid;
    private long cachedOffset = -1;
    /** The database the master's stream had selected when the link broke (the cached master's db). */
    private int cachedDb;
    private long lastIoMillis;
    private long linkDownSinceMillis;
    private String lastHandshakeError;
    private int connectAttempts;

    ReplicaLink(Replication r) {
        this.r = r;
        this.host = r.host;
        this.ids = r.ids;
        this.transfer = new ReplicaTransfer(r, this);
    }

    void setConnector(MasterConnector connector) { this.connector = connector; }

    boolean isReplica() { return masterHost != null; }

    String masterHost() { return masterHost; }

    int masterPort() { return masterPort; }

    ReplState state() { return state; }

    boolean linkUp() { return state == ReplState.CONNECTED; }

    boolean hasMasterClient() { return masterClient != null; }

    long lastIoMillis() { return lastIoMillis; }

    long linkDownSinceMillis() { return linkDownSinceMillis; }

    ReplicaTransfer transfer() { return transfer; }

    String lastHandshakeError() { return lastHandshakeError; }

    /** The offset a replica has applied: the master client's, or the cached one while the link is down. */
    long replicaOffset() { return masterClient != null ? ids.masterReplOffset : cachedOffset; }

    /** read_reploff: what was read from the master, applied or not (a command CLIENT PAUSE holds, a partial one). */
    long replicaReadOffset() { return masterClient != null ? ids.masterReplOffset + masterClient.unappliedBytes() : cachedOffset; }

    /** rdbPopulateSaveInfo's replica half: the master client's db, or the cached master's; null if neither. */
    RdbFile.SaveInfo saveInfo() {
        if (masterClient != null) return new RdbFile.SaveInfo(masterClient.db().id, ids.replid, ids.masterReplOffset);
        if (cachedReplid != null && cachedOffset >= 0) return new RdbFile.SaveInfo(cachedDb, cachedReplid, cachedOffset);
        return null;
    }

    /**
     * loadDataFromDisk's end, with {@code replicaof} configured: the RDB just loaded says where in
     * its master's stream this node stood ({@code repl-id}, {@code repl-offset},
     * {@code repl-stream-db}); take that as our history and our cached master, so the first PSYNC
     * asks for {@code offset+1} and the master answers +CONTINUE if its backlog still holds it.
     * Then connect, as REPLICAOF would. {@code aux} is empty when nothing was loaded.
     */
    void startFromLoadedHistory(String host, int port, Map<String, String> aux) {
        String id = aux.get("repl-id"), off = aux.get("repl-offset"), db = aux.get("repl-stream-db");
        int streamDb = -1;
        if (id != null && id.length() == 40 && off != null && db != null) {
            try {
                long o = Long.parseLong(off);
                int d = Integer.parseInt(db);
                if (o >= 0 && d >= 0) {
                    ids.replid = id;
                    ids.masterReplOffset = o;
                    streamDb = d;
                }
            } catch (NumberFormatException e) {
                // an unreadable field: no cached master, a full resync
            }
        }
        // setMaster caches "ourselves" (replicationCacheMasterUsingMyself): the history just loaded
        setMaster(host, port);
        if (streamDb >= 0) {
            cachedDb = streamDb;
        } else {
            cachedReplid = null; // a fresh ID of our own is no history the master knows
            cachedOffset = -1;
        }
    }

    // ================================================================ REPLICAOF

    /** REPLICAOF host port (replicationSetMaster). */
    void setMaster(String host, int port) {
        boolean wasMaster = masterHost == null;
        dropMasterClient();
        cancelHandshake();
        masterHost = host;
        masterPort = port;
        this.host.keyspace().setReplica(true);
        this.host.roleChanged();
        // our own history is what we can offer the new master for a PSYNC (replicationCacheMasterUsingMyself)
        if (wasMaster) {
            cachedReplid = ids.replid;
            cachedOffset = ids.masterReplOffset;
            cachedDb = r.master.streamDbOrZero();
        }
        // disconnectAllBlockedClients: a replica must not serve what was waiting for a write
        this.host.disconnectAllBlockedClients();
        setState(ReplState.CONNECT);
        linkDownSinceMillis = 0;
        this.host.log("notice", "Connecting to MASTER " + host + ":" + port);
        connectToMaster();
    }

    /** REPLICAOF NO ONE (replicationUnsetMaster): become a master, keeping the data and the history. */
    void unsetMaster() {
        if (masterHost == null) return;
        String was = masterHost + ":" + masterPort;
        masterHost = null;
        dropMasterClient();
        cancelHandshake();
        // PSYNC2: our replicas may continue with the old ID up to here
        ids.shiftReplicationId();
        cachedReplid = null;
        cachedOffset = -1;
        host.keyspace().setReplica(false);
        host.roleChanged();
        r.master.forceSelect();
        setState(ReplState.NONE);
        host.log("notice", "MASTER MODE enabled (user request from '" + was + "')");
        // disconnect our replicas so they learn the new ID quickly (they will PSYNC and continue)
        r.master.disconnectReplicas();
    }

    private void dropMasterClient() {
        if (masterClient != null) {
            Client m = masterClient;
            masterClient = null;
            host.closeClient(m);
        }
    }

    private void setState(ReplState s) {
        if (s == state) return;
        ReplState from = state;
        state = s;
        r.listener.get().replicaStateChanged(from.name().toLowerCase(), s.name().toLowerCase());
    }

    // ================================================================ the handshake (syncWithMaster)

    /** connectWithMaster: open the connection; its events drive the handshake. */
    private void connectToMaster() {
        if (connector == null) {
            lastHandshakeError = "no network connector";
            return;
        }
        setState(ReplState.CONNECTING);
        lastIoMillis = host.nowMillis();
        inbox.reset();
        String toHost = masterHost;
        int toPort = masterPort;
        // callbacks of an abandoned attempt (REPLICAOF elsewhere, a timeout) are ignored
        int attempt = ++connectAttempts;
        connector.connect(toHost, toPort, new MasterConnector.Events() {
            @Override
            public void connected(MasterConnector.Link l) {
                if (attempt != connectAttempts || state != ReplState.CONNECTING) {
                    l.close();
                    return;
                }
                link = l;
                host.log("notice", "MASTER <-> REPLICA sync started");
                lastIoMillis = host.nowMillis();
                send("PING");
                setState(ReplState.RECEIVE_PING_REPLY);
            }

            @Override
            public void bytes(byte[] b, int off, int len) {
                if (attempt != connectAttempts || link == null) return;
                lastIoMillis = host.nowMillis();
                onMasterBytes(b, off, len);
            }

            @Override
            public void closed(String why) {
                if (attempt != connectAttempts) return;
                if (link == null && state == ReplState.CONNECTING) {
                    host.log("warning", "Error condition on socket for SYNC: " + why);
                    setState(ReplState.CONNECT); // the cron retries once a second
                    if (linkDownSinceMillis == 0) linkDownSinceMillis = host.nowMillis();
                    return;
                }
                if (masterClient != null) host.freeClient(masterClient); // -> clientClosed -> handleMasterDisconnection
                else cancelHandshake();
            }
        });
    }

    private void send(String... args) {
        List<byte[]> argv = new ArrayList<>();
        for (String a : args) argv.add(MasterSide.bytes(a));
        link.write(Propagation.encodeCommand(argv));
    }

    /** cancelReplicationHandshake: the handshake failed or the link closed before it was done; retry from CONNECT. */
    void cancelHandshake() {
        closeLink();
        transfer.reset();
        inbox.reset();
        if (masterHost != null && state != ReplState.CONNECTED) {
            setState(ReplState.CONNECT);
            if (linkDownSinceMillis == 0) linkDownSinceMillis = host.nowMillis();
        }
    }

    private void closeLink() {
        if (link != null) {
            MasterConnector.Link l = link;
            link = null;
            l.close();
        }
    }

    /** A client closed: if it was the master client, the link is lost. */
    void clientClosed(Client c) {
        if (c == masterClient) {
            cachedDb = c.db().id;
            masterClient = null;
            handleMasterDisconnection("connection lost");
        }
    }

    /** The master client went away (replicationHandleMasterDisconnection, replicationCacheMaster): cache its state for PSYNC. */
    private void handleMasterDisconnection(String why) {
        closeLink();
        if (masterHost == null) return;
        cachedReplid = ids.replid;
        cachedOffset = ids.masterReplOffset;
        linkDownSinceMillis = host.nowMillis();
        setState(ReplState.CONNECT);
        host.log("notice", "Connection with master lost (" + why + "); will try a partial resync from offset "
                + (cachedOffset + 1));
    }

    private void onMasterBytes(byte[] b, int off, int len) {
        if (state == ReplState.CONNECTED && masterClient != null) {
            host.feedClientInput(masterClient, b, off, len);
            return;
        }
        inbox.write(b, off, len);
        while (link != null && state != ReplState.CONNECTED) {
            if (state == ReplState.TRANSFER) {
                if (!transfer.read()) return;
                continue;
            }
            String line = takeLine();
            if (line == null) return;
            handshakeReply(line);
        }
        // bytes after the RDB (or after +CONTINUE) are the stream
        if (state == ReplState.CONNECTED && masterClient != null && inbox.size() > 0) {
            byte[] rest = inbox.toByteArray();
            inbox.reset();
            host.feedClientInput(masterClient, rest, 0, rest.length);
        }
    }

    /** One CRLF- (or LF-) terminated line from the inbox, or null if none is complete. */
    String takeLine() {
        byte[] all = inbox.toByteArray();
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                int end = i > 0 && all[i - 1] == '\r' ? i - 1 : i;
                String line = new String(all, 0, end, StandardCharsets.UTF_8);
                inbox.reset();
                inbox.write(all, i + 1, all.length - i - 1);
                return line;
            }
        }
        return null;
    }

    /** syncWithMaster: one reply of the master moves the handshake one state on. */
    private void handshakeReply(String line) {
        ReplicationSettings s = r.settings;
        switch (state) {
            case RECEIVE_PING_REPLY -> {
                // -NOAUTH / -NOPERM / -ERR operation not permitted are fine: AUTH comes next
                if (line.startsWith("-") && !line.startsWith("-NOAUTH") && !line.startsWith("-NOPERM")
                        && !line.startsWith("-ERR operation not permitted")) {
                    handshakeError("Error reply to PING from master: '" + line + "'");
                    return;
                }
                host.log("notice", "Master replied to PING, replication can continue...");
                String masterauth = s.masterauth.get();
                if (masterauth != null && !masterauth.isEmpty()) {
                    String user = s.masteruser.get();
                    if (user != null && !user.isEmpty()) send("AUTH", user, masterauth);
                    else send("AUTH", masterauth);
                    setState(ReplState.RECEIVE_AUTH_REPLY);
                } else {
                    sendPort();
                }
            }
            case RECEIVE_AUTH_REPLY -> {
                if (line.startsWith("-")) { handshakeError("Unable to AUTH to MASTER: " + line); return; }
                sendPort();
            }
            case RECEIVE_PORT_REPLY -> {
                if (line.startsWith("-")) host.log("notice", "(Non critical) Master does not understand REPLCONF listening-port: " + line);
                // replica-announce-ip: the address the master should list (NAT, port forwarding); none, no REPLCONF
                String announceIp = s.replicaAnnounceIp.get();
                if (announceIp != null && !announceIp.isEmpty()) {
                    send("REPLCONF", "ip-address", announceIp);
                    setState(ReplState.RECEIVE_IP_REPLY);
                } else {
                    sendCapa();
                }
            }
            case RECEIVE_IP_REPLY -> {
                if (line.startsWith("-")) host.log("notice", "(Non critical) Master does not understand REPLCONF ip-address: " + line);
                sendCapa();
            }
            case RECEIVE_CAPA_REPLY -> {
                if (line.startsWith("-")) host.log("notice", "(Non critical) Master does not understand REPLCONF capa: " + line);
                if (cachedReplid != null && cachedOffset >= 0) {
                    host.log("notice", "Trying a partial resynchronization (request " + cachedReplid + ":" + (cachedOffset + 1) + ").");
                    // a master handing over asks its target to take the role (PSYNC ... FAILOVER)
                    if (r.failover.handingOver()) send("PSYNC", cachedReplid, Long.toString(cachedOffset + 1), "FAILOVER");
                    else send("PSYNC", cachedReplid, Long.toString(cachedOffset + 1));
                } else {
                    host.log("notice", "Partial resynchronization not possible (no cached master)");
                    send("PSYNC", "?", "-1");
                }
                setState(ReplState.RECEIVE_PSYNC_REPLY);
            }
            case RECEIVE_PSYNC_REPLY -> psyncReply(line);
            default -> { }
        }
    }

    /** REPLCONF listening-port: replica-announce-port if set, else the port we listen on. */
    private void sendPort() {
        long announced = r.settings.replicaAnnouncePort.get();
        send("REPLCONF", "listening-port", Long.toString(announced != 0 ? announced : host.port()));
        setState(ReplState.RECEIVE_PORT_REPLY);
    }

    private void sendCapa() {
        send("REPLCONF", "capa", "eof", "capa", "psync2");
        setState(ReplState.RECEIVE_CAPA_REPLY);
    }

    /** The handshake or the transfer failed: log it, remember it, and start again from CONNECT. */
    void handshakeError(String msg) {
        lastHandshakeError = msg;
        host.log("warning", msg);
        cancelHandshake();
    }

    /** slaveTryPartialResynchronization, the reading half. */
    private void psyncReply(String line) {
        if (line.isEmpty()) return; // a newline keepalive while the master prepares
        if (r.failover.handingOver()) {
            // the target took over (a full resync is unexpected but no failure); else step back up
            if (line.startsWith("+FULLRESYNC") || line.startsWith("+CONTINUE")) {
                r.failover.clearFailoverState();
            } else {
                r.failover.abortFailover("Failover target rejected psync request");
                return;
            }
        }
        if (line.startsWith("+FULLRESYNC")) {
            String[] parts = line.split(" ");
            String masterReplid = ReplicationIds.ZERO_ID;
            long masterInitialOffset = -1;
            if (parts.length >= 3) {
                masterReplid = parts[1];
                masterInitialOffset = Long.parseLong(parts[2]);
            }
            host.log("notice", "Full resync from master: " + masterReplid + ":" + masterInitialOffset);
            // our history is gone: our replicas must resync with us too (replicationAttachToNewMaster)
            cachedReplid = null;
            cachedOffset = -1;
            r.master.disconnectReplicas();
            ids.freeBacklog();
            transfer.begin(masterReplid, masterInitialOffset);
            setState(ReplState.TRANSFER);
        } else if (line.startsWith("+CONTINUE")) {
            String newId = line.length() > "+CONTINUE ".length() ? line.substring("+CONTINUE ".length()).trim() : "";
            host.log("notice", "Successful partial resynchronization with master.");
            if (!newId.isEmpty() && !newId.equals(cachedReplid)) {
                // the master's history changed name (it was promoted): keep the old one as our replid2
                ids.masterChangedId(cachedReplid, newId);
                r.master.disconnectReplicas();
            } else if (!newId.isEmpty()) {
                ids.replid = newId;
            }
            ids.createBacklog();
            becomeConnected(ids.masterReplOffset);
        } else if (line.startsWith("-NOMASTERLINK") || line.startsWith("-LOADING")) {
            host.log("notice", "Master is currently unable to PSYNC but should be in the future: " + line);
            cancelHandshake();
        } else {
            handshakeError("Unexpected reply to PSYNC from master: " + line);
        }
    }

    /** replicationCreateMasterClient: the link becomes a client whose commands we apply. */
    void becomeConnected(long offset) {
        ids.masterReplOffset = offset;
        MasterConnector.Link l = link;
        masterClient = host.createClient(new Connection() {
            public void write(byte[] b, int off, int n) { l.write(Arrays.copyOfRange(b, off, off + n)); }
            public void close() { l.close(); }
            public String remoteAddress() { return masterHost + ":" + masterPort; }
            public String localAddress() { return l.localAddress(); }
            public boolean isLoopback() { return true; }
        });
        masterClient.markMaster();
        // a partial resync continues the stream in the db it had selected (the cached master's)
        if (cachedReplid != null) masterClient.selectDb(cachedDb);
        cachedReplid = null;
        cachedOffset = -1;
        linkDownSinceMillis = 0;
        r.master.forceSelect();
        setState(ReplState.CONNECTED);
        host.log("notice", "MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization or finished a full sync.");
        sendAck();
    }

    // ================================================================ connected: the stream and acks

    /**
     * The master client applied one command of {@code consumed} bytes (commandProcessed):
     * our offset moves by those bytes, and the same bytes go to our backlog and replicas
     * (replicationFeedStreamFromMasterStream).
     */
    void masterCommandApplied(byte[] raw, long consumed) {
        ids.createBacklog();
        ids.backlog.append(raw, 0, raw.length);
        ids.masterReplOffset += consumed;
        r.master.sendToReplicas(raw);
        r.listener.get().streamFed(ids.masterReplOffset, consumed, ids.backlog);
    }

    /** REPLCONF ACK offset to the master (replicationSendAck); also the answer to GETACK. */
    void sendAck() {
        if (link == null || masterClient == null) return;
        send("REPLCONF", "ACK", Long.toString(ids.masterReplOffset));
    }

    /** replicationCron's replica half: connect from CONNECT, give up a silent handshake or link, ack once a second. */
    void cron(long now) {
        if (masterHost == null) return;
        long timeout = r.settings.timeout.get() * 1000;
        if (state == ReplState.CONNECT) connectToMaster();
        else if (state != ReplState.CONNECTED && state != ReplState.NONE && now - lastIoMillis > timeout) {
            host.log("warning", "Timeout connecting to the MASTER...");
            cancelHandshake();
        } else if (state == ReplState.CONNECTED && now - lastIoMillis > timeout) {
            host.log("warning", "MASTER timeout: no data nor PING received...");
            if (masterClient != null) host.closeClient(masterClient);
        }
        if (state == ReplState.CONNECTED && masterClient != null) sendAck();
    }
}
