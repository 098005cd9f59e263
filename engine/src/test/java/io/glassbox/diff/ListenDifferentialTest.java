package io.glassbox.diff;

import io.glassbox.engine.Engine;
import io.glassbox.testkit.Args;
import io.glassbox.testkit.Conversation;
import io.glassbox.testkit.Ports;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.RealRedis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

/**
 * CONFIG SET port and bind at run time, as Redis's unit/networking checks them, against
 * redis-server 7.0.15 (each side its own fresh server, since the port moves): the server listens
 * on the new port at once, keeps its old listener when the new port is taken or the address
 * cannot be bound (with Redis's errors), keeps the connections it has, and with an empty bind
 * listens nowhere.
 */
@Tag("differential")
class ListenDifferentialTest {

    @Test
    void portAndBindChangeAtRunTimeLikeRedis() throws Exception {
        try (RealRedis redis = RealRedis.start(); Engine glassbox = AgainstRealRedis.startGlassbox();
             ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Conversation.compare("listen", redis.port(), glassbox.port(), t -> {
                int moved = Ports.free();
                t.call(0, "CONFIG SET port " + moved);
                t.note("new port answers: " + ping(moved));
                t.call(0, "CONFIG SET port " + taken.getLocalPort());
                t.note("still on the new port: " + ping(moved));
                t.call(0, "CONFIG SET bind 999.999.999.999");
                t.note("still bound: " + ping(moved));
                t.call(0, "CONFIG SET bind \"\"");
                t.note("with no bind: " + ping(moved));
                t.call(0, "PING"); // the connections the server has stay
                t.call(0, "CONFIG SET bind 127.0.0.1");
                t.note("bound again: " + ping(moved));
            });
        }
    }

    /** PONG from a new connection to the port, or the reason there is none. */
    private static String ping(int port) {
        // the new listener is bound by the loop right after CONFIG SET: allow it a moment
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (true) {
            try (RawRespClient c = new RawRespClient(port)) {
                return Args.show(c.call(Args.line("PING")));
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) return "refused";
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return "interrupted";
                }
            }
        }
    }
}
