package io.glassbox.engine;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine runs on the few Netty modules it uses, so an application embedding it may exclude the
 * rest of netty-all (codecs for HTTP, MQTT, DNS..., handlers, kqueue, the macOS resolver): common,
 * buffer, resolver, transport, and on Linux the epoll classes with their native library. A server
 * started on exactly that classpath (plus the engine and luaj) serves RESP, on epoll where it can.
 */
@Tag("interop")
class NettyModulesTest {
    /** The modules an application keeps (docs/embedding.md lists them for a Maven exclusion). */
    static final Pattern KEPT = Pattern.compile(
            "netty-(common|buffer|resolver|transport|transport-classes-epoll|transport-native-unix-common|transport-native-epoll)-4[^/]*\\.jar");

    @Test
    void aServerRunsOnTheNettyModulesItUses() throws Exception {
        List<String> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            if (e.endsWith("classes") && !e.endsWith("test-classes") || name.startsWith("luaj-jse")) kept.add(e);
            else if (name.startsWith("netty-") && KEPT.matcher(name).matches()
                    && (!name.startsWith("netty-transport-native-epoll") || name.contains("linux-x86_64"))) kept.add(e);
            else if (name.startsWith("netty-")) dropped.add(name);
        }
        assertTrue(dropped.stream().anyMatch(n -> n.startsWith("netty-codec-http")), "the test must drop something: " + dropped);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, kept), ServerMain.class.getName(),
                "--port", Integer.toString(port), "--save", "", "--loglevel", "verbose", "--bind", "127.0.0.1")
                .redirectErrorStream(true).start();
        List<String> log = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                log.add(line);
                if (line.contains("Ready to accept connections")) break;
            }
            assertTrue(log.stream().anyMatch(l -> l.contains("Ready to accept connections")), String.join("\n", log));
            if (System.getProperty("os.arch").equals("amd64") && System.getProperty("os.name").equals("Linux")) {
                assertTrue(log.stream().anyMatch(l -> l.endsWith("Glassbox transport: epoll")), String.join("\n", log));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                OutputStream o = s.getOutputStream();
                o.write("SET k v\r\nGET k\r\n".getBytes(StandardCharsets.US_ASCII));
                o.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                assertEquals("+OK", in.readLine());
                assertEquals("$1", in.readLine());
                assertEquals("v", in.readLine());
                // alone: replies still in the output buffer when SHUTDOWN exits are never sent, as in Redis
                o.write("SHUTDOWN NOSAVE\r\n".getBytes(StandardCharsets.US_ASCII));
                o.flush();
            }
            assertTrue(server.waitFor(20, TimeUnit.SECONDS), "SHUTDOWN ended the server");
        } finally {
            server.destroyForcibly();
        }
    }
}
