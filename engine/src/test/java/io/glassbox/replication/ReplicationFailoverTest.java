package io.glassbox.replication;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.glassbox.replication.EngineNodes.await;
import static io.glassbox.replication.EngineNodes.inSync;
import static io.glassbox.replication.EngineNodes.info;
import static io.glassbox.replication.EngineNodes.stat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * FAILOVER between Glassbox engines: the master pauses writes, waits for its replica to have the
 * whole stream, becomes that replica's replica and sends {@code PSYNC ... FAILOVER}; the replica
 * takes over and the old master continues from it by partial resync. Error texts as Redis 7.0's.
 */
@Tag("unit")
class ReplicationFailoverTest {
    @AutoClose final EngineNodes nodes = new EngineNodes();

    private static String error(RespValue v) { return ((RespValue.Error) v).message(); }

    @Test
    void failoverHandsTheMasterRoleToTheReplicaWithoutAFullSync() throws Exception {
        Engine a = nodes.start("a"), b = nodes.start("b"), c = nodes.start("c");
        LocalClient ca = a.newClient(), cb = b.newClient(), cc = c.newClient();
        ca.call("SET", "k", "1");
        ca.call("SELECT", "2");
        ca.call("RPUSH", "l", "x", "y");
        cb.call("REPLICAOF", "127.0.0.1", Integer.toString(a.port()));
        cc.call("REPLICAOF", "127.0.0.1", Integer.toString(a.port()));
        await("b and c in sync", () -> inSync(ca, cb) && inSync(ca, cc));
        String oldId = info(ca, "master_replid");

        assertEquals("OK", ca.call("FAILOVER", "TO", "127.0.0.1", Integer.toString(b.port())).asText());
        await("a is b's replica", () -> "slave".equals(info(ca, "role")) && "up".equals(info(ca, "master_link_status"))
                && Integer.toString(b.port()).equals(info(ca, "master_port")));
        assertEquals("master", info(cb, "role"));
        assertEquals("no-failover", info(ca, "master_failover_state"));
        assertEquals(oldId, info(cb, "master_replid2"), "b keeps a's history as its secondary ID");
        assertEquals("1", stat(cb, "sync_partial_ok"), "a continued from b by PSYNC");
        assertEquals("0", stat(cb, "sync_full"));
        assertEquals("READONLY You can't write against a read only replica.", error(ca.call("SET", "x", "1")));

        // c, still configured as a's replica, follows through a: b -> a -> c
        cb.call("SELECT", "2");
        cb.call("RPUSH", "l", "z");
        await("the write reaches c through a", () -> {
            cc.call("SELECT", "2");
            return cc.call("LLEN", "l") instanceof RespValue.Int n && n.value() == 3;
        });
        await("all in sync", () -> inSync(cb, ca) && inSync(ca, cc));
        String digest = cb.call("DEBUG", "DIGEST").asText();
        assertEquals(digest, ca.call("DEBUG", "DIGEST").asText());
        assertEquals(digest, cc.call("DEBUG", "DIGEST").asText());
    }

    @Test
    void aFailoverWhoseReplicaNeverCatchesUpIsAbortedAndWritesResume() throws Exception {
        Engine m = nodes.start("m"), r = nodes.start("r");
        LocalClient cm = m.newClient(), cm2 = m.newClient(), cr = r.newClient(), sleeper = r.newClient();
        cr.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
        await("in sync", () -> inSync(cm, cr));
        // the replica's command thread sleeps: it can neither apply nor acknowledge the next write
        CompletableFuture<RespValue> asleep = sleeper.send(List.of("DEBUG".getBytes(), "SLEEP".getBytes(), "3".getBytes()));
        Thread.sleep(200);
        cm.call("SET", "unacked", "1");
        assertEquals("OK", cm.call("FAILOVER", "TIMEOUT", "300").asText());
        assertEquals("waiting-for-sync", info(cm, "master_failover_state"));
        assertEquals("ERR FAILOVER already in progress.", error(cm.call("FAILOVER")));
        CompletableFuture<RespValue> held = cm2.send(List.of("SET".getBytes(), "held".getBytes(), "1".getBytes()));
        assertEquals("1", cm.call("GET", "unacked").asText(), "reads are not paused");
        // the GET was sent after the SET and is answered: the master has the SET and holds it
        assertFalse(held.isDone(), "writes are paused while the master waits");

        await("the failover gave up", () -> "no-failover".equals(info(cm, "master_failover_state")));
        assertEquals("OK", held.get(5, TimeUnit.SECONDS).asText(), "and the held write ran");
        assertEquals("master", info(cm, "role"));
        asleep.get(10, TimeUnit.SECONDS);
        await("in sync again", () -> inSync(cm, cr));
    }

    @Test
    void failoverAbortEndsTheWait() throws Exception {
        Engine m = nodes.start("m"), r = nodes.start("r");
        LocalClient cm = m.newClient(), cr = r.newClient(), sleeper = r.newClient();
        cr.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
        await("in sync", () -> inSync(cm, cr));
        CompletableFuture<RespValue> asleep = sleeper.send(List.of("DEBUG".getBytes(), "SLEEP".getBytes(), "2".getBytes()));
        Thread.sleep(200);
        cm.call("SET", "unacked", "1");
        assertEquals("OK", cm.call("FAILOVER").asText());
        assertEquals("OK", cm.call("FAILOVER", "ABORT").asText());
        assertEquals("no-failover", info(cm, "master_failover_state"));
        assertEquals("OK", cm.call("SET", "after", "1").asText());
        asleep.get(10, TimeUnit.SECONDS);
    }

    @Test
    void failoverErrorsAreRedis() throws Exception {
        Engine m = nodes.start("m"), r = nodes.start("r");
        LocalClient cm = m.newClient(), cr = r.newClient();
        assertEquals("ERR FAILOVER requires connected replicas.", error(cm.call("FAILOVER")));
        assertEquals("ERR No failover in progress.", error(cm.call("FAILOVER", "ABORT")));
        assertEquals("ERR FAILOVER timeout must be greater than 0", error(cm.call("FAILOVER", "TIMEOUT", "0")));
        assertEquals("ERR value is not an integer or out of range", error(cm.call("FAILOVER", "TIMEOUT", "x")));
        assertEquals("ERR syntax error", error(cm.call("FAILOVER", "NOW")));
        assertEquals("ERR syntax error", error(cm.call("FAILOVER", "TO", "h")));
        assertEquals("ERR PSYNC FAILOVER can't be sent to a master.", error(cm.call("PSYNC", "?", "-1", "FAILOVER")));
        cr.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
        await("in sync", () -> inSync(cm, cr));
        assertEquals("ERR FAILOVER with force option requires both a timeout and target HOST and IP.",
                error(cm.call("FAILOVER", "FORCE")));
        assertEquals("ERR FAILOVER with force option requires both a timeout and target HOST and IP.",
                error(cm.call("FAILOVER", "TO", "127.0.0.1", Integer.toString(r.port()), "FORCE")));
        assertEquals("ERR FAILOVER target HOST and PORT is not a replica.", error(cm.call("FAILOVER", "TO", "127.0.0.1", "1")));
        assertEquals("ERR FAILOVER is not valid when server is a replica.", error(cr.call("FAILOVER")));
        assertEquals("no-failover", info(cm, "master_failover_state"));
    }
}
