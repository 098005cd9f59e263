package io.glassbox.persistence.aof;

import io.glassbox.server.Client;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaying an AOF at start-up: Redis's {@code loadAppendOnlyFiles} and
 * {@code loadSingleAppendOnlyFile}. The base file, then each incr file, is read command by command
 * and each command runs on a fake client with no connection, as if a client had sent it.
 *
 * <p>Three outcomes per file, as in Redis:
 * <ul>
 *   <li>the file ends on a command boundary: fine;</li>
 *   <li>it ends in the middle of a command, or inside a MULTI with no EXEC (a crash while the
 *       write was under way): the <em>last</em> file may be cut back to its last complete command
 *       (or to just before the unfinished MULTI) when {@code aof-load-truncated} is yes, and the
 *       server starts with what was complete. Otherwise, or for a file that is not the last, the
 *       server refuses to start;</li>
 *   <li>bytes that are not the protocol: the server refuses to start, naming the file and the
 *       offset of the bad command.</li>
 * </ul>
 * A MULTI's commands are held until their EXEC, so a transaction is applied whole or not at all.
 */
final class AofLoader {
    /** The AOF cannot be loaded; the message says which file, where, and what to do. */
    static final class AofLoadException extends IOException {
        AofLoadException(String msg) { super(msg); }
    }

    enum Result { OK, EMPTY, TRUNCATED }

    private final AppendOnlyFile.Host host;
    private final io.glassbox.persistence.rdb.RdbPersistence rdb;
    private final boolean loadTruncated;
    private long commandsLoaded;

    AofLoader(AppendOnlyFile.Host host, io.glassbox.persistence.rdb.RdbPersistence rdb, boolean loadTruncated) {
        this.host = host;
        this.rdb = rdb;
        this.loadTruncated = loadTruncated;
    }

    long commandsLoaded() { return commandsLoaded; }

    /** loadAppendOnlyFiles: base then incr files; returns the total bytes read. */
    long loadAll(Path dir, AofManifest m) throws IOException {
        List<AofManifest.Info> files = new ArrayList<>();
        if (m.base != null) files.add(m.base);
        files.addAll(m.incrs);
        long total = 0;
        // getBaseAndIncrAppendOnlyFilesSize first: a file the manifest names but the disk lacks is fatal
        for (AofManifest.Info f : files) {
            if (!Files.exists(dir.resolve(f.fileName()))) {
                throw new AofLoadException("Unable to obtain the AOF file " + f.fileName() + " length. stat: No such file or directory");
            }
        }
        Client fake = host.createAOFClient();
        for (int i = 0; i < files.size(); i++) {
            AofManifest.Info f = files.get(i);
            Path p = dir.resolve(f.fileName());
            boolean last = i == files.size() - 1;
            Result r = loadSingleFile(fake, p, last);
            if (r == Result.TRUNCATED && !last) {
                throw new AofLoadException("Fatal error: the truncated file is not the last file");
            }
            total += Files.size(p);
        }
        return total;
    }

