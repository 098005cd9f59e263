package io.glassbox.repl;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.resp.SplitArgs;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * More Glassbox nodes in the REPL's JVM, for watching replication without a second terminal
 * ({@code :node}). Each is a whole engine listening on a free loopback port, so the replication
 * link between them is a real TCP connection, exactly as between two servers; only the process is
 * shared. They stop when the REPL ends.
 */
final class Nodes {
    private final Engine main;
    private final List<Engine> engines = new ArrayList<>();
    private final List<LocalClient> clients = new ArrayList<>();

    Nodes(Engine main) { this.main = main; }

    static final String USAGE = """
            Usage: :node                   list the extra nodes
                   :node new [replica]     start a node in this JVM (a replica of this engine with 'replica')
                   :node N COMMAND ...     run a command on node N
                   :repl N                 node N's replication view
            """;

    String meta(String rest) {
        String[] words = rest.isEmpty() ? new String[0] : rest.split("\\s+", 2);
        if (words.length == 0) return list();
        if (words[0].equals("new")) return start(words.length == 2 && words[1].strip().equalsIgnoreCase("replica"));
        Engine e = engine(words[0]);
        if (e == null) return USAGE;
        if (words.length < 2) return USAGE;
        List<byte[]> argv = SplitArgs.split(words[1].getBytes(StandardCharsets.UTF_8));
        if (argv == null || argv.isEmpty()) return "Invalid argument(s)\n";
        RespValue reply = clients.get(engines.indexOf(e)).call(argv);
        return ReplyFormatter.tty(reply);
    }

    /** Node {@code word} (1-based), or null. */
    Engine engine(String word) {
        try {
            int n = Integer.parseInt(word);
            return n >= 1 && n <= engines.size() ? engines.get(n - 1) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String list() {
        if (engines.isEmpty()) return "No extra nodes. " + USAGE;
        StringBuilder sb = new StringBuilder("this engine: port " + main.port() + "\n");
        for (int i = 0; i < engines.size(); i++) {
            io.glassbox.replication.Replication.Snapshot s = engines.get(i).hooks().replicationSnapshot().join();
            sb.append("node ").append(i + 1).append(": port ").append(engines.get(i).port()).append(", ")
              .append(s.masterHost() == null ? "master" : "replica of " + s.masterHost() + ":" + s.masterPort() + " (" + s.state() + ")")
              .append(", offset ").append(s.masterReplOffset()).append('\n');
        }
        return sb.toString();
    }

    private String start(boolean replica) {
        if (replica && main.port() == 0) return "This engine does not listen on a port, so no replica can connect to it.\n";
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        } catch (java.io.IOException e) {
            return "No free port: " + e.getMessage() + "\n";
        }
        String dir;
        try {
            dir = java.nio.file.Files.createTempDirectory("glassbox-node").toString();
        } catch (java.io.IOException e) {
            return "No temp dir: " + e.getMessage() + "\n";
        }
        Engine e;
        try {
            e = Engine.start("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--dir", dir);
        } catch (RuntimeException | Engine.BindException ex) {
            return "Could not start a node: " + ex.getMessage() + "\n";
        }
        engines.add(e);
        LocalClient c = e.newClient();
        clients.add(c);
        String out = "node " + engines.size() + " started on port " + e.port();
        if (replica) {
            c.call("REPLICAOF", "127.0.0.1", Integer.toString(main.port()));
            out += ", replica of this engine (127.0.0.1:" + main.port() + ")";
        }
        return out + "\n";
    }

    /**
     * Waits until every node that replicates this engine has its link up, this engine counts it
     * among its replicas, and both sides are at this engine's offset; false after {@code millis}.
     */
    boolean awaitInSync(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (inSync()) return true;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private boolean inSync() {
        io.glassbox.replication.Replication.Snapshot m = main.hooks().replicationSnapshot().join();
        int ours = 0;
        for (Engine e : engines) {
            io.glassbox.replication.Replication.Snapshot s = e.hooks().replicationSnapshot().join();
            if (s.masterHost() == null || s.masterPort() != main.port()) continue;
            ours++;
            if (!s.state().equals("connected") || s.masterReplOffset() != m.masterReplOffset()) return false;
        }
        if (m.replicas().size() != ours) return false;
        for (io.glassbox.replication.Replication.ReplicaView r : m.replicas()) {
            if (r.ackOffset() != m.masterReplOffset()) return false;
        }
        return true;
    }

    void closeAll() {
        for (LocalClient c : clients) c.close();
        for (Engine e : engines) e.close();
        clients.clear();
        engines.clear();
    }
}
