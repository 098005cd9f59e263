package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.View;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Chapters 19 and 20, the AOF and its rewrite (aof.c, Redis 7.0's multi-part AOF): a server of the
 * lesson's own with appendonly yes; its directory (manifest, base, incr files), the commands as
 * feedAppendOnlyFile wrote them (EXPIRE as PEXPIREAT), and a BGREWRITEAOF after which the manifest
 * names a new base and a new incr file that holds only what was written since the rewrite began.
 * File names, sizes and contents are read from the disk; sizes and thresholds from INFO.
 */
final class AofLesson {
    private AofLesson() {}

    static Lesson lesson() {
        return Lesson.builder("19", 19, 20)
                .step(r -> {
                    LessonRun.Node s = r.startEngine("server", "--appendonly", "yes");
                    LessonRun.await(() -> manifest(r).contains("type i"), 5000);
                    r.view(View.none());
                    r.caption("l19.s1.dir", files(r), manifest(r).strip().replace("\n", " | "));
                    r.caption("l19.s1.why");
                    r.cite("aof.c", "aofOpenIfNeededOnServerStart", "persistence.aof.AppendOnlyFile.loadAtStartup");
                    r.fact("manifest", manifest(r));
                }, v -> v.expect("the manifest", v.fact("manifest"), manifest(v.run())))
                .step(r -> {
                    LessonRun.Node s = node(r);
                    r.call(s, "SET", "greeting", "hello");
                    r.call(s, "INCR", "counter");
                    r.call(s, "EXPIRE", "greeting", "3600");
                    LessonRun.await(() -> commands(r).size() >= 3, 5000);
                    List<String> cmds = commands(r);
                    r.view(View.none());
                    r.caption("l19.s2.incr", incrName(r), cmds);
                    r.caption("l19.s2.why");
                    r.cite("aof.c", "feedAppendOnlyFile", "persistence.aof.AppendOnlyFile.feed");
                    r.cite("aof.c", "flushAppendOnlyFile", "persistence.aof.AppendOnlyFile.flushAppendOnlyFile");
                    r.fact("commands", cmds);
                }, v -> v.expect("the incr file's commands", v.fact("commands"), commands(v.run())))
                .step(r -> {
                    LessonRun.Node s = node(r);
                    String before = manifest(r);
                    r.call(s, "BGREWRITEAOF");
                    r.call(s, "SET", "during", "the rewrite");
                    LessonRun.await(() -> "0".equals(LessonRun.info(s.client(), "persistence", "aof_rewrite_in_progress"))
                            && "0".equals(LessonRun.info(s.client(), "persistence", "aof_rewrite_scheduled"))
                            && !manifest(r).equals(before), 10_000);
                    String after = manifest(r);
                    List<String> cmds = commands(r);
                    r.view(View.none());
                    r.caption("l19.s3.manifest", before.strip().replace("\n", " | "), after.strip().replace("\n", " | "), files(r));
                    r.caption("l19.s3.incr", incrName(r), cmds);
                    r.caption("l19.s3.version");
                    r.cite("aof.c", "rewriteAppendOnlyFileBackground", "persistence.aof.AppendOnlyFile.rewriteBackground");
                    r.cite("aof.c", "backgroundRewriteDoneHandler", "persistence.aof.AppendOnlyFile.backgroundRewriteDone");
                    r.fact("manifest", after);
                }, v -> v.expect("the manifest", v.fact("manifest"), manifest(v.run())))
                .step(r -> {
                    LessonRun.Node s = node(r);
                    long current = Long.parseLong(LessonRun.info(s.client(), "persistence", "aof_current_size"));
                    long base = Long.parseLong(LessonRun.info(s.client(), "persistence", "aof_base_size"));
                    List<String> pct = LessonRun.strings(r.call(s, "CONFIG", "GET", "auto-aof-rewrite-percentage"));
                    List<String> min = LessonRun.strings(r.call(s, "CONFIG", "GET", "auto-aof-rewrite-min-size"));
                    long growth = base == 0 ? 0 : (current - base) * 100 / base;
                    r.view(View.none());
                    r.caption(current < Long.parseLong(min.get(1)) ? "l19.s4.auto" : "l19.s4.due", current, base, growth, pct.get(1), min.get(1));
                    r.cite("server.c", "serverCron", "persistence.aof.AppendOnlyFile.cron");
                    r.fact("base", base);
                }, v -> v.expect("aof_base_size", v.fact("base"),
                        Long.parseLong(LessonRun.info(node(v.run()).client(), "persistence", "aof_base_size"))))
                .build();
    }

    static LessonRun.Node node(LessonRun r) { return ReplicationLesson.node(r, "server"); }

    static Path dir(LessonRun r) {
        LessonRun.Node s = node(r);
        String dir = LessonRun.strings(s.client().call("CONFIG", "GET", "dir")).get(1);
        String sub = LessonRun.strings(s.client().call("CONFIG", "GET", "appenddirname")).get(1);
        return Path.of(dir, sub);
    }

    static String manifest(LessonRun r) {
        try (Stream<Path> l = Files.list(dir(r))) {
            Path m = l.filter(p -> p.getFileName().toString().endsWith(".manifest")).findFirst().orElse(null);
            return m == null ? "" : Files.readString(m, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The AOF directory's files with their sizes, in name order. */
    static List<String> files(LessonRun r) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> l = Files.list(dir(r))) {
            for (Path p : l.sorted().toList()) out.add(p.getFileName() + " (" + Files.size(p) + " B)");
        }
        return out;
    }

    /** The incr file the manifest names last: where writes go now. */
    static String incrName(LessonRun r) {
        String name = null;
        for (String line : manifest(r).split("\n")) {
            if (line.endsWith("type i")) name = line.split(" ")[1];
        }
        return name;
    }

    /** The commands in the current incr file, each as a line (the RESP arrays feedAppendOnlyFile wrote). */
    static List<String> commands(LessonRun r) {
        List<String> out = new ArrayList<>();
        String name = incrName(r);
        if (name == null) return out;
        byte[] b;
        try {
            b = Files.readAllBytes(dir(r).resolve(name));
        } catch (IOException e) {
            return out;
        }
        int p = 0;
        try {
            while (p < b.length && b[p] == '*') {
                int eol = indexOf(b, p);
                int n = Integer.parseInt(new String(b, p + 1, eol - p - 1, StandardCharsets.US_ASCII));
                p = eol + 2;
                List<String> args = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    eol = indexOf(b, p);
                    int len = Integer.parseInt(new String(b, p + 1, eol - p - 1, StandardCharsets.US_ASCII));
                    p = eol + 2;
                    args.add(new String(b, p, len, StandardCharsets.UTF_8));
                    p += len + 2;
                }
                out.add(String.join(" ", args));
            }
        } catch (RuntimeException e) {
            out.add("(a partial command at byte " + p + ")");
        }
        return out;
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) if (b[i] == '\r' && b[i + 1] == '\n') return i;
        throw new IllegalStateException("no CRLF after " + from);
    }
}
