package io.glassbox.persistence.aof;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.glassbox.testkit.Args.argv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the AOF loader (Jazzer; docs/fuzzing.md): a manifest and an incr file
 * of any bytes, replayed by DEBUG LOADAOF as at start-up, give a loaded dataset or the loader's
 * error, never an internal error or a hang, and the server answers afterwards.
 *
 * <p>The input is the manifest, a NUL byte, then the incr file; without a NUL it is the incr file
 * under a fixed manifest. A loaded file runs its commands, whatever they are, as Redis does; so that
 * a run cannot stop the engine, sleep, or write outside its directory, inputs with a line that is the
 * name of such a command (SHUTDOWN, DEBUG, CONFIG, SAVE, REPLICAOF, scripts, ...) are skipped.
 */
@Tag("fuzz")
class AofLoadFuzzTest {
    private static final EngineFixture ENGINE = start();
    private static final Path AOF_DIR = Path.of(dir()).resolve("appendonlydir");
    private static final String MANIFEST = "file appendonly.aof.1.incr.aof seq 1 type i\n";
    private static final java.util.Set<String> SKIPPED = java.util.Set.of("shutdown", "debug", "config", "save", "bgsave",
            "bgrewriteaof", "replicaof", "slaveof", "migrate", "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro",
            "function", "script", "monitor", "sync", "psync", "failover", "client", "acl", "module", "cluster", "latency",
            "slowlog", "quit", "reset", "hello", "auth");

    private static EngineFixture start() {
        try {
            return EngineFixture.builder().debug().start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String dir() {
        RespValue.Array a = (RespValue.Array) ENGINE.call("CONFIG", "GET", "dir");
        return a.items().get(1).asText();
    }

    @AfterAll
    static void stop() { ENGINE.close(); }

    @FuzzTest
    void anyManifestAndIncrFile(byte[] input) throws Exception {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        for (String line : text.split("\r?\n")) if (SKIPPED.contains(line.toLowerCase(java.util.Locale.ROOT))) return;
        int nul = text.indexOf('\0');
        byte[] manifest = nul < 0 ? MANIFEST.getBytes(StandardCharsets.US_ASCII) : java.util.Arrays.copyOf(input, nul);
        byte[] incr = nul < 0 ? input : java.util.Arrays.copyOfRange(input, nul + 1, input.length);
        Files.createDirectories(AOF_DIR);
        try (var files = Files.list(AOF_DIR)) {
            for (Path p : files.toList()) Files.delete(p);
        }
        Files.write(AOF_DIR.resolve("appendonly.aof.manifest"), manifest);
        Files.write(AOF_DIR.resolve("appendonly.aof.1.incr.aof"), incr);
        RespValue r = call("DEBUG", "LOADAOF");
        if (r instanceof RespValue.Error e) {
            assertTrue(e.message().startsWith("ERR Error loading the AOF"), e.message());
        } else {
            assertEquals("OK", r.asText());
        }
        for (String db : new String[]{"0", "9"}) {
            call("SELECT", db);
            assertFalse(call("DEBUG", "DIGEST") instanceof RespValue.Error);
            assertTrue(call("DBSIZE") instanceof RespValue.Int);
            RespValue key = call("RANDOMKEY");
            if (key instanceof RespValue.Bulk b) assertFalse(call(argv("DUMP", b.value())) instanceof RespValue.Error);
        }
        call("SELECT", "0");
        assertEquals("PONG", call("PING").asText());
    }

    /** One command; ten seconds without a reply is a hang (a finding), not a slow run. */
    private static RespValue call(String... args) throws Exception { return call(argv((Object[]) args)); }

    private static RespValue call(java.util.List<byte[]> a) throws Exception {
        return ENGINE.client.send(a).get(10, TimeUnit.SECONDS);
    }
}
