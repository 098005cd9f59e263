package io.glassbox.persistence.aof;

import io.glassbox.config.ConfigRegistry;
import io.glassbox.config.ConfigValueException;
import io.glassbox.db.Keyspace;
import io.glassbox.server.ChildProcess;
import io.glassbox.server.Client;
import io.glassbox.server.Propagation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The append-only file: Redis 7.0's {@code aof.c}. Every write command the server propagates is
 * appended, in the protocol's own format, to the current incremental file of a multi-part AOF
 * (see {@link AofManifest}); replaying base + incr files at start-up rebuilds the dataset.
 *
 * <p><b>The write path.</b> {@link #feed} (a {@link Propagation.Target}) only appends to an
 * in-memory buffer ({@code aof_buf}), with a SELECT when the database changes. The buffer reaches
 * the file in {@link #flushAppendOnlyFile}, which the server calls in {@code beforeSleep}
 * <em>before</em> it writes any client's reply. That ordering is the whole guarantee of
 * {@code appendfsync always}: the write and its fsync happen on the command thread before the
 * reply leaves, so an acknowledged write is on disk. With {@code everysec} the write happens there
 * too, but the fsync is handed to a background thread at most once a second, so a crash loses about
 * one second; with {@code no} the kernel decides.
 *
 * <p><b>Rewriting without fork.</b> Redis forks: the child writes the new base from a copy-on-write
 * image of memory while the parent keeps serving. Since 7.0 the parent's part is simple: when the
 * rewrite starts it opens a new incr file and writes there from then on; when the child is done,
 * the new base plus the incr files opened since are the AOF, and the manifest is swapped. Glassbox
 * does the same file dance; the point-in-time image is taken by serialising the dataset on the
 * command thread into memory (the only stall, proportional to the dataset), and the disk writing
 * and fsync of the base run on a background thread. The cron notices the end
 * ({@code backgroundRewriteDoneHandler}) and swaps the manifest on the command thread.
 */
public final class AppendOnlyFile implements Propagation.Target {
    public enum State { OFF, ON, WAIT_REWRITE }

    private static final int FSYNC_NO = 0, FSYNC_ALWAYS = 1, FSYNC_EVERYSEC = 2;

    /**
     * What the AOF needs from the server, and nothing more: the rest of {@code server} stays out of
     * this package (the engine answers it for one engine's server).
     */
    public interface Host {
        /** The settings; read once, at construction, for the holders CONFIG SET updates in place. */
        ConfigRegistry config();

        /** The command clock ({@code server.mstime}): fsync times, the "#TS:" annotations, rewrite durations. */
        long nowMillis();

        /** serverLog: {@code level} is "debug", "verbose", "notice" or "warning". */
        void log(String level, String msg);

        /** The dataset: replayed into at load, flushed by DEBUG LOADAOF, walked by a rewrite. */
        Keyspace keyspace();

        /** The {@code dir} of the data files: the AOF directory ({@code appenddirname}) is inside it. */
        String dir();

        /** createAOFClient: the fake client a loaded file's commands run on (no connection, no reply). */
        Client createAOFClient();

        /**
         * The loading half of processCommand and call() (loadSingleAppendOnlyFile): run one command
         * read from the file on {@code fake}; null if it ran, else why not (an unknown command, a
         * wrong number of arguments).
         */
        String executeLoadedCommand(Client fake, List<byte[]> argv);

        /** feedAppendOnlyFile joins propagation's feed: from now on {@code t} receives every propagated write. */
        void addPropagationTarget(Propagation.Target t);

        /** stopAppendOnly: the AOF leaves propagation's feed. */
        void removePropagationTarget(Propagation.Target t);

        /** While a file is loaded ({@code server.loading}), nothing the loaded commands do is propagated. */
        void setLoading(boolean loading);

        /** latency-monitor-threshold is set: only then is a write or an fsync timed (latencyStartMonitor). */
        default boolean latencyMonitorEnabled() { return false; }

        /** latencyAddSampleIfNeeded: the latency monitor records {@code ms} under {@code event} if it is slow enough. */
        default void latencyAddSampleIfNeeded(String event, long ms) {}
    }

    private final Host host;
    private final AofSettings settings;
    private State state = State.OFF;
    private AofManifest manifest;
    private FileChannel fd;
    private final AofEncoding.Buf buf = new AofEncoding.Buf();
    /** The last "#TS:" annotation written (aof_cur_timestamp), with aof-timestamp-enabled. */
    private long lastTimestamp;
    /** The database the file's stream last selected (aof_selected_db); -1 forces a SELECT. */
    private int selectedDb = -1;
    private long lastFsyncMillis;
    private long currentSize, baseSize, lastIncrSize;
    private boolean lastWriteOk = true;
    /** Why the last write failed (strerror(aof_last_write_errno)). */
    private String lastWriteError = "";
    private final ExecutorService bio = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "glassbox-aof-bio");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean fsyncInProgress = new AtomicBoolean();
    private final AtomicLong fsyncs = new AtomicLong();
    private long delayedFsync;

    // rewrite state (aof_child_pid, aof_rewrite_time_start, ...)
    private Future<Path> rewrite;
    private long rewriteStartMillis = -1;
    private long lastRewriteTimeSec = -1;
    private boolean lastBgrewriteOk = true;
    private long rewrites, consecutiveFailures;
    private boolean rewriteScheduled;
    /** The incr file opened when the running rewrite started; it and later ones survive the rewrite. */
    private AofManifest.Info firstIncrAfterRewrite;
    /** While turning AOF on (WAIT_REWRITE): the incr file not yet in the manifest. */
    private Path tempIncr;
    /** The AOF state when the running rewrite started: decides what its end does. */
    private State rewriteMode;
    /** With aof-use-rdb-preamble: the fork-less RDB snapshot writing the new base, and where. */
    private io.glassbox.persistence.rdb.BackgroundSave child;
    private Path childTarget;
    /** The running rewrite's temp files: temp-rewriteaof-<child pid>.aof while written, -bg- once done. */
    private Path rewriteTmp, rewriteWriting;
    /** The extension of the base being written: "rdb" or "aof". */
    private String rewriteBaseExt = "aof";
    /** Runs the snapshot's walk slices on the command thread later (null: walk at once, as in a test). */
    private io.glassbox.persistence.rdb.BackgroundSave.SliceScheduler scheduler;
    /** The stand-in child process a rewrite shows outside (a server process), or none (embedded). */
    private ChildProcess.Factory children = ChildProcess.NONE;
    private ChildProcess childProcess;

    /** Observers of fsyncs and rewrite phases (the hooks). */
    public interface Listener {
        default void fsynced(String file, long bytes, boolean background) {}

        default void rewritePhase(String phase) {}
    }

    private volatile Listener listener = new Listener() {};

    private final io.glassbox.persistence.rdb.RdbPersistence rdb;

    /** The AOF of {@code host}'s server, whose RDB side ({@code rdb}) writes its base files and preambles. */
    public AppendOnlyFile(Host host, io.glassbox.persistence.rdb.RdbPersistence rdb) {
        this.host = host;
        this.rdb = rdb;
        ConfigRegistry r = host.config();
        this.settings = new AofSettings(r);
        r.onChange("appendonly", this::applyAppendonly);
    }

    public void setScheduler(io.glassbox.persistence.rdb.BackgroundSave.SliceScheduler scheduler) { this.scheduler = scheduler; }

    public void setChildProcesses(ChildProcess.Factory children) { this.children = children; }

    /** The pid of the running rewrite's stand-in child, or -1. */
    public long childPid() { return childProcess == null ? -1 : childProcess.pid(); }

    public void setListener(Listener l) { this.listener = l == null ? new Listener() {} : l; }

    public State state() { return state; }

    /**
     * writeCommandsDeniedByDiskError's AOF half: the AOF is on (or waiting for its first rewrite)
     * and its last write failed; null, or why (for "-MISCONF Errors writing to the AOF file: ...").
     */
    public String lastWriteFailure() { return state != State.OFF && !lastWriteOk ? lastWriteError : null; }

    public AofManifest manifest() { return manifest; }

    public long fsyncCount() { return fsyncs.get(); }

    // ---------------------------------------------------------------- settings

    private String fileName() { return settings.appendfilename.get(); }

    private String manifestName() { return fileName() + ".manifest"; }

    public Path dir() {
        return Path.of(host.dir()).resolve(settings.appenddirname.get());
    }

    private int fsyncPolicy() { return settings.appendfsync.get(); }

    private boolean enabledInConfig() { return settings.appendonly.get(); }

    private String baseName(long seq, String ext) { return fileName() + "." + seq + ".base." + ext; }

    private boolean rdbPreamble() { return settings.useRdbPreamble.get(); }

    private String incrName(long seq) { return fileName() + "." + seq + ".incr.aof"; }

    // ---------------------------------------------------------------- start-up

    /**
     * loadDataFromDisk + aofOpenIfNeededOnServerStart: with appendonly yes, replay the AOF the
     * manifest describes, or create a new one (an empty base and a first incr file) if there is
     * none. Runs on the command thread before the server accepts clients; an IOException means the
     * server must not start.
     */
    public void loadAtStartup() throws IOException {
        if (!enabledInConfig()) return;
        Path dir = dir();
        Path mpath = dir.resolve(manifestName());
        Path oldStyle = Path.of(host.dir()).resolve(fileName());
        if (Files.isRegularFile(oldStyle) && upgradeNeeded(dir, mpath)) upgradeOldStyle(oldStyle, dir);
        if (Files.exists(mpath)) {
            manifest = AofManifest.parse(Files.readString(mpath, StandardCharsets.UTF_8));
            long start = System.nanoTime();
            AofLoader loader = new AofLoader(host, rdb, settings.loadTruncated.get());
            host.keyspace().setLoading(true);
            host.setLoading(true);
            try {
                loader.loadAll(dir, manifest);
            } finally {
                host.keyspace().setLoading(false);
                host.setLoading(false);
            }
            host.log("notice", String.format("DB loaded from append only file: %.3f seconds",
                    (System.nanoTime() - start) / 1e9));
            if (manifest.incrs.isEmpty()) {
                addNewIncr();
                manifest.write(dir, manifestName());
            }
            baseSize = manifest.base == null ? 0 : Files.size(dir.resolve(manifest.base.fileName()));
        } else {
            Files.createDirectories(dir);
            manifest = new AofManifest();
            manifest.currBaseSeq = 1;
            manifest.base = new AofManifest.Info(baseName(1, rdbPreamble() ? "rdb" : "aof"), 1, AofManifest.TYPE_BASE);
            Path basePath = dir.resolve(manifest.base.fileName());
            if (rdbPreamble()) {
                io.glassbox.persistence.rdb.RdbFile.save(basePath, host.keyspace(), rdb.saveOptions(),
                        host.nowMillis());
            } else {
                AofEncoding.Buf base = new AofEncoding.Buf();
                AofRewriter.rewrite(host.keyspace(), base);
                writeFileSynced(basePath, base);
            }
            host.log("notice", "Creating AOF base file " + manifest.base.fileName() + " on server start");
            addNewIncr();
            manifest.write(dir, manifestName());
            host.log("notice", "Creating AOF incr file " + manifest.incrs.get(manifest.incrs.size() - 1).fileName()
                    + " on server start");
            baseSize = Files.size(basePath);
        }
        openLastIncr();
        currentSize = baseSize + lastIncrSize;
        for (int i = 0; i + 1 < manifest.incrs.size(); i++) currentSize += sizeOf(manifest.incrs.get(i).fileName());
        state = State.ON;
        host.addPropagationTarget(this);
        lastFsyncMillis = host.nowMillis();
    }

    /**
     * aofUpgradePrepare: a pre-7.0 server kept one {@code appendonly.aof} in {@code dir}. It becomes
     * the base of a multi-part AOF (same name, seq 1): the manifest is written, then the file moves
     * into the AOF directory, so a crash in between leaves a state the next start can still read.
     */
    /**
     * loadAppendOnlyFiles's three cases of an old-style AOF ({@code appendfilename} in the server's
     * dir) to move in: no AOF directory, or no manifest in it (or one naming nothing), or a manifest
     * whose only entry is that file as the base while the directory lacks it (an upgrade
     * interrupted before the rename).
     */
    private boolean upgradeNeeded(Path dir, Path mpath) throws IOException {
        if (!Files.isDirectory(dir) || !Files.exists(mpath)) return true;
        AofManifest m = AofManifest.parse(Files.readString(mpath, StandardCharsets.UTF_8));
        if (m.base == null && m.incrs.isEmpty()) return true;
        return m.base != null && m.incrs.isEmpty() && m.base.fileName().equals(fileName()) && !Files.exists(dir.resolve(fileName()));
    }

    private void upgradeOldStyle(Path old, Path dir) throws IOException {
        Files.createDirectories(dir);
        AofManifest m = new AofManifest();
        m.base = new AofManifest.Info(fileName(), 1, AofManifest.TYPE_BASE);
        m.currBaseSeq = 1;
        m.write(dir, manifestName());
        Files.move(old, dir.resolve(fileName()), StandardCopyOption.ATOMIC_MOVE);
        host.log("notice", "Successfully migrated an old-style AOF into the AOF directory " + dir.getFileName());
    }

    private long sizeOf(String name) {
        try { return Files.size(dir().resolve(name)); } catch (IOException e) { return 0; }
    }

    private void addNewIncr() {
        long seq = manifest.currIncrSeq + 1;
        manifest.currIncrSeq = seq;
        manifest.incrs.add(new AofManifest.Info(incrName(seq), seq, AofManifest.TYPE_INCR));
    }

    private void openLastIncr() throws IOException {
        AofManifest.Info last = manifest.incrs.get(manifest.incrs.size() - 1);
        openForAppend(dir().resolve(last.fileName()));
    }

    private void closeSynced(FileChannel ch) {
        try {
            ch.force(true);
            fsyncs.incrementAndGet();
            ch.close();
        } catch (IOException e) {
            host.log("warning", "Error closing the previous AOF file: " + e.getMessage());
        }
    }

    private void openForAppend(Path p) throws IOException {
        if (fd != null) fd.close();
        fd = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        lastIncrSize = fd.size();
        selectedDb = -1; // a new file starts with a SELECT
    }

    private static void writeFileSynced(Path p, AofEncoding.Buf data) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bb = ByteBuffer.wrap(data.b, 0, data.len);
            while (bb.hasRemaining()) ch.write(bb);
            ch.force(true);
        }
    }

    // ---------------------------------------------------------------- the write path

    /**
     * feedAppendOnlyFile: appends one propagated command to the buffer, after a SELECT if the
     * stream's database differs. Nothing touches the disk here.
     */
    @Override
    public void feed(int dbid, List<byte[]> argv) {
        // turning on but the first rewrite has not started yet (a BGSAVE runs): its image will
        // hold these writes, so they must not also be appended (feedAppendOnlyFile's condition)
        if (state == State.OFF || (state == State.WAIT_REWRITE && !rewriteInProgress())) return;
        if (settings.timestampEnabled.get()) {
            // genAofTimestampAnnotationIfNeeded: "#TS:<unix seconds>" when the second changed
            long sec = host.nowMillis() / 1000;
            if (sec > lastTimestamp) {
                buf.put(("#TS:" + sec + "\r\n").getBytes(StandardCharsets.US_ASCII));
                lastTimestamp = sec;
            }
        }
        if (dbid != selectedDb) {
            AofEncoding.catCommand(buf, Propagation.selectCommand(dbid));
            selectedDb = dbid;
        }
        AofEncoding.catCommand(buf, argv);
    }

    /**
     * flushAppendOnlyFile: writes the buffer to the incr file; with {@code always} fsyncs it before
     * returning (so before any reply is written), with {@code everysec} hands an fsync to the
     * background thread when the last one is a second old. {@code force} also writes when an
     * everysec fsync is still running (Redis would otherwise postpone the write up to 2 s).
     */
    public void flushAppendOnlyFile(boolean force) {
        if (fd == null) return;
        int policy = fsyncPolicy();
        if (buf.len > 0) {
            if (policy == FSYNC_EVERYSEC && !force && fsyncInProgress.get()) delayedFsync++;
            try {
                boolean timed = host.latencyMonitorEnabled();
                long t0 = timed ? System.nanoTime() : 0;
                ByteBuffer bb = ByteBuffer.wrap(buf.b, 0, buf.len);
                while (bb.hasRemaining()) fd.write(bb);
                if (timed) {
                    // flushAppendOnlyFile's aof-write samples: the write alone, with a rewrite running,
                    // or while a background fsync is pending, and aof-write for all of them
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    String kind = fsyncInProgress.get() ? "aof-write-pending-fsync"
                            : rewriteInProgress() ? "aof-write-active-child" : "aof-write-alone";
                    host.latencyAddSampleIfNeeded(kind, ms);
                    host.latencyAddSampleIfNeeded("aof-write", ms);
                }
                lastIncrSize += buf.len;
                currentSize += buf.len;
                lastWriteOk = true;
            } catch (IOException e) {
                // Redis: with always, a failed write cannot be reported to the client: exit.
                lastWriteOk = false;
                lastWriteError = String.valueOf(e.getMessage());
                host.log("warning", "Error writing to the AOF file: " + e.getMessage());
                if (policy == FSYNC_ALWAYS) {
                    host.log("warning", "Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
                    Runtime.getRuntime().halt(1);
                }
                return;
            }
            buf.clear();
            unsynced = true;
        }
        if (!unsynced) return;
        long now = host.nowMillis();
        if (policy == FSYNC_ALWAYS) {
            try {
                boolean timed = host.latencyMonitorEnabled();
                long t0 = timed ? System.nanoTime() : 0;
                fd.force(false);
                if (timed) host.latencyAddSampleIfNeeded("aof-fsync-always", (System.nanoTime() - t0) / 1_000_000);
                fsyncs.incrementAndGet();
                unsynced = false;
                lastFsyncMillis = now;
                listener.fsynced(currentIncrName(), lastIncrSize, false);
            } catch (IOException e) {
                host.log("warning", "Can't persist AOF for fsync error when the AOF fsync policy is 'always': "
                        + e.getMessage() + ". Exiting...");
                Runtime.getRuntime().halt(1);
            }
        } else if (policy == FSYNC_EVERYSEC && now - lastFsyncMillis >= 1000 && fsyncInProgress.compareAndSet(false, true)) {
            FileChannel ch = fd;
            String name = currentIncrName();
            long size = lastIncrSize;
            lastFsyncMillis = now;
            unsynced = false;
            bio.execute(() -> { // bioCreateFsyncJob
                try {
                    ch.force(false);
                    fsyncs.incrementAndGet();
                    listener.fsynced(name, size, true);
                } catch (IOException e) {
                    // the channel may have been closed by a switch to a new incr file; that one is fsynced on close
                } finally {
                    fsyncInProgress.set(false);
                }
            });
        }
    }

    /** Bytes were written since the last fsync started: everysec's cron still owes one. */
    private boolean unsynced;

    private String currentIncrName() {
        return manifest == null || manifest.incrs.isEmpty() ? "" : manifest.incrs.get(manifest.incrs.size() - 1).fileName();
    }

    /** SHUTDOWN and stop: write what is buffered and fsync it whatever the policy. */
    public void flushAndSync() {
        if (fd == null) return;
        flushAppendOnlyFile(true);
        try {
            fd.force(true);
            fsyncs.incrementAndGet();
        } catch (IOException e) {
            host.log("warning", "Error fsyncing the AOF: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- cron

    /**
     * From serverCron: an everysec fsync that is due although nothing new was written, the end of
     * a background rewrite (checkChildrenDone), a rewrite scheduled while another ran, and the
     * automatic rewrite when the AOF grew by auto-aof-rewrite-percentage.
     */
    public void cron() {
        if (state == State.OFF && rewrite == null && child == null && !rewriteScheduled) return;
        if (fsyncPolicy() == FSYNC_EVERYSEC) flushAppendOnlyFile(false);
        int signal = childProcess == null ? 0 : childProcess.killedBySignal();
        if (signal != 0 && !(rewrite != null && rewrite.isDone()) && !(child != null && child.finished())) {
            rewriteTerminatedBySignal(signal);
        }
        if (rewrite != null && rewrite.isDone()) {
            Future<Path> f = rewrite;
            rewrite = null;
            try {
                backgroundRewriteDone(f.get(), null);
            } catch (Exception e) {
                backgroundRewriteDone(null, e.getCause() != null ? e.getCause() : e);
            }
        }
        if (child != null && child.finished()) {
            io.glassbox.persistence.rdb.BackgroundSave c = child;
            child = null;
            host.log("notice", String.format("AOF rewrite snapshot: %d keys, longest command-thread slice %.2f ms",
                    c.keysProcessed(), c.longestSliceNanos() / 1e6));
            if (c.error() == null) backgroundRewriteDone(childTarget, null);
            else backgroundRewriteDone(null, new IOException(c.error()));
        }
        if (!rewriteInProgress() && rewriteScheduled && !rdb.bgsaveInProgress()) {
            rewriteScheduled = false;
            rewriteBackground();
        }
        if (state == State.ON && !rewriteInProgress() && !rdb.bgsaveInProgress()) {
            long perc = settings.autoRewritePercentage.get();
            long min = settings.autoRewriteMinSize.get();
            long base = Math.max(baseSize, 1);
            if (perc > 0 && currentSize > min && (currentSize - base) * 100 / base >= perc) {
                host.log("notice", "Starting automatic rewriting of AOF on " + (currentSize - base) * 100 / base + "% growth");
                rewriteBackground();
            }
        }
    }

    // ---------------------------------------------------------------- rewrite

    public boolean rewriteInProgress() { return rewrite != null || child != null; }

    /** True while the rewrite's RDB snapshot still walks the keyspace: writes must copy on write. */
    public boolean snapshotInProgress() { return child != null && !child.walkDone(); }

    /** Copy on write for the rewrite's snapshot: save {@code key}'s value before a command changes it. */
    public void beforeWrite(io.glassbox.db.RedisDb db, byte[] key) {
        io.glassbox.persistence.rdb.BackgroundSave c = child;
        if (c != null) c.beforeWrite(db, key);
    }

    /** BGREWRITEAOF while a rewrite runs: do it after (aof_rewrite_scheduled). */
    public void scheduleRewrite() { rewriteScheduled = true; }

    public boolean rewriteScheduled() { return rewriteScheduled; }

    /**
     * rewriteAppendOnlyFileBackground: switch writes to a new incr file, take the dataset's image,
     * and let the background thread write it as the next base. Returns null, or an error text.
     */
    public String rewriteBackground() {
        if (rewriteInProgress()) return "Background append only file rewriting already in progress";
        if (rdb.bgsaveInProgress()) { // one snapshot at a time (hasActiveChildProcess)
            rewriteScheduled = true;
            host.log("notice", "AOF rewrite scheduled: a background save is running");
            return null;
        }
        long t0 = System.nanoTime();
        ChildProcess standIn = children.start(ChildProcess.AOF_REWRITE);
        try {
            Path dir = dir();
            Files.createDirectories(dir);
            if (manifest == null) manifest = new AofManifest();
            flushAppendOnlyFile(true);
            listener.rewritePhase("started");
            if (state == State.ON) {
                // openNewIncrAofForAppend: later writes go to a new incr file, already in the manifest
                AofManifest m = manifest.copy();
                long seq = m.currIncrSeq + 1;
                AofManifest.Info incr = new AofManifest.Info(incrName(seq), seq, AofManifest.TYPE_INCR);
                m.currIncrSeq = seq;
                m.incrs.add(incr);
                Files.createFile(dir.resolve(incr.fileName()));
                m.write(dir, manifestName());
                manifest = m;
                FileChannel old = fd;
                fd = null;
                if (old != null) bio.execute(() -> closeSynced(old)); // bioCreateCloseJob: fsync and close off the loop
                openForAppend(dir.resolve(incr.fileName()));
                firstIncrAfterRewrite = incr;
            } else if (state == State.WAIT_REWRITE) {
                // turning AOF on: the writes go to a temp incr file that joins the manifest at the end
                tempIncr = dir.resolve("temp-" + fileName() + ".incr");
                Files.deleteIfExists(tempIncr);
                buf.clear();
                openForAppend(tempIncr);
                firstIncrAfterRewrite = null;
            }
            // with AOF off (BGREWRITEAOF anyway) only a new base is written; old incr files become history
            rewriteMode = state;
            // the child names its files after itself: it writes temp-rewriteaof-<pid>.aof and renames
            // it to temp-rewriteaof-bg-<pid>.aof when done (rewriteAppendOnlyFile, getpid())
            long childPid = standIn == null ? ProcessHandle.current().pid() : standIn.pid();
            // (in the server's dir, not the AOF directory: the base is renamed into it at the end)
            Path serverDir = Path.of(host.dir());
            Path tmp = serverDir.resolve("temp-rewriteaof-bg-" + childPid + ".aof");
            Path writing = serverDir.resolve("temp-rewriteaof-" + childPid + ".aof");
            rewriteTmp = tmp;
            rewriteWriting = writing;
            childProcess = standIn;
            rewriteStartMillis = host.nowMillis();
            if (rdbPreamble()) {
                // the base as RDB, from the same fork-less copy-on-write snapshot BGSAVE uses: the
                // command thread walks the keyspace in ~1 ms slices between other work
                rewriteBaseExt = "rdb";
                childTarget = tmp;
                child = new io.glassbox.persistence.rdb.BackgroundSave(host.keyspace(), tmp, writing, rdb.saveOptions(),
                        host.nowMillis(), System::nanoTime, true, settings.keySaveDelay.get());
                host.latencyAddSampleIfNeeded("fork", (System.nanoTime() - t0) / 1_000_000); // the snapshot's start is the fork
                host.log("notice", String.format("Background append only file rewriting started (%.1f ms on the command thread)",
                        (System.nanoTime() - t0) / 1e6));
                scheduleSlice(child);
                return null;
            }
            rewriteBaseExt = "aof";
            AofEncoding.Buf image = new AofEncoding.Buf();
            AofRewriter.rewrite(host.keyspace(), image);
            listener.rewritePhase("image-taken");
            // without a preamble the image is taken whole on the command thread: that is this rewrite's fork
            host.latencyAddSampleIfNeeded("fork", (System.nanoTime() - t0) / 1_000_000);
            host.log("notice", String.format("Background append only file rewriting started (image of %d bytes taken in %.1f ms)",
                    image.len, (System.nanoTime() - t0) / 1e6));
            rewrite = bio.submit(() -> {
                writeFileSynced(tmp, image);
                return tmp;
            });
            return null;
        } catch (IOException e) {
            if (standIn != null) standIn.finish();
            childProcess = null;
            host.log("warning", "Can't rewrite append only file in background: " + e.getMessage());
            lastBgrewriteOk = false;
            return "Can't rewrite append only file in background: " + e.getMessage();
        }
    }

    /** One slice of the snapshot's walk, then the next, each as its own task on the command thread. */
    private void scheduleSlice(io.glassbox.persistence.rdb.BackgroundSave bs) {
        if (scheduler == null) { // no loop (as in a test): walk it all now
            while (!bs.walkSlice()) { }
            return;
        }
        scheduleSlice(bs, 0);
    }

    private void scheduleSlice(io.glassbox.persistence.rdb.BackgroundSave bs, long delayMicros) {
        scheduler.schedule(() -> {
            if (child != bs) return;
            if (!bs.walkSlice()) scheduleSlice(bs, bs.takeDelayMicros());
            else listener.rewritePhase("image-taken");
        }, delayMicros);
    }

    /**
     * backgroundRewriteDoneHandler for a child killed by someone else (kill -9 of the stand-in's
     * pid): the rewrite stops, its temp file goes (aofRemoveTempFile), the AOF goes on in its incr
     * file, and, unless the signal was SIGUSR1, the rewrite counts as failed.
     */
    private void rewriteTerminatedBySignal(int signal) {
        if (child != null) {
            child.abort("terminated by signal " + signal);
            child = null;
        }
        if (rewrite != null) {
            rewrite.cancel(true);
            rewrite = null;
        }
        endChildProcess();
        if (signal != ChildProcess.SIGUSR1) {
            lastBgrewriteOk = false;
            consecutiveFailures++;
        }
        host.log("warning", "Background AOF rewrite terminated by signal " + signal);
        removeRewriteTemp();
        lastRewriteTimeSec = (host.nowMillis() - rewriteStartMillis) / 1000;
        rewriteStartMillis = -1;
        listener.rewritePhase("failed");
    }

    private void endChildProcess() {
        if (childProcess != null) childProcess.finish();
        childProcess = null;
    }

    /** aofRemoveTempFile: the finished and the unfinished temp file of the killed child. */
    private void removeRewriteTemp() {
        if (rewriteTmp == null) return;
        try {
            Files.deleteIfExists(rewriteTmp);
            Files.deleteIfExists(rewriteWriting);
        } catch (IOException ignored) {
            // best effort, as aofRemoveTempFile's bg_unlink
        }
        rewriteTmp = null;
    }

    /** backgroundRewriteDoneHandler: the new base is on disk (tmp), or the rewrite failed; swap the manifest. */
    private void backgroundRewriteDone(Path tmp, Throwable failure) {
        long t0 = System.nanoTime();
        endChildProcess();
        lastRewriteTimeSec = (host.nowMillis() - rewriteStartMillis) / 1000;
        rewriteStartMillis = -1;
        Path dir = dir();
        try {
            if (failure != null) throw failure;
            if (state == State.OFF && rewriteMode != State.OFF) { // AOF was turned off meanwhile: forget it
                Files.deleteIfExists(tmp);
                return;
            }
            AofManifest m = manifest.copy();
            long seq = m.currBaseSeq + 1;
            AofManifest.Info base = new AofManifest.Info(baseName(seq, rewriteBaseExt), seq, AofManifest.TYPE_BASE);
            long renameStart = System.nanoTime();
            Files.move(tmp, dir.resolve(base.fileName()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            host.latencyAddSampleIfNeeded("aof-rename", (System.nanoTime() - renameStart) / 1_000_000);
            if (m.base != null) m.history.add(new AofManifest.Info(m.base.fileName(), m.base.seq(), AofManifest.TYPE_HIST));
            m.base = base;
            m.currBaseSeq = seq;
            if (rewriteMode == State.OFF) {
                for (AofManifest.Info i : m.incrs) m.history.add(new AofManifest.Info(i.fileName(), i.seq(), AofManifest.TYPE_HIST));
                m.incrs.clear();
            } else if (state == State.WAIT_REWRITE) {
                for (AofManifest.Info i : m.incrs) m.history.add(new AofManifest.Info(i.fileName(), i.seq(), AofManifest.TYPE_HIST));
                m.incrs.clear();
                long iseq = m.currIncrSeq + 1;
                AofManifest.Info incr = new AofManifest.Info(incrName(iseq), iseq, AofManifest.TYPE_INCR);
                m.currIncrSeq = iseq;
                flushAppendOnlyFile(true);
                fd.force(true);
                Files.move(tempIncr, dir.resolve(incr.fileName()), StandardCopyOption.ATOMIC_MOVE);
                m.incrs.add(incr);
                tempIncr = null;
            } else {
                while (!m.incrs.isEmpty() && !m.incrs.get(0).equals(firstIncrAfterRewrite)) {
                    AofManifest.Info old = m.incrs.remove(0);
                    m.history.add(new AofManifest.Info(old.fileName(), old.seq(), AofManifest.TYPE_HIST));
                }
            }
            m.write(dir, manifestName());
            manifest = m;
            baseSize = Files.size(dir.resolve(base.fileName()));
            currentSize = baseSize;
            for (AofManifest.Info i : m.incrs) currentSize += sizeOf(i.fileName());
            deleteHistoryFiles();
            if (state == State.WAIT_REWRITE) {
                state = State.ON;
                host.log("notice", "Background AOF rewrite finished successfully");
            }
            lastBgrewriteOk = true;
            rewrites++;
            consecutiveFailures = 0;
            host.log("notice", String.format("Background AOF rewrite terminated with success (%.1f ms on the command thread)",
                    (System.nanoTime() - t0) / 1e6));
            listener.rewritePhase("done");
        } catch (Throwable e) {
            lastBgrewriteOk = false;
            consecutiveFailures++;
            host.log("warning", "Background AOF rewrite failed: " + e);
            listener.rewritePhase("failed");
        }
    }

    /**
     * aofDelHistoryFiles: obsolete files leave the manifest, then the disk. Unlinking a big base can
     * take long, so the background thread does it (Redis's bioCreateLazyFreeJob on the file).
     */
    private void deleteHistoryFiles() throws IOException {
        if (settings.disableAutoGc.get()) return;
        List<Path> doomed = new java.util.ArrayList<>();
        for (AofManifest.Info h : manifest.history) {
            doomed.add(dir().resolve(h.fileName()));
            host.log("notice", "Removing the history file " + h.fileName() + " in the background");
        }
        manifest.history.clear();
        manifest.write(dir(), manifestName());
        bio.execute(() -> {
            for (Path p : doomed) {
                try { Files.deleteIfExists(p); } catch (IOException e) { host.log("warning", "Can't remove " + p + ": " + e); }
            }
        });
    }

    /**
     * DEBUG LOADAOF: write and fsync the buffer, empty every database and replay the AOF the
     * manifest on disk describes, as at start-up. Redis exits if that fails; here the error is the
     * reply (the keyspace is then empty, which the message says). The dirty counter is reset so the
     * reload itself is neither propagated nor counted as changes.
     */
    public String debugLoadAof() {
        if (state == State.ON) flushAndSync();
        host.keyspace().emptyData(-1);
        Path dir = dir();
        Path mpath = dir.resolve(manifestName());
        host.keyspace().setLoading(true);
        host.setLoading(true);
        try {
            if (!Files.exists(mpath)) return null; // nothing to load: an empty dataset, as AOF_NOT_EXIST
            AofManifest m = AofManifest.parse(Files.readString(mpath, StandardCharsets.UTF_8));
            new AofLoader(host, rdb, settings.loadTruncated.get()).loadAll(dir, m);
            host.log("notice", "Append Only File loaded by DEBUG LOADAOF");
            return null;
        } catch (IOException e) {
            host.keyspace().emptyData(-1);
            host.log("warning", "DEBUG LOADAOF failed: " + e.getMessage());
            return "Error loading the AOF (the dataset is now empty): " + e.getMessage();
        } finally {
            host.keyspace().setLoading(false);
            host.setLoading(false);
            host.keyspace().stats.dirty = 0;
        }
    }

    // ---------------------------------------------------------------- CONFIG SET appendonly

    private void applyAppendonly() throws ConfigValueException {
        boolean on = enabledInConfig();
        if (on && state == State.OFF) {
            if (!startAppendOnly()) throw new ConfigValueException("Unable to turn on AOF. Check server logs.");
        } else if (!on && state != State.OFF) {
            stopAppendOnly();
        }
    }

    /** startAppendOnly: a rewrite makes the first base; writes meanwhile go to a temp incr file. */
    public boolean startAppendOnly() {
        if (rewrite != null) {
            // a rewrite of an AOF being turned off still runs: this one restarts when it ends
            scheduleRewrite();
        }
        Path mpath = dir().resolve(manifestName());
        try {
            if (Files.exists(mpath)) manifest = AofManifest.parse(Files.readString(mpath, StandardCharsets.UTF_8));
        } catch (IOException e) {
            host.log("warning", "Can't read the AOF manifest: " + e.getMessage());
            return false;
        }
        state = State.WAIT_REWRITE;
        host.addPropagationTarget(this);
        if (rewrite == null && rewriteBackground() != null) {
            state = State.OFF;
            host.removePropagationTarget(this);
            return false;
        }
        lastFsyncMillis = host.nowMillis();
        return true;
    }

    /**
     * killAppendOnlyChild: a running rewrite stops and its temp files go (stopAppendOnly, SHUTDOWN);
     * no failure is counted. Without a stand-in the "child" is a thread: the line shows the JVM's pid.
     */
    public void killRewriteChild() {
        if (!rewriteInProgress()) return;
        host.log("notice", "Killing running AOF rewrite child: "
                + (childProcess == null ? ProcessHandle.current().pid() : childProcess.pid()));
        if (child != null) {
            child.abort("killed");
            child = null;
        }
        if (rewrite != null) {
            rewrite.cancel(true);
            rewrite = null;
        }
        endChildProcess();
        removeRewriteTemp();
        rewriteStartMillis = -1;
    }

    /** stopAppendOnly: flush, fsync, close; a running rewrite is killed. */
    public void stopAppendOnly() {
        killRewriteChild();
        flushAndSync();
        try { if (fd != null) fd.close(); } catch (IOException ignored) { /* closing anyway */ }
        fd = null;
        state = State.OFF;
        host.removePropagationTarget(this);
        buf.clear();
        if (tempIncr != null) {
            try { Files.deleteIfExists(tempIncr); } catch (IOException ignored) { /* best effort */ }
            tempIncr = null;
        }
    }

    /** Engine shutdown: fsync what is there and stop the background thread. */
    public void close() {
        if (state != State.OFF) flushAndSync();
        try { if (fd != null) fd.close(); } catch (IOException ignored) { /* exiting */ }
        fd = null;
        bio.shutdown();
        try {
            bio.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS); // pending fsyncs and deletions
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- INFO persistence

    /** The aof_* fields of INFO persistence, in Redis 7.0's order and names. */
    public void info(StringBuilder sb) {
        long now = host.nowMillis();
        field(sb, "aof_enabled", state != State.OFF ? 1 : 0);
        field(sb, "aof_rewrite_in_progress", rewriteInProgress() ? 1 : 0);
        field(sb, "aof_rewrite_scheduled", rewriteScheduled ? 1 : 0);
        field(sb, "aof_last_rewrite_time_sec", lastRewriteTimeSec);
        field(sb, "aof_current_rewrite_time_sec", rewriteStartMillis < 0 ? -1 : (now - rewriteStartMillis) / 1000);
        field(sb, "aof_last_bgrewrite_status", lastBgrewriteOk ? "ok" : "err");
        field(sb, "aof_rewrites", rewrites);
        field(sb, "aof_rewrites_consecutive_failures", consecutiveFailures);
        field(sb, "aof_last_write_status", lastWriteOk ? "ok" : "err");
        field(sb, "aof_last_cow_size", 0);
    }

    /** The fields INFO adds while AOF is on. */
    public void infoWhenOn(StringBuilder sb) {
        if (state == State.OFF) return;
        field(sb, "aof_current_size", currentSize);
        field(sb, "aof_base_size", baseSize);
        field(sb, "aof_pending_rewrite", rewriteScheduled ? 1 : 0);
        field(sb, "aof_buffer_length", buf.len);
        field(sb, "aof_pending_bio_fsync", fsyncInProgress.get() ? 1 : 0);
        field(sb, "aof_delayed_fsync", delayedFsync);
    }

    private static void field(StringBuilder sb, String name, Object value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }
}
