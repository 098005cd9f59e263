package io.glassbox.diff;

import io.glassbox.engine.Engine;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.hooks.Subscription;
import io.glassbox.testkit.Await;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.testkit.RawRespClient;
import io.glassbox.testkit.RealRedis;
import io.glassbox.testkit.ReplyComparer;
import io.glassbox.resp.RespReader;
import io.glassbox.testkit.Args;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Threaded I/O ({@code io-threads 4}, {@code io-threads-do-reads yes}) against redis-server 7.0.15
 * with the same settings: many clients at once (so that at least 2 * io-threads have replies in a
 * tick and the threads start, as stopThreadedIOIfNeeded wants), each pipelining plain commands,
 * MULTI/EXEC and replies bigger than an I/O thread's 64 KB per tick, every reply compared byte for
 * byte. Each test first shows that the threads really read and wrote (INFO's
 * io_threaded_reads_processed and io_threaded_writes_processed moved), then what it is about.
 */
@Tag("differential")
class IoThreadsDifferentialTest {
    private static final int WORKERS = 16;
    private static final byte[] BIG = "x".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
    private static RealRedis redis;
    private static Engine glassbox;

    @BeforeAll
    static void startServers() throws Exception {
        redis = RealRedis.start("--io-threads", "4", "--io-threads-do-reads", "yes");
        glassbox = EngineFixture.builder().listening().debug().config("io-threads 4\nio-threads-do-reads yes").startEngine();
    }

    @AfterAll
    static void stopServers() {
        if (glassbox != null) glassbox.close();
        if (redis != null) redis.close();
    }

    @Test
    void pipelinesMultiAndBigRepliesFromManyClientsMatchRedis() throws Exception {
        runLoadUntilThreadsServed(0);
    }

