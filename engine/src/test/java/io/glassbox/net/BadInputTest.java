package io.glassbox.net;

import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespReader;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input never takes the server down or loses data: random bytes, truncated frames, huge
 * declared lengths, enormous commands and clients that vanish mid-request. After each abuse the
 * keyspace still holds what it held and a fresh client gets answers.
 */
@Tag("unit")
class BadInputTest {
    private EngineFixture f;
    private LocalClient local;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.builder().listening().start();
        local = f.client;
        for (int i = 0; i < 100; i++) local.call("SET", "key:" + i, "value:" + i);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private void assertIntact() throws IOException {
        for (int i = 0; i < 100; i++) assertEquals("value:" + i, local.call("GET", "key:" + i).asText());
        try (Socket s = new Socket("127.0.0.1", f.engine.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            RespValue v = new RespReader(new BufferedInputStream(s.getInputStream())).read();
            assertEquals("PONG", v.asText(), "a new client is served");
        }
    }

    private void sendAndDrop(byte[] bytes) throws IOException {
        try (Socket s = new Socket("127.0.0.1", f.engine.port())) {
            s.setSoTimeout(20);
            OutputStream out = s.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
                s.getInputStream().read(new byte[1024]);
            } catch (IOException closedOrQuiet) {
                // the server may close on a protocol error or just wait for the rest
            }
        }
    }

    @Test
    void randomBytesAndTruncatedFrames() throws IOException {
        Random rnd = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[1 + rnd.nextInt(300)];
            rnd.nextBytes(junk);
            if (i % 3 == 0) junk[0] = '*';
            if (i % 5 == 0) junk[0] = '$';
            sendAndDrop(junk);
        }
        byte[] frame = "*3\r\n$3\r\nSET\r\n$5\r\nkey:1\r\n$7\r\nchanged\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int cut = 1; cut < frame.length; cut++) sendAndDrop(java.util.Arrays.copyOf(frame, cut));
        assertIntact();
    }

    @Test
    void hugeDeclaredLengthsDoNotAllocate() throws IOException {
        // 100 clients each announcing a 512 MB argument and then sending nothing: the server must not
        // reserve 50 GB; it only buffers bytes that arrived.
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                Socket s = new Socket("127.0.0.1", f.engine.port());
                s.getOutputStream().write("*2\r\n$3\r\nGET\r\n$536870912\r\nabc".getBytes(StandardCharsets.US_ASCII));
                open.add(s);
            }
            sendAndDrop("*2147483647\r\n".getBytes(StandardCharsets.US_ASCII));
            assertIntact();
        } finally {
            for (Socket s : open) s.close();
        }
    }

    @Test
    void hundredThousandArguments() throws IOException {
        List<byte[]> argv = new ArrayList<>();
        argv.add("MSET".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 50_000; i++) {
            argv.add(("bulk:" + i).getBytes(StandardCharsets.US_ASCII));
            argv.add(("v" + i).getBytes(StandardCharsets.US_ASCII));
        }
        try (Socket s = new Socket("127.0.0.1", f.engine.port())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(RespReader.encodeCommand(argv));
            RespValue v = new RespReader(new BufferedInputStream(s.getInputStream())).read();
            assertEquals("OK", v.asText());
        }
        assertEquals("v49999", local.call("GET", "bulk:49999").asText());
        assertIntact();
    }

    @Test
    void clientsVanishingMidRequest() throws IOException {
        for (int i = 0; i < 50; i++) {
            Socket s = new Socket("127.0.0.1", f.engine.port());
            s.getOutputStream().write(("*3\r\n$3\r\nSET\r\n$5\r\nkey:" + (i % 10) + "\r\n$100\r\npartial").getBytes(StandardCharsets.US_ASCII));
            s.setSoLinger(true, 0); // reset, not a clean close
            s.close();
        }
        assertIntact();
        assertTrue(f.engine.loop().ticks() > 0);
    }
}
