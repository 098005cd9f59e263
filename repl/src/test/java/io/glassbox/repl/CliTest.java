package io.glassbox.repl;

import io.glassbox.engine.Glassbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./glassbox cli}: the REPL over a real socket, here to an embedded Glassbox on a free port. */
@Tag("unit")
class CliTest {
    private Glassbox server;

    @BeforeEach
    void start() { server = Glassbox.start(); }

    @AfterEach
    void stop() { server.close(); }

    @Test
    void commandsGoOverTheSocketAndPrintAsRedisCli() {
        ReplConnection.Network net = new ReplConnection.Network("127.0.0.1", server.port(), null, null, 2);
        Repl repl = new Repl(net, 2);
        assertEquals("OK\n", repl.eval("SET k \"a b\"").text());
        assertEquals("\"a b\"\n", repl.eval("GET k").text());
        assertEquals("127.0.0.1:" + server.port() + "[2]> ", repl.prompt(), "-n 2 selected db 2");
        assertTrue(server.call("GET", "k") instanceof io.glassbox.resp.RespValue.Null, "the key went to db 2, not db 0");
        assertEquals("1) \"k\"\n", repl.eval("KEYS *").text());
        // the internals views reach a Glassbox server through GLASSBOX.SNAPSHOT: db 2's dict holds k
        String dict = repl.eval(":dict").text();
        assertTrue(dict.startsWith("db 2: 1 keys") && dict.contains("\"k\""), dict);
        assertTrue(repl.eval(":loop").text().startsWith(":loop needs the engine in this process"));
        assertTrue(repl.eval(":help").text().contains(":skiplist KEY"));
        net.close();
    }

    @Test
    void subscribeAtThePromptPrintsMessagesAsTheyArrive() throws Exception {
        ReplConnection.Network net = new ReplConnection.Network("127.0.0.1", server.port(), null, null, 0);
        java.io.PipedOutputStream typing = new java.io.PipedOutputStream();
        java.io.PipedInputStream keyboard = new java.io.PipedInputStream(typing);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (org.jline.terminal.Terminal terminal = new org.jline.terminal.impl.DumbTerminal("test", org.jline.terminal.Terminal.TYPE_DUMB,
                keyboard, screen, StandardCharsets.UTF_8)) {
            org.jline.reader.LineReader reader = ReplMain.lineReader(terminal, net, java.nio.file.Files.createTempFile("hist", ""));
            Thread prompt = new Thread(() -> new Repl(net, 0).interactive(reader, false));
            prompt.start();
            typing.write("SUBSCRIBE news\n".getBytes(StandardCharsets.UTF_8));
            typing.flush();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (server.call("PUBSUB", "NUMSUB", "news").asList().get(1).asLong() < 1 && System.nanoTime() < deadline) Thread.sleep(10);
            server.call("PUBLISH", "news", "hello");
            while (!screen.toString(StandardCharsets.UTF_8).contains("hello") && System.nanoTime() < deadline) Thread.sleep(10);
            server.call("CLIENT", "KILL", "TYPE", "pubsub"); // the subscription ends; the prompt comes back
            typing.close();
            prompt.join(10_000);
            terminal.flush();
        }
        String printed = screen.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("Reading messages... (press Ctrl-C to quit)\n1) \"subscribe\"\n2) \"news\"\n3) (integer) 1\n"
                + "1) \"message\"\n2) \"news\"\n3) \"hello\"\n"), printed);
        assertTrue(printed.contains("not connected> "), "after the server ended the subscription: " + printed);
    }

    @Test
    void anUnreachableServerIsReportedAsRedisCliDoes() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ReplConnection.Network net = new ReplConnection.Network("127.0.0.1", port, null, null, 0);
        Repl repl = new Repl(net, 0);
        assertEquals("not connected> ", repl.prompt());
        String out = repl.eval("PING").text();
        assertTrue(out.startsWith("Could not connect to Redis at 127.0.0.1:" + port + ": Connection refused"), out);
    }

    @Test
    void pipedLinesPrintRaw() throws Exception {
        ReplConnection.Network net = new ReplConnection.Network("127.0.0.1", server.port(), null, null, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Repl(net, 0).script(new BufferedReader(new StringReader("RPUSH l a b\nLRANGE l 0 -1\nGET nokey\n")), out);
        assertEquals("2\na\nb\n\n", out.toString(StandardCharsets.UTF_8));
        net.close();
    }
}
