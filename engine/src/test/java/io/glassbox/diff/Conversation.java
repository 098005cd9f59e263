package io.glassbox.diff;

import io.glassbox.resp.RespReader;
import io.glassbox.resp.SplitArgs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several clients talking to one server, with every reply and push message recorded in the order
 * the test read it: the instrument for differential tests that one connection cannot express
 * (pub/sub between clients, WATCH races, keyspace notifications). A scenario is a function of a
 * Conversation; {@link #compare} runs it against redis-server and Glassbox and compares the two
 * recordings byte for byte.
 */
final class Conversation implements AutoCloseable {
    /** The steps of a scenario, written once and run against both servers. */
    @FunctionalInterface
    interface Scenario {
        void run(Conversation c) throws Exception;
    }

    private final int port;
    private final List<RawRespClient> clients = new ArrayList<>();
    final List<byte[]> recorded = new ArrayList<>();

    private Conversation(int port) {
        this.port = port;
    }

    /** Client i (opened on first use). */
    RawRespClient client(int i) throws IOException {
        while (clients.size() <= i) clients.add(new RawRespClient(port));
        return clients.get(i);
    }

    /** Client i sends a command and the reply is recorded. */
    void call(int i, String cmd) throws IOException {
        recorded.add(client(i).call(argv(cmd)));
    }

    /** Client i sends a command without reading anything. */
    void send(int i, String cmd) throws IOException {
        client(i).sendRaw(RespReader.encodeCommand(argv(cmd)));
    }

    /** Client i's next n replies or push messages are recorded. */
    void read(int i, int n) throws IOException {
        for (int k = 0; k < n; k++) recorded.add(client(i).readReply());
    }

    /**
     * Records client i's incoming frames up to and including the first that contains {@code marker}
     * (a message the test published last, so everything before it has arrived).
     */
    void readUntil(int i, String marker) throws IOException {
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
    void call(int i, String cmd, int n) throws IOException {
        send(i, cmd);
        read(i, n);
    }

    /** Client i sends a command and its reply is read but not recorded (it differs between servers, e.g. HELLO's id). */
    void quiet(int i, String cmd) throws IOException {
        client(i).call(argv(cmd));
    }

    /**
     * Client i sends CLIENT INFO and only the named fields are recorded (the others, such as addr
     * and age, differ between servers): e.g. {@code clientInfo(0, "flags", "multi", "sub")}.
     */
    void clientInfo(int i, String... fields) throws IOException {
        String line = new String(client(i).call(argv("CLIENT INFO")), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        for (String f : fields) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("[ $]" + java.util.regex.Pattern.quote(f) + "=(\\S*)").matcher(line);
            sb.append(f).append('=').append(m.find() ? m.group(1) : "<missing>").append(' ');
        }
        recorded.add(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Client i sends INFO and only the named fields' lines are recorded. */
    void infoFields(int i, String... fields) throws IOException {
        String info = new String(client(i).call(argv("INFO everything")), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        for (String f : fields) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\r\n" + java.util.regex.Pattern.quote(f) + ":([^\r]*)").matcher(info);
            sb.append(f).append(':').append(m.find() ? m.group(1) : "<missing>").append(' ');
        }
        recorded.add(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Client i's INFO commandstats, without the timings, sorted by command: calls, rejected and failed calls. */
    void commandstats(int i) throws IOException {
        String info = new String(client(i).call(argv("INFO commandstats")), StandardCharsets.UTF_8);
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (String l : info.split("\r\n")) {
            if (l.startsWith("cmdstat_")) lines.add(l.replaceAll("usec=\\d+,usec_per_call=[0-9.]+,", ""));
        }
        java.util.Collections.sort(lines);
        recorded.add(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    /** Like {@link #clientInfo}, for the client named {@code name} as seen in client i's CLIENT LIST. */
    void clientListEntry(int i, String name, String... fields) throws IOException {
        String list = new String(client(i).call(argv("CLIENT LIST")), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        for (String line : list.split("\n")) {
            if (!line.contains(" name=" + name + " ")) continue;
            for (String f : fields) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(" " + java.util.regex.Pattern.quote(f) + "=(\\S*)").matcher(line);
                sb.append(f).append('=').append(m.find() ? m.group(1) : "<missing>").append(' ');
            }
        }
        recorded.add(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Records whether client i's connection has nothing more to read within a short wait. */
    void expectSilence(int i) throws IOException {
        recorded.add(client(i).closedByPeer(100) ? "closed".getBytes() : "silent".getBytes());
    }

    static List<byte[]> argv(String line) {
        return SplitArgs.split(line.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        for (RawRespClient c : clients) c.close();
    }

    static List<byte[]> record(int port, Scenario s) throws Exception {
        try (Conversation c = new Conversation(port)) {
            c.quiet(0, "FLUSHALL");
            s.run(c);
            return c.recorded;
        }
    }

    /** Runs the scenario on both servers (after FLUSHALL) and asserts identical recordings. */
    static void compare(String name, int redisPort, int glassboxPort, Scenario s) throws Exception {
        List<byte[]> expected = record(redisPort, s);
        List<byte[]> actual = record(glassboxPort, s);
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!java.util.Arrays.equals(expected.get(i), actual.get(i))) {
                diffs.add(name + " reply " + i + "\n    redis:    " + DifferentialTest.show(expected.get(i))
                        + "\n    glassbox: " + DifferentialTest.show(actual.get(i)));
            }
        }
        assertTrue(diffs.isEmpty(), String.join("\n", diffs));
        assertEquals(expected.size(), actual.size(), name + ": reply count");
    }
}
