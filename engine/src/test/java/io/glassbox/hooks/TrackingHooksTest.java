package io.glassbox.hooks;

import io.glassbox.engine.LocalClient;
import io.glassbox.hooks.EngineEvent.InvalidationSent;
import io.glassbox.hooks.EngineEvent.KeysTracked;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.Await;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Client-side caching as the hooks show it: the keys a client is tracked for, each invalidation going out. */
@Tag("unit")
class TrackingHooksTest {
    private EngineFixture f;
    private final List<EngineEvent> seen = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.builder().start();
    }

    @AfterEach
    void stop() { f.close(); }

    private List<EngineEvent> seen() {
        synchronized (seen) { return new ArrayList<>(seen); }
    }

    private static String text(byte[][] keys) {
        List<String> out = new ArrayList<>();
        for (byte[] k : keys) out.add(new String(k, StandardCharsets.UTF_8));
        return String.join(",", out);
    }

    @Test
    void trackedKeysAndInvalidationsAreEvents() throws Exception {
        Subscription s = f.engine.hooks().subscribe(e -> { synchronized (seen) { seen.add(e); } }, 1024,
                Set.of(KeysTracked.class, InvalidationSent.class));
        try (LocalClient reader = f.newClient(); LocalClient writer = f.newClient()) {
            List<RespValue> pushes = new ArrayList<>();
            reader.onPush(p -> { synchronized (pushes) { pushes.add(p); } });
            reader.call("HELLO", "3");
            reader.call("CLIENT", "TRACKING", "on");
            reader.call("MGET", "a", "b");
            writer.call("SET", "a", "1");
            Await.until("the invalidation event", () -> seen().stream().anyMatch(e -> e instanceof InvalidationSent));
            writer.call("FLUSHALL");
            Await.until("the flush's invalidation event", () -> seen().stream().filter(e -> e instanceof InvalidationSent).count() == 2);

            List<EngineEvent> events = seen();
            KeysTracked tracked = (KeysTracked) events.get(0);
            assertEquals(reader.id(), tracked.clientId());
            assertEquals("a,b", text(tracked.keys()));
            InvalidationSent inv = (InvalidationSent) events.get(1);
            assertEquals(reader.id(), inv.receiverId());
            assertEquals(reader.id(), inv.trackingClientId());
            assertEquals("push", inv.how());
            assertEquals("a", text(inv.keys()));
            InvalidationSent flush = (InvalidationSent) events.get(2);
            assertNull(flush.keys(), "a flush invalidates every key: null");
            assertEquals(3, events.size(), "nothing else: " + events);
        } finally {
            s.close();
        }
    }

    @Test
    void theTrackingSnapshotShowsKeysWithTheirClientsAndBcastPrefixes() throws Exception {
        try (LocalClient reader = f.newClient(); LocalClient bcast = f.newClient(); LocalClient writer = f.newClient()) {
            reader.call("HELLO", "3");
            reader.call("CLIENT", "TRACKING", "on");
            reader.call("MGET", "a", "b");
            bcast.call("HELLO", "3");
            bcast.call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "user:");
            io.glassbox.tracking.TrackingTable.View v = f.engine.hooks().trackingSnapshot(10).join();
            assertEquals(2, v.trackingClients());
            assertEquals(2, v.keys());
            assertEquals(List.of("a", "b"), v.table().stream().map(k -> new String(k.key(), StandardCharsets.UTF_8)).toList());
            assertEquals(List.of(reader.id()), java.util.Arrays.stream(v.table().get(0).clientIds()).boxed().toList());
            assertEquals("user:", new String(v.prefixes().get(0).prefix(), StandardCharsets.UTF_8));
            assertEquals(List.of(bcast.id()), java.util.Arrays.stream(v.prefixes().get(0).clientIds()).boxed().toList());
            writer.call("SET", "a", "1"); // the key leaves the table with its invalidation
            v = f.engine.hooks().trackingSnapshot(10).join();
            assertEquals(List.of("b"), v.table().stream().map(k -> new String(k.key(), StandardCharsets.UTF_8)).toList());
        }
    }

    @Test
    void anAclRefusalIsAnEventWithItsLogEntrysFields() throws Exception {
        Subscription s = f.engine.hooks().subscribe(e -> { synchronized (seen) { seen.add(e); } }, 1024, Set.of(EngineEvent.AclDenied.class));
        try (LocalClient c = f.newClient()) {
            c.call("ACL", "SETUSER", "reader", "on", "nopass", "+get", "~cache:*");
            c.call("AUTH", "reader", "x");
            RespValue r = c.call("GET", "secret");
            assertEquals("NOPERM", ((RespValue.Error) r).message().split(" ")[0]);
            c.call("SET", "cache:1", "v");
            c.call("AUTH", "nobody", "wrong");
            Await.until("three refusals", () -> seen().size() == 3);
            EngineEvent.AclDenied key = (EngineEvent.AclDenied) seen().get(0);
            assertEquals(List.of("reader", "get", "key", "toplevel", "secret", c.id()),
                    List.of(key.username(), key.command(), key.reason(), key.context(), key.object(), key.clientId()));
            EngineEvent.AclDenied cmd = (EngineEvent.AclDenied) seen().get(1);
            assertEquals(List.of("set", "command", "set"), List.of(cmd.command(), cmd.reason(), cmd.object()));
            EngineEvent.AclDenied auth = (EngineEvent.AclDenied) seen().get(2);
            assertEquals(List.of("nobody", "auth", "auth"), List.of(auth.username(), auth.command(), auth.reason()));
        } finally {
            s.close();
        }
    }
}
