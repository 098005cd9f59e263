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
}
