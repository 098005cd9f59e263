package io.glassbox.engine;

import io.glassbox.resp.RespValue;

import java.util.ArrayList;
import java.util.List;

/**
 * A master and its replicas in this JVM, each a {@link Glassbox} on its own free port, linked by
 * Redis's real replication (the replicas connect with {@code REPLICAOF}, PSYNC, take the RDB, then
 * the command stream), for tests of code that reads from replicas or of replication itself.
 *
 * <pre>{@code
 * try (ReplicatedGlassbox group = Glassbox.replicated(2)) {
 *     group.master().call("SET", "k", "v");
 *     group.awaitReplication();                   // WAIT: every replica has the write
 *     group.replica(0).call("GET", "k");           // Bulk "v"
 * }
 * }</pre>
 *
 * <p>{@link Glassbox.Builder#startReplicated} starts one; every node gets the builder's settings
 * (and, with {@link Glassbox.Builder#virtualClock()}, its own virtual clock).
 */
public final class ReplicatedGlassbox implements AutoCloseable {
    private final Glassbox master;
    private final List<Glassbox> replicas;

    ReplicatedGlassbox(Glassbox master, List<Glassbox> replicas) {
        this.master = master;
        this.replicas = List.copyOf(replicas);
    }

    public Glassbox master() { return master; }

    /** The {@code i}-th replica, from 0. */
    public Glassbox replica(int i) { return replicas.get(i); }

    public List<Glassbox> replicas() { return replicas; }

    /**
     * Waits until every replica has acknowledged the master's writes so far ({@code WAIT numreplicas
     * timeout}: the master asks them with {@code REPLCONF GETACK}); at most {@code timeoutMillis}.
     *
     * @throws IllegalStateException if some replica has not caught up in time
     */
    public void awaitReplication(long timeoutMillis) {
        RespValue acked = master.call("WAIT", Integer.toString(replicas.size()), Long.toString(timeoutMillis));
        if (acked.asLong() < replicas.size()) {
            throw new IllegalStateException("only " + acked.asLong() + " of " + replicas.size()
                    + " replicas acknowledged the master's writes within " + timeoutMillis + " ms");
        }
    }

    /** {@link #awaitReplication(long)} with 10 s. */
    public void awaitReplication() { awaitReplication(10_000); }

    /** Stops the replicas, then the master. */
    @Override
    public void close() {
        for (Glassbox r : replicas) r.close();
        master.close();
    }

    /** Starts the replicas of {@code master} and waits until each has its link up (the full sync done). */
    static ReplicatedGlassbox start(Glassbox master, int count, java.util.function.Supplier<Glassbox.Builder> replicaBuilder) {
        if (count < 1) throw new IllegalArgumentException("a replicated group needs at least one replica: " + count);
        List<Glassbox> replicas = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                replicas.add(replicaBuilder.get().config("replicaof", Glassbox.HOST, Integer.toString(master.port())).start());
            }
            for (Glassbox r : replicas) awaitLinkUp(r, 10_000);
            return new ReplicatedGlassbox(master, replicas);
        } catch (RuntimeException e) {
            for (Glassbox r : replicas) r.close();
            master.close();
            throw e;
        }
    }

    /** Polls the replica's {@code INFO replication} until {@code master_link_status:up}. */
    private static void awaitLinkUp(Glassbox replica, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            String info = replica.call("INFO", "replication").asText();
            if (info != null && info.contains("master_link_status:up")) return;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the replica synced", e);
            }
        }
        throw new Glassbox.StartException("the replica on port " + replica.port() + " did not finish its sync with the master within "
                + timeoutMillis + " ms", null);
    }
}
