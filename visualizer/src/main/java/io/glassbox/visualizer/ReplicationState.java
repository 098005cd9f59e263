package io.glassbox.visualizer;

import java.util.ArrayList;
import java.util.List;

/**
 * What the replication view draws, read from {@code INFO replication} (replication.c's
 * {@code genRedisInfoString} fields). Until Glassbox has replication (issue 7) INFO has no such
 * section and {@link #LOCAL} describes the node as it is: a master with no replicas, offset 0 and no
 * backlog. When the section appears, the same parser fills replicas, offsets and the backlog window.
 */
public record ReplicationState(String role, long masterReplOffset, List<Replica> replicas, boolean backlogActive,
                               long backlogSize, long backlogFirstByteOffset, long backlogHistlen) {

    /** One {@code slaveN:ip=...,port=...,state=...,offset=...,lag=...} line. */
    public record Replica(String addr, String state, long offset, long lag) {}

    public static final ReplicationState LOCAL = new ReplicationState("master", 0, List.of(), false, 0, 0, 0);

    /** Parses INFO's text; fields it lacks keep {@link #LOCAL}'s values. */
    public static ReplicationState parse(String info) {
        String role = LOCAL.role;
        long offset = 0, size = 0, first = 0, hist = 0;
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
                default -> {
                    if (k.matches("slave\\d+")) replicas.add(replica(v));
                }
            }
        }
        return new ReplicationState(role, offset, List.copyOf(replicas), active, size, first, hist);
    }

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
