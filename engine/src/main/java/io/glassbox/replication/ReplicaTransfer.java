package io.glassbox.replication;

import io.glassbox.db.Keyspace;
import io.glassbox.persistence.aof.AppendOnlyFile;
import io.glassbox.persistence.rdb.RdbFile;
import io.glassbox.persistence.rdb.RdbLoadException;
import io.glassbox.persistence.rdb.RioInput;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The RDB of a full resync, on the replica (replication.c's {@code readSyncBulkPayload}, with
 * {@code disklessLoadInitTempDb} / {@code disklessLoadDiscardTempDb} for {@code swapdb}, and
 * {@code restartAOFAfterSYNC}): after {@code +FULLRESYNC replid offset} the master sends either
 * {@code $len\r\n} and that many bytes, or {@code $EOF:<40 bytes>\r\n}, the bytes, and the same 40
 * bytes again. Once all of it is here it is loaded as {@code repl-diskless-load} says, and this
 * node's history becomes the master's at that offset.
 */
final class ReplicaTransfer {
    private final Replication r;
    private final Replication.Host host;
    private final ReplicaLink link;

    /** What +FULLRESYNC announced: the master's history and the offset the RDB is the dataset of. */
    private String masterReplid;
    private long masterInitialOffset;
    /** The announced length, or -1 until known (or in the EOF-mark form). */
    private long size = -1;
    private byte[] eofMark;
    /** The bytes read so far; null when no transfer is under way. */
    private ByteArrayOutputStream buffer;

    ReplicaTransfer(Replication r, ReplicaLink link) {
        this.r = r;
        this.host = r.host;
        this.link = link;
    }

    /** +FULLRESYNC: a transfer starts (the payload's header has not been read yet). */
    void begin(String masterReplid, long masterInitialOffset) {
        this.masterReplid = masterReplid;
        this.masterInitialOffset = masterInitialOffset;
        buffer = new ByteArrayOutputStream();
        size = -1;
        eofMark = null;
    }

    /** The handshake was cancelled: forget what was read. */
    void reset() { buffer = null; }

    /** master_sync_total_bytes: the announced length, -1 if unknown. */
    long totalBytes() { return size; }

    /** master_sync_read_bytes. */
    long readBytes() { return buffer == null ? 0 : buffer.size(); }

    /**
     * Reads the RDB from the link's inbox: "$len\r\n" + bytes, or "$EOF:<40 bytes>\r\n" + bytes + the
     * 40 bytes. False while more bytes are needed (or after an error, which cancelled the handshake).
     */
    boolean read() {
        if (size < 0 && eofMark == null) {
            String line = link.takeLine();
            if (line == null) return false;
            if (line.isEmpty()) return true; // keepalive newline
            if (!line.startsWith("$")) {
                link.handshakeError("Bad protocol from MASTER, the first byte is not '$' (we received '" + line + "'), are you sure the host and port are right?");
                return false;
            }
            if (line.startsWith("$EOF:")) {
                eofMark = line.substring(5).getBytes(StandardCharsets.US_ASCII);
                host.log("notice", "MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to disk");
            } else {
                size = Long.parseLong(line.substring(1));
                host.log("notice", "MASTER <-> REPLICA sync: receiving " + size + " bytes from master to disk");
            }
        }
        ByteArrayOutputStream inbox = link.inbox;
        byte[] all = inbox.toByteArray();
        inbox.reset();
        if (eofMark == null) {
            long need = size - buffer.size();
            int take = (int) Math.min(need, all.length);
            buffer.write(all, 0, take);
            inbox.write(all, take, all.length - take);
            if (buffer.size() < size) return false;
            load(buffer.toByteArray(), (int) size);
        } else {
            // the mark ends the RDB; stream bytes may follow it in the same read
            int searchFrom = Math.max(0, buffer.size() - eofMark.length);
            buffer.write(all, 0, all.length);
            byte[] got = buffer.toByteArray();
            int m = eofMark.length;
            int at = -1;
            for (int i = searchFrom; i + m <= got.length && at < 0; i++) {
                if (Arrays.equals(got, i, i + m, eofMark, 0, m)) at = i;
            }
            if (at < 0) return false;
            inbox.write(got, at + m, got.length - at - m);
            load(got, at);
        }
        return true;
    }

