package io.glassbox.samples.modules;

import io.glassbox.resp.RespValue;
import io.glassbox.samples.modules.hello.HelloWorldModule;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.testkit.ModuleJar;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hello-world module, built into a jar (declared as a ServiceLoader provider) and loaded with MODULE LOAD. */
@Tag("unit")
class HelloWorldModuleTest {
    @TempDir Path dir;

    @Test
    void greetsAndCounts() throws Exception {
        Path jar = ModuleJar.build(dir.resolve("hello.jar"), HelloWorldModule.class, false);
        try (EngineFixture f = EngineFixture.builder().settings(s -> s.enableModuleCommand = "yes").start()) {
            assertEquals("OK", text(f.client.call("MODULE", "LOAD", jar.toString())));
            assertEquals("Hello, world!", text(f.client.call("HELLO.WORLD")));
            assertEquals("Hello, glassbox!", text(f.client.call("hello.world", "glassbox")));
            assertEquals("5", text(f.client.call("counter.incrby", "visits", "5")));
            assertEquals("3", text(f.client.call("counter.incrby", "visits", "-2")));
            assertEquals("3", text(f.client.call("GET", "visits")));
            assertEquals("3", text(f.client.call("counter.get", "visits")));
            f.client.call("RPUSH", "l", "x");
            assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", text(f.client.call("counter.get", "l")));
            assertEquals("ERR wrong number of arguments for 'counter.get' command", text(f.client.call("counter.get")));
            assertEquals("OK", text(f.client.call("MODULE", "UNLOAD", "helloworld")));
            assertEquals("ERR unknown command 'hello.world', with args beginning with: ", text(f.client.call("hello.world")));
        }
    }

    static String text(RespValue v) {
        if (v instanceof RespValue.Error e) return e.message();
        if (v instanceof RespValue.Int i) return Long.toString(i.value());
        return v.asText();
    }
}
