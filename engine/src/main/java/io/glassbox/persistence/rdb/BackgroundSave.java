package io.glassbox.persistence.rdb;

import io.glassbox.db.Keyspace;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictResizePolicy;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * BGSAVE without fork: a point-in-time snapshot taken by the command thread in small slices while
 * it keeps serving clients, written to disk by a background thread. See {@code docs/persistence.md}.
 *
 * <p>Redis forks: the child sees the memory as it was at the fork, and the kernel copies a page
 * only when the parent writes to it. Java cannot fork, and Glassbox's keyspace has no locks (one
 * thread owns it), so here the copy-on-write is per key and the "child" is the command thread itself:
 * <ol>
 *   <li><b>Start</b> (O(databases)): remember each database's dicts, pause their rehashing and
 *       avoid resizes (as Redis does while a child exists, except past load factor 5), and start a
 *       new snapshot epoch of the keyspace. Every {@link RedisObject} stored in a key from now on is
 *       marked with the epoch ({@link RedisObject#savedIn}), so it is not part of the snapshot.</li>
 *   <li><b>Walk</b>: a task on the command thread scans the remembered dicts for about 1 ms at a
 *       time ({@link #SLICE_NANOS}) and encodes every value not yet marked, then marks it; then it
 *       yields to the loop and is scheduled again.</li>
 *   <li><b>Copy on write</b>: before a write command runs, each of its keys whose value is not yet
 *       marked is encoded first ({@link #beforeWrite}). So a value is always saved as it was
 *       when BGSAVE started: by the walker if nobody touched it, by the write otherwise.</li>
 *   <li><b>Disk</b>: the encoded bytes go in 64 KB chunks through a queue to a writer thread,
 *       which computes the CRC64, writes the temp file, fsyncs and renames it. The command thread
 *       never waits on the disk.</li>
 * </ol>
 * Records of one database may be interleaved with another's (a write to db 3 while the walker is
 * in db 0): a SELECTDB is emitted whenever the database changes, which the format allows.
 */
public final class BackgroundSave {
    /**
     * Runs the walk's next slice on the command thread: after {@code delayMicros} on a timer (what
     * rdb-key-save-delay owes), or with 0 as soon as the loop has looked at its sockets.
     */
    @FunctionalInterface
    public interface SliceScheduler {
        void schedule(Runnable slice, long delayMicros);
    }

    /** Work per slice of the walk before yielding to the loop. */
    static final long SLICE_NANOS = 1_000_000;

    private static final byte[] END = new byte[0];

    private final Keyspace keyspace;
    private final Dict<byte[], RedisObject>[] dicts;
    private final Dict<byte[], Long>[] expires;
    private final DictResizePolicy.Mode[] savedModes;
    private final Dict<?, ?>[] paused;
    private final byte epoch;
    private final RdbWriter writer;
    private final ChunkOutput chunks;
    private final Thread diskThread;
    private final Path target;
    private final Path tmp;
    private final boolean checksum;
    private final LongSupplier nanoClock;

    private int walkDb;
    private long walkCursor;
    private boolean walkStarted;
    private int lastDbWritten = -1;
    private boolean walkDone;
    private final long keysTotal;
    private long keysProcessed;
    /** The longest slice of command-thread work so far, in ns (for INFO and the measurement). */
    private long longestSliceNanos;
    /** The same in CPU time of the command thread: what the walk costs, without the OS's descheduling. */
    private long longestSliceCpuNanos;
    private long slices;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** rdb-key-save-delay for this job; the wait owed by the walk so far, in microseconds. */
    private final long keySaveDelay;
    private long owedMicros;
    private final java.util.SplittableRandom delayDice = new java.util.SplittableRandom();

    private volatile String error;
    private volatile boolean finished;
    private final AtomicLong bytesWritten = new AtomicLong();

    public BackgroundSave(Keyspace ks, Path target, RdbFile.SaveOptions opts, long nowMs, LongSupplier nanoClock) throws IOException {
        this(ks, target, RdbFile.tempFile(target), opts, nowMs, nanoClock, false, 0);
    }

    /**
     * A snapshot of {@code ks} written to {@code tmp} (null: a name of this process's), then renamed to {@code target}.
     * {@code aofPreamble}: the file is an AOF base (AUX aof-base 1), as the AOF rewrite writes it.
     * {@code keySaveDelay}: rdb-key-save-delay as it was when the job started (the forked child's
     * copy of the setting): microseconds to wait after each key, or, negative, a one-microsecond
     * wait after one key in -N on average (debugDelay); the suite uses it to keep a job running.
     */
    @SuppressWarnings("unchecked")
    public BackgroundSave(Keyspace ks, Path target, Path tmp, RdbFile.SaveOptions opts, long nowMs, LongSupplier nanoClock,
                          boolean aofPreamble, long keySaveDelay) throws IOException {
        this.keyspace = ks;
        this.target = target;
        this.tmp = tmp != null ? tmp : RdbFile.tempFile(target);
        this.keySaveDelay = keySaveDelay;
        this.checksum = opts.checksum();
        this.nanoClock = nanoClock;
        // the file first: if it cannot be created, nothing has been frozen yet
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        int n = ks.databases();
        dicts = new Dict[n];
        expires = new Dict[n];
        savedModes = new DictResizePolicy.Mode[2 * n];
        paused = new Dict[2 * n];
        long total = 0;
        for (int j = 0; j < n; j++) {
            RedisDb db = ks.db(j);
            dicts[j] = db.dict();
            expires[j] = db.expires();
            total += db.size();
            freeze(2 * j, dicts[j]);
            freeze(2 * j + 1, expires[j]);
        }
        keysTotal = total;
        epoch = ks.beginSnapshotEpoch();
        // writes outside a command (a blocked BLMOVE served later, an expiry) save old values too
        writeHook = this::beforeWrite;
        ks.setBeforeWriteHook(writeHook);
        chunks = new ChunkOutput();
        writer = new RdbWriter(new RioOutput(chunks, false), opts.compression());
        RdbFile.writeHeader(writer, aofPreamble, nowMs / 1000, RdbFile.usedMemory(), opts.replication());
        RdbFile.writeFunctions(writer, ks); // the libraries as they are now: part of the snapshot
        diskThread = new Thread(() -> writeToDisk(ch), "glassbox-bgsave");
        diskThread.setDaemon(true);
        diskThread.start();
    }

    /** Pauses rehashing (entries never move between buckets while the walk runs) and avoids resizes. */
    private void freeze(int slot, Dict<?, ?> d) {
        d.pauseRehashing();
        paused[slot] = d;
        savedModes[slot] = d.resizePolicy().mode();
        d.resizePolicy().avoid();
    }

    private final Keyspace.WriteHook writeHook;

    private void unfreeze() {
        if (keyspace.beforeWriteHook() == writeHook) keyspace.setBeforeWriteHook(null);
        for (int i = 0; i < paused.length; i++) {
            if (paused[i] == null) continue;
            if (paused[i].pauseRehash() > 0) paused[i].resumeRehashing();
            if (savedModes[i] == DictResizePolicy.Mode.ENABLE) paused[i].resizePolicy().enable();
            paused[i] = null;
        }
    }

    public long keysTotal() { return keysTotal; }

    public long keysProcessed() { return keysProcessed; }

    public long longestSliceNanos() { return longestSliceNanos; }

    public long longestSliceCpuNanos() { return longestSliceCpuNanos; }

    public long slices() { return slices; }

    public boolean walkDone() { return walkDone; }

    /** True once the writer thread has finished (successfully or not). */
    public boolean finished() { return finished; }

    /** Null on success, else why the save failed. */
    public String error() { return error; }

    public long bytesWritten() { return bytesWritten.get(); }

    /**
     * One slice of the walk, on the command thread: about {@link #SLICE_NANOS} of encoding. Returns
     * true when the walk is complete (the footer is queued).
     */
    public boolean walkSlice() {
        if (walkDone) return true;
        long start = nanoClock.getAsLong();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        slices++;
        try {
            while (walkDb < dicts.length) {
                Dict<byte[], RedisObject> d = dicts[walkDb];
                if (!walkStarted) {
                    walkStarted = true;
                    walkCursor = 0;
                    if (d.size() == 0) { nextDb(); continue; }
                }
                final int dbIndex = walkDb;
                long before = keysProcessed;
                walkCursor = d.scan(walkCursor, de -> saveIfUnsaved(dbIndex, de.getKey(), de.getVal()));
                if (walkCursor == 0) nextDb();
                if (keySaveDelay != 0) oweDelay(keysProcessed - before);
                if (owedMicros >= MIN_WAIT_MICROS || nanoClock.getAsLong() - start >= SLICE_NANOS) return false;
            }
            RdbFile.writeFooterWithoutChecksum(writer);
            writer.rio().flush();
            chunks.finish();
            walkDone = true;
            unfreeze();
            return true;
        } catch (IOException | java.io.UncheckedIOException e) {
            abort("encoding failed: " + e.getMessage());
            return true;
        } finally {
            longestSliceNanos = Math.max(longestSliceNanos, nanoClock.getAsLong() - start);
            longestSliceCpuNanos = Math.max(longestSliceCpuNanos, THREADS.getCurrentThreadCpuTime() - cpuStart);
        }
    }

    /** The shortest wait the walk takes for rdb-key-save-delay: shorter ones add up first. */
    static final long MIN_WAIT_MICROS = 1000;

    /** rdbSaveDb's debugDelay after each of {@code keys} keys, owed rather than slept. */
    private void oweDelay(long keys) {
        if (keySaveDelay > 0) {
            owedMicros += keys * keySaveDelay;
        } else {
            for (long i = 0; i < keys; i++) if (delayDice.nextLong(-keySaveDelay) == 0) owedMicros++;
        }
    }

    /**
     * The wait the walk owes for rdb-key-save-delay before its next slice, in microseconds (0:
     * go on at once); taking it clears it. The scheduler waits it on a timer, so the command thread
     * serves clients meanwhile, where Redis's child would sleep.
     */
    public long takeDelayMicros() {
        if (owedMicros < MIN_WAIT_MICROS) return 0;
        long d = owedMicros;
        owedMicros = 0;
        return d;
    }

    private void nextDb() {
        walkDb++;
        walkStarted = false;
    }

    /**
     * The copy on write: called before a write command touches {@code key} in {@code db}. If the
     * key's value belongs to the snapshot and is not saved yet, it is encoded now, as it still is.
     */
    public void beforeWrite(RedisDb db, byte[] key) {
        if (walkDone) return;
        Dict<byte[], RedisObject> current = db.dict();
        for (int j = 0; j < dicts.length; j++) {
            if (dicts[j] != current) continue; // SWAPDB moves dicts between numbers: follow the dict
            RedisObject o = current.fetchValue(key);
            if (o != null) {
                try {
                    saveIfUnsaved(j, key, o);
                } catch (java.io.UncheckedIOException e) {
                    abort("encoding failed: " + e.getMessage());
                }
            }
            return;
        }
    }

    private void saveIfUnsaved(int dbIndex, byte[] key, RedisObject o) {
        if (o.savedIn == epoch) return;
        o.savedIn = epoch;
        try {
            if (dbIndex != lastDbWritten) {
                RdbFile.writeDbHeader(writer, dbIndex, dicts[dbIndex].size(), expires[dbIndex].size());
                lastDbWritten = dbIndex;
            }
            Long when = expires[dbIndex].size() == 0 ? null : expires[dbIndex].fetchValue(key);
            writer.saveKeyValuePair(key, o, when == null ? -1 : when, -1, -1);
            keysProcessed++;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Stops the save: the temp file is removed, the dicts resume. */
    public void abort(String why) {
        if (error == null) error = why;
        walkDone = true;
        unfreeze();
        chunks.cancel();
        // rdbRemoveTempFile, now (the writer thread would too, but a SHUTDOWN may not wait for it)
        try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* the writer thread tries again */ }
    }

    // ---------------------------------------------------------------- the disk side

    /** Hands 64 KB chunks from the command thread to the writer thread. */
    private static final class ChunkOutput extends OutputStream {
        final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
        volatile boolean cancelled;

        @Override public void write(int b) { write(new byte[]{(byte) b}, 0, 1); }

        @Override public void write(byte[] b, int off, int len) {
            if (len > 0) queue.add(Arrays.copyOfRange(b, off, off + len));
        }

        void finish() { queue.add(END); }

        void cancel() { cancelled = true; queue.add(END); }
    }

    private void writeToDisk(FileChannel ch) {
        long crc = 0;
        try (ch; OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
            while (true) {
                byte[] chunk = chunks.queue.take();
                if (chunk == END) break;
                if (checksum) crc = Crc64.update(crc, chunk, 0, chunk.length);
                os.write(chunk);
                bytesWritten.addAndGet(chunk.length);
            }
            if (chunks.cancelled) throw new IOException(error == null ? "cancelled" : error);
            byte[] trailer = new byte[8];
            for (int i = 0; i < 8; i++) trailer[i] = (byte) (crc >>> (8 * i));
            os.write(trailer);
            os.flush();
            ch.force(true);
            RdbFile.commit(tmp, target);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (error == null) error = e.getMessage() == null ? e.toString() : e.getMessage();
            try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* best effort */ }
        } finally {
            finished = true;
        }
    }
}
