package io.glassbox.persistence.aof;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifest of a Redis 7.0 multi-part AOF ({@code aofManifest} in {@code aof.c}): which files,
 * in which order, make up the append-only file. One line per file:
 * <pre>
 * file appendonly.aof.2.base.rdb seq 2 type b
 * file appendonly.aof.2.incr.aof seq 2 type i
 * file appendonly.aof.3.incr.aof seq 3 type i
 * </pre>
 * {@code b} is the base (the dataset as of the last rewrite, RDB or AOF format), {@code i} the
 * incremental files appended since, in sequence order, {@code h} files a rewrite made obsolete,
 * waiting to be deleted. Loading means: the base, then every incr file, in order.
 *
 * <p>Why a manifest: before 7.0 a rewrite had to buffer every write made while it ran and append
 * them to the new file at the end. With a manifest the rewrite simply opens a new incr file when it
 * starts; when it ends, the new base and the incr files opened since are the AOF, and swapping
 * manifests (write a temp file, rename it) is atomic.
 */
public final class AofManifest {
    public static final char TYPE_BASE = 'b', TYPE_INCR = 'i', TYPE_HIST = 'h';

    public record Info(String fileName, long seq, char type) {
        String line() { return "file " + quoteIfNeeded(fileName) + " seq " + seq + " type " + type + "\n"; }
    }

    Info base;
    final List<Info> incrs = new ArrayList<>();
    final List<Info> history = new ArrayList<>();
    long currBaseSeq;
    long currIncrSeq;

    /**
     * An error in the manifest's content. Its message is what aofLoadManifestFromFile logs before
     * exiting, in one piece: the banner, the line number and the line (when there is one), the
     * reason ({@link #reason}).
     */
    public static final class ManifestException extends IOException {
        private final String reason;

        ManifestException(String reason, int lineNo, String line) {
            super("\n*** FATAL AOF MANIFEST FILE ERROR ***\n"
                    + (line == null ? "" : "\nReading the manifest file, at line " + lineNo + "\n\n>>> '" + line + "'\n")
                    + "\n" + reason + "\n");
            this.reason = reason;
        }

        /** Redis's reason alone ("Unknown AOF file type", ...). */
        public String reason() { return reason; }
    }

    /** MANIFEST_MAX_LINE: longer lines are refused, not cut. */
    static final int MAX_LINE = 1024;

    public Info base() { return base; }

    public List<Info> incrs() { return incrs; }

    public List<Info> history() { return history; }

    AofManifest copy() {
        AofManifest m = new AofManifest();
        m.base = base;
        m.incrs.addAll(incrs);
        m.history.addAll(history);
        m.currBaseSeq = currBaseSeq;
        m.currIncrSeq = currIncrSeq;
        return m;
    }

    /** getAofManifestAsString: base first, then history, then incr files (Redis's order). */
    public String format() {
        StringBuilder sb = new StringBuilder();
        if (base != null) sb.append(base.line());
        for (Info h : history) sb.append(h.line());
        for (Info i : incrs) sb.append(i.line());
        return sb.toString();
    }

    /** aofLoadManifestFromFile: parses the manifest; errors name the problem as Redis does. */
    public static AofManifest parse(String text) throws ManifestException {
        AofManifest m = new AofManifest();
        long maxIncrSeq = 0;
        if (text.isEmpty()) throw new ManifestException("Found an empty AOF manifest", 0, null);
        int lineNo = 0, pos = 0;
        while (pos < text.length()) {
            // fgets of MANIFEST_MAX_LINE bytes: a comment may be longer (its rest reads as the next
            // "line", as in Redis), any other line must end within it
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? text.length() : nl + 1;
            if (end - pos > MAX_LINE) end = pos + MAX_LINE;
            String buf = text.substring(pos, end);
            pos = end;
            lineNo++;
            if (buf.startsWith("#")) continue;
            String line = buf.strip();
            if (!buf.endsWith("\n")) throw new ManifestException("The AOF manifest file contains too long line", lineNo, null);
            if (line.isEmpty()) throw new ManifestException("Invalid AOF manifest file format", lineNo, line);
            List<byte[]> argv = io.glassbox.resp.SplitArgs.split(line.getBytes(StandardCharsets.UTF_8));
            // 'argc < 6' leaves room for keys of later versions
            if (argv == null || argv.size() < 6 || argv.size() % 2 != 0) {
                throw new ManifestException("Invalid AOF manifest file format", lineNo, line);
            }
            String name = null;
            long seq = 0;
            char type = 0;
            for (int i = 0; i < argv.size(); i += 2) {
                String k = new String(argv.get(i), StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
                String v = new String(argv.get(i + 1), StandardCharsets.UTF_8);
                switch (k) {
                    case "file" -> {
                        // pathIsBaseName: a manifest names files inside the AOF directory only, or a
                        // load (which may truncate the last file) would reach any file on the disk
                        if (v.indexOf('/') >= 0 || v.indexOf('\\') >= 0) {
                            throw new ManifestException("File can't be a path, just a filename", lineNo, line);
                        }
                        name = v;
                    }
                    case "seq" -> seq = atoll(v);
                    case "type" -> type = v.isEmpty() ? 0 : v.charAt(0);
                    default -> { } // unknown keys are ignored, for forward compatibility (as Redis)
                }
            }
            if (name == null || seq == 0 || type == 0) throw new ManifestException("Invalid AOF manifest file format", lineNo, line);
            Info info = new Info(name, seq, type);
            switch (type) {
                case TYPE_BASE -> {
                    if (m.base != null) throw new ManifestException("Found duplicate base file information", lineNo, line);
                    m.base = info;
                    m.currBaseSeq = seq;
                }
                case TYPE_HIST -> m.history.add(info);
                case TYPE_INCR -> {
                    if (seq <= maxIncrSeq) throw new ManifestException("Found a non-monotonic sequence number", lineNo, line);
                    m.incrs.add(info);
                    m.currIncrSeq = seq;
                    maxIncrSeq = seq;
                }
                default -> throw new ManifestException("Unknown AOF file type", lineNo, line);
            }
        }
        return m;
    }

    /** C's atoll: leading blanks, a sign, digits up to the first non-digit; 0 if none. */
    private static long atoll(String v) {
        int i = 0, n = v.length();
        while (i < n && Character.isWhitespace(v.charAt(i))) i++;
        boolean neg = i < n && v.charAt(i) == '-';
        if (i < n && (v.charAt(i) == '-' || v.charAt(i) == '+')) i++;
        long r = 0;
        while (i < n && v.charAt(i) >= '0' && v.charAt(i) <= '9') r = r * 10 + (v.charAt(i++) - '0');
        return neg ? -r : r;
    }

    /** writeAofManifestFile: a temp file, fsynced, renamed over the old manifest (atomic on POSIX). */
    void write(Path dir, String manifestName) throws IOException {
        Path tmp = dir.resolve("temp-" + manifestName);
        byte[] bytes = format().getBytes(StandardCharsets.UTF_8);
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(manifestName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** sdscatrepr when the name has spaces or quotes, as Redis writes it. */
    static String quoteIfNeeded(String name) {
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch <= ' ' || ch == '"' || ch == '\'' || ch == '\\' || ch > '~') {
                return io.glassbox.resp.SplitArgs.repr(name.getBytes(StandardCharsets.UTF_8));
            }
        }
        return name;
    }
}
