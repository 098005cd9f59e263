package io.glassbox;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The engine's layers, read from the compiled classes (docs/architecture.md draws them). A class may
 * depend on classes of its own layer or of lower layers only; the event loop knows nothing of the
 * server (as {@code ae.c} knows nothing of {@code server.c}); and the subsystems, which may use each
 * other (replication sends RDB files), never do so in a circle.
 */
@Tag("unit")
class ArchitectureTest {
    /** Lowest first. A package belongs to the layer of its longest listed prefix. */
    static final List<List<String>> LAYERS = List.of(
            List.of("util", "resp", "config", "loop", "bio"),
            List.of("ds"),
            List.of("db"),
            List.of("server", "command"),
            List.of("pubsub", "persistence", "replication", "scripting", "tracking", "eviction", "acl", "cluster", "sentinel", "module"),
            List.of("net"),
            List.of("hooks"),
            List.of("engine", "junit"));
    static final String ROOT = "io.glassbox.";
    /** The subsystems' layer in {@link #LAYERS}, and the server class they must not see. */
    static final int SUBSYSTEMS = 4;
    static final String SERVER = ROOT + "server.Server";

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.glassbox");
    }

    /** The layer index of a package below io.glassbox, or -1 for code outside the layers (luaj's patch). */
    static int layerOf(String pkg) {
        if (!pkg.startsWith(ROOT)) return -1;
        String rel = pkg.substring(ROOT.length());
        String top = rel.contains(".") ? rel.substring(0, rel.indexOf('.')) : rel;
        for (int i = 0; i < LAYERS.size(); i++) if (LAYERS.get(i).contains(top)) return i;
        return -2;
    }

    /** The package a dependency counts for: a subsystem is one unit with its sub-packages (persistence.rdb and .aof are one). */
    static String unitOf(String pkg) {
        String rel = pkg.substring(ROOT.length());
        return rel.contains(".") ? rel.substring(0, rel.indexOf('.')) : rel;
    }

    @Test
    void everyPackageHasALayer() {
        Set<String> unknown = new TreeSet<>();
        for (JavaClass c : classes) if (layerOf(c.getPackageName()) == -2) unknown.add(c.getPackageName());
        assertTrue(unknown.isEmpty(), "packages with no layer in ArchitectureTest.LAYERS (and docs/architecture.md): " + unknown);
    }

    @Test
    void dependenciesPointDownward() {
        Map<String, Set<String>> violations = new TreeMap<>();
        for (JavaClass c : classes) {
            int from = layerOf(c.getPackageName());
            if (from < 0) continue;
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass();
                int to = layerOf(target.getPackageName());
                if (to < 0) continue;
                if (to > from) {
                    violations.computeIfAbsent(unitOf(c.getPackageName()) + " -> " + unitOf(target.getPackageName()), k -> new TreeSet<>())
                            .add(c.getSimpleName().isEmpty() ? c.getName() : outer(c) + " -> " + outer(target));
                }
            }
        }
        if (!violations.isEmpty()) fail(report("dependencies against the layers (lowest first: " + LAYERS + ")", violations));
    }

    @Test
    void theLoopKnowsNothingOfTheServer() {
        Map<String, Set<String>> violations = new TreeMap<>();
        for (JavaClass c : classes) {
            if (!c.getPackageName().equals(ROOT + "loop")) continue;
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String p = d.getTargetClass().getPackageName();
                if (p.startsWith(ROOT) && !p.equals(ROOT + "loop") && !p.startsWith(ROOT + "util")) {
                    violations.computeIfAbsent("loop -> " + unitOf(p), k -> new TreeSet<>()).add(outer(c) + " -> " + outer(d.getTargetClass()));
                }
            }
        }
        if (!violations.isEmpty()) fail(report("the event loop reaches above itself", violations));
    }

    @Test
    void subsystemsDoNotDependOnEachOtherInACircle() {
        Set<String> subsystems = new HashSet<>(LAYERS.get(4));
        Map<String, Set<String>> edges = new LinkedHashMap<>();
        for (JavaClass c : classes) {
            if (layerOf(c.getPackageName()) != 4) continue;
            String from = unitOf(c.getPackageName());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String p = d.getTargetClass().getPackageName();
                if (layerOf(p) != 4) continue;
                String to = unitOf(p);
                if (!to.equals(from) && subsystems.contains(to)) edges.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
            }
        }
        List<String> cycle = findCycle(edges);
        assertEquals(List.of(), cycle, "subsystems in a circle: " + String.join(" -> ", cycle) + " (edges " + edges + ")");
    }

    /**
     * A subsystem sees the server through the narrow {@code Host} it declares (RdbPersistence.Host,
     * AppendOnlyFile.Host, DiskPersistence.Host, Replication.Host, Scripting.Host), answered by an
     * adapter in the engine package, never through the whole {@code Server}. The server core's
     * smaller types (Client, Propagation, InfoLines, ...) stay allowed; calling
     * {@code Client.server()} counts as seeing the Server.
     */
    @Test
    void subsystemsSeeTheServerOnlyThroughTheirHost() {
        Map<String, Set<String>> violations = new TreeMap<>();
        for (JavaClass c : classes) {
            if (layerOf(c.getPackageName()) != SUBSYSTEMS) continue;
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                if (d.getTargetClass().getName().equals(SERVER)) {
                    violations.computeIfAbsent(unitOf(c.getPackageName()) + " -> Server", k -> new TreeSet<>()).add(outer(c));
                }
            }
        }
        if (!violations.isEmpty()) fail(report("subsystems that take the whole Server instead of a Host", violations));
    }

    /** The layer table is checked against itself: the test must be able to fail (a class above the server reaching down is fine, not up). */
    @Test
    void theLayerTableOrdersTheKnownExamples() {
        assertTrue(layerOf("io.glassbox.ds.dict") < layerOf("io.glassbox.db"));
        assertTrue(layerOf("io.glassbox.command.zset") == layerOf("io.glassbox.server"));
        assertTrue(layerOf("io.glassbox.persistence.rdb") > layerOf("io.glassbox.server"));
        assertTrue(layerOf("io.glassbox.hooks.remote") > layerOf("io.glassbox.net"));
        assertEquals(SUBSYSTEMS, layerOf("io.glassbox.persistence.aof"));
        assertEquals(SUBSYSTEMS, layerOf("io.glassbox.scripting"));
        assertTrue(classes.contain(SERVER), "the class the Host check forbids exists under that name");
        List<String> cycle = findCycle(Map.of("a", Set.of("b"), "b", Set.of("a"), "c", Set.of("a")));
        assertEquals(3, cycle.size(), "a -> b -> a is a circle: " + cycle);
        assertEquals(cycle.get(0), cycle.get(2));
        assertEquals(List.of(), findCycle(Map.of("a", Set.of("b"), "c", Set.of("a", "b"))));
    }

    private static List<String> findCycle(Map<String, Set<String>> edges) {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the path, 2 = done
        for (String start : edges.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> found = dfs(start, edges, state, path);
            if (found != null) return found;
        }
        return List.of();
    }

    private static List<String> dfs(String node, Map<String, Set<String>> edges, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) return null;
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return cycle;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : edges.getOrDefault(node, Set.of())) {
            List<String> found = dfs(next, edges, state, path);
            if (found != null) return found;
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return null;
    }

    private static String outer(JavaClass c) {
        String n = c.getName().substring(c.getPackageName().length() + 1);
        int dollar = n.indexOf('$');
        return dollar < 0 ? n : n.substring(0, dollar);
    }

    private static String report(String title, Map<String, Set<String>> violations) {
        StringBuilder sb = new StringBuilder(title).append(":\n");
        violations.forEach((edge, examples) -> sb.append("  ").append(edge).append(": ").append(examples).append('\n'));
        return sb.toString();
    }
}