    /** loadSingleAppendOnlyFile: replays one file; may truncate it (see the class comment). */
    Result loadSingleFile(Client fake, Path file, boolean lastFile) throws IOException {
        String name = file.getFileName().toString();
        long size = Files.size(file);
        if (size == 0) return Result.EMPTY;
        long rdbBytes = 0;
        if (startsWithRdbMagic(file)) {
            // an RDB base (aof-use-rdb-preamble): the RDB loader reads it; commands may follow
            try {
                var r = io.glassbox.persistence.rdb.RdbFile.load(file, host.keyspace(), rdb.loadOptions(false));
                rdbBytes = r.bytes();
                commandsLoaded += r.keysLoaded();
            } catch (io.glassbox.persistence.rdb.RdbLoadException e) {
                throw new AofLoadException("Bad file format reading the RDB preamble of the append only file " + name
                        + " at offset " + e.offset + ": " + e.getMessage());
            }
            if (rdbBytes >= size) return Result.OK;
        }
        try (InputStream raw = Files.newInputStream(file)) {
            CountingStream in = new CountingStream(new BufferedInputStream(raw, 1 << 16));
            in.in.skipNBytes(rdbBytes);
            in.pos = rdbBytes;
            long validUpTo = 0, validBeforeMulti = 0;
            List<List<byte[]>> multi = null;
            fake.selectDb(0);
            while (true) {
                long cmdStart = in.pos;
                int first = in.read();
                if (first == -1) break;
                if (first == '#') { // annotations (aof-timestamp-enabled) are skipped
                    if (!in.skipLine()) return truncated(file, name, lastFile, validUpTo);
                    validUpTo = in.pos;
                    continue;
                }
                List<byte[]> argv;
                try {
                    if (first != '*') throw bad(name, cmdStart);
                    long argc = in.readNumber(name, cmdStart);
                    if (argc < 1) throw bad(name, cmdStart);
                    argv = new ArrayList<>((int) Math.min(argc, 1024));
                    for (long j = 0; j < argc; j++) {
                        if (in.readOrEof() != '$') throw bad(name, cmdStart);
                        long len = in.readNumber(name, cmdStart);
                        if (len < 0 || len > Integer.MAX_VALUE - 2) throw bad(name, cmdStart);
                        byte[] arg = in.readN((int) len);
                        // a file cut inside the CRLF is a short read (fread fails), not a bad format
                        if (in.readOrEof() != '\r' || in.readOrEof() != '\n') throw bad(name, cmdStart);
                        argv.add(arg);
                    }
                } catch (EOFException eof) {
                    // a command cut short: the tail of a crash
                    return truncated(file, name, lastFile, multi != null ? validBeforeMulti : validUpTo);
                }
                String cmdName = new String(argv.get(0), StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
                if (cmdName.equals("multi")) {
                    validBeforeMulti = validUpTo;
                    multi = new ArrayList<>();
                } else if (cmdName.equals("exec") && multi != null) {
                    for (List<byte[]> queued : multi) run(fake, queued, name, cmdStart);
                    multi = null;
                } else if (multi != null) {
                    multi.add(argv);
                } else {
                    run(fake, argv, name, cmdStart);
                }
                validUpTo = in.pos;
            }
            if (multi != null) {
                host.log("warning", "Revert incomplete MULTI/EXEC transaction in AOF file " + name);
                return truncated(file, name, lastFile, validBeforeMulti);
            }
            return Result.OK;
        }
    }

    private static boolean startsWithRdbMagic(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(5), StandardCharsets.US_ASCII).equals("REDIS");
        }
    }

    private void run(Client fake, List<byte[]> argv, String name, long offset) throws AofLoadException {
        String refused = host.executeLoadedCommand(fake, argv);
        if (refused != null) throw new AofLoadException(refused + " reading the append only file " + name + " at offset " + offset);
        commandsLoaded++;
    }

    private static AofLoadException bad(String name, long offset) {
        return new AofLoadException("Bad file format reading the append only file " + name + " at offset " + offset
                + ": make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>");
    }

    /** The uxeof path: cut the last file back to validUpTo if allowed, else refuse to start. */
    private Result truncated(Path file, String name, boolean lastFile, long validUpTo) throws IOException {
        if (!loadTruncated || !lastFile) {
            if (!lastFile) throw new AofLoadException("Fatal error: the truncated file " + name + " is not the last file");
            throw new AofLoadException("Unexpected end of file reading the append only file " + name + " at offset "
                    + validUpTo + ". You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix "
                    + "<filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option "
                    + "to yes and restart the server.");
        }
        host.log("warning", "!!! Warning: short read while loading the AOF file " + name + "!!!");
        host.log("warning", "!!! Truncating the AOF " + name + " at offset " + validUpTo + " !!!");
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(validUpTo);
            ch.force(true);
        }
        host.log("warning", "AOF " + name + " loaded anyway because aof-load-truncated is enabled");
        return Result.TRUNCATED;
    }

    /** A stream that knows its offset, for error messages and truncation. */
    private static final class CountingStream {
        final InputStream in;
        long pos;

        CountingStream(InputStream in) { this.in = in; }

        int read() throws IOException {
            int b = in.read();
            if (b >= 0) pos++;
            return b;
        }

        /** A byte, or EOFException at the end of the file (the tail of a crash). */
        int readOrEof() throws IOException {
            int b = read();
            if (b < 0) throw new EOFException();
            return b;
        }

        /**
         * A bulk's {@code n} bytes, or EOFException if the file ends first. The memory grows with the
         * bytes read (readNBytes reads in chunks), not with the length the file claims: a corrupt
         * "$2000000000" in a small file is a truncation, not a 2 GB allocation (Redis sizes the sds
         * from the length first; here that was an OutOfMemoryError, found by AofLoadFuzzTest).
         */
        byte[] readN(int n) throws IOException {
            byte[] out = in.readNBytes(n);
            pos += out.length;
            if (out.length < n) throw new EOFException();
            return out;
        }

        /** Reads digits up to CRLF; EOF inside is a truncation, anything else a bad format. */
        long readNumber(String name, long cmdStart) throws IOException {
            long n = 0;
            int digits = 0;
            boolean neg = false;
            while (true) {
                int b = read();
                if (b < 0) throw new EOFException();
                if (b == '\r') {
                    int lf = read();
                    if (lf < 0) throw new EOFException();
                    if (lf != '\n' || digits == 0) throw bad(name, cmdStart);
                    return neg ? -n : n;
                }
                if (b == '-' && digits == 0 && !neg) { neg = true; continue; }
                if (b < '0' || b > '9' || digits > 18) throw bad(name, cmdStart);
                n = n * 10 + (b - '0');
                digits++;
            }
        }

        boolean skipLine() throws IOException {
            int b;
            while ((b = read()) != -1) if (b == '\n') return true;
            return false;
        }
    }
}
