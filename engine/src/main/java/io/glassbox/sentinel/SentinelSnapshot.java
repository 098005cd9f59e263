package io.glassbox.sentinel;

import java.util.List;

/**
 * One Sentinel's view at an instant, for the REPL and the window: what SENTINEL MASTERS,
 * REPLICAS and SENTINELS show, reduced to what the election story needs (who is down for whom,
 * who voted for whom in which epoch, where the failover is). Immutable; taken on the command thread.
 */
public record SentinelSnapshot(String myid, long currentEpoch, boolean tilt, List<Master> masters) {
    /** A monitored master: its address now, flags ("s_down,o_down,master,..."), quorum, epochs and failover state. */
    public record Master(String name, String ip, int port, String flags, int quorum, long configEpoch, String leader,
                         long leaderEpoch, String failoverState, List<Instance> replicas, List<Instance> sentinels) {
        public Master {
            replicas = List.copyOf(replicas);
            sentinels = List.copyOf(sentinels);
        }
    }

    /** A replica or another Sentinel: for a Sentinel, {@code leader}/{@code leaderEpoch} are its last vote. */
    public record Instance(String name, String runid, String ip, int port, String flags, String leader, long leaderEpoch) {}

    public SentinelSnapshot {
        masters = List.copyOf(masters);
    }

    /** A few lines for a terminal: each master, its Sentinels' votes and its replicas. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("sentinel ").append(myid == null ? "?" : myid.substring(0, 8)).append(" epoch ").append(currentEpoch)
          .append(tilt ? " TILT" : "").append('\n');
        for (Master m : masters) {
            sb.append("  master ").append(m.name).append(' ').append(m.ip).append(':').append(m.port).append(" [").append(m.flags)
              .append("] quorum ").append(m.quorum).append(" config-epoch ").append(m.configEpoch);
            if (!"none".equals(m.failoverState)) sb.append(" failover ").append(m.failoverState);
            if (m.leader != null) sb.append(" leader ").append(m.leader, 0, Math.min(8, m.leader.length())).append('@').append(m.leaderEpoch);
            sb.append('\n');
            for (Instance s : m.sentinels) {
                sb.append("    sentinel ").append(s.name, 0, Math.min(8, s.name.length())).append(' ').append(s.ip).append(':')
                  .append(s.port).append(" [").append(s.flags).append(']');
                if (s.leader != null) sb.append(" voted ").append(s.leader, 0, Math.min(8, s.leader.length())).append('@').append(s.leaderEpoch);
                sb.append('\n');
            }
            for (Instance r : m.replicas) {
                sb.append("    replica ").append(r.ip).append(':').append(r.port).append(" [").append(r.flags).append("]\n");
            }
        }
        return sb.toString();
    }
}
