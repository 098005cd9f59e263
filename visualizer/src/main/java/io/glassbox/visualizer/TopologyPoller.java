package io.glassbox.visualizer;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Reads {@code INFO replication} from every node of the replication view once a second, on its
 * own thread, and publishes the result as one {@link ReplicationTopology}; the FX thread only picks
 * up the latest ({@link #takeNew}) and never waits for a node. A slow or dead node costs this
 * thread its socket timeout (1 s), not a frame.
 *
 * <p>Engines of this JVM are read in-process ({@link LocalClient}, plus the hooks' replication
 * snapshot for the ring's exact write index); any other node, Glassbox or Redis, over RESP on a
 * plain socket: one {@code INFO replication} per poll, on a connection kept open between polls.
 * A node another node names (a replica in a master's {@code slaveN} lines, a replica's master)
 * is polled too once seen ({@code discover}, on by default), up to {@link #MAX_NODES}, so adding
 * one node of a topology brings in the rest of it.
 */
public final class TopologyPoller implements AutoCloseable {
    public static final int MAX_NODES = 16;
    static final long PERIOD_MILLIS = 1000;
    private static final int TIMEOUT_MILLIS = 1000;

    private final List<PolledNode> polled = new CopyOnWriteArrayList<>();
    private final AtomicReference<ReplicationTopology> latest = new AtomicReference<>();
    private final AtomicReference<ReplicationTopology> fresh = new AtomicReference<>();
    private final Map<String, String> resolved = new ConcurrentHashMap<>();
    private final Object pollLock = new Object();
    private volatile boolean active = true, discover = true, closed;
    private volatile Consumer<ReplicationTopology> listener;
    private Thread thread;

    /** Starts the polling thread (a daemon). */
    public TopologyPoller start() {
        thread = new Thread(this::run, "glassbox-viz-topology");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Polls only while someone looks (the replication tab is selected); a paused poller costs nothing. */
    public void setActive(boolean active) { this.active = active; }

    /** Whether addresses other nodes name are polled too. */
    public void setDiscover(boolean discover) { this.discover = discover; }

    /** Hears every topology published, on the polling thread. */
    public void setListener(Consumer<ReplicationTopology> listener) { this.listener = listener; }

    /** The engine this window watches, read through {@code client} (whose commands the window hides). */
    public void addThisEngine(Engine engine, LocalClient client) {
        add(new InJvmNode(engine, client, false, ReplicationTopology.Kind.THIS_ENGINE));
    }

    /** Another engine of this JVM (a REPL {@code :node}, a demo's replica). */
    public void addEngine(Engine engine) {
        add(new InJvmNode(engine, engine.newClient(), true, ReplicationTopology.Kind.IN_JVM));
    }

    /** A node reached over the network, Glassbox or Redis; false if it is there already or the view is full. */
    public boolean addRemote(String host, int port) {
        return add(new NetworkNode(host, port, ReplicationTopology.Kind.REMOTE));
    }

    /** "host:port" as typed in the view or given as {@code --node}; null if fine, else what is wrong. */
    public String addRemote(String hostPort) {
        String s = hostPort.strip();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) return "expected host:port, got '" + s + "'";
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            return "not a port: '" + s.substring(colon + 1) + "'";
        }
        if (port < 1 || port > 65535) return "not a port: " + port;
        return addRemote(s.substring(0, colon), port) ? null : "already shown (or " + MAX_NODES + " nodes already)";
    }

    private boolean add(PolledNode s) {
        synchronized (polled) {
            if (polled.size() >= MAX_NODES) { s.close(); return false; }
            for (PolledNode x : polled) {
                if (x.id().equals(s.id())) { s.close(); return false; }
            }
            polled.add(s);
        }
        return true;
    }

    public List<String> nodeIds() {
        List<String> ids = new ArrayList<>();
        for (PolledNode s : polled) ids.add(s.id());
        return ids;
    }

    /** The last topology published, or null before the first poll. */
    public ReplicationTopology latest() { return latest.get(); }

    /** The topology published since the last call, or null (the FX thread's per-frame pick-up). */
    public ReplicationTopology takeNew() { return fresh.getAndSet(null); }

    /**
     * Polls every node once, now, on the calling thread (never the FX thread: it waits for the
     * nodes), and publishes the result.
     */
    public ReplicationTopology pollNow() {
        synchronized (pollLock) {
            List<ReplicationTopology.Node> nodes = new ArrayList<>();
            for (PolledNode s : polled) nodes.add(s.poll());
            ReplicationTopology t = ReplicationTopology.of(nodes, this::normalize);
            if (discover) {
                for (ReplicationTopology.Node n : t.nodes()) {
                    if (n.kind() != ReplicationTopology.Kind.GHOST) continue;
                    int colon = n.id().lastIndexOf(':');
                    try {
                        add(new NetworkNode(n.id().substring(0, colon), Integer.parseInt(n.id().substring(colon + 1)),
                                ReplicationTopology.Kind.REMOTE));
                    } catch (RuntimeException notAnAddress) {
                        // "?:?" from an odd slave line: stays a ghost
                    }
                }
            }
            latest.set(t);
            fresh.set(t);
            Consumer<ReplicationTopology> l = listener;
            if (l != null) l.accept(t);
            return t;
        }
    }

    private void run() {
        while (!closed) {
            try {
                if (active) pollNow();
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a bad reply from one node must not stop the view; the next poll tries again
            }
        }
    }

    /**
     * The host part of a node id: a name resolved to its address, and any address of this machine
     * (loopback or an interface's) written 127.0.0.1, so that "localhost:6380", "127.0.0.1:6380"
     * and this machine's LAN address name one node. Cached: resolving can take a while.
     */
    String normalize(String host) {
        return resolved.computeIfAbsent(host, h -> {
            try {
                InetAddress a = InetAddress.getByName(h);
                if (a.isLoopbackAddress() || a.isAnyLocalAddress() || NetworkInterface.getByInetAddress(a) != null) return "127.0.0.1";
                return a.getHostAddress();
            } catch (IOException e) {
                return h;
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) thread.interrupt();
        for (PolledNode s : polled) s.close();
    }

    // ---------------------------------------------------------------- the nodes polled

    /**
     * One node of the view as the poller reads it (not a {@link io.glassbox.visualizer.source.Source},
     * which is what the whole window is attached to).
     */
    private interface PolledNode {
        String id();

        ReplicationTopology.Node poll();

        void close();
    }

    /** An engine of this JVM: INFO through a local client, the ring's write index from the hooks. */
    private final class InJvmNode implements PolledNode {
        private final Engine engine;
        private final LocalClient client;
        private final boolean ownsClient;
        private final ReplicationTopology.Kind kind;
        private final String id;

        InJvmNode(Engine engine, LocalClient client, boolean ownsClient, ReplicationTopology.Kind kind) {
            this.engine = engine;
            this.client = client;
            this.ownsClient = ownsClient;
            this.kind = kind;
            this.id = "127.0.0.1:" + engine.port();
        }

        @Override public String id() { return id; }

        @Override
        public ReplicationTopology.Node poll() {
            String label = (kind == ReplicationTopology.Kind.THIS_ENGINE ? "this engine " : "in JVM ") + id;
            try {
                io.glassbox.replication.Replication.Snapshot snap =
                        engine.hooks().replicationSnapshot().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                RespValue r = client.send(List.of(bytes("INFO"), bytes("replication"))).get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                String text = r instanceof RespValue.Bulk b ? Captions.text(b.value())
                        : r instanceof RespValue.Verbatim v ? Captions.text(v.value()) : null;
                if (text == null) return new ReplicationTopology.Node(id, label, kind, null, -1, "INFO: " + r);
                long writeIndex = snap.backlog() == null ? -1 : snap.backlog().writeIndex();
                return new ReplicationTopology.Node(id, label, kind, ReplicationState.parse(text), writeIndex, null);
            } catch (Exception e) {
                return new ReplicationTopology.Node(id, label, kind, null, -1, "no answer: " + e);
            }
        }

        @Override
        public void close() {
            if (ownsClient) client.close();
        }
    }

    /** A node over RESP: one {@code INFO replication} per poll on a kept-open connection. */
    private final class NetworkNode implements PolledNode {
        private final String host;
        private final int port;
        private final ReplicationTopology.Kind kind;
        private final String id;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        NetworkNode(String host, int port, ReplicationTopology.Kind kind) {
            this.host = host;
            this.port = port;
            this.kind = kind;
            this.id = normalize(host) + ":" + port;
        }

        @Override public String id() { return id; }

        @Override
        public ReplicationTopology.Node poll() {
            String label = "remote " + host + ":" + port;
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
                    socket.setSoTimeout(TIMEOUT_MILLIS);
                    socket.setTcpNoDelay(true);
                    in = new BufferedInputStream(socket.getInputStream());
                    out = socket.getOutputStream();
                }
                out.write("*2\r\n$4\r\nINFO\r\n$11\r\nreplication\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return new ReplicationTopology.Node(id, label, kind, ReplicationState.parse(readBulk()), -1, null);
            } catch (IOException | RuntimeException e) {
                close();
                return new ReplicationTopology.Node(id, label, kind, null, -1, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }

        /** A bulk reply's text; an error reply (NOAUTH, say) is thrown as its message. */
        private String readBulk() throws IOException {
            String head = line();
            if (head.startsWith("-")) throw new IOException(head.substring(1));
            if (!head.startsWith("$") && !head.startsWith("=")) throw new IOException("unexpected reply: " + head);
            int len = Integer.parseInt(head.substring(1));
            if (len < 0) throw new IOException("null reply");
            byte[] body = in.readNBytes(len + 2);
            if (body.length < len + 2) throw new IOException("connection closed");
            return new String(body, 0, len, StandardCharsets.UTF_8);
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) throw new IOException("connection closed");
                if (c != '\r') b.write(c);
                if (b.size() > 1024) throw new IOException("not RESP");
            }
            return b.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a broken socket
                }
            }
            socket = null;
        }
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