    /**
     * readSyncBulkPayload's second half: the whole RDB has arrived (Glassbox buffers it in memory
     * whatever the mode); {@code repl-diskless-load} says what happens to it and to the old data.
     * {@code disabled} (the default): it is first written to this node's own RDB file (a temp file
     * renamed to {@code dbfilename}, as Redis does), then the old data is flushed and it is loaded:
     * a file that fails to load leaves the replica empty. {@code on-empty-db}: the same unless the
     * dataset is empty, then straight from memory. {@code swapdb}: loaded into a keyspace off to the
     * side while the old data stays; only a complete load replaces it, a failed one keeps it.
     */
    private void load(byte[] rdb, int len) {
        String mode = r.settings.disklessLoad.getValueString();
        Keyspace keyspace = host.keyspace();
        boolean diskless = "swapdb".equals(mode) || ("on-empty-db".equals(mode) && keyspace.totalKeys() == 0);
        if (!diskless) {
            try {
                saveToDisk(rdb, len);
            } catch (IOException e) {
                link.handshakeError("Failed trying to rename the temp DB into " + r.settings.dbfilename.getValueString()
                        + " in MASTER <-> REPLICA synchronization: " + e.getMessage());
                return;
            }
        }
        Keyspace target = keyspace;
        if ("swapdb".equals(mode)) {
            target = new Keyspace(keyspace.databases(), keyspace.clock());
        } else {
            host.log("notice", "MASTER <-> REPLICA sync: Flushing old data");
            // replica-lazy-flush: the old data goes to the lazy-free thread (readSyncBulkPayload's EMPTYDB_ASYNC)
            keyspace.emptyData(-1, r.settings.replicaLazyFlush.get());
        }
        host.setLoading(true);
        try {
            host.log("notice", "MASTER <-> REPLICA sync: Loading DB in memory");
            RdbFile.loadRio(new RioInput(rdb, len), target, r.rdb.loadOptions(false));
        } catch (IOException | RdbLoadException e) {
            host.setLoading(false);
            if (target != keyspace) {
                host.log("warning", "MASTER <-> REPLICA sync: Discarding the half-loaded data, the old dataset stays");
            }
            link.handshakeError("Failed trying to load the MASTER synchronization DB from " + (diskless ? "socket: " : "disk: ")
                    + e.getMessage());
            return;
        } finally {
            host.setLoading(false);
        }
        if (target != keyspace) {
            host.log("notice", "MASTER <-> REPLICA sync: Swapping the loaded data in for the old");
            keyspace.swapAllWith(target);
        }
        buffer = null;
        ReplicationIds ids = r.ids;
        ids.replid = masterReplid;
        ids.masterReplOffset = masterInitialOffset;
        ids.clearReplicationId2();
        ids.freeBacklog();
        ids.createBacklog();
        host.log("notice", "MASTER <-> REPLICA sync: Finished with success");
        link.becomeConnected(masterInitialOffset);
        // the AOF must start again from this dataset (restartAOFAfterSYNC)
        if (r.aof.state() != AppendOnlyFile.State.OFF) r.aof.rewriteBackground();
    }

    /** repl-diskless-load disabled: the transfer becomes this node's RDB file (temp file, fsync, rename). */
    private void saveToDisk(byte[] rdb, int len) throws IOException {
        Path dir = Path.of(host.dir());
        Path tmp = dir.resolve("temp-" + ProcessHandle.current().pid() + "." + host.nowMillis() + ".rdb");
        host.log("notice", "MASTER <-> REPLICA sync: receiving " + len + " bytes from master to disk");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(rdb, 0, len);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(r.settings.dbfilename.getValueString()),
                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
