package io.glassbox.cluster;

import io.glassbox.resp.SplitArgs;
import io.glassbox.util.HashSlot;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * nodes.conf (cluster-config-file), written and read as Redis does: the file is CLUSTER NODES's
 * text (minus nodes in handshake) plus a "vars currentEpoch N lastVoteEpoch M" line
 * (clusterSaveConfig), rewritten in place with one write and padded with newlines when the old file
 * was longer, so that a crash leaves the old file or the new one; clusterLoadConfig reads it back
 * line by line ("ip:port@cport[,hostname]", the flags, the master, the ping/pong times, the config
 * epoch, the link state, slots and ranges, "[slot->-node]" and "[slot-<-node]"). A malformed file
 * stops the node ("Unrecoverable error: corrupted cluster config file."), as in Redis. The file is
 * locked while the node runs (clusterLockConfig), so two nodes cannot share it.
 */
final class NodesConfig {
    private final Cluster cl;
    private final String fileName;
    private Path path;
    private FileChannel lockChannel;
    private FileLock lock;

    NodesConfig(Cluster cluster, String fileName) {
        this.cl = cluster;
        this.fileName = fileName;
    }

    /** The directory nodes.conf lives in (Redis's working directory, the {@code dir} setting). */
    void setDirectory(Path dir) { this.path = dir.resolve(fileName); }

    Path path() { return path == null ? Path.of(fileName) : path; }

    /** Thrown for a config file the node cannot start with; the message is Redis's log line. */
    static final class CorruptConfig extends IOException {
        CorruptConfig(String message) { super(message); }
    }

    /** clusterLockConfig: hold a lock on the file while the node lives. */
    void lock() throws IOException {
        Path p = path();
        lockChannel = FileChannel.open(p, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new CorruptConfig("Sorry, the cluster configuration file " + fileName + " is already used by a different "
                    + "Redis Cluster node. Please make sure that different nodes use different cluster configuration files.");
        }
    }

    void unlock() {
        try {
            if (lock != null) lock.release();
            if (lockChannel != null) lockChannel.close();
        } catch (IOException ignored) {
            // closing at shutdown: nothing left to protect
        }
    }

