package io.glassbox.cluster;

import io.glassbox.engine.GlassboxCluster;
import io.glassbox.testkit.Args;
import io.glassbox.testkit.Ports;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.RealRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A slot moving between Glassbox nodes, as redis-cli moves it: SETSLOT IMPORTING on the target,
 * MIGRATING on the source, the keys MIGRATEd (RESTORE-ASKING), SETSLOT NODE on both. On the way the
 * source answers -ASK for keys it no longer has and -TRYAGAIN for a request half here, the target
 * serves only ASKING clients, and at the end both say -MOVED the new way. Then redis-cli --cluster
 * reshard moves a hundred slots with their keys.
 */
@Tag("interop")
class ClusterMigrationTest {

    private static String call(RawRespClient c, String... argv) throws Exception {
        return new String(c.call(Args.argv((Object[]) argv)), StandardCharsets.UTF_8);
    }

    private static String id(RawRespClient c) throws Exception { return call(c, "CLUSTER", "MYID").split("\r\n")[1]; }

    @Test
    void aSlotMigratesWithAskThenMoved() throws Exception {
        try (GlassboxCluster cluster = GlassboxCluster.start(2, Ports::freeClusterPort, Files.createTempDirectory("migrate"));
             RawRespClient target = new RawRespClient(cluster.node(0).port());
             RawRespClient source = new RawRespClient(cluster.node(1).port())) {
            int tp = cluster.node(0).port(), sp = cluster.node(1).port();
            String targetId = id(target), sourceId = id(source);
            // slot 12182 ("foo") is the second node's
            assertEquals("-MOVED 12182 127.0.0.1:" + sp + "\r\n", call(target, "SET", "foo", "1"));
            for (String k : new String[] {"foo", "{foo}a", "{foo}b"}) assertEquals("+OK\r\n", call(source, "SET", k, "v-" + k));
            assertEquals("+OK\r\n", call(target, "CLUSTER", "SETSLOT", "12182", "IMPORTING", sourceId));
            assertEquals("+OK\r\n", call(source, "CLUSTER", "SETSLOT", "12182", "MIGRATING", targetId));
            assertTrue(call(source, "CLUSTER", "NODES").contains("[12182->-" + targetId + "]"));
            assertTrue(call(target, "CLUSTER", "NODES").contains("[12182-<-" + sourceId + "]"));
            // keys still here are served; a missing one is asked of the target; a mix must wait
            assertEquals("$5\r\nv-foo\r\n", call(source, "GET", "foo"));
            assertEquals("-ASK 12182 127.0.0.1:" + tp + "\r\n", call(source, "GET", "{foo}missing"));
            assertEquals("-TRYAGAIN Multiple keys request during rehashing of slot\r\n", call(source, "MGET", "foo", "{foo}missing"));
            // the target serves the importing slot only after ASKING, for one command
            assertEquals("-MOVED 12182 127.0.0.1:" + sp + "\r\n", call(target, "GET", "{foo}missing"));
            assertEquals("+OK\r\n", call(target, "ASKING"));
            assertEquals("$-1\r\n", call(target, "GET", "{foo}missing"));
            assertEquals("-MOVED 12182 127.0.0.1:" + sp + "\r\n", call(target, "GET", "{foo}missing"));
            // MIGRATE sends RESTORE-ASKING: the target takes the keys of its importing slot
            assertEquals("+OK\r\n", call(source, "MIGRATE", "127.0.0.1", String.valueOf(tp), "", "0", "5000", "KEYS", "foo", "{foo}a", "{foo}b"));
            assertEquals(":0\r\n", call(source, "CLUSTER", "COUNTKEYSINSLOT", "12182"));
            assertEquals(":3\r\n", call(target, "CLUSTER", "COUNTKEYSINSLOT", "12182"));
            assertEquals("-ASK 12182 127.0.0.1:" + tp + "\r\n", call(source, "GET", "foo"));
            // SETSLOT NODE closes the migration: the target bumps its epoch, the source sends clients there
            assertEquals("+OK\r\n", call(target, "CLUSTER", "SETSLOT", "12182", "NODE", targetId));
            assertEquals("+OK\r\n", call(source, "CLUSTER", "SETSLOT", "12182", "NODE", targetId));
            assertEquals("$5\r\nv-foo\r\n", call(target, "GET", "foo"));
            assertEquals("-MOVED 12182 127.0.0.1:" + tp + "\r\n", call(source, "GET", "foo"));
            assertTrue(call(target, "CLUSTER", "INFO").contains("cluster_my_epoch:3\r\n"), call(target, "CLUSTER", "INFO"));
            assertTrue(call(target, "CLUSTER", "SLOTS").contains("*3\r\n:12182\r\n:12182\r\n"), call(target, "CLUSTER", "SLOTS"));
            assertTrue(!call(source, "CLUSTER", "NODES").contains("->-"), "no slot left migrating");
        }
    }

    @Test
    void redisCliReshardsSlotsWithTheirKeys() throws Exception {
        try (GlassboxCluster cluster = GlassboxCluster.start(3, Ports::freeClusterPort, Files.createTempDirectory("reshard"));
             RawRespClient first = new RawRespClient(cluster.node(0).port());
             RawRespClient second = new RawRespClient(cluster.node(1).port())) {
            // keys in the first node's lowest slots ({k} tags chosen by their slot)
            List<String> keys = new ArrayList<>();
            for (int i = 0; keys.size() < 200; i++) {
                String k = "key:" + i;
                if (io.glassbox.util.HashSlot.keyHashSlot(k.getBytes(StandardCharsets.UTF_8)) < 100) {
                    keys.add(k);
                    assertEquals("+OK\r\n", call(first, "SET", k, "v" + i));
                }
            }
            List<String> cmd = new ArrayList<>(List.of(RealRedis.require("redis-cli"), "--cluster", "reshard",
                    "127.0.0.1:" + cluster.node(0).port(), "--cluster-from", id(first), "--cluster-to", id(second),
                    "--cluster-slots", "100", "--cluster-yes"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            Process check = new ProcessBuilder(RealRedis.require("redis-cli"), "--cluster", "check", "127.0.0.1:" + cluster.node(2).port())
                    .redirectErrorStream(true).start();
            String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, check.waitFor(), checked);
            assertTrue(checked.contains("[OK] All nodes agree about slots configuration."), checked);
            assertTrue(checked.contains("[OK] All 16384 slots covered."), checked);
            for (String k : keys) {
                assertTrue(call(first, "GET", k).startsWith("-MOVED "), k);
                assertEquals("$" + ("v" + k.substring(4)).length() + "\r\nv" + k.substring(4) + "\r\n", call(second, "GET", k), k);
            }
        }
    }
}
