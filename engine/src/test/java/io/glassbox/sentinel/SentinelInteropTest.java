package io.glassbox.sentinel;

import io.glassbox.engine.Engine;
import io.glassbox.testkit.Ports;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.RealRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.glassbox.sentinel.SentinelFailoverTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One quorum of mixed Sentinels over real Redis: a redis-server master and replica watched by two
 * redis-sentinel processes and one Glassbox Sentinel. They meet through the hello channel, agree
 * the master is down, one of them leads, and all three, Glassbox included, follow the switch.
 */
@Tag("interop")
class SentinelInteropTest {
    @TempDir Path dir;
    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) running.get(i).close();
    }

    @Test
    void glassboxAndRedisSentinelsFailOverARealMasterTogether() throws Exception {
        RealRedis master = RealRedis.start();
        running.add(master);
        RealRedis replica = RealRedis.start("--replicaof", "127.0.0.1", String.valueOf(master.port()));
        running.add(replica);
        String conf = "sentinel monitor mymaster 127.0.0.1 " + master.port() + " 2\n"
                + "sentinel down-after-milliseconds mymaster 1000\n"
                + "sentinel failover-timeout mymaster 6000\n";
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path d = Files.createDirectories(dir.resolve("real" + i));
            Files.writeString(d.resolve("sentinel.conf"), conf);
            RealRedis s = RealRedis.startSentinel(d.resolve("sentinel.conf"), Ports.free());
            running.add(s);
            ports.add(s.port());
        }
        Files.writeString(dir.resolve("gb.conf"), conf);
        Engine glassbox = Engine.startSentinel(dir.resolve("gb.conf").toString(), "--port", String.valueOf(Ports.free()));
        running.add(glassbox);
        ports.add(glassbox.port());
        List<String> events = new CopyOnWriteArrayList<>();
        glassbox.sentinel().setListener(new SentinelListener() {
            @Override public void event(String type, String message, long epoch) { events.add(type + " " + message); }
        });

        waitFor(30_000, "every Sentinel to know the replica and the two others", () -> ports.stream().allMatch(p ->
                "1".equals(masterField(p, "num-slaves")) && "2".equals(masterField(p, "num-other-sentinels"))));
        master.close();
        running.remove(master);
        waitFor(40_000, "every Sentinel to name the replica", () -> ports.stream().allMatch(p -> addrPort(p) == replica.port()));

        String switched = "+switch-master mymaster 127.0.0.1 " + master.port() + " 127.0.0.1 " + replica.port();
        waitFor(20_000, "the Glassbox Sentinel's +switch-master", () -> events.contains(switched));
        assertTrue(events.contains("+sdown master mymaster 127.0.0.1 " + master.port()), events.toString());
        try (RawRespClient r = new RawRespClient(replica.port())) {
            assertTrue(new String(r.call("ROLE"), StandardCharsets.UTF_8).startsWith("*3\r\n$6\r\nmaster\r\n"));
        }
        // the three agree on the configuration epoch the leader won
        String epoch = masterField(ports.get(0), "config-epoch");
        for (int p : ports) assertEquals(epoch, masterField(p, "config-epoch"));
    }

    private static String masterField(int port, String field) {
        try (RawRespClient c = new RawRespClient(port)) {
            String[] lines = new String(c.call("SENTINEL MASTER mymaster"), StandardCharsets.UTF_8).split("\r\n");
            for (int i = 0; i + 2 < lines.length; i++) if (lines[i].equals(field)) return lines[i + 2];
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    private static int addrPort(int port) {
        try (RawRespClient c = new RawRespClient(port)) {
            String[] lines = new String(c.call("SENTINEL GET-MASTER-ADDR-BY-NAME mymaster"), StandardCharsets.UTF_8).split("\r\n");
            return Integer.parseInt(lines[lines.length - 1]);
        } catch (Exception e) {
            return -1;
        }
    }
}
