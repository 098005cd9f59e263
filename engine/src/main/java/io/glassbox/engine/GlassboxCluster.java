package io.glassbox.engine;

import io.glassbox.resp.RespValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * N Glassbox cluster nodes in one JVM, each a full engine listening on its own port with its bus on
 * port+10000 and its nodes.conf in its own directory, formed into a cluster as
 * {@code redis-cli --cluster create} forms one: every node gets a distinct config epoch, an equal
 * share of the 16384 slots (ADDSLOTSRANGE), and meets the first node (CLUSTER MEET); then the
 * gossip does the rest. For tests and lessons that want a real cluster without processes.
 *
 * <pre>{@code
 * try (GlassboxCluster cluster = GlassboxCluster.start(3, ports, dir)) {
 *     cluster.node(0).newClient().call("SET", "foo", "bar"); // -MOVED 12182 127.0.0.1:7002
 * }
 * }</pre>
 */
public final class GlassboxCluster implements AutoCloseable {
    private final List<Engine> nodes;

    private GlassboxCluster(List<Engine> nodes) { this.nodes = nodes; }

    /**
     * Starts {@code masters} nodes on ports {@code ports} gives (each must have port+10000 free too)
     * under {@code dir}, forms the cluster and waits until every node says cluster_state:ok.
     */
    public static GlassboxCluster start(int masters, IntSupplier ports, Path dir, String... extraArgs) throws Exception {
        List<Engine> started = new ArrayList<>();
        try {
            for (int i = 0; i < masters; i++) {
                int port = ports.getAsInt();
                Path nodeDir = Files.createDirectories(dir.resolve("node-" + port));
                List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no", "--cluster-enabled", "yes", "--dir", nodeDir.toString()));
                Collections.addAll(args, extraArgs);
                started.add(Engine.start(args.toArray(new String[0])));
            }
            GlassboxCluster cluster = new GlassboxCluster(started);
            cluster.form();
            return cluster;
        } catch (Exception | Error e) {
            for (Engine en : started) en.close();
            throw e;
        }
    }

    /** redis-cli --cluster create's steps: slots, distinct epochs, MEET, then wait for ok everywhere. */
    private void form() throws InterruptedException, IOException {
        int n = nodes.size();
        for (int i = 0; i < n; i++) {
            int first = 16384 * i / n, last = 16384 * (i + 1) / n - 1;
            try (LocalClient c = nodes.get(i).newClient()) {
                expectOk(c.call("CLUSTER", "ADDSLOTSRANGE", String.valueOf(first), String.valueOf(last)));
                expectOk(c.call("CLUSTER", "SET-CONFIG-EPOCH", String.valueOf(i + 1)));
            }
        }
        for (int i = 1; i < n; i++) {
            try (LocalClient c = nodes.get(i).newClient()) {
                expectOk(c.call("CLUSTER", "MEET", "127.0.0.1", String.valueOf(nodes.get(0).port())));
            }
        }
        awaitOk(30_000);
    }

    private static void expectOk(RespValue reply) throws IOException {
        if (!"OK".equals(reply.asText())) throw new IOException("cluster formation failed: " + reply);
    }

    /** Waits until every node knows every other and says cluster_state:ok. */
    public void awaitOk(long timeoutMillis) throws InterruptedException, IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            boolean ok = true;
            for (Engine e : nodes) {
                try (LocalClient c = e.newClient()) {
                    String info = c.call("CLUSTER", "INFO").asText();
                    if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + nodes.size() + "\r\n")) ok = false;
                }
            }
            if (ok) return;
            if (System.currentTimeMillis() > deadline) throw new IOException("the cluster did not converge in " + timeoutMillis + " ms");
            Thread.sleep(100);
        }
    }

    /** The i-th node, in start order (node i serves the i-th share of the slots). */
    public Engine node(int i) { return nodes.get(i); }

    public int size() { return nodes.size(); }

    @Override
    public void close() {
        for (Engine e : nodes) e.close();
    }
}
