package io.glassbox.visualizer;

import java.util.ArrayList;
import java.util.List;

/**
 * What the replication view draws, read from {@code INFO replication} (replication.c's
 * {@code genRedisInfoString} fields), so it works the same for a Glassbox engine and for any
 * Redis reached over the network: the role, the offsets, each {@code slaveN} line, the backlog's
 * size and valid window; on a replica, its master and link. A section that is missing leaves
 * {@link #LOCAL}'s values: a master with no replicas and no backlog.
 */
public record ReplicationState(String role, long masterReplOffset, List<Replica> replicas, boolean backlogActive,
                               long backlogSize, long backlogFirstByteOffset, long backlogHistlen,
                               String masterHost, int masterPort, String masterLinkStatus, long replicaOffset,
                               String replid, String failoverState) {

    /** One {@code slaveN:ip=...,port=...,state=...,offset=...,lag=...} line ({@code lag}: seconds since its last ack). */
    public record Replica(String addr, String state, long offset, long lag) {}

    public static final ReplicationState LOCAL = new ReplicationState("master", 0, List.of(), false, 0, 0, 0, null, 0,
            null, -1, null, "no-failover");

    /** Parses INFO's text; fields it lacks keep {@link #LOCAL}'s values. */
    public static ReplicationState parse(String info) {
        String role = LOCAL.role, host = null, link = null, replid = null, failover = LOCAL.failoverState;
        int port = 0;
        long offset = 0, size = 0, first = 0, hist = 0, replicaOffset = -1;
        boolean active = false;
        List<Replica> replicas = new ArrayList<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.startsWith("#")) continue;
            String k = line.substring(0, colon), v = line.substring(colon + 1).strip();
            switch (k) {
                case "role" -> role = v;
                case "master_repl_offset" -> offset = parseLong(v);
                case "repl_backlog_active" -> active = v.equals("1");
                case "repl_backlog_size" -> size = parseLong(v);
                case "repl_backlog_first_byte_offset" -> first = parseLong(v);
                case "repl_backlog_histlen" -> hist = parseLong(v);
                case "master_host" -> host = v;
                case "master_port" -> port = (int) parseLong(v);
                case "master_link_status" -> link = v;
                case "slave_repl_offset" -> replicaOffset = parseLong(v);
                case "master_replid" -> replid = v;
                case "master_failover_state" -> failover = v;
                default -> {
                    if (k.matches("slave\\d+")) replicas.add(replica(v));
                }
            }
        }
        return new ReplicationState(role, offset, List.copyOf(replicas), active, size, first, hist, host, port, link,
                replicaOffset, replid, failover);
    }

    /** How many bytes of the stream {@code r} has not acknowledged yet. */
    public long lagBytes(Replica r) { return Math.max(0, masterReplOffset - r.offset()); }

    private static Replica replica(String v) {
        String ip = "?", port = "?", state = "?";
        long off = 0, lag = 0;
        for (String kv : v.split(",")) {
            int eq = kv.indexOf('=');
            if (eq < 0) continue;
            String k = kv.substring(0, eq), x = kv.substring(eq + 1);
            switch (k) {
                case "ip" -> ip = x;
                case "port" -> port = x;
                case "state" -> state = x;
                case "offset" -> off = parseLong(x);
                case "lag" -> lag = parseLong(x);
                default -> { }
            }
        }
        return new Replica(ip + ":" + port, state, off, lag);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
