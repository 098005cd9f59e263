package io.glassbox.sentinel;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.replication.EngineNodes;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.Ports;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chapter 23's story on Glassbox alone, in one JVM: a master, two replicas and three Sentinels
 * (quorum 2), each its own engine talking over loopback sockets. The Sentinels find the replicas
 * through INFO and each other through hello messages; the master is killed; they see it SDOWN,
 * agree on ODOWN, elect one leader for the new epoch, which promotes a replica, and every
 * Sentinel ends up naming the new master, which the other replica now follows.
 */
@Tag("interop")
class SentinelFailoverTest {
    @AutoClose final EngineNodes nodes = new EngineNodes();
    private final List<Engine> sentinels = new ArrayList<>();

    /** What each Sentinel published, as "type message", in order. */
    private final List<List<String>> events = new ArrayList<>();
    /** What each Sentinel's hooks delivered (the teaching face: the window draws the election from these). */
    private final List<List<EngineEvent>> hookEvents = new ArrayList<>();

    @Test
    void killingTheMasterElectsOneLeaderAndEverySentinelSwitchesToThePromotedReplica() throws Exception {
        Engine master = nodes.start("master");
        int mport = master.port();
        Engine r1 = nodes.start("r1", "replicaof 127.0.0.1 " + mport);
        Engine r2 = nodes.start("r2", "replicaof 127.0.0.1 " + mport);
        master.newClient().call("SET", "k", "v");
        for (int i = 0; i < 3; i++) {
            Path conf = nodes.dir("s" + i + ".conf");
            Files.writeString(conf, "sentinel monitor mymaster 127.0.0.1 " + mport + " 2\n"
                    + "sentinel down-after-milliseconds mymaster 1000\n"
                    + "sentinel failover-timeout mymaster 6000\n");
            Engine s = nodes.closeLater(Engine.startSentinel(conf.toString(), "--port", String.valueOf(Ports.free())));
            List<String> mine = new CopyOnWriteArrayList<>();
            s.sentinel().setListener(new SentinelListener() {
                @Override public void event(String type, String message, long epoch) { mine.add(type + " " + message); }
            });
            events.add(mine);
            List<EngineEvent> hooked = new CopyOnWriteArrayList<>();
            s.hooks().subscribe(hooked::add, 10_000, java.util.Set.of(EngineEvent.SentinelEventRaised.class,
                    EngineEvent.SentinelVoteReceived.class, EngineEvent.SentinelFailoverStateChanged.class));
            hookEvents.add(hooked);
            sentinels.add(s);
        }
        // discovery: every Sentinel knows both replicas (INFO) and the two other Sentinels (hello)
        waitFor(30_000, "discovery", () -> sentinels.stream().allMatch(s ->
                field(masterInfo(s), "num-slaves").equals("2") && field(masterInfo(s), "num-other-sentinels").equals("2")));

        long killed = System.nanoTime();
        nodes.stop(master);
        waitFor(40_000, "every Sentinel to name a new master", () -> sentinels.stream().allMatch(s -> addr(s) != mport));
        System.out.printf("failover: %d ms from killing the master to every Sentinel naming the new one%n",
                (System.nanoTime() - killed) / 1_000_000);

        int newPort = addr(sentinels.get(0));
        // the leader names the promoted replica from RECONF_SLAVES on, and switches once the replicas follow
        String switched = "+switch-master mymaster 127.0.0.1 " + mport + " 127.0.0.1 " + newPort;
        waitFor(20_000, "every Sentinel's +switch-master", () -> events.stream().allMatch(ev -> ev.contains(switched)));
        for (Engine s : sentinels) assertEquals(newPort, addr(s), "all Sentinels agree");
        assertTrue(newPort == r1.port() || newPort == r2.port(), "a replica was promoted");
        Engine promoted = newPort == r1.port() ? r1 : r2, other = promoted == r1 ? r2 : r1;
        assertEquals("master", role(promoted));

        // one leader per epoch: exactly one Sentinel promoted and elected for the epoch of the switch
        Map<String, Integer> electedPerEpoch = new HashMap<>();
        int promoters = 0;
        for (List<String> ev : events) {
            assertTrue(ev.contains("+sdown master mymaster 127.0.0.1 " + mport), ev.toString());
            if (ev.stream().anyMatch(e -> e.startsWith("+promoted-slave slave 127.0.0.1:" + newPort))) {
                promoters++;
                assertTrue(ev.stream().anyMatch(e -> e.startsWith("+odown master mymaster 127.0.0.1 " + mport + " #quorum ")), ev.toString());
                assertTrue(ev.contains("+try-failover master mymaster 127.0.0.1 " + mport), ev.toString());
                assertTrue(ev.contains("+elected-leader master mymaster 127.0.0.1 " + mport), ev.toString());
                assertTrue(ev.contains("+selected-slave slave 127.0.0.1:" + newPort + " 127.0.0.1 " + newPort
                        + " @ mymaster 127.0.0.1 " + mport), ev.toString());
                assertTrue(ev.contains("+failover-end master mymaster 127.0.0.1 " + mport), ev.toString());
            }
        }
        assertEquals(1, promoters, "one Sentinel led the failover: " + events);
        int leader = 0;
        while (events.get(leader).stream().noneMatch(e -> e.startsWith("+promoted-slave"))) leader++;
        // the leader's hooks told the failover step by step, in sentinel.c's order, and the votes it counted
        List<String> states = new ArrayList<>();
        for (EngineEvent e : hookEvents.get(leader)) {
            if (e instanceof EngineEvent.SentinelFailoverStateChanged f) states.add(f.state());
        }
        assertEquals(List.of("select_slave", "send_slaveof_noone", "wait_promotion", "reconf_slaves", "update_config"),
                states.subList(states.indexOf("select_slave"), states.indexOf("select_slave") + 5), states.toString());
        String leaderId = sentinels.get(leader).sentinel().myid();
        assertTrue(hookEvents.get(leader).stream().anyMatch(e -> e instanceof EngineEvent.SentinelVoteReceived v
                && v.leader().equals(leaderId) && v.epoch() >= 1), "another Sentinel's vote for the leader: " + hookEvents.get(leader));
        assertTrue(hookEvents.get(leader).stream().anyMatch(e -> e instanceof EngineEvent.SentinelEventRaised r
                && r.type().equals("+elected-leader")));
        io.glassbox.sentinel.SentinelSnapshot view = sentinels.get(leader).hooks().sentinelSnapshot().join();
        assertEquals(newPort, view.masters().get(0).port());
        assertTrue(view.summary().contains("master mymaster 127.0.0.1:" + newPort), view.summary());
        for (Engine s : sentinels) {
            long epoch = Long.parseLong(field(masterInfo(s), "config-epoch"));
            assertTrue(epoch >= 1, "the new configuration carries the election's epoch");
            electedPerEpoch.merge(String.valueOf(epoch), 1, Integer::sum);
        }
        assertEquals(1, electedPerEpoch.size(), "one config epoch everywhere: " + electedPerEpoch);

        // the other replica is pointed at the new master, and the old master is now listed as a replica
        waitFor(20_000, "the other replica to follow the new master", () ->
                info(other).contains("master_port:" + newPort + "\r\n") && info(other).contains("master_link_status:up"));
        LocalClient s0 = sentinels.get(0).newClient();
        List<RespValue> replicas = ((RespValue.Array) s0.call("SENTINEL", "REPLICAS", "mymaster")).items();
        List<String> names = new ArrayList<>();
        for (RespValue r : replicas) names.add(field(r, "name"));
        assertTrue(names.contains("127.0.0.1:" + mport) && names.contains("127.0.0.1:" + other.port()), names.toString());
        assertEquals("v", promoted.newClient().call("GET", "k").asText(), "the data survived the failover");
        String config = Files.readString(nodes.dir("s0.conf"));
        assertTrue(config.contains("sentinel monitor mymaster 127.0.0.1 " + newPort + " 2"), config);
        assertFalse(config.contains("sentinel monitor mymaster 127.0.0.1 " + mport + " "), config);
    }

    private static RespValue masterInfo(Engine s) {
        return s.newClient().call("SENTINEL", "MASTER", "mymaster");
    }

    private static int addr(Engine s) {
        RespValue v = s.newClient().call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster");
        return Integer.parseInt(((RespValue.Array) v).items().get(1).asText());
    }

    private static String info(Engine e) {
        return e.newClient().call("INFO", "replication").asText();
    }

    private static String role(Engine e) {
        return ((RespValue.Array) e.newClient().call("ROLE")).items().get(0).asText();
    }

    /** A field of a SENTINEL MASTER/REPLICAS map (RESP2 array of alternating names and values). */
    static String field(RespValue map, String name) {
        List<RespValue> kv = map instanceof RespValue.Map m ? m.entries() : ((RespValue.Array) map).items();
        for (int i = 0; i < kv.size(); i += 2) if (kv.get(i).asText().equals(name)) return kv.get(i + 1).asText();
        throw new AssertionError("no field " + name + " in " + kv);
    }

    /** A bounded wait (failure detection takes seconds, beyond Await's 10 s for the whole story). */
    static void waitFor(long millis, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }
}
