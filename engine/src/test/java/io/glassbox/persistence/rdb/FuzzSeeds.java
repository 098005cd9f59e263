package io.glassbox.persistence.rdb;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the Glassbox half of the fuzzers' seed corpora (docs/fuzzing.md), run by hand when the
 * encoders change: {@code bench/fuzz.sh seeds}. For every key of {@link RdbTestData} and a stream,
 * its DUMP body (a RESTORE seed) and an RDB file holding it alone (an RDB seed); the whole dataset as
 * one RDB file; and the AOF incr file that writing it produced (an AOF seed). Real Redis 7.0.15's
 * seeds come from bench/fuzz-seeds-redis.py.
 */
public final class FuzzSeeds {
    private FuzzSeeds() {}

    public static void main(String[] args) throws Exception {
        Path resources = Path.of(args[0]);
        Path restore = resources.resolve("io/glassbox/persistence/rdb/RestorePayloadFuzzTestInputs/anyValueBytesAsARestorePayload");
        Path rdb = resources.resolve("io/glassbox/persistence/rdb/RdbLoadFuzzTestInputs/anyBytesAsAnRdbFile");
        Path aof = resources.resolve("io/glassbox/persistence/aof/AofLoadFuzzTestInputs/anyManifestAndIncrFile");
        for (Path p : List.of(restore, rdb, aof)) Files.createDirectories(p);
        Path dir = Files.createTempDirectory("glassbox-seeds");
        try (Engine e = EngineFixture.builder().debug().dir(dir).config("appendonly yes\naof-use-rdb-preamble no\n").startEngine()) {
            LocalClient c = e.newClient();
            RdbRoundTripTest.fill(c);
            c.call("XADD", "x:s", "1-1", "a", "1", "b", "2");
            c.call("XADD", "x:s", "2-0", "a", "3");
            c.call("XGROUP", "CREATE", "x:s", "g", "0");
            c.call("XREADGROUP", "GROUP", "g", "c1", "COUNT", "1", "STREAMS", "x:s", ">");
            c.call("MULTI");
            c.call("INCR", "ctr");
            c.call("EXEC");
            check(c.call("SAVE"));
            Files.copy(dir.resolve("dump.rdb"), rdb.resolve("glassbox-all-types.rdb"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (var s = Files.list(dir.resolve("appendonlydir"))) {
                Path incr = s.filter(p -> p.toString().endsWith(".incr.aof")).findFirst().orElseThrow();
                Files.copy(incr, aof.resolve("glassbox-incr"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> keys = new java.util.ArrayList<>(RdbTestData.KEYS);
            keys.add("x:s");
            java.util.Map<String, byte[]> payloads = new java.util.LinkedHashMap<>();
            for (String k : keys) payloads.put(k, ((RespValue.Bulk) c.call("DUMP", k)).value());
            check(c.call("CONFIG", "SET", "appendonly", "no"));
            for (var p : payloads.entrySet()) {
                byte[] payload = p.getValue();
                String name = "glassbox-" + p.getKey().replace(':', '-');
                Files.write(restore.resolve(name), Arrays.copyOf(payload, payload.length - 10));
                check(c.call("FLUSHALL"));
                check(c.send(io.glassbox.testkit.Args.argv("RESTORE", p.getKey(), "0", payload)).join());
                check(c.call("SAVE"));
                Files.copy(dir.resolve("dump.rdb"), rdb.resolve(name + ".rdb"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void check(RespValue r) {
        if (r instanceof RespValue.Error e) throw new IllegalStateException(e.message());
    }
}
