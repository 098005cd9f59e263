package io.glassbox.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several clients talking to one server, with every reply and push message recorded in the order
 * the test read it: the instrument for what one connection cannot express (blocked clients served
 * by another's write, pub/sub between clients, WATCH races, keyspace notifications). A scenario is
 * a function of a Conversation, written once; {@link #compare} runs it against redis-server and
 * Glassbox and compares the two recordings byte for byte.
 *
 * <p>Clients are numbered from 0 and connect on first use. Nothing here sleeps: a blocking command
 * is sent with {@link #block}, which returns once the server counts the client as blocked
 * ({@code INFO clients}' {@code blocked_clients}), asked on a separate probe connection.
 */
public final class Conversation implements AutoCloseable {
    /** The steps of a scenario, written once and run against both servers. */
    @FunctionalInterface
    public interface Scenario {
        void run(Conversation c) throws Exception;
    }

    private final int port;
    private final List<RawRespClient> clients = new ArrayList<>();
    private RawRespClient probe;
    private final List<byte[]> recorded = new ArrayList<>();

    private Conversation(int port) {
        this.port = port;
    }

    /** Client i (opened on first use). */
    public RawRespClient client(int i) throws IOException {
        while (clients.size() <= i) clients.add(new RawRespClient(port));
        return clients.get(i);
    }

    /** Client i sends a command and the reply is recorded. */
    public void call(int i, String cmd) throws IOException {
        recorded.add(client(i).call(Args.line(cmd)));
    }

    /** Client i sends a command without reading anything. */
    public void send(int i, String cmd) throws IOException {
        client(i).send(Args.line(cmd));
    }

    /**
     * Client i sends a blocking command (BLPOP, XREAD BLOCK, ...) and gets no reply; returns once the
     * server counts one more blocked client. Read the reply later with {@code read(i, 1)}.
     */
    public void block(int i, String cmd) throws IOException, InterruptedException {
        RawRespClient c = client(i);
        long before = info("blocked_clients");
        c.send(Args.line(cmd));
        awaitInfo("blocked_clients", before + 1);
    }

    /** Closes client i's connection and returns once the server has dropped it ({@code connected_clients}). */
    public void disconnect(int i) throws IOException, InterruptedException {
        long before = info("connected_clients");
        client(i).close();
        awaitInfo("connected_clients", before - 1);
    }

    /** A numeric field of INFO clients, asked on the probe connection (not one of the numbered clients). */
    private long info(String field) throws IOException {
        if (probe == null) probe = new RawRespClient(port);
        String info = new String(probe.call(Args.line("INFO clients")), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\r\n" + field + ":(\\d+)\r\n").matcher(info);
        if (!m.find()) throw new AssertionError("INFO clients has no " + field + ": " + info);
        return Long.parseLong(m.group(1));
    }

    /** Polls INFO clients until {@code field} is {@code want} (at most 5 s). */
    private void awaitInfo(String field, long want) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        long now;
        while ((now = info(field)) != want) {
            if (System.nanoTime() > deadline) throw new AssertionError("server never reported " + field + ":" + want + " (still " + now + ")");
            Thread.sleep(2);
        }
    }

    /** Records a line the scenario computed itself (a count, a yes/no), compared like a reply. */
    public void note(String text) {
        recorded.add(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Client i's next n replies or push messages are recorded. */
    public void read(int i, int n) throws IOException {
        for (int k = 0; k < n; k++) recorded.add(client(i).readReply());
    }

    /**
     * Records client i's incoming frames up to and including the first that contains {@code marker}
     * (a message the test published last, so everything before it has arrived).
     */
    public void readUntil(int i, String marker) throws IOException {
        byte[] m = marker.getBytes(StandardCharsets.UTF_8);
        for (int guard = 0; guard < 10_000; guard++) {
            byte[] frame = client(i).readReply();
            recorded.add(frame);
            if (indexOf(frame, m) >= 0) return;
        }
        throw new IOException("marker never arrived: " + marker);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    /** Client i sends a command and n replies (or pushes) are recorded: SUBSCRIBE a b answers twice. */
    public void call(int i, String cmd, int n) throws IOException {
        send(i, cmd);
        read(i, n);
    }

    /** Client i sends a command and its reply is read but not recorded (it differs between servers, e.g. HELLO's id). */
    public void quiet(int i, String cmd) throws IOException {
        client(i).call(Args.line(cmd));
    }

    /**
     * Client i sends CLIENT INFO and only the named fields are recorded (the others, such as addr
     * and age, differ between servers): e.g. {@code clientInfo(0, "flags", "multi", "sub")}.
     */
    public void clientInfo(int i, String... fields) throws IOException {
        String line = new String(client(i).call(Args.line("CLIENT INFO")), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        for (String f : fields) {
            Matcher m = Pattern.compile("[ $]" + Pattern.quote(f) + "=(\\S*)").matcher(line);
            sb.append(f).append('=').append(m.find() ? m.group(1) : "<missing>").append(' ');
        }
        recorded.add(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Client i sends INFO and only the named fields' lines are recorded. */
    public void infoFields(int i, String... fields) throws IOException {
        String info = new String(client(i).call(Args.line("INFO everything")), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        for (String f : fields) {
            Matcher m = Pattern.compile("\r\n" + Pattern.quote(f) + ":([^\r]*)").matcher(info);
            sb.append(f).append(':').append(m.find() ? m.group(1) : "<missing>").append(' ');
        }
        recorded.add(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Client i's INFO commandstats, without the timings, sorted by command: calls, rejected and failed calls. */
    public void commandstats(int i) throws IOException {
        String info = new String(client(i).call(Args.line("INFO commandstats")), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (String l : info.split("\r\n")) {
            if (l.startsWith("cmdstat_")) lines.add(l.replaceAll("usec=\\d+,usec_per_call=[0-9.]+,", ""));
        }
        Collections.sort(lines);
        recorded.add(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    /** Like {@link #clientInfo}, for the client named {@code name} as seen in client i's CLIENT LIST. */
    public void clientListEntry(int i, String name, String... fields) throws IOException {
        String list = new String(client(i).call(Args.line("CLIENT LIST")), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        for (String line : list.split("\n")) {
            if (!line.contains(" name=" + name + " ")) continue;
            for (String f : fields) {
                Matcher m = Pattern.compile(" " + Pattern.quote(f) + "=(\\S*)").matcher(line);
                sb.append(f).append('=').append(m.find() ? m.group(1) : "<missing>").append(' ');
            }
        }
        recorded.add(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Records whether client i's connection is closed or still open with nothing to read. The server
     * answers commands in order, so the caller sends a PING on another client first when it needs
     * the server to have handled everything before.
     */
    public void expectSilence(int i) throws IOException {
        recorded.add(client(i).closedByPeer(100) ? "closed".getBytes() : "silent".getBytes());
    }

    @Override
    public void close() throws IOException {
        for (RawRespClient c : clients) c.close();
        if (probe != null) probe.close();
    }

    /** Runs the scenario on one server after FLUSHALL and returns everything it recorded. */
    public static List<byte[]> record(int port, Scenario s) throws Exception {
        try (Conversation c = new Conversation(port)) {
            c.quiet(0, "FLUSHALL");
            s.run(c);
            return c.recorded;
        }
    }

    /** Runs the scenario on both servers (after FLUSHALL) and asserts identical recordings. */
    public static void compare(String name, int redisPort, int glassboxPort, Scenario s) throws Exception {
        List<byte[]> expected = record(redisPort, s);
        List<byte[]> actual = record(glassboxPort, s);
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!Arrays.equals(expected.get(i), actual.get(i))) {
                diffs.add(name + " reply " + i + "\n    redis:    " + Args.show(expected.get(i))
                        + "\n    glassbox: " + Args.show(actual.get(i)));
            }
        }
        assertTrue(diffs.isEmpty(), String.join("\n", diffs));
        assertEquals(expected.size(), actual.size(), name + ": reply count");
        assertTrue(!expected.isEmpty(), name + " recorded nothing");
    }
}
