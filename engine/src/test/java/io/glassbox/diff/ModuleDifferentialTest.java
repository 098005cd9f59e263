package io.glassbox.diff;

import io.glassbox.engine.Engine;
import io.glassbox.module.testmods.HelloModule;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.testkit.ModuleJar;
import io.glassbox.testkit.Ports;
import io.glassbox.testkit.RealRedis;
import io.glassbox.testkit.ReplyComparer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MODULE command against redis-server 7.0.15 with no modules: MODULE LIST, HELP, errors for a
 * missing file, a file that is not a module (a jar is not a shared object to Redis, and a text file
 * is neither to either), LOADEX's refused configs, UNLOAD of an unknown name, the protection of
 * enable-module-command; and an RDB holding a module value, which Redis's own redis-check-rdb
 * accepts (RDB_TYPE_MODULE_2 framing) and redis-server without the module refuses with the same
 * words as Glassbox.
 */
@Tag("differential")
class ModuleDifferentialTest {
    @TempDir Path dir;

    @Test
    void moduleCommandRepliesAndErrorsLikeRedis() throws Exception {
        Path notAModule = Files.writeString(dir.resolve("notamodule.so"), "not a module");
        try (RealRedis redis = RealRedis.start("--enable-module-command", "yes");
             Engine glassbox = EngineFixture.builder().listening().debug().settings(s -> s.enableModuleCommand = "yes").startEngine();
             ReplyComparer t = new ReplyComparer(redis.port(), glassbox.port())) {
            t.send("MODULE", "LIST");
            t.send("MODULE", "HELP");
            t.send("MODULE", "LOAD", dir.resolve("missing.so").toString());
            t.send("MODULE", "LOAD", notAModule.toString(), "arg");
            t.send("MODULE", "LOADEX", notAModule.toString(), "CONFIG", "x.y", "1");
            t.send("MODULE", "LOADEX", notAModule.toString(), "ARGS", "a", "b");
            t.send("MODULE", "UNLOAD", "nosuch");
            t.send("MODULE", "LOAD");
            t.send("MODULE", "UNLOAD");
            t.send("MODULE", "LIST", "extra");
            t.send("MODULE", "NOSUCH");
            t.send("COMMAND", "LIST", "FILTERBY", "MODULE", "nosuch");
            t.send("COMMAND", "INFO", "module|load");
            t.send("COMMAND", "DOCS", "module|list");
            t.send("MODULE", "LIST");
            t.assertSame();
            assertEquals(15, t.compared());
        }
        try (RealRedis redis = RealRedis.start();
             Engine glassbox = EngineFixture.builder().listening().debug().startEngine();
             ReplyComparer t = new ReplyComparer(redis.port(), glassbox.port())) {
            t.send("MODULE", "LOAD", notAModule.toString()); // enable-module-command no: refused before any load
            t.send("MODULE", "UNLOAD", "x");
            t.send("MODULE", "LIST");
            t.assertSame();
        }
    }

    @Test
    void anRdbWithAModuleValueIsValidToRedisAndRefusedWithoutTheModule() throws Exception {
        Path jar = ModuleJar.build(dir.resolve("hello.jar"), HelloModule.class);
        Path data = Files.createDirectories(dir.resolve("data"));
        try (EngineFixture f = EngineFixture.builder().dir(data).config("loadmodule " + jar).start()) {
            f.client.call("hellotype.insert", "t", "5");
            f.client.call("hellotype.insert", "t", "-1");
            f.client.call("SET", "s", "plain");
            f.client.call("SAVE");
        }
        Path rdb = data.resolve("dump.rdb");
        RealRedis.checkRdb(rdb); // redis-check-rdb walks the module value's opcodes without the module
        Path oracleDir = Files.createDirectories(dir.resolve("oracle"));
        Files.copy(rdb, oracleDir.resolve("dump.rdb"));
        IOException refused = assertThrows(IOException.class, () -> RealRedis.start(Ports.free(), oracleDir).close());
        String expected = "The RDB file contains module data I can't load: no matching module type 'hellotype'";
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
        Exception ours = assertThrows(Exception.class, () -> EngineFixture.builder().dir(data).start().close());
        StringBuilder all = new StringBuilder();
        for (Throwable x = ours; x != null; x = x.getCause()) all.append(x.getMessage());
        assertTrue(all.toString().contains(expected), all.toString());
    }
}