    /**
     * clusterLoadConfig: true if a configuration was loaded, false if there is none (no file, or an
     * empty one: the caller creates myself and saves).
     */
    boolean load() throws IOException {
        Path p = path();
        if (!Files.exists(p)) return false;
        byte[] content = Files.readAllBytes(p);
        if (content.length == 0) return false;
        for (String line : new String(content, StandardCharsets.ISO_8859_1).split("\n", -1)) {
            if (line.isEmpty()) continue;
            List<byte[]> raw = SplitArgs.split(line.getBytes(StandardCharsets.ISO_8859_1));
            if (raw == null) throw corrupted();
            List<String> argv = new ArrayList<>();
            for (byte[] a : raw) argv.add(new String(a, StandardCharsets.ISO_8859_1));
            if (argv.isEmpty()) continue;
            if (argv.get(0).equalsIgnoreCase("vars")) {
                if (argv.size() % 2 == 0) throw corrupted();
                for (int j = 1; j < argv.size(); j += 2) {
                    if (argv.get(j).equalsIgnoreCase("currentEpoch")) cl.currentEpoch = parseUnsigned(argv.get(j + 1));
                    else if (argv.get(j).equalsIgnoreCase("lastVoteEpoch")) cl.lastVoteEpoch = parseUnsigned(argv.get(j + 1));
                    else cl.host.log("warning", "Skipping unknown cluster config variable '" + argv.get(j) + "'");
                }
                continue;
            }
            if (argv.size() < 8) throw corrupted();
            if (!Cluster.verifyNodeId(argv.get(0))) throw corrupted();
            ClusterNode n = cl.lookupNode(argv.get(0));
            if (n == null) {
                n = cl.createNode(argv.get(0), 0);
                cl.addNode(n);
            }
            String addr = argv.get(1);
            int comma = addr.indexOf(',');
            if (comma >= 0) {
                n.hostname = addr.substring(comma + 1);
                addr = addr.substring(0, comma);
            } else {
                n.hostname = "";
            }
            int colon = addr.lastIndexOf(':');
            if (colon < 0) throw corrupted();
            n.ip = addr.substring(0, colon);
            String port = addr.substring(colon + 1);
            int at = port.indexOf('@');
            n.port = atoi(at >= 0 ? port.substring(0, at) : port);
            n.cport = at >= 0 ? atoi(port.substring(at + 1)) : n.port + Cluster.PORT_INCR;
            for (String f : argv.get(2).split(",", -1)) {
                switch (f.toLowerCase(java.util.Locale.ROOT)) {
                    case "myself" -> {
                        if (cl.myself != null) throw corrupted();
                        cl.myself = n;
                        n.flags |= ClusterNode.MYSELF;
                    }
                    case "master" -> n.flags |= ClusterNode.MASTER;
                    case "slave" -> n.flags |= ClusterNode.SLAVE;
                    case "fail?" -> n.flags |= ClusterNode.PFAIL;
                    case "fail" -> { n.flags |= ClusterNode.FAIL; n.failTime = cl.host.now(); }
                    case "handshake" -> n.flags |= ClusterNode.HANDSHAKE;
                    case "noaddr" -> n.flags |= ClusterNode.NOADDR;
                    case "nofailover" -> n.flags |= ClusterNode.NOFAILOVER;
                    case "noflags" -> { }
                    default -> throw new CorruptConfig("Unknown flag in redis cluster config file"); // serverPanic
                }
            }
            if (argv.get(3).charAt(0) != '-') {
                if (!Cluster.verifyNodeId(argv.get(3))) throw corrupted();
                ClusterNode master = cl.lookupNode(argv.get(3));
                if (master == null) {
                    master = cl.createNode(argv.get(3), 0);
                    cl.addNode(master);
                }
                n.slaveof = master;
                master.addSlave(n);
            }
            if (atoi(argv.get(4)) != 0) n.pingSent = cl.host.now();
            if (atoi(argv.get(5)) != 0) n.pongReceived = cl.host.now();
            n.configEpoch = n.isSlave() && n.slaveof != null ? 0 : parseUnsigned(argv.get(6));
            for (int j = 8; j < argv.size(); j++) {
                String a = argv.get(j);
                if (a.startsWith("[")) {
                    int dash = a.indexOf('-');
                    if (dash < 0 || dash + 3 > a.length()) throw corrupted();
                    char direction = a.charAt(dash + 1);
                    int slot = atoi(a.substring(1, dash));
                    if (slot < 0 || slot >= HashSlot.SLOTS) throw corrupted();
                    int close = a.indexOf(']', dash + 3);
                    if (close < 0 || !Cluster.verifyNodeId(a.substring(dash + 3, close))) throw corrupted();
                    String other = a.substring(dash + 3, close);
                    ClusterNode cn = cl.lookupNode(other);
                    if (cn == null) {
                        cn = cl.createNode(other, 0);
                        cl.addNode(cn);
                    }
                    if (direction == '>') cl.migratingSlotsTo[slot] = cn;
                    else cl.importingSlotsFrom[slot] = cn;
                    continue;
                }
                int start, stop;
                int dash = a.indexOf('-');
                if (dash >= 0) {
                    start = atoi(a.substring(0, dash));
                    stop = atoi(a.substring(dash + 1));
                } else {
                    start = stop = atoi(a);
                }
                if (start < 0 || start >= HashSlot.SLOTS || stop < 0 || stop >= HashSlot.SLOTS) throw corrupted();
                while (start <= stop) cl.addSlot(n, start++);
            }
        }
        if (cl.myself == null) throw corrupted();
        cl.host.log("notice", "Node configuration loaded, I'm " + cl.myself.name);
        if (cl.maxEpoch() > cl.currentEpoch) cl.currentEpoch = cl.maxEpoch();
        return true;
    }

    private static CorruptConfig corrupted() { return new CorruptConfig("Unrecoverable error: corrupted cluster config file."); }

