package io.glassbox.engine;

import io.glassbox.hooks.StartupPhase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Engine#startup()}: main()'s steps as the engine took them (lesson 08 reads them), with what
 * each did: the options read, the databases made, the file loaded and the keys it held, the hz.
 */
@Tag("unit")
class StartupPhasesTest {
    @Test
    void recordsMainsStepsInOrderWithWhatEachDid() throws Exception {
        Path dir = Files.createTempDirectory("startup-phases");
        try {
            try (Engine w = Engine.start("--port", "0", "--save", "", "--dir", dir.toString())) {
                LocalClient c = w.newClient();
                c.call("MSET", "a", "1", "b", "2", "c", "3");
                c.call("SAVE");
                c.close();
                assertEquals("", phase(w, "loadDataFromDisk").detail(), "no file to load");
            }
            try (Engine e = Engine.start("--port", "0", "--save", "", "--dir", dir.toString(), "--hz", "25", "--databases", "3")) {
                List<String> order = e.startup().stream().map(StartupPhase::function).toList();
                assertEquals(List.of("initServerConfig", "loadServerConfig", "initServer", "ACLLoadUsersAtStartup", "InitServerLast",
                        "listenToPort", "loadDataFromDisk", "aeMain"), order);
                assertEquals(5, phase(e, "loadServerConfig").count());
                assertTrue(phase(e, "loadServerConfig").detail().contains("--hz 25"));
                assertEquals(3, phase(e, "initServer").count());
                assertEquals(e.port(), phase(e, "listenToPort").count());
                assertEquals(3, phase(e, "loadDataFromDisk").count());
                assertEquals("dump.rdb", phase(e, "loadDataFromDisk").detail());
                assertEquals(25, phase(e, "aeMain").count());
                long at = 0;
                for (StartupPhase p : e.startup()) {
                    assertTrue(p.startNanos() >= at && p.durationNanos() >= 0, p.toString());
                    at = p.startNanos() + p.durationNanos();
                }
            }
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static StartupPhase phase(Engine e, String f) {
        return e.startup().stream().filter(p -> p.function().equals(f)).findFirst().orElseThrow();
    }
}
