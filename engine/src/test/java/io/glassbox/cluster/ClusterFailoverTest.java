package io.glassbox.cluster;

import io.glassbox.engine.Engine;
import io.glassbox.engine.GlassboxCluster;
import io.glassbox.testkit.Args;
import io.glassbox.testkit.Ports;
import io.glassbox.testkit.RawRespClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replicas and failover between Glassbox nodes in one JVM: CLUSTER REPLICATE makes a node a
 * replica that syncs its master's data; a manual CLUSTER FAILOVER (MFSTART, the paused master's
 * offset, the election with FORCEACK) swaps the roles without losing a write; when a master dies,
 * its replica is elected by the other masters' votes and takes its slots under a new epoch.
 */
@Tag("interop")
class ClusterFailoverTest {

    private static String call(int port, String... argv) throws Exception {
        try (RawRespClient c = new RawRespClient(port)) {
            return new String(c.call(Args.argv((Object[]) argv)), StandardCharsets.UTF_8);
        }
    }

    private static String id(int port) throws Exception { return call(port, "CLUSTER", "MYID").split("\r\n")[1]; }

    private static void await(String what, Check check) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!check.ok()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("never: " + what);
            Thread.sleep(100);
        }
    }

    interface Check { boolean ok() throws Exception; }

    /** A fourth node that meets the cluster and replicates node 0. */
    private static Engine addReplicaOfFirst(GlassboxCluster cluster, Path dir) throws Exception {
        int port = Ports.freeClusterPort();
        Engine replica = Engine.start("--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--cluster-enabled", "yes",
                "--cluster-node-timeout", "1000", "--dir", Files.createDirectories(dir.resolve("replica")).toString());
        int p0 = cluster.node(0).port();
        assertEquals("+OK\r\n", call(port, "CLUSTER", "MEET", "127.0.0.1", String.valueOf(p0)));
        String masterId = id(p0);
        await("the replica knows the master", () -> call(port, "CLUSTER", "NODES").contains(masterId));
        assertEquals("+OK\r\n", call(port, "CLUSTER", "REPLICATE", masterId));
        await("the master lists its replica", () -> call(p0, "CLUSTER", "REPLICAS", masterId).contains(id(port)));
        await("the replica synced", () -> call(port, "INFO", "replication").contains("master_link_status:up"));
        await("the replica sees every slot served", () -> call(port, "CLUSTER", "INFO").contains("cluster_state:ok"));
        return replica;
    }

    @Test
    void manualFailoverSwapsRolesWithoutLosingWrites() throws Exception {
        Path dir = Files.createTempDirectory("failover-manual");
        try (GlassboxCluster cluster = GlassboxCluster.start(3, Ports::freeClusterPort, dir, "--cluster-node-timeout", "1000");
             Engine replica = addReplicaOfFirst(cluster, dir)) {
            int p0 = cluster.node(0).port(), pr = replica.port();
            String key = "k";
            for (int i = 0; io.glassbox.util.HashSlot.keyHashSlot(key.getBytes(StandardCharsets.UTF_8)) >= 5461; i++) key = "k" + i;
            String k = key;
            int slot = io.glassbox.util.HashSlot.keyHashSlot(k.getBytes(StandardCharsets.UTF_8)); // one of the first node's slots
            assertEquals("+OK\r\n", call(p0, "SET", k, "before"));
            assertEquals("-MOVED " + slot + " 127.0.0.1:" + p0 + "\r\n", call(pr, "GET", k));
            await("the replica has the write", () -> {
                try (RawRespClient c = new RawRespClient(pr)) {
                    c.call(Args.argv("READONLY"));
                    return new String(c.call(Args.argv("GET", k)), StandardCharsets.UTF_8).contains("before");
                }
            });
            assertEquals("-ERR You should send CLUSTER FAILOVER to a replica\r\n", call(p0, "CLUSTER", "FAILOVER"));
            assertEquals("+OK\r\n", call(pr, "CLUSTER", "FAILOVER"));
            await("the replica became master", () -> call(pr, "CLUSTER", "NODES").contains("myself,master"));
            await("the old master follows it", () -> call(p0, "CLUSTER", "NODES").contains("myself,slave " + id(pr)));
            assertEquals("$6\r\nbefore\r\n", call(pr, "GET", k));
            assertEquals("-MOVED " + slot + " 127.0.0.1:" + pr + "\r\n", call(p0, "GET", k));
        }
    }

    @Test
    void aDeadMastersReplicaIsElected() throws Exception {
        Path dir = Files.createTempDirectory("failover-auto");
        try (GlassboxCluster cluster = GlassboxCluster.start(3, Ports::freeClusterPort, dir, "--cluster-node-timeout", "1000");
             Engine replica = addReplicaOfFirst(cluster, dir)) {
            int pr = replica.port(), p1 = cluster.node(1).port();
            String deadId = id(cluster.node(0).port());
            String epochBefore = call(pr, "CLUSTER", "INFO").replaceAll("(?s).*cluster_current_epoch:(\\d+).*", "$1");
            cluster.node(0).close();
            await("the replica won the election", () -> call(pr, "CLUSTER", "NODES").contains("myself,master"));
            await("the other masters see the new owner", () -> call(p1, "CLUSTER", "SLOTS").contains(":" + pr + "\r\n"));
            String nodes = call(p1, "CLUSTER", "NODES");
            assertTrue(nodes.contains(deadId) && nodes.matches("(?s).*" + deadId + " [^\\n]*fail.*"), nodes);
            String epochAfter = call(pr, "CLUSTER", "INFO").replaceAll("(?s).*cluster_current_epoch:(\\d+).*", "$1");
            assertTrue(Long.parseLong(epochAfter) > Long.parseLong(epochBefore), epochBefore + " -> " + epochAfter);
            await("cluster ok again", () -> call(p1, "CLUSTER", "INFO").contains("cluster_state:ok"));
        }
    }
}
