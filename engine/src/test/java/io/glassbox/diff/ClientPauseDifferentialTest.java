package io.glassbox.diff;

import io.glassbox.testkit.Args;
import io.glassbox.testkit.Conversation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

/**
 * CLIENT PAUSE WRITE as Redis's unit/pause checks it, reply for reply against redis-server 7.0.15:
 * held clients count in INFO's blocked_clients (blockClient with BLOCKED_POSTPONE); may-replicate
 * reads (PFCOUNT, PUBLISH) and scripts that may write are held, scripts that declare no-writes run
 * (getCommandFlags); a read-only script may not call a may-replicate command; and neither lazy nor
 * active expiry deletes anything while the pause lasts.
 */
@Tag("differential")
class ClientPauseDifferentialTest extends AgainstRealRedis {

    @Test
    void heldCommandsAreCountedAndScriptsAreHeldByTheirFlags() throws Exception {
        Conversation.compare("pause", redis.port(), glassbox.port(), t -> {
            t.quiet(0, "FUNCTION FLUSH");
            t.call(0, "PFADD hll a b c");
            t.call(0, "FUNCTION LOAD \"#!lua name=lib\\nredis.register_function{function_name='ro', callback=function() return 'hello' end, flags={'no-writes'}}\"");
            t.call(0, "CLIENT PAUSE 100000 WRITE");
            t.block(1, "SET foo bar");                   // block() returns once blocked_clients grew
            t.block(2, "PFCOUNT hll");
            t.block(3, "PUBLISH ch msg");
            t.block(4, "EVAL \"return 1\" 0");
            t.block(5, "EVAL \"#!lua\\nreturn 2\" 0");
            t.infoFields(0, "blocked_clients");
            t.call(6, "EVAL \"#!lua flags=no-writes\\nreturn 3\" 0");
            t.call(6, "EVAL_RO \"return redis.call('get', 'foo')\" 0");
            t.call(6, "FCALL ro 0");
            t.call(6, "GET foo");
            t.call(0, "CLIENT UNPAUSE");
            for (int i = 1; i <= 5; i++) t.read(i, 1);
            t.infoFields(0, "blocked_clients");
            t.call(0, "GET foo");
            t.quiet(0, "FUNCTION FLUSH");
        });
    }

    @Test
    void readOnlyScriptsMayNotCallMayReplicateCommands() throws Exception {
        Conversation.compare("ro scripts", redis.port(), glassbox.port(), t -> {
            t.call(0, "EVAL_RO \"return redis.call('publish', 'ch', 'msg')\" 0");
            t.call(0, "EVAL \"#!lua flags=no-writes\\nreturn redis.call('publish', 'ch', 'msg')\" 0");
            t.call(0, "EVAL \"#!lua flags=no-writes\\nreturn redis.call('pfcount', 'h')\" 0");
            t.call(0, "EVAL \"return redis.call('publish', 'ch', 'msg')\" 0");
        });
    }

    @Test
    void nothingExpiresWhileClientsArePaused() throws Exception {
        Conversation.compare("expiry", redis.port(), glassbox.port(), t -> {
            long before = expiredKeys(t);
            t.call(0, "MULTI");
            t.call(0, "SET foo bar PX 5");
            t.call(0, "SET bar foo PX 5");
            t.call(0, "CLIENT PAUSE 50000 WRITE");
            t.call(0, "EXEC");
            // the keys are logically gone once their time passed (a GET says nil) ...
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!nil(t.client(0).call(Args.line("GET foo"))) || !nil(t.client(0).call(Args.line("GET bar")))) {
                if (System.nanoTime() > deadline) throw new AssertionError("keys never expired logically");
                Thread.sleep(5);
            }
            // ... but neither the GETs nor the active cycle (a few cron runs) deleted them
            Thread.sleep(300);
            t.note("expired while paused: " + (expiredKeys(t) - before));
            t.call(0, "CLIENT UNPAUSE");
            t.call(0, "GET foo");
            t.call(0, "GET bar");
            t.note("expired after: " + (expiredKeys(t) - before));
        });
    }

    private static boolean nil(byte[] reply) { return new String(reply, StandardCharsets.UTF_8).equals("$-1\r\n"); }

    private static long expiredKeys(Conversation t) throws Exception {
        String info = new String(t.client(0).call(Args.line("INFO stats")), StandardCharsets.UTF_8);
        int at = info.indexOf("expired_keys:");
        return Long.parseLong(info.substring(at + 13, info.indexOf('\r', at)));
    }
}
