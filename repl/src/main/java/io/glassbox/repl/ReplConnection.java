package io.glassbox.repl;

import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespReader;
import io.glassbox.resp.RespValue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the REPL's commands go: the in-process engine ({@link #local}) or any Redis over TCP
 * ({@link Network}, for {@code ./glassbox cli}). Completion, hints and the reply printer only
 * need this, so the same REPL is a redis-cli for any server.
 */
interface ReplConnection {

    /** Sends a command and returns its reply; throws IllegalStateException if the server is unreachable or gone. */
    RespValue call(List<byte[]> argv);

    default RespValue call(String... args) {
        List<byte[]> argv = new ArrayList<>(args.length);
        for (String a : args) argv.add(a.getBytes(StandardCharsets.UTF_8));
        return call(argv);
    }

    static ReplConnection local(LocalClient client) { return client::call; }

    /**
     * A plain RESP connection, as redis-cli keeps one: connects on first use, AUTHs and SELECTs
     * as asked, and after the server closes it, reconnects on the next command.
     */
    final class Network implements ReplConnection, AutoCloseable {
        private final String host;
        private final int port;
        private final String user;
        private final String password;
        private int db;
        private Socket socket;
        private OutputStream out;
        private RespReader in;

        Network(String host, int port, String user, String password, int db) {
            this.host = host;
            this.port = port;
            this.user = user;
            this.password = password;
            this.db = db;
        }

        String host() { return host; }

        int port() { return port; }

        boolean isConnected() { return socket != null; }

        /** Connects now; the message says why not, as redis-cli prints it. */
        void connect() throws IOException {
            if (socket != null) return;
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(host, port), 5000);
                s.setTcpNoDelay(true);
            } catch (IOException e) {
                s.close();
                throw new IOException("Could not connect to Redis at " + host + ":" + port + ": " + reason(e), e);
            }
            socket = s;
            out = new BufferedOutputStream(s.getOutputStream());
            in = new RespReader(new BufferedInputStream(s.getInputStream()));
            if (password != null) {
                RespValue r = user == null ? raw(List.of(b("AUTH"), b(password))) : raw(List.of(b("AUTH"), b(user), b(password)));
                if (r instanceof RespValue.Error err) System.err.println("AUTH failed: " + err.message());
            }
            if (db != 0) raw(List.of(b("SELECT"), b(Integer.toString(db))));
        }

        private static String reason(IOException e) {
            String m = e.getMessage();
            return m == null ? e.getClass().getSimpleName() : m.replace("Connection refused (Connection refused)", "Connection refused");
        }

        @Override
        public RespValue call(List<byte[]> argv) {
            try {
                connect();
                RespValue r = raw(argv);
                if (argv.size() == 2 && new String(argv.get(0), StandardCharsets.UTF_8).equalsIgnoreCase("select")
                        && r instanceof RespValue.SimpleString) {
                    db = Integer.parseInt(new String(argv.get(1), StandardCharsets.UTF_8).strip());
                }
                return r;
            } catch (IOException e) {
                close();
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        /** Queues a command without waiting for its reply (redisAppendCommandArgv): for pipelines, with {@link #readReply}. */
        void append(List<byte[]> argv) throws IOException {
            connect();
            out.write(RespReader.encodeCommand(argv));
        }

        /** Sends what {@link #append} queued and reads the next reply (redisGetReply), or a message nobody asked for (pub/sub). */
        RespValue readReply() throws IOException {
            out.flush();
            try {
                return in.read();
            } catch (java.io.EOFException e) {
                throw new IOException("Server closed the connection", e);
            }
        }

        private RespValue raw(List<byte[]> argv) throws IOException {
            out.write(RespReader.encodeCommand(argv));
            out.flush();
            try {
                return in.read();
            } catch (java.io.EOFException e) {
                throw new IOException("Server closed the connection", e);
            }
        }

        @Override
        public void close() {
            if (socket == null) return;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }

        private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }
    }
}
