package io.glassbox.cluster;

import io.glassbox.engine.Engine;
import io.glassbox.testkit.Args;
import io.glassbox.testkit.Ports;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.RealRedis;
import io.glassbox.util.HashSlot;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bus speaks Redis's protocol: {@code redis-cli --cluster create} forms a cluster of three
 * Glassbox nodes, and one of two redis-server nodes and a Glassbox node; {@code --cluster check}
 * agrees; clients are redirected alike by both kinds; a real Redis node lists the Glassbox node as
 * a connected master, and both kinds detect a dead node of the other kind (PFAIL, then FAIL by
 * the masters' majority).
 */
@Tag("interop")
class ClusterInteropTest {

    private static Engine glassboxNode(int port) throws Exception {
        return Engine.start("--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--cluster-enabled", "yes",
                "--cluster-node-timeout", "2000", "--dir", Files.createTempDirectory("cluster-node").toString());
    }

    /** Runs redis-cli with these arguments; returns its output after asserting it exited 0. */
    private static String redisCli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(RealRedis.require("redis-cli")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    private static String call(int port, String... argv) throws Exception {
        try (RawRespClient c = new RawRespClient(port)) {
            return new String(c.call(Args.argv((Object[]) argv)), StandardCharsets.UTF_8);
        }
    }

    /** Waits for cluster_state:ok on every node (a master waits 2 s, CLUSTER_WRITABLE_DELAY, after its start). */
    private static void awaitStateOk(int... ports) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        for (int p : ports) {
            while (!call(p, "CLUSTER", "INFO").contains("cluster_state:ok")) {
                if (System.currentTimeMillis() > deadline) throw new AssertionError("cluster_state never ok on " + p);
                Thread.sleep(100);
            }
        }
    }

    /** Every node that does not serve {@code key} sends the client to the same node, which serves it. */
    private static void assertRedirectedAlike(int[] ports, String key) throws Exception {
        int slot = HashSlot.keyHashSlot(key.getBytes(StandardCharsets.UTF_8));
        String owner = null;
        for (int p : ports) {
            String reply = call(p, "GET", key);
            if (reply.startsWith("-MOVED")) {
                String expected = "-MOVED " + slot + " 127.0.0.1:";
                assertTrue(reply.startsWith(expected), reply);
                String target = reply.substring(expected.length()).trim();
                if (owner == null) owner = target;
                assertEquals(owner, target, "every node names the same owner of slot " + slot);
                assertTrue(call(Integer.parseInt(target), "GET", key).startsWith("$-1"), "the owner serves " + key);
            }
        }
        assertTrue(owner != null, "two of three nodes redirect " + key);
    }

    @Test
    void redisCliCreatesAClusterOfGlassboxNodes() throws Exception {
        List<Engine> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) nodes.add(glassboxNode(Ports.freeClusterPort()));
            int[] ports = nodes.stream().mapToInt(Engine::port).toArray();
            String out = redisCli("--cluster", "create", "127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1], "127.0.0.1:" + ports[2], "--cluster-yes");
            assertTrue(out.contains("[OK] All 16384 slots covered."), out);
            String check = redisCli("--cluster", "check", "127.0.0.1:" + ports[1]);
            assertTrue(check.contains("[OK] All nodes agree about slots configuration."), check);
            assertTrue(check.contains("[OK] All 16384 slots covered."), check);
            awaitStateOk(ports);
            for (String key : new String[] {"foo", "bar", "{user1000}.following"}) assertRedirectedAlike(ports, key);
            assertTrue(call(ports[0], "MSET", "a", "1", "b", "2").startsWith("-CROSSSLOT Keys in request don't hash to the same slot"));
        } finally {
            for (Engine e : nodes) e.close();
        }
    }

    @Test
    void glassboxAndRedisNodesFormOneCluster() throws Exception {
        RealRedis r1 = null, r2 = null;
        Engine gb = null;
        try {
            String[] redisArgs = {"--cluster-enabled", "yes", "--cluster-node-timeout", "2000"};
            r1 = RealRedis.start(Ports.freeClusterPort(), Files.createTempDirectory("cluster-r1"), redisArgs);
            r2 = RealRedis.start(Ports.freeClusterPort(), Files.createTempDirectory("cluster-r2"), redisArgs);
            gb = glassboxNode(Ports.freeClusterPort());
            int[] ports = {r1.port(), gb.port(), r2.port()};
            String out = redisCli("--cluster", "create", "127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1], "127.0.0.1:" + ports[2], "--cluster-yes");
            assertTrue(out.contains("[OK] All 16384 slots covered."), out);
            String check = redisCli("--cluster", "check", "127.0.0.1:" + r2.port());
            assertTrue(check.contains("[OK] All nodes agree about slots configuration."), check);
            String gbId = call(gb.port(), "CLUSTER", "MYID").split("\r\n")[1];
            String redisView = await(r1.port(), gbId, " master - ", " connected 5461-10922");
            assertTrue(redisView.contains("127.0.0.1:" + gb.port() + "@" + (gb.port() + 10000)), redisView);
            awaitStateOk(ports);
            for (String key : new String[] {"foo", "bar", "hello"}) assertRedirectedAlike(ports, key);

            // a dead Redis master: the Glassbox node flags it PFAIL, hears the other master's report, marks it FAIL
            String r2Id = call(r2.port(), "CLUSTER", "MYID").split("\r\n")[1];
            r2.close();
            r2 = null;
            await(gb.port(), r2Id, "master,fail ");
            assertTrue(call(gb.port(), "CLUSTER", "INFO").contains("cluster_state:fail"));
            // a dead Glassbox master: the surviving Redis node cannot reach a majority (2 of 3 down) ... but flags it PFAIL
            gb.close();
            gb = null;
            await(r1.port(), gbId, "master,fail");
        } finally {
            if (gb != null) gb.close();
            if (r1 != null) r1.close();
            if (r2 != null) r2.close();
        }
    }

    /** Waits until the node at {@code port} shows a CLUSTER NODES line about {@code id} containing every part. */
    private static String await(int port, String id, String... parts) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        String line = "";
        while (System.currentTimeMillis() < deadline) {
            for (String l : call(port, "CLUSTER", "NODES").split("\n")) {
                if (!l.contains(id)) continue;
                line = l;
                boolean all = true;
                for (String p : parts) all &= l.contains(p);
                if (all) return l;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("node " + port + " never showed " + List.of(parts) + " for " + id + "; last: " + line);
    }
}
