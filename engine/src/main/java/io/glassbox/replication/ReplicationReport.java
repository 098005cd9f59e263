package io.glassbox.replication;

import io.glassbox.server.Client;
import io.glassbox.server.ServerStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What replication shows of itself: INFO's {@code # Replication} section (server.c's
 * {@code genRedisInfoString}), ROLE (replication.c's {@code roleCommand}) and the
 * {@link Replication.Snapshot} the REPL and the visualizer draw. It only reads; every value comes
 * from the ids, the master side, the failover and the replica's link.
 */
final class ReplicationReport {
    private final Replication r;
    private final Replication.Host host;

    ReplicationReport(Replication r) {
        this.r = r;
        this.host = r.host;
    }

    /** The "# Replication" section (genRedisInfoString), field for field as Redis 7.0 writes it. */
    void info(StringBuilder sb) {
        ReplicaLink link = r.link;
        ReplicationIds ids = r.ids;
        ReplicationSettings s = r.settings;
        long now = host.nowMillis();
        sb.append("# Replication\r\n");
        field(sb, "role", link.isReplica() ? "slave" : "master");
        if (link.isReplica()) {
            ReplicaLink.ReplState state = link.state();
            field(sb, "master_host", link.masterHost());
            field(sb, "master_port", link.masterPort());
            field(sb, "master_link_status", state == ReplicaLink.ReplState.CONNECTED ? "up" : "down");
            field(sb, "master_last_io_seconds_ago", link.hasMasterClient() ? (now - link.lastIoMillis()) / 1000 : -1);
            field(sb, "master_sync_in_progress", state == ReplicaLink.ReplState.TRANSFER ? 1 : 0);
            field(sb, "slave_read_repl_offset", link.replicaReadOffset());
            field(sb, "slave_repl_offset", link.replicaOffset());
            if (state == ReplicaLink.ReplState.TRANSFER) {
                long total = link.transfer().totalBytes();
                long read = link.transfer().readBytes();
                field(sb, "master_sync_total_bytes", total);
                field(sb, "master_sync_read_bytes", read);
                field(sb, "master_sync_left_bytes", total < 0 ? -1 : total - read);
                field(sb, "master_sync_perc", String.format(Locale.ROOT, "%.2f", total <= 0 ? 0.0 : read * 100.0 / total));
                field(sb, "master_sync_last_io_seconds_ago", (now - link.lastIoMillis()) / 1000);
            }
            if (state != ReplicaLink.ReplState.CONNECTED) {
                long downSince = link.linkDownSinceMillis();
                field(sb, "master_link_down_since_seconds", downSince == 0 ? -1 : (now - downSince) / 1000);
            }
            field(sb, "slave_priority", s.replicaPriority.get());
            field(sb, "slave_read_only", s.replicaReadOnly.get() ? 1 : 0);
            field(sb, "replica_announced", s.replicaAnnounced.get() ? 1 : 0);
        }
        field(sb, "connected_slaves", r.master.replicaCount());
        if (s.minReplicasToWrite.get() > 0 && s.minReplicasMaxLag.get() > 0) {
            field(sb, "min_slaves_good_slaves", r.master.goodReplicas());
        }
        int i = 0;
        for (MasterSide.Replica x : r.master.replicas()) {
            sb.append("slave").append(i++).append(":ip=").append(x.ip()).append(",port=").append(x.listeningPort)
              .append(",state=online,offset=").append(x.ackOffset).append(",lag=").append((now - x.ackMillis) / 1000).append("\r\n");
        }
        field(sb, "master_failover_state", r.failover.state().infoName);
        field(sb, "master_replid", ids.replid);
        field(sb, "master_replid2", ids.replid2);
        field(sb, "master_repl_offset", ids.masterReplOffset);
        field(sb, "second_repl_offset", ids.secondReplidOffset);
        ReplicationBacklog backlog = ids.backlog;
        field(sb, "repl_backlog_active", backlog != null ? 1 : 0);
        field(sb, "repl_backlog_size", backlog != null ? backlog.size() : s.backlogSize.get());
        field(sb, "repl_backlog_first_byte_offset", backlog != null ? backlog.firstByteOffset() : 0);
        field(sb, "repl_backlog_histlen", backlog != null ? backlog.histlen() : 0);
    }

    /** The host part of "host:port" (a replica's address as its connection shows it). */
    static String hostOf(String address) {
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }

    private static void field(StringBuilder sb, String name, Object value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }

    /** ROLE (roleCommand): a master's offset and replicas, or a replica's master, link state and offset. */
    void role(Client c) {
        ReplicaLink link = r.link;
        if (!link.isReplica()) {
            c.addArrayLen(3);
            c.addBulk("master");
            c.addLong(r.ids.masterReplOffset);
            c.addArrayLen(r.master.replicaCount());
            for (MasterSide.Replica x : r.master.replicas()) {
                c.addArrayLen(3);
                c.addBulk(x.ip());
                c.addBulk(Integer.toString(x.listeningPort));
                c.addBulk(Long.toString(x.ackOffset));
            }
        } else {
            c.addArrayLen(5);
            c.addBulk("slave");
            c.addBulk(link.masterHost());
            c.addLong(link.masterPort());
            c.addBulk(switch (link.state()) {
                case CONNECT -> "connect";
                case CONNECTING -> "connecting";
                case TRANSFER -> "sync";
                case CONNECTED -> "connected";
                case NONE -> "none";
                default -> "handshake";
            });
            c.addLong(link.hasMasterClient() ? r.ids.masterReplOffset : -1);
        }
    }

    /** A copy of the state for the views, taken on the command thread. */
    Replication.Snapshot snapshot() {
        ReplicaLink link = r.link;
        ReplicationIds ids = r.ids;
        long now = host.nowMillis();
        List<Replication.ReplicaView> rs = new ArrayList<>();
        for (MasterSide.Replica x : r.master.replicas()) {
            rs.add(new Replication.ReplicaView(x.client.id, x.client.connection().remoteAddress(), x.listeningPort, x.ackOffset,
                    Math.max(0, ids.masterReplOffset - x.ackOffset), (now - x.ackMillis) / 1000));
        }
        ReplicationBacklog b = ids.backlog;
        Replication.BacklogView bv = b == null ? null
                : new Replication.BacklogView(b.size(), b.writeIndex(), b.histlen(), b.firstByteOffset(), b.offset());
        ServerStats stats = host.stats();
        return new Replication.Snapshot(link.isReplica() ? "slave" : "master", link.masterHost(), link.masterPort(),
                link.state().name().toLowerCase(), ids.replid, ids.replid2,
                link.isReplica() ? link.replicaOffset() : ids.masterReplOffset, ids.secondReplidOffset, rs, bv,
                stats.syncFull, stats.syncPartialOk, stats.syncPartialErr);
    }
}
