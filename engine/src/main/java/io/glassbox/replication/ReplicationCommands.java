package io.glassbox.replication;

import io.glassbox.command.CommandTable;
import io.glassbox.server.Client;
import io.glassbox.util.RedisNumbers;

/**
 * The replication commands (replication.c): REPLICAOF/SLAVEOF, REPLCONF, PSYNC, SYNC, ROLE, WAIT, FAILOVER.
 * They parse and check arguments with Redis's error texts; the work is in {@link Replication}.
 */
public final class ReplicationCommands {
    private final Replication r;

    /** The commands of one engine's replication ({@code Engine} binds them into its command table). */
    public ReplicationCommands(Replication r) { this.r = r; }

    public void register(CommandTable t) {
        t.bind("replicaof", this::replicaof);
        t.bind("slaveof", this::replicaof);
        t.bind("replconf", this::replconf);
        t.bind("psync", this::psync);
        t.bind("sync", this::sync);
        t.bind("role", c -> r.role(c));
        t.bind("wait", this::waitCommand);
        t.bind("failover", c -> r.failoverCommand(c));
    }

    /** REPLICAOF host port | NO ONE (replicaofCommand). */
    void replicaof(Client c) {
        if (c.argIs(1, "no") && c.argIs(2, "one")) {
            if (r.isReplica()) r.unsetMaster();
            c.addOk();
            return;
        }
        if (c.isReplica()) {
            c.addError("Command is not valid when client is a replica.");
            return;
        }
        long[] port = new long[1];
        if (!RedisNumbers.string2ll(c.arg(2), port) || port[0] < 0 || port[0] > 65535) {
            c.addError("Invalid master port");
            return;
        }
        String host = c.argString(1);
        if (r.isReplica() && host.equalsIgnoreCase(r.masterHost()) && r.masterPort() == port[0]) {
            c.addRaw("+OK Already connected to specified master\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return;
        }
        r.setMaster(host, (int) port[0]);
        r.host.log("notice", "REPLICAOF " + host + ":" + port[0] + " enabled (user request from '"
                + "id=" + c.id + " addr=" + c.connection().remoteAddress() + "')");
        c.addOk();
    }

    /** REPLCONF option value ... (replconfCommand). ACK and GETACK answer nothing. */
    void replconf(Client c) {
        if (c.argc() % 2 == 0) {
            c.addErrorSyntax();
            return;
        }
        for (int j = 1; j < c.argc(); j += 2) {
            if (c.argIs(j, "listening-port")) {
                long[] port = new long[1];
                if (!RedisNumbers.string2ll(c.arg(j + 1), port)) { c.addErrorNotInteger(); return; }
                r.replconfListeningPort(c, (int) port[0]);
            } else if (c.argIs(j, "ip-address")) {
                String ip = c.argString(j + 1);
                if (ip.length() >= 46) { // NET_HOST_STR_LEN
                    c.addError("REPLCONF ip-address provided by replica instance is too long: " + ip.length() + " bytes");
                    return;
                }
                r.replconfIpAddress(c, ip);
            } else if (c.argIs(j, "capa")) {
                // eof and psync2: Glassbox always sends a length-prefixed RDB and understands PSYNC2
            } else if (c.argIs(j, "ack")) {
                if (!c.isReplica()) return;
                long[] off = new long[1];
                if (!RedisNumbers.string2ll(c.arg(j + 1), off)) return;
                r.replconfAck(c, off[0]);
                return;
            } else if (c.argIs(j, "getack")) {
                if (r.isReplica() && c.isMaster()) r.sendAck();
                return;
            } else if (c.argIs(j, "rdb-only")) {
                long[] v = new long[1];
                if (!RedisNumbers.string2ll(c.arg(j + 1), v) || (v[0] != 0 && v[0] != 1)) {
                    c.addErrorNotInteger();
                    return;
                }
            } else {
                c.addError("Unrecognized REPLCONF option: " + c.argString(j));
                return;
            }
        }
        c.addOk();
    }

    /** PSYNC replid offset [FAILOVER] (syncCommand's PSYNC half). */
    void psync(Client c) {
        if (c.isReplica()) return;
        long[] offset = new long[1];
        if (!RedisNumbers.string2ll(c.arg(2), offset)) {
            c.addErrorNotInteger();
            return;
        }
        // PSYNC replid offset FAILOVER: our master hands its role over to us (FAILOVER on its side)
        if (c.argc() > 3 && c.argString(3).equalsIgnoreCase("failover")
            && !r.psyncFailover(c, c.argString(1))) return;
        r.sync(c, c.argString(1), offset[0], true);
    }

    /** SYNC: the pre-PSYNC full synchronisation. */
    void sync(Client c) {
        if (c.isReplica()) return;
        r.sync(c, "?", -1, false);
    }

    /** WAIT numreplicas timeout (waitCommand). */
    void waitCommand(Client c) {
        if (r.isReplica()) {
            c.addError("WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is "
                    + "configured to be writable (which is not the default) writes to replicas are just local and are not propagated.");
            return;
        }
        long[] n = new long[1];
        if (!RedisNumbers.string2ll(c.arg(1), n)) { c.addErrorNotInteger(); return; }
        long[] t = new long[1];
        if (!RedisNumbers.string2ll(c.arg(2), t)) { c.addError("timeout is not an integer or out of range"); return; }
        if (t[0] < 0) { c.addError("timeout is negative"); return; }
        r.waitCommand(c, n[0], t[0]);
    }
}
