package io.glassbox.persistence.rdb;

import io.glassbox.db.Keyspace;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictEntry;
import io.glassbox.ds.dict.DictIterator;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole RDB file: {@code rdbSaveRio} / {@code rdbLoadRio} and the file handling of
 * {@code rdbSave} / {@code rdbLoad}.
 *
 * <pre>
 *   "REDIS0010"
 *   AUX redis-ver 7.0.15, AUX redis-bits 64, AUX ctime .., AUX used-mem .., AUX aof-base 0
 *   for each non-empty db:  SELECTDB n  RESIZEDB size expires  (key-value pair)*
 *   EOF  CRC64 (8 bytes, little-endian; 0 when rdbchecksum is off)
 * </pre>
 *
 * <p><b>Entry point for writers</b> (SAVE, the AOF's RDB preamble):
 * {@link #saveRio(RdbWriter, Keyspace, boolean, long)} writes the above to any {@link RioOutput};
 * {@link #save} writes a file the way Redis does, to {@code temp-<pid>.rdb} in the same directory,
 * fsynced, then renamed over the target, so a crash mid-save never leaves a half file under the
 * real name. A background save ({@link the background save}) writes the same parts itself, from a
 * snapshot, with {@link #writeHeader}, {@link #writeDbHeader} and {@link #writeFooter}.
 *
 * <p><b>Entry point for readers</b>: {@link #loadRio} reads from a {@link RioInput} into a
 * keyspace, stopping right after the trailer; {@link #load} opens a file.
 */
public final class RdbFile {
    private RdbFile() {}

    public static final String REDIS_VERSION = "7.0.15";

    /**
     * How to write: rdbcompression, rdbchecksum, and the replication info to record (null: none).
     */
    public record SaveOptions(boolean compression, boolean checksum, SaveInfo replication) {
        public static final SaveOptions DEFAULT = new SaveOptions(true, true);

        public SaveOptions(boolean compression, boolean checksum) { this(compression, checksum, null); }
    }

    /**
     * rdbSaveInfo: where this node stands in a replication stream, saved as the aux fields
     * {@code repl-stream-db}, {@code repl-id} and {@code repl-offset} so that a replica restarted
     * from the file can ask its master for a partial resync instead of the whole dataset.
     * {@code replStreamDb} is the database the stream had selected (the master client's).
     */
    public record SaveInfo(int replStreamDb, String replId, long replOffset) {}

    /**
     * How to read: the encoding limits, whether to check the CRC (rdbchecksum), whether keys
     * already expired are dropped (a master loading its own file: yes; an AOF preamble: no), "now"
     * for that decision, and the eviction policy that decides whether IDLE/FREQ are applied.
     */
    public record LoadOptions(RdbLoader.Limits limits, boolean checksum, boolean dropExpired, long nowMs, String maxmemoryPolicy,
                              boolean merge, boolean intoExisting) {
        /** A load that replaces the data set: what start-up and a full resynchronisation do. */
        public LoadOptions(RdbLoader.Limits limits, boolean checksum, boolean dropExpired, long nowMs, String maxmemoryPolicy) {
            this(limits, checksum, dropExpired, nowMs, maxmemoryPolicy, false, false);
        }

        /**
         * DEBUG RELOAD's flags: {@code merge} is RDBFLAGS_ALLOW_DUP (a key or function library already
         * present is replaced, not an error); {@code intoExisting} is NOFLUSH (the data set was not
         * emptied first, so neither is it cleared before the load nor after a failed one: Redis's
         * rdbLoad itself never empties, its callers do).
         */
        public LoadOptions withReloadFlags(boolean merge, boolean intoExisting) {
            return new LoadOptions(limits, checksum, dropExpired, nowMs, maxmemoryPolicy, merge, intoExisting);
        }
    }

    /**
     * What a load found: counts and the AUX fields (redis-ver, ctime, aof-base ...), and the keys
     * dropped as already expired with their db, which a restarting master feeds its replicas as
     * DELs (rdbLoadRio's RDBFLAGS_FEED_REPL).
     */
    public record LoadResult(long keysLoaded, long expiredSkipped, long emptySkipped, long bytes, Map<String, String> aux, int version,
                             List<ExpiredKey> expiredKeys, List<String> firstEmptyKeys) {}

    /** A key the load dropped because its time had passed. */
    public record ExpiredKey(int db, byte[] key) {}

    // ---------------------------------------------------------------- writing

    /** The magic and the aux fields (rdbSaveInfoAuxFields). */
    public static void writeHeader(RdbWriter w, boolean aofPreamble, long ctimeSeconds, long usedMem) throws IOException {
        writeHeader(w, aofPreamble, ctimeSeconds, usedMem, null);
    }

    /** The header with the replication info (rdbSaveInfoAuxFields with an rsi), in Redis's order. */
    public static void writeHeader(RdbWriter w, boolean aofPreamble, long ctimeSeconds, long usedMem, SaveInfo rsi)
            throws IOException {
        w.rio().write(String.format("%s%04d", Rdb.MAGIC, Rdb.RDB_VERSION).getBytes(StandardCharsets.US_ASCII));
        w.saveAuxField("redis-ver", REDIS_VERSION);
        w.saveAuxField("redis-bits", 64);
        w.saveAuxField("ctime", ctimeSeconds);
        w.saveAuxField("used-mem", usedMem);
        if (rsi != null) {
            w.saveAuxField("repl-stream-db", rsi.replStreamDb());
            w.saveAuxField("repl-id", rsi.replId());
            w.saveAuxField("repl-offset", rsi.replOffset());
        }
        w.saveAuxField("aof-base", aofPreamble ? 1 : 0);
    }

    /**
     * rdbSaveFunctions: each function library as opcode FUNCTION2 and its code, after the aux
     * fields and before the first database, where Redis 7.0 puts them.
     */
    public static void writeFunctions(RdbWriter w, Keyspace ks) throws IOException {
        for (byte[] code : ks.functionLibraries().codes()) {
            w.saveType(Rdb.OPCODE_FUNCTION2);
            w.saveRawString(code);
        }
    }

    /** SELECTDB and RESIZEDB before a database's keys (rdbSaveDb). */
    public static void writeDbHeader(RdbWriter w, int db, long size, long expires) throws IOException {
        w.saveType(Rdb.OPCODE_SELECTDB);
        w.saveLen(db);
        w.saveType(Rdb.OPCODE_RESIZEDB);
        w.saveLen(size);
        w.saveLen(expires);
    }

    /** Only the EOF opcode: a writer that computes the CRC itself appends the 8 bytes (the background save). */
    public static void writeFooterWithoutChecksum(RdbWriter w) throws IOException {
        w.saveType(Rdb.OPCODE_EOF);
    }

    /** EOF and the CRC64 of everything before it. */
    public static void writeFooter(RdbWriter w) throws IOException {
        w.saveType(Rdb.OPCODE_EOF);
        long crc = w.rio().checksum();
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (crc >>> (8 * i));
        w.rio().write(b);
        w.rio().flush();
    }

    /**
     * rdbSaveRio: the whole keyspace, on the calling thread (SAVE, DEBUG RELOAD, the AOF rewrite's
     * preamble when run synchronously). O(dataset).
     */
    public static void saveRio(RdbWriter w, Keyspace ks, boolean aofPreamble, long nowMs) throws IOException {
        saveRio(w, ks, aofPreamble, nowMs, null);
    }

    public static void saveRio(RdbWriter w, Keyspace ks, boolean aofPreamble, long nowMs, SaveInfo rsi) throws IOException {
        saveRio(w, ks, aofPreamble, nowMs, rsi, 0);
    }

    private static void saveRio(RdbWriter w, Keyspace ks, boolean aofPreamble, long nowMs, SaveInfo rsi, long keySaveDelay)
            throws IOException {
        writeHeader(w, aofPreamble, nowMs / 1000, usedMemory(), rsi);
        writeFunctions(w, ks);
        for (int j = 0; j < ks.databases(); j++) {
            RedisDb db = ks.db(j);
            if (db.size() == 0) continue;
            writeDbHeader(w, j, db.size(), db.expiresSize());
            Dict<byte[], Long> expires = db.expires();
            try (DictIterator<byte[], RedisObject> it = db.dict().iterator()) {
                for (DictEntry<byte[], RedisObject> de = it.next(); de != null; de = it.next()) {
                    Long when = expires.size() == 0 ? null : expires.fetchValue(de.getKey());
                    w.saveKeyValuePair(de.getKey(), de.getVal(), when == null ? -1 : when, -1, -1);
                    if (keySaveDelay != 0) debugDelay(keySaveDelay);
                }
            }
        }
        writeFooter(w);
    }

    /** The heap in use, as INFO's used_memory reports it. */
    static long usedMemory() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /**
     * rdbSave: writes the keyspace to {@code file} through a temp file in the same directory,
     * fsync, rename, fsync of the directory. Returns the bytes written.
     */
    public static long save(Path file, Keyspace ks, SaveOptions opts, long nowMs) throws IOException {
        return save(file, tempFile(file), ks, opts, nowMs, 0);
    }

    /**
     * The same through {@code tmp}, waiting {@code keySaveDelay} after each key as rdbSaveDb's
     * debugDelay does (rdb-key-save-delay: microseconds, or one in -N keys waits 1 µs): a SAVE
     * blocks the server that long, as in Redis.
     */
    public static long save(Path file, Path tmp, Keyspace ks, SaveOptions opts, long nowMs, long keySaveDelay) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream os = java.nio.channels.Channels.newOutputStream(ch)) {
            RioOutput rio = new RioOutput(os, opts.checksum());
            saveRio(new RdbWriter(rio, opts.compression()), ks, false, nowMs, opts.replication(), keySaveDelay);
            ch.force(true);
            commit(tmp, file);
            return rio.processedBytes();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** debug.c's debugDelay: sleep {@code usec}, or, negative, 1 µs once in -usec calls on average. */
    static void debugDelay(long usec) {
        if (usec < 0) usec = java.util.concurrent.ThreadLocalRandom.current().nextLong(-usec) == 0 ? 1 : 0;
        if (usec > 0) java.util.concurrent.locks.LockSupport.parkNanos(usec * 1000);
    }

    /** rdbSave's and rdbRemoveTempFile's name for the process {@code pid}: {@code temp-<pid>.rdb} beside the RDB file. */
    static Path tempFile(Path file, long pid) {
        return file.toAbsolutePath().getParent().resolve("temp-" + pid + ".rdb");
    }

    /** The temp file Redis writes first ("temp-%d.rdb" with the saving process's pid). */
    static Path tempFile(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return dir.resolve("temp-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId() + ".rdb");
    }

    /** Renames the finished temp file over the target and makes the rename durable. */
    static void commit(Path tmp, Path file) throws IOException {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // some file systems cannot fsync a directory; the rename itself is done
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * rdbLoad: reads {@code file} into {@code ks}. On any error the databases are emptied again
     * before the exception leaves, so nobody ever serves a half-loaded keyspace; the exception
     * names the offset where reading stopped.
     */
    public static LoadResult load(Path file, Keyspace ks, LoadOptions opts) throws IOException, RdbLoadException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return loadRio(new RioInput(in), ks, opts);
        }
    }

    /**
     * rdbLoadRio: the magic, the version (1..10), then opcodes and key-value pairs up to EOF and the
     * checksum. Keys go into {@code ks} (which should be empty); on failure {@code ks} is emptied.
     */
    public static LoadResult loadRio(RioInput rio, Keyspace ks, LoadOptions opts) throws IOException, RdbLoadException {
        boolean wasLoading = ks.isLoading();
        ks.setLoading(true);
        try {
            return loadRioOrThrow(rio, ks, opts);
        } catch (IOException | RdbLoadException | RuntimeException e) {
            if (!opts.intoExisting()) {
                ks.emptyData(-1);
                ks.functionLibraries().clear();
            }
            if (e instanceof java.io.EOFException) throw new RdbLoadException("Unexpected EOF reading RDB file", rio.offset());
            // a corrupt length ("string too long") is a format error: report it with its offset like the others
            if (e instanceof IOException) throw new RdbLoadException(e.getMessage(), rio.offset());
            throw e;
        } finally {
            ks.setLoading(wasLoading);
        }
    }

    private static LoadResult loadRioOrThrow(RioInput rio, Keyspace ks, LoadOptions opts) throws IOException, RdbLoadException {
        RdbLoader loader = new RdbLoader(rio, opts.limits());
        // the file replaces the data set, libraries included (emptyData clears functions too),
        // unless DEBUG RELOAD NOFLUSH loads it on top of what is there
        if (!opts.intoExisting()) ks.functionLibraries().clear();
        byte[] magic = rio.read(9);
        String m = new String(magic, StandardCharsets.US_ASCII);
        if (!m.startsWith(Rdb.MAGIC)) throw new RdbLoadException("Wrong signature trying to load DB from file", 0);
        int version;
        try {
            version = Integer.parseInt(m.substring(5));
        } catch (NumberFormatException e) {
            throw new RdbLoadException("Wrong signature trying to load DB from file", 0);
        }
        if (version < 1 || version > Rdb.RDB_VERSION) throw new RdbLoadException("Can't handle RDB format version " + version, 5);

        Map<String, String> aux = new LinkedHashMap<>();
        RedisDb db = ks.db(0);
        long expireTime = -1, lruIdle = -1;
        int lfuFreq = -1;
        long loaded = 0, expiredSkipped = 0, emptySkipped = 0;
        List<ExpiredKey> expiredKeys = new ArrayList<>();
        List<String> firstEmptyKeys = new ArrayList<>();
        while (true) {
            int type = loader.loadType();
            switch (type) {
                case Rdb.OPCODE_EXPIRETIME -> { expireTime = rio.readLittleEndian(4) * 1000; continue; }
                case Rdb.OPCODE_EXPIRETIME_MS -> { expireTime = rio.readLittleEndian(8); continue; }
                case Rdb.OPCODE_FREQ -> { lfuFreq = rio.readByte(); continue; }
                case Rdb.OPCODE_IDLE -> { lruIdle = loader.loadLen(); continue; }
                case Rdb.OPCODE_EOF -> { }
                case Rdb.OPCODE_SELECTDB -> {
                    long id = loader.loadLen();
                    if (id >= ks.databases()) {
                        throw new RdbLoadException("FATAL: Data file was created with a Redis server configured to handle more than "
                                + ks.databases() + " databases. Exiting", rio.offset());
                    }
                    db = ks.db((int) id);
                    continue;
                }
                case Rdb.OPCODE_RESIZEDB -> {
                    long size = loader.loadLen(), expires = loader.loadLen();
                    // a hint: presize, but never trust a (possibly corrupt) number with gigabytes
                    db.dict().expand(Math.min(size, 1 << 22));
                    db.expires().expand(Math.min(expires, 1 << 22));
                    continue;
                }
                case Rdb.OPCODE_AUX -> {
                    String k = new String(loader.loadString(), StandardCharsets.UTF_8);
                    String v = new String(loader.loadString(), StandardCharsets.UTF_8);
                    aux.put(k, v);
                    continue;
                }
                case Rdb.OPCODE_MODULE_AUX -> throw new RdbLoadException("module aux data is not supported", rio.offset());
                case Rdb.OPCODE_FUNCTION2 -> {
                    String err = ks.functionLibraries().load(loader.loadString(), opts.merge());
                    if (err != null) throw new RdbLoadException("Failed loading library: " + err, rio.offset());
                    continue;
                }
                // the pre-GA 7.0 format (name, engine, description, code), never written by a release
                case Rdb.OPCODE_FUNCTION -> throw new RdbLoadException("Pre-release function format not supported", rio.offset());
                default -> {
                    if (!Rdb.isObjectType(type)) throw new RdbLoadException("Unknown RDB encoding type " + type, rio.offset() - 1);
                }
            }
            if (type == Rdb.OPCODE_EOF) break;

            byte[] key = loader.loadString();
            RedisObject val;
            try {
                val = loader.loadObject(type);
            } catch (RdbLoader.EmptyKeyException e) {
                // rdbLoadRio: "skipping empty key", named in the log for the first ten
                if (emptySkipped++ < 10) firstEmptyKeys.add(new String(key, StandardCharsets.UTF_8));
                expireTime = -1; lruIdle = -1; lfuFreq = -1;
                continue;
            }
            if (opts.dropExpired() && expireTime != -1 && expireTime < opts.nowMs()) {
                expiredSkipped++;
                expiredKeys.add(new ExpiredKey(db.id, key));
            } else {
                if (db.dict().find(key) != null) {
                    // rdbLoadRio: with RDBFLAGS_ALLOW_DUP the file's value wins; without, Redis panics
                    if (opts.merge()) db.dbDelete(key);
                    else throw new RdbLoadException("Duplicated key found in RDB file: '" + new String(key, StandardCharsets.UTF_8)
                            + "' in DB " + db.id, rio.offset());
                }
                db.dbAdd(key, val);
                if (expireTime != -1) db.setExpire(key, expireTime);
                ObjectLru.setLruOrLfu(val, lfuFreq, lruIdle, ks.lruClock(), 1000, opts.maxmemoryPolicy(), opts.nowMs());
                loaded++;
            }
            expireTime = -1; lruIdle = -1; lfuFreq = -1;
        }
        if (version >= 5) {
            long expected = rio.checksum();
            long stored = rio.readLittleEndian(8);
            if (opts.checksum() && stored != 0 && stored != expected) {
                throw new RdbLoadException(String.format("Wrong RDB checksum expected: (%x) got (%x)", stored, expected), rio.offset());
            }
        }
        return new LoadResult(loaded, expiredSkipped, emptySkipped, rio.offset(), aux, version, expiredKeys, firstEmptyKeys);
    }
}
