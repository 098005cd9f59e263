package io.glassbox.testkit;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.glassbox.engine.PublicFace;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The check behind each front end's {@code PublicFaceTest}: a module above the engine (the REPL,
 * the visualizer, the samples) depends only on the engine's public face ({@link PublicFace}:
 * {@code engine}, {@code hooks}, {@code resp}, {@code config} and the snapshot records the hooks
 * hand out), never on {@code server}, {@code db}, the data structures, {@code net} or the loop,
 * read from the module's compiled classes.
 */
public final class PublicFaceCheck {
    private PublicFaceCheck() {}

    /** Fails naming every dependency of {@code module}'s main classes (package {@code pkg}) outside the face. */
    public static void assertUsesOnlyThePublicFace(String pkg, String module) {
        assertUsesOnlyThePublicFace(pkg, module, new String[0]);
    }

    /**
     * As {@link #assertUsesOnlyThePublicFace(String, String)}, for a module that also uses other
     * modules above the engine (the REPL uses the course, {@code "io.glassbox.course."}): their
     * packages are allowed, and they are checked by their own PublicFaceTest.
     */
    public static void assertUsesOnlyThePublicFace(String pkg, String module, String... alsoAllowed) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(pkg);
        assertTrue(classes.size() > 1, module + "'s classes were found: " + classes.size());
        String own = pkg + ".";
        Map<String, Set<String>> violations = new TreeMap<>();
        for (JavaClass c : classes) {
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getBaseComponentType().getName();
                if (!target.startsWith("io.glassbox.") || target.startsWith(own)) continue;
                if (java.util.Arrays.stream(alsoAllowed).anyMatch(target::startsWith)) continue;
                if (!PublicFace.allows(target)) violations.computeIfAbsent(target, k -> new TreeSet<>()).add(outer(c));
            }
        }
        if (!violations.isEmpty()) {
            StringBuilder sb = new StringBuilder(module + " reaches behind the engine's public face (" + PublicFace.PACKAGES
                    + " and the snapshot records " + new TreeSet<>(PublicFace.records()) + "):\n");
            violations.forEach((target, from) -> sb.append("  ").append(target).append(" from ").append(from).append('\n'));
            fail(sb.toString());
        }
    }

    /** The face checked against is narrow enough to fail on the reaches it exists to stop. */
    public static void assertTheFaceExcludesTheInternals() {
        for (String inside : new String[]{"io.glassbox.server.Server", "io.glassbox.server.ServerSettings", "io.glassbox.db.RedisDb",
                "io.glassbox.db.ZsetObjects", "io.glassbox.ds.dict.Dict", "io.glassbox.ds.rax.Rax", "io.glassbox.net.NettyServer",
                "io.glassbox.loop.EventLoop", "io.glassbox.replication.Replication", "io.glassbox.hooks.remote.GlassboxCommands",
                "io.glassbox.util.Glob"}) {
            assertFalse(PublicFace.allows(inside), inside);
        }
        for (String face : new String[]{"io.glassbox.engine.Engine", "io.glassbox.hooks.KeySnapshot", "io.glassbox.resp.RespValue",
                "io.glassbox.config.ConfigRegistry", "io.glassbox.loop.Tick", "io.glassbox.ds.dict.DictSnapshot",
                "io.glassbox.ds.skiplist.SkipListSnapshot$NodeView", "io.glassbox.ds.stream.StreamSnapshot", "io.glassbox.ds.rax.Rax$NodeView",
                "io.glassbox.replication.Replication$Snapshot"}) {
            assertTrue(PublicFace.allows(face), face);
        }
    }

    /** The top-level class a dependency comes from, below io.glassbox. */
    private static String outer(JavaClass c) {
        String n = c.getName().substring("io.glassbox.".length());
        int dollar = n.indexOf('$');
        return dollar < 0 ? n : n.substring(0, dollar);
    }
}
