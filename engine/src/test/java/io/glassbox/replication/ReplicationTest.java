package io.glassbox.replication;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.glassbox.replication.EngineNodes.await;
import static io.glassbox.replication.EngineNodes.info;
import static io.glassbox.replication.EngineNodes.stat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two Glassbox engines in one JVM, master and replica, over real sockets. */
@Tag("unit")
class ReplicationTest {
    @AutoClose final EngineNodes nodes = new EngineNodes();

    private static String digest(LocalClient c) { return c.call("DEBUG", "DIGEST").asText(); }

    @Test
    void fullSyncThenStreamThenPartialResyncAfterTheLinkBreaks() throws Exception {
        Engine master = nodes.start("m"), replica = nodes.start("r");
        LocalClient m = master.newClient(), r = replica.newClient();
        m.call("SET", "before", "1");
        m.call("RPUSH", "list", "a", "b", "c");
        m.call("SELECT", "5");
        m.call("HSET", "h", "f", "v");
        assertEquals("OK", r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port())).asText());
        await("link up", () -> "up".equals(info(r, "master_link_status")));

        m.call("SET", "after", "2", "EX", "100");
        m.call("SELECT", "0");
        m.call("INCR", "before");
        await("offsets equal", () -> info(m, "master_repl_offset").equals(info(r, "master_repl_offset")));
        assertEquals(digest(m), digest(r), "same dataset");
        assertEquals("2", r.call("GET", "before").asText());
        assertEquals(info(m, "master_replid"), info(r, "master_replid"), "the replica takes the master's history");

        // replicas refuse writes, ROLE tells both sides
        assertEquals("READONLY You can't write against a read only replica.", ((RespValue.Error) r.call("SET", "x", "1")).message());
        List<RespValue> role = ((RespValue.Array) r.call("ROLE")).items();
        assertEquals("slave", role.get(0).asText());
        assertEquals("connected", role.get(3).asText());
        assertEquals("1", info(m, "connected_slaves"));

        // WAIT: the replica acknowledges the write
        m.call("SET", "w", "1");
        assertEquals(1L, ((RespValue.Int) m.call("WAIT", "1", "5000")).value());

        // cut the link from the master's side: the replica reconnects and continues from its offset
        m.call("CLIENT", "KILL", "ID", Long.toString(replicaClientId(m)));
        m.call("SET", "while-down", "3");
        await("link up again", () -> "up".equals(info(r, "master_link_status")) && "3".equals(r.call("GET", "while-down").asText()));
        assertEquals("1", m.call("INFO", "stats").asText().lines().filter(l -> l.startsWith("sync_partial_ok:")).findFirst().orElseThrow().substring(16));
        assertEquals("1", m.call("INFO", "stats").asText().lines().filter(l -> l.startsWith("sync_full:")).findFirst().orElseThrow().substring(10));
        await("offsets equal", () -> info(m, "master_repl_offset").equals(info(r, "master_repl_offset")));
        assertEquals(digest(m), digest(r));
    }

    private static long replicaClientId(LocalClient m) {
        for (String line : m.call("CLIENT", "LIST").asText().split("\n")) {
            if (line.contains("flags=S")) return Long.parseLong(line.substring(3, line.indexOf(' ')));
        }
        throw new AssertionError("no replica in CLIENT LIST");
    }

    @Test
    void aReplicaOfAReplicaGetsTheMastersStreamAndPromotionKeepsTheHistory() throws Exception {
        Engine a = nodes.start("a"), b = nodes.start("b"), c = nodes.start("c");
        LocalClient ca = a.newClient(), cb = b.newClient(), cc = c.newClient();
        ca.call("SET", "k", "v");
        cb.call("REPLICAOF", "127.0.0.1", Integer.toString(a.port()));
        await("b up", () -> "up".equals(info(cb, "master_link_status")));
        cc.call("REPLICAOF", "127.0.0.1", Integer.toString(b.port()));
        await("c up", () -> "up".equals(info(cc, "master_link_status")));
        ca.call("LPUSH", "l", "1", "2");
        await("c has the write", () -> cc.call("LLEN", "l") instanceof RespValue.Int n && n.value() == 2);
        assertEquals(info(ca, "master_repl_offset"), info(cc, "master_repl_offset"), "a chain passes the stream on verbatim");

        // promote b: c continues with b by partial resync, because b keeps a's ID as its replid2
        String oldId = info(ca, "master_replid");
        cb.call("REPLICAOF", "NO", "ONE");
        assertEquals(oldId, info(cb, "master_replid2"));
        cb.call("SET", "after-promotion", "1");
        await("c follows b", () -> "1".equals(cc.call("GET", "after-promotion").asText()));
        assertEquals(digest(cb), digest(cc));
    }

    @Test
    void debugChangeReplIdStartsANewHistorySoTheReplicaResyncsInFull() throws Exception {
        Engine master = nodes.start("m"), replica = nodes.start("r");
        LocalClient m = master.newClient(), r = replica.newClient();
        // a promoted node has a secondary ID; DEBUG CHANGE-REPL-ID forgets it too (clearReplicationId2)
        m.call("REPLICAOF", "NO", "ONE");
        m.call("SET", "k", "v");
        r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
        await("link up", () -> "up".equals(info(r, "master_link_status")));
        String before = info(m, "master_replid");
        long partialErrBefore = Long.parseLong(stat(m, "sync_partial_err")); // REPLICAOF's first PSYNC names the replica's own ID

        assertEquals("OK", m.call("DEBUG", "CHANGE-REPL-ID").asText());
        String after = info(m, "master_replid");
        assertTrue(!after.equals(before) && after.matches("[0-9a-f]{40}"), after);
        assertEquals("0000000000000000000000000000000000000000", info(m, "master_replid2"));
        assertEquals("-1", info(m, "second_repl_offset"));
        assertEquals("ERR unknown subcommand or wrong number of arguments for 'CHANGE-REPL-ID'. Try DEBUG HELP.",
                ((RespValue.Error) m.call("DEBUG", "CHANGE-REPL-ID", "x")).message());

        // the replica's next PSYNC names the old ID: nobody knows it any more, so a full sync follows
        m.call("CLIENT", "KILL", "ID", Long.toString(replicaClientId(m)));
        m.call("SET", "k2", "v2");
        await("resynced", () -> "up".equals(info(r, "master_link_status")) && after.equals(info(r, "master_replid")));
        assertEquals("2", stat(m, "sync_full"));
        assertEquals(partialErrBefore + 1, Long.parseLong(stat(m, "sync_partial_err")));
        await("offsets equal", () -> info(m, "master_repl_offset").equals(info(r, "master_repl_offset")));
        assertEquals(digest(m), digest(r));
    }

    @Test
    void aReplicaAnnouncesTheAddressItIsGiven() throws Exception {
        Engine master = nodes.start("m"), replica = nodes.start("r");
        LocalClient m = master.newClient(), r = replica.newClient();
        r.call("CONFIG", "SET", "replica-announce-ip", "10.9.8.7");
        r.call("CONFIG", "SET", "replica-announce-port", "7777");
        r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
        await("link up", () -> "up".equals(info(r, "master_link_status")));
        await("listed", () -> info(m, "slave0") != null);
        assertTrue(info(m, "slave0").startsWith("ip=10.9.8.7,port=7777,state=online"), info(m, "slave0"));
        List<RespValue> role = ((RespValue.Array) m.call("ROLE")).items();
        List<RespValue> first = ((RespValue.Array) ((RespValue.Array) role.get(2)).items().get(0)).items();
        assertEquals("10.9.8.7", first.get(0).asText());
        assertEquals("7777", first.get(1).asText());
    }

    @Test
    void replicaofErrorsAreRedis() throws Exception {
        Engine e = nodes.start("e");
        LocalClient c = e.newClient();
        assertEquals("ERR Invalid master port", ((RespValue.Error) c.call("REPLICAOF", "127.0.0.1", "99999")).message());
        assertEquals("ERR Invalid master port", ((RespValue.Error) c.call("REPLICAOF", "127.0.0.1", "abc")).message());
        assertEquals("OK", c.call("REPLICAOF", "NO", "ONE").asText());
        assertEquals("ERR Unrecognized REPLCONF option: foo", ((RespValue.Error) c.call("REPLCONF", "foo", "bar")).message());
        assertEquals(0L, ((RespValue.Int) c.call("WAIT", "0", "0")).value());
        List<RespValue> role = ((RespValue.Array) c.call("ROLE")).items();
        assertEquals("master", role.get(0).asText());
    }
}
