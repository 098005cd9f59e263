package io.glassbox.repl;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.glassbox.engine.PublicFace;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The REPL depends only on the engine's public face ({@link PublicFace}: {@code engine}, {@code hooks},
 * {@code resp}, {@code config} and the snapshot records the hooks hand out), never on {@code server},
 * {@code db}, the data structures, {@code net} or the loop: read from its compiled classes.
 */
@Tag("unit")
class PublicFaceTest {
    private static final String OWN = "io.glassbox.repl.";

    @Test
    void usesOnlyTheEnginesPublicFace() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.glassbox.repl");
        assertTrue(classes.size() > 10, "the REPL's classes were found: " + classes.size());
        Map<String, Set<String>> violations = new TreeMap<>();
        for (JavaClass c : classes) {
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getBaseComponentType().getName();
                if (!target.startsWith("io.glassbox.") || target.startsWith(OWN)) continue;
                if (!PublicFace.allows(target)) violations.computeIfAbsent(target, k -> new TreeSet<>()).add(outer(c));
            }
        }
        if (!violations.isEmpty()) {
            StringBuilder sb = new StringBuilder("the REPL reaches behind the engine's public face (" + PublicFace.PACKAGES
                    + " and the snapshot records " + new TreeSet<>(PublicFace.records()) + "):\n");
            violations.forEach((target, from) -> sb.append("  ").append(target).append(" from ").append(from).append('\n'));
            fail(sb.toString());
        }
    }

    /** The face this test checks against is narrow enough to fail on the reaches it exists to stop. */
    @Test
    void theFaceExcludesTheInternals() {
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