    /** atoi: the leading digits (with a sign), 0 if none. */
    static int atoi(String s) {
        int i = 0, sign = 1;
        long v = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) { if (s.charAt(i) == '-') sign = -1; i++; }
        while (i < s.length() && Character.isDigit(s.charAt(i)) && v < Integer.MAX_VALUE) v = v * 10 + (s.charAt(i++) - '0');
        return (int) (sign * Math.min(v, Integer.MAX_VALUE));
    }

    /** strtoull: the leading digits, 0 if none. */
    static long parseUnsigned(String s) {
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        if (i == 0) return 0;
        try {
            return Long.parseUnsignedLong(s.substring(0, i));
        } catch (NumberFormatException e) {
            return -1; // ULLONG_MAX, as strtoull on overflow
        }
    }

    /** clusterSaveConfig: false if the file could not be written. */
    boolean save(boolean fsync) {
        cl.todoBeforeSleep &= ~Cluster.TODO_SAVE_CONFIG;
        String content = describeNodes(ClusterNode.HANDSHAKE) + "vars currentEpoch " + Long.toUnsignedString(cl.currentEpoch)
                + " lastVoteEpoch " + Long.toUnsignedString(cl.lastVoteEpoch) + "\n";
        byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);
        try (RandomAccessFile f = new RandomAccessFile(path().toFile(), "rw")) {
            long old = f.length();
            byte[] out = bytes;
            if (old > bytes.length) {
                out = java.util.Arrays.copyOf(bytes, (int) old);
                java.util.Arrays.fill(out, bytes.length, out.length, (byte) '\n');
            }
            f.seek(0);
            f.write(out);
            if (fsync) {
                cl.todoBeforeSleep &= ~Cluster.TODO_FSYNC_CONFIG;
                f.getFD().sync();
            }
            if (out.length != bytes.length) f.setLength(bytes.length);
            return true;
        } catch (IOException e) {
            lastError = e.getMessage();
            return false;
        }
    }

    String lastError;

    /** clusterSaveConfigOrDie: a node that cannot record its configuration must not go on. */
    void saveOrDie(boolean fsync) {
        if (!save(fsync)) {
            cl.host.log("warning", "Fatal: can't update cluster config file.");
            throw new IllegalStateException("Fatal: can't update cluster config file.");
        }
    }

    /**
     * clusterGenNodesDescription: one line per node not matching {@code filter}, as CLUSTER NODES
     * and nodes.conf show it.
     */
    String describeNodes(int filter) {
        StringBuilder sb = new StringBuilder();
        for (ClusterNode n : cl.nodes.values()) {
            if ((n.flags & filter) != 0) continue;
            describeNode(sb, n);
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * clusterGenNodeDescription: "name ip:port@cport[,hostname] flags master ping-sent pong-recv
     * config-epoch link-state slot-ranges..." and, for myself, the slots migrating "[slot->-node]"
     * and importing "[slot-<-node]".
     */
    void describeNode(StringBuilder sb, ClusterNode n) {
        sb.append(n.name).append(' ').append(n.ip).append(':').append(n.port).append('@').append(n.cport);
        if (!n.hostname.isEmpty()) sb.append(',').append(n.hostname);
        sb.append(' ').append(ClusterNode.flagsString(n.flags)).append(' ');
        sb.append(n.slaveof != null ? n.slaveof.name : "-");
        long epoch = n.isSlave() && n.slaveof != null ? n.slaveof.configEpoch : n.configEpoch;
        sb.append(' ').append(n.pingSent).append(' ').append(n.pongReceived).append(' ').append(Long.toUnsignedString(epoch))
          .append(' ').append(n.link != null || (n.flags & ClusterNode.MYSELF) != 0 ? "connected" : "disconnected");
        if (n.numslots > 0) {
            // the ranges come from the owners table (clusterGenNodesSlotsInfo), as Redis 7.0 does
            int start = -1;
            for (int j = 0; j <= HashSlot.SLOTS; j++) {
                boolean mine = j < HashSlot.SLOTS && cl.slots[j] == n;
                if (mine && start == -1) start = j;
                if (!mine && start != -1) {
                    if (start == j - 1) sb.append(' ').append(start);
                    else sb.append(' ').append(start).append('-').append(j - 1);
                    start = -1;
                }
            }
        }
        if ((n.flags & ClusterNode.MYSELF) != 0) {
            for (int j = 0; j < HashSlot.SLOTS; j++) {
                if (cl.migratingSlotsTo[j] != null) sb.append(" [").append(j).append("->-").append(cl.migratingSlotsTo[j].name).append(']');
                else if (cl.importingSlotsFrom[j] != null) sb.append(" [").append(j).append("-<-").append(cl.importingSlotsFrom[j].name).append(']');
            }
        }
    }
}
