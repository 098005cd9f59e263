package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.Verifier;
import io.glassbox.course.View;
import io.glassbox.course.lessons.tally.TallyModule;
import io.glassbox.hooks.EngineEvent;
import io.glassbox.resp.RespValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Chapter 31, modules (module.c: moduleLoad, RM_CreateCommand, RM_CreateDataType): a module is
 * loaded into a running server of the lesson's own (MODULE needs enable-module-command), its
 * commands appear in the command table with their flags and key specs, a value of its type sits
 * in the keyspace, goes into the RDB under the type's 64-bit id and comes back from it; a module
 * with a type cannot be unloaded. Everything shown is read from the server's replies and the
 * hooks' ModuleChanged events.
 */
final class ModuleLesson {
    private ModuleLesson() {}

    static Lesson lesson() {
        return Lesson.builder("31", 31)
                .step(r -> {
                    LessonRun.Node s = r.startEngine("server", "--enable-module-command", "yes", "--enable-debug-command", "yes");
                    r.view(View.Kind.NONE);
                    RespValue beforeReply = ((RespValue.Array) r.call(s, "COMMAND", "INFO", "tally.add")).items().get(0);
                    String before = beforeReply instanceof RespValue.Null ? "(nil)" : TrackingLesson.render(beforeReply);
                    LessonRun.Recorder rec = r.record(s.engine(), EngineEvent.ModuleChanged.class);
                    Path jar = jar(s);
                    String load = LessonRun.text(r.call(s, "MODULE", "LOAD", jar.toString()));
                    LessonRun.await(() -> rec.of(EngineEvent.ModuleChanged.class).stream().anyMatch(m -> m.what().equals("loaded")), 5000);
                    List<String> seen = new ArrayList<>();
                    for (EngineEvent.ModuleChanged m : rec.of(EngineEvent.ModuleChanged.class)) {
                        seen.add(m.what() + " " + m.name() + (m.what().equals("loaded") ? "" : " (" + m.detail() + ")"));
                    }
                    r.caption("l31.s1.load", jar.getFileName(), load, before, seen);
                    r.caption("l31.s1.why");
                    r.cite("module.c", "moduleLoad", "module.core.Modules.load");
                    r.fact("modules", modules(r, s));
                }, ModuleLesson::checkModules)
                .step(r -> {
                    LessonRun.Node s = ReplicationLesson.node(r, "server");
                    List<RespValue> info = ((RespValue.Array) ((RespValue.Array) r.call(s, "COMMAND", "INFO", "tally.add")).items().get(0)).items();
                    String docs = TrackingLesson.render(r.call(s, "COMMAND", "DOCS", "tally.add"));
                    String keys = TrackingLesson.render(r.call(s, "COMMAND", "GETKEYS", "tally.add", "visits", "3"));
                    r.view(View.Kind.NONE);
                    r.caption("l31.s2.command", LessonRun.integer(info.get(1)), TrackingLesson.render(info.get(2)), docs, keys);
                    r.caption("l31.s2.why");
                    r.cite("module.c", "RM_CreateCommand", "command.CommandTable.defineModuleCommand");
                    r.cite("server.c", "call", "server.CommandProcessor.call");
                    r.fact("modules", modules(r, s));
                }, ModuleLesson::checkModules)
                .step(r -> {
                    LessonRun.Node s = ReplicationLesson.node(r, "server");
                    r.call(s, "TALLY.ADD", "visits", "3");
                    r.call(s, "TALLY.ADD", "visits", "4");
                    String type = LessonRun.text(r.call(s, "TYPE", "visits"));
                    String enc = LessonRun.text(r.call(s, "OBJECT", "ENCODING", "visits"));
                    byte[] dump = ((RespValue.Bulk) s.client().call("DUMP", "visits")).value();
                    long id = 0;
                    for (int i = 2; i < 10; i++) id = (id << 8) | (dump[i] & 0xff); // after the type byte and the 64-bit length tag
                    String reload = LessonRun.text(r.call(s, "DEBUG", "RELOAD"));
                    String after = TrackingLesson.render(r.call(s, "TALLY.GET", "visits"));
                    r.view(View.Kind.NONE);
                    r.caption("l31.s3.type", type, enc, dump[0], Long.toHexString(id), name(id), id & 1023, reload, after);
                    r.caption("l31.s3.why");
                    r.cite("module.c", "RM_CreateDataType", "module.core.LoadContext.createDataType");
                    r.cite("rdb.c", "rdbSaveObject", "persistence.rdb.RdbWriter.saveModuleValue");
                    r.cite("rdb.c", "rdbLoadObject", "persistence.rdb.RdbLoader.loadModuleValue");
                    r.fact("total", after);
                }, v -> v.expect("TALLY.GET visits", v.fact("total"),
                        TrackingLesson.render(ReplicationLesson.node(v.run(), "server").client().call("TALLY.GET", "visits"))))
                .step(r -> {
                    LessonRun.Node s = ReplicationLesson.node(r, "server");
                    String unload = LessonRun.text(r.call(s, "MODULE", "UNLOAD", "tally"));
                    r.view(View.Kind.NONE);
                    r.caption("l31.s4.unload", unload);
                    r.caption("l31.s4.why");
                    r.cite("module.c", "moduleUnload", "module.core.Modules.unload");
                    r.fact("modules", modules(r, s));
                }, ModuleLesson::checkModules)
                .build();
    }

    /** moduleTypeNameByID: the 9 characters in the id's upper 54 bits, 6 bits each. */
    static String name(long id) {
        String cset = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char[] n = new char[9];
        long bits = id >>> 10;
        for (int j = 8; j >= 0; j--) {
            n[j] = cset.charAt((int) (bits & 63));
            bits >>>= 6;
        }
        return new String(n);
    }

    /** The names MODULE LIST shows. */
    private static List<String> modules(LessonRun r, LessonRun.Node s) {
        List<String> out = new ArrayList<>();
        for (RespValue m : ((RespValue.Array) s.client().call("MODULE", "LIST")).items()) {
            List<RespValue> kv = m instanceof RespValue.Map map ? map.entries() : ((RespValue.Array) m).items();
            out.add(LessonRun.text(kv.get(1)));
        }
        return out;
    }

    private static void checkModules(Verifier v) {
        LessonRun.Node s = ReplicationLesson.node(v.run(), "server");
        v.expect("MODULE LIST", v.fact("modules"), modules(v.run(), s));
    }

    /**
     * The module's jar, written next to the server's files: TallyModule's classes and a manifest
     * naming it (Glassbox-Module), as a module author's build would make it.
     */
    private static Path jar(LessonRun.Node s) {
        try {
            Path jar = Files.createTempFile("tally", ".jar");
            jar.toFile().deleteOnExit();
            Manifest mf = new Manifest();
            mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            mf.getMainAttributes().put(new Attributes.Name("Glassbox-Module"), TallyModule.class.getName());
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, mf)) {
                for (Class<?> c : List.of(TallyModule.class, TallyModule.Methods.class)) {
                    String entry = c.getName().replace('.', '/') + ".class";
                    j.putNextEntry(new JarEntry(entry));
                    try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) { in.transferTo(j); }
                    j.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