    @Test
    void configIsImmutableAndInfoShowsTheThreads() throws Exception {
        try (ReplyComparer cmp = new ReplyComparer(redis.port(), glassbox.port())) {
            cmp.send("CONFIG", "GET", "io-threads");
            cmp.send("CONFIG", "GET", "io-threads-do-reads");
            cmp.send("CONFIG", "SET", "io-threads", "2");
            cmp.send("CONFIG", "SET", "io-threads-do-reads", "no");
            cmp.send("CONFIG", "SET", "io-threads", "200");
        }
        String info = info();
        for (String field : List.of("io_threads_active:", "io_threaded_reads_processed:", "io_threaded_writes_processed:")) {
            assertTrue(info.contains("\r\n" + field), field + " in INFO");
        }
        Set<String> names = new java.util.HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) names.add(t.getName());
        assertTrue(names.containsAll(List.of("io_thd_1", "io_thd_2", "io_thd_3")), "the I/O threads' names: " + names);
    }

    /** A client blocked in BLPOP keeps its pipelined PING behind it while the threads serve the others. */
    @Test
    void aBlockedClientIsAnsweredInOrderWhileTheThreadsRun() throws Exception {
        try (RawRespClient blocked = new RawRespClient(glassbox.port()); RawRespClient pusher = new RawRespClient(glassbox.port())) {
            pusher.call(Args.argv("DEL", "iot:q"));
            long before = infoField("blocked_clients");
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.write(RespReader.encodeCommand(Args.argv("BLPOP", "iot:q", "0")));
            both.write(RespReader.encodeCommand(Args.argv("PING")));
            blocked.sendRaw(both.toByteArray());
            Await.until("BLPOP to block", () -> infoField("blocked_clients") == before + 1);
            runLoadUntilThreadsServed(1);
            assertArrayEquals(":1\r\n".getBytes(StandardCharsets.US_ASCII), pusher.call(Args.argv("RPUSH", "iot:q", "x")));
            assertEquals("*2\r\n$5\r\niot:q\r\n$1\r\nx\r\n", new String(blocked.readReply(), StandardCharsets.US_ASCII));
            assertEquals("+PONG\r\n", new String(blocked.readReply(), StandardCharsets.US_ASCII));
        }
    }

    /**
     * Clients that go away in the middle of a request, or without reading the big replies they
     * asked for (the I/O thread's write fails), are freed; the others lose nothing.
     */
    @Test
    void clientsThatDisconnectMidReadOrMidWriteAreFreedAndOthersLoseNothing() throws Exception {
        long connected = infoField("connected_clients");
        ExecutorService quitters = Executors.newFixedThreadPool(2);
        try {
            Future<?> q = quitters.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", glassbox.port()), 5000);
                        OutputStream out = s.getOutputStream();
                        if (i % 2 == 0) {
                            out.write("*3\r\n$3\r\nSET\r\n$5\r\niot:h\r\n$10\r\nhalf".getBytes(StandardCharsets.US_ASCII));
                        } else {
                            ByteArrayOutputStream many = new ByteArrayOutputStream();
                            many.write(RespReader.encodeCommand(Args.argv("SET", "iot:q" + i, BIG)));
                            for (int k = 0; k < 50; k++) many.write(RespReader.encodeCommand(Args.argv("GET", "iot:q" + i)));
                            out.write(many.toByteArray());
                        }
                        out.flush();
                    }
                }
                return null;
            });
            runLoadUntilThreadsServed(2);
            q.get();
        } finally {
            quitters.shutdownNow();
        }
        Await.until("the quitters to be freed", () -> infoField("connected_clients") == connected);
        try (RawRespClient after = new RawRespClient(glassbox.port())) {
            assertArrayEquals("+PONG\r\n".getBytes(StandardCharsets.US_ASCII), after.call(Args.argv("PING")));
            assertArrayEquals(":0\r\n".getBytes(StandardCharsets.US_ASCII), after.call(Args.argv("EXISTS", "iot:h")));
        }
    }

    /** 20,000 INCRs in one write while the threads serve the load: every reply, in order. */
    @Test
    void aHugePipelineIsAnsweredCompletelyAndInOrder() throws Exception {
        int n = 20_000;
        try (RawRespClient big = new RawRespClient(glassbox.port())) {
            big.call(Args.argv("DEL", "iot:ctr"));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] incr = RespReader.encodeCommand(Args.argv("INCR", "iot:ctr"));
            for (int i = 0; i < n; i++) all.write(incr);
            ExecutorService sender = Executors.newSingleThreadExecutor();
            try {
                Future<?> sent = sender.submit(() -> { big.sendRaw(all.toByteArray()); return null; });
                runLoadUntilThreadsServed(4);
                for (int i = 1; i <= n; i++) {
                    assertEquals(":" + i + "\r\n", new String(big.readReply(), StandardCharsets.US_ASCII), "reply " + i);
                }
                sent.get();
            } finally {
                sender.shutdownNow();
            }
        }
    }

    /** The event-loop view's events: which client each thread took, each thread's time, the main thread's wait. */
    @Test
    void eachFanOutAndJoinIsAnEvent() throws Exception {
        List<EngineEvent.IoThreadsPhase> seen = new ArrayList<>();
        Subscription sub = glassbox.hooks().subscribe(e -> { synchronized (seen) { seen.add((EngineEvent.IoThreadsPhase) e); } },
                100_000, Set.of(EngineEvent.IoThreadsPhase.class));
        try {
            runLoadUntilThreadsServed(3);
            Await.until("read and write phases", () -> {
                synchronized (seen) {
                    return seen.stream().anyMatch(p -> p.op().equals("read")) && seen.stream().anyMatch(p -> p.op().equals("write"));
                }
            });
        } finally {
            sub.close();
        }
        synchronized (seen) {
            boolean otherThreadsTookClients = false;
            for (EngineEvent.IoThreadsPhase p : seen) {
                assertEquals(4, p.busyNanos().length, "the main thread and io_thd_1..3");
                assertEquals(p.clientIds().length, p.clientThreads().length);
                for (int k = 0; k < p.clientThreads().length; k++) {
                    assertTrue(p.clientThreads()[k] >= 0 && p.clientThreads()[k] < 4);
                    otherThreadsTookClients |= p.clientThreads()[k] > 0;
                }
                assertTrue(p.mainWaitNanos() >= 0 && p.fanOutNanos() >= 0 && p.fanInNanos() >= 0);
            }
            assertTrue(otherThreadsTookClients, "some client went to an I/O thread");
        }
    }

    // ---------------------------------------------------------------- the load

    /**
     * Rounds of {@link #WORKERS} clients at once, each on its own keys, until Glassbox's threads have
     * read and written (at most 20 rounds); every reply must equal redis-server's.
     */
    private static void runLoadUntilThreadsServed(int test) throws Exception {
        long reads0 = infoField("io_threaded_reads_processed"), writes0 = infoField("io_threaded_writes_processed");
        List<ReplyComparer> cmps = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            for (int w = 0; w < WORKERS; w++) cmps.add(new ReplyComparer(redis.port(), glassbox.port()));
            for (ReplyComparer c : cmps) c.call("DEL", "placeholder"); // FLUSHALL of the constructors is over for all
            int round = 0;
            do {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < WORKERS; w++) {
                    ReplyComparer cmp = cmps.get(w);
                    String p = "t" + test + ":w" + w + ":";
                    int r = round;
                    done.add(pool.submit(() -> { workerRound(cmp, p, r); return null; }));
                }
                for (Future<?> f : done) f.get();
                round++;
            } while (round < 20 && (infoField("io_threaded_reads_processed") == reads0 || infoField("io_threaded_writes_processed") == writes0));
            assertTrue(infoField("io_threaded_reads_processed") > reads0, "the I/O threads read");
            assertTrue(infoField("io_threaded_writes_processed") > writes0, "the I/O threads wrote");
        } finally {
            pool.shutdownNow();
            for (ReplyComparer c : cmps) c.close();
        }
    }

    private static void workerRound(ReplyComparer cmp, String p, int round) throws IOException {
        for (int i = 0; i < 5; i++) {
            cmp.send("SET", p + "k" + i, "v" + round + ":" + i);
            cmp.send("GET", p + "k" + i);
            cmp.send("INCR", p + "n");
            cmp.send("RPUSH", p + "l", "a" + i, "b");
            cmp.send("LRANGE", p + "l", "-4", "-1");
        }
        cmp.send("MULTI");
        cmp.send("INCR", p + "m");
        cmp.send("SET", p + "x", "y" + round);
        cmp.send("GET", p + "x");
        cmp.send("EXEC");
        if (round % 4 == 0) {
            cmp.send("SET", p + "big", BIG);
            cmp.send("GET", p + "big");
        }
        cmp.flush();
    }

    private static String info() {
        try (RawRespClient c = new RawRespClient(glassbox.port())) {
            return new String(c.call(Args.argv("INFO")), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long infoField(String name) {
        Matcher m = Pattern.compile("\r\n" + name + ":(\\d+)").matcher(info());
        assertTrue(m.find(), name + " in INFO");
        return Long.parseLong(m.group(1));
    }
}
