package io.glassbox.module;

import io.glassbox.module.testmods.HelloModule;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import io.glassbox.testkit.ModuleJar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MODULE LOAD / LIST / UNLOAD and the API a module command sees, with a jar built from HelloModule at test time. */
@Tag("unit")
class ModuleTest {
    private static final String LOAD_ERROR = "ERR Error loading the extension. Please check the server logs.";
    @TempDir static Path dir;
    static Path jar;

    @BeforeAll
    static void buildJar() throws Exception {
        jar = ModuleJar.build(dir.resolve("hello.jar"), HelloModule.class);
    }

    private static EngineFixture engine() throws Exception {
        return EngineFixture.builder().debug().settings(s -> s.enableModuleCommand = "yes").start();
    }

    private static String text(RespValue v) {
        return v instanceof RespValue.Error e ? e.message() : v.asText();
    }

    @Test
    void loadListsTheModuleAndItsCommandsRunWithTheirReplies() throws Exception {
        try (EngineFixture f = engine()) {
            assertEquals("OK", text(f.client.call("MODULE", "LOAD", jar.toString(), "a1", "b2")));
            assertEquals(List.of(List.of("name", "hello", "ver", 3L, "path", jar.toString(), "args", List.of("a1", "b2"))),
                    plain(f.client.call("MODULE", "LIST")));
            assertTrue(text(f.client.call("INFO", "modules")).contains(
                    "# Modules\r\nmodule:name=hello,ver=3,api=1,filters=0,usedby=[],using=[],options=[]\r\n"));
            assertEquals(plain(f.client.call("MODULE", "LIST")), ((List<?>) plain(f.client.call("HELLO", "2"))).get(13));
            assertEquals(0L, plain(f.client.call("HELLO.SIMPLE")));
            assertEquals(List.of("a1", "b2"), plain(f.client.call("hello.args")));
            assertEquals(1L, plain(f.client.call("hello.incr", "n")));
            assertEquals(2L, plain(f.client.call("hello.incr", "n")));
            assertEquals("2", text(f.client.call("GET", "n")));
            assertEquals(1L, plain(f.client.call("hello.push.call", "l", "apple")));
            f.client.call("RPUSH", "l", "banana", "avocado");
            assertEquals(List.of("apple", "avocado"), plain(f.client.call("hello.list.range", "l")));
            assertEquals("ERR wrong number of arguments for 'hello.incr' command", text(f.client.call("hello.incr")));
            // a callback that throws: an error, not the partial reply, and the server goes on
            assertTrue(text(f.client.call("hello.boom")).startsWith("ERR internal error in 'hello.boom'"));
            assertEquals("PONG", text(f.client.call("PING")));
            assertEquals(0L, plain(f.client.call("hello.reach", "io.glassbox.server.Server")));
            assertEquals(0L, plain(f.client.call("hello.reach", "io.glassbox.module.core.Modules")));
            assertEquals(1L, plain(f.client.call("hello.reach", "io.glassbox.module.ModuleKey")));
        }
    }

    @Test
    void moduleCommandsShowInTheCommandTableWithFlagsKeySpecsAndGroup() throws Exception {
        try (EngineFixture f = engine()) {
            f.client.call("MODULE", "LOAD", jar.toString());
            Object info = plain(f.client.call("COMMAND", "INFO", "hello.incr"));
            List<?> entry = (List<?>) ((List<?>) info).get(0);
            assertEquals("hello.incr", entry.get(0));
            assertEquals(-1L, entry.get(1));
            assertEquals(List.of("write", "denyoom", "module", "fast"), entry.get(2));
            assertEquals(List.of(1L, 1L, 1L), entry.subList(3, 6));
            assertEquals(List.of(), entry.get(6)); // 7.0: module commands have no ACL categories
            assertTrue(entry.get(8).toString().contains("RW"), entry.get(8).toString());
            String docs = plain(f.client.call("COMMAND", "DOCS", "hello.incr")).toString();
            assertTrue(docs.contains("group, module") && docs.contains("module, hello"), docs);
            assertEquals(List.of("hello.simple", "hello.args", "hello.push.call", "hello.incr", "hello.list.range", "hello.boom",
                    "hello.reach", "hello.timer", "hello.stoptimer", "hellotype.insert", "hellotype.range"),
                    plain(f.client.call("COMMAND", "LIST", "FILTERBY", "MODULE", "hello")));
            assertEquals(List.of("l"), plain(f.client.call("COMMAND", "GETKEYS", "hello.push.call", "l", "x")));
        }
    }

    @Test
    void aFailedLoadGivesRedisErrorAndLeavesNothingBehind() throws Exception {
        Path notAJar = Files.writeString(dir.resolve("notajar.jar"), "hello");
        Path noEntry = ModuleJar.build(dir.resolve("noentry.jar"), io.glassbox.testkit.Ports.class, false);
        Files.delete(noEntry);
        try (java.util.jar.JarOutputStream j = new java.util.jar.JarOutputStream(Files.newOutputStream(noEntry))) {
            j.putNextEntry(new java.util.jar.JarEntry("x.txt"));
        }
        try (EngineFixture f = engine()) {
            for (List<String> load : List.of(List.of(jar.toString(), "throw"), List.of(jar.toString(), "noinit"),
                    List.of(dir.resolve("missing.jar").toString()), List.of(notAJar.toString()), List.of(noEntry.toString()))) {
                List<String> argv = new java.util.ArrayList<>(List.of("MODULE", "LOAD"));
                argv.addAll(load);
                assertEquals(LOAD_ERROR, text(f.client.call(argv.toArray(String[]::new))), load.toString());
                assertEquals(List.of(), plain(f.client.call("MODULE", "LIST")));
                assertTrue(text(f.client.call("hello.simple")).startsWith("ERR unknown command 'hello.simple'"));
            }
            // nothing half-registered stands in the way of a good load
            assertEquals("OK", text(f.client.call("MODULE", "LOAD", jar.toString())));
            assertEquals(LOAD_ERROR, text(f.client.call("MODULE", "LOAD", jar.toString()))); // the name is taken
            assertEquals(LOAD_ERROR, text(f.client.call("MODULE", "LOADEX", jar.toString(), "CONFIG", "hello.x", "1")));
        }
    }

    @Test
    void unloadRemovesCommandsAndIsRefusedForAModuleWithTypes() throws Exception {
        try (EngineFixture f = engine()) {
            assertEquals("ERR Error unloading module: no such module with that name", text(f.client.call("MODULE", "UNLOAD", "hello")));
            f.client.call("MODULE", "LOAD", jar.toString());
            assertEquals("ERR Error unloading module: the module exports one or more module-side data types, can't unload",
                    text(f.client.call("MODULE", "UNLOAD", "hello")));
        }
        try (EngineFixture f = engine()) {
            assertEquals("OK", text(f.client.call("MODULE", "LOADEX", jar.toString(), "ARGS", "notype")));
            assertEquals("OK", text(f.client.call("MODULE", "UNLOAD", "hello")));
            assertTrue(text(f.client.call("hello.simple")).startsWith("ERR unknown command"));
            assertEquals(List.of(), plain(f.client.call("MODULE", "LIST")));
            assertEquals("OK", text(f.client.call("MODULE", "LOAD", jar.toString(), "notype"))); // and again
        }
    }

    @Test
    void moduleLoadIsProtectedByEnableModuleCommand() throws Exception {
        try (EngineFixture f = EngineFixture.start()) {
            assertEquals("ERR MODULE command not allowed. If the enable-module-command option is set to \"local\", you can run it from "
                    + "a local connection, otherwise you need to set this option in the configuration file, and then restart the server.",
                    text(f.client.call("MODULE", "LOAD", jar.toString())));
            assertEquals(List.of(), plain(f.client.call("MODULE", "LIST")));
        }
    }

    @Test
    void aModuleTypeSurvivesDebugReloadAndARestartOnlyWithTheModule() throws Exception {
        Path data = Files.createDirectories(dir.resolve("rdb"));
        try (EngineFixture f = EngineFixture.builder().debug().dir(data).config("loadmodule " + jar).start()) {
            f.client.call("hellotype.insert", "t", "5");
            f.client.call("hellotype.insert", "t", "-7");
            assertEquals("hellotype", text(f.client.call("TYPE", "t")));
            assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", text(f.client.call("GET", "t")));
            String digest = text(f.client.call("DEBUG", "DIGEST-VALUE", "t"));
            assertEquals("OK", text(f.client.call("DEBUG", "RELOAD")));
            assertEquals(List.of(5L, -7L), plain(f.client.call("hellotype.range", "t")));
            assertEquals(digest, text(f.client.call("DEBUG", "DIGEST-VALUE", "t")));
            assertTrue((Long) plain(f.client.call("MEMORY", "USAGE", "t")) > 48);
            assertEquals(1L, plain(f.client.call("COPY", "t", "t2")));
            assertEquals(List.of(5L, -7L), plain(f.client.call("hellotype.range", "t2")));
            assertEquals("OK", text(f.client.call("SAVE")));
        }
        try (EngineFixture f = EngineFixture.builder().dir(data).config("loadmodule " + jar).start()) {
            assertEquals(List.of(5L, -7L), plain(f.client.call("hellotype.range", "t")));
        }
        // without the module the file is refused, with rdb.c's words
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> EngineFixture.builder().dir(data).start().close());
        assertTrue(messages(e).contains("The RDB file contains module data I can't load: no matching module type 'hellotype'"), messages(e));
    }

    @Test
    void moduleWritesReachTheAofAndARewriteUsesTheTypesAofRewrite() throws Exception {
        Path data = Files.createDirectories(dir.resolve("aof"));
        String conf = "loadmodule " + jar + "\nappendonly yes\naof-use-rdb-preamble no";
        try (EngineFixture f = EngineFixture.builder().dir(data).config(conf).start()) {
            f.client.call("hello.incr", "n");
            f.client.call("hello.incr", "n");
            f.client.call("hellotype.insert", "t", "1");
            f.client.call("hello.push.call", "l", "x");
        }
        try (EngineFixture f = EngineFixture.builder().dir(data).config(conf).start()) {
            assertEquals("2", text(f.client.call("GET", "n")));
            assertEquals(List.of(1L), plain(f.client.call("hellotype.range", "t")));
            assertEquals(List.of("x"), plain(f.client.call("LRANGE", "l", "0", "-1")));
            f.client.call("hellotype.insert", "t", "2");
            assertEquals("Background append only file rewriting started", text(f.client.call("BGREWRITEAOF")));
            io.glassbox.testkit.Await.until("the rewrite", () -> "0".equals(infoField(f, "aof_rewrite_in_progress"))
                    && "0".equals(infoField(f, "aof_rewrite_scheduled")));
        }
        try (EngineFixture f = EngineFixture.builder().dir(data).config(conf).start()) {
            assertEquals(List.of(1L, 2L), plain(f.client.call("hellotype.range", "t")));
            assertEquals("2", text(f.client.call("GET", "n")));
        }
    }

    @Test
    void theHooksSeeTheModuleLoadItsCommandsAndTypeAndItsUnload() throws Exception {
        try (EngineFixture f = engine()) {
            List<io.glassbox.hooks.EngineEvent.ModuleChanged> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            var sub = f.engine.hooks().subscribe(e -> {
                if (e instanceof io.glassbox.hooks.EngineEvent.ModuleChanged m) seen.add(m);
            }, 1024);
            try {
                f.client.call("MODULE", "LOAD", jar.toString(), "notype");
                f.client.call("MODULE", "UNLOAD", "hello");
                io.glassbox.testkit.Await.until("the unload event", () -> seen.stream().anyMatch(m -> m.what().equals("unloaded")));
                List<String> got = seen.stream().map(m -> m.what() + " " + m.name() + " " + m.detail()).toList();
                assertEquals("command hello.simple readonly", got.get(0));
                assertEquals("command hello.incr write deny-oom fast", got.get(3));
                assertEquals("loaded hello " + jar, got.get(got.size() - 2));
                assertEquals("unloaded hello ", got.get(got.size() - 1));
            } finally {
                f.engine.hooks().unsubscribe(sub);
            }
        }
    }

    @Test
    void aclRulesNameModuleCommandsAndAllCommandsCoversThem() throws Exception {
        try (EngineFixture f = engine()) {
            f.client.call("ACL", "SETUSER", "all", "on", "nopass", "+@all", "~*");
            f.client.call("MODULE", "LOAD", jar.toString());
            f.client.call("ACL", "SETUSER", "one", "on", "nopass", "+hello.simple", "~*");
            f.client.call("AUTH", "one", "x");
            assertEquals(0L, plain(f.client.call("hello.simple")));
            assertEquals("NOPERM this user has no permissions to run the 'hello.incr' command", text(f.client.call("hello.incr", "k")));
            f.client.call("AUTH", "all", "x");
            assertEquals(1L, plain(f.client.call("hello.incr", "k")));
            String described = plain(f.client.call("ACL", "GETUSER", "one")).toString();
            // ACL's description (ACLDescribeSelectorCommandRules) names module commands one by one: they have no category
            assertTrue(described.contains("-hello.incr") && !described.contains("-hello.simple"), described);
        }
    }

    @Test
    void keyspaceEventsReachASubscribedModuleWhateverTheSettingAndNotItsOwn() throws Exception {
        try (EngineFixture f = engine()) {
            f.client.call("MODULE", "LOAD", jar.toString(), "events", "notype");
            f.client.call("SET", "a", "1");
            f.client.call("SET", "b", "2");
            f.client.call("APPEND", "a", "x");
            f.client.call("RPUSH", "l", "x"); // a list event: not subscribed
            assertEquals(1L, plain(f.client.call("hello.push.call", "l2", "y"))); // RM_Call inside a command: no event for lists
            assertEquals("2", text(f.client.call("GET", "seen:set")));
            assertEquals("1", text(f.client.call("GET", "seen:append")));
            assertEquals(1L, plain(f.client.call("hello.incr", "n"))); // the key API's SET raises an event inside the module's call
            assertEquals("3", text(f.client.call("GET", "seen:set")));
            assertEquals(null, plain(f.client.call("GET", "seen:incrby"))); // its own INCR raised no event for itself
            assertEquals(null, plain(f.client.call("GET", "seen:rpush")));
            try (io.glassbox.engine.LocalClient other = f.engine.newClient()) {
                other.call("PING");
                long id = (Long) plain(other.call("CLIENT", "ID"));
                other.close();
                io.glassbox.testkit.Await.until("the disconnection", () -> plain(f.client.call("LLEN", "clients")).equals(2L));
                assertEquals(List.of("connected " + id, "disconnected " + id), plain(f.client.call("LRANGE", "clients", "0", "-1")));
            }
            assertEquals("OK", text(f.client.call("MODULE", "UNLOAD", "hello")));
            f.client.call("SET", "c", "3");
            assertEquals("3", text(f.client.call("GET", "seen:set"))); // unsubscribed with the unload
        }
    }

    @Test
    void timersFireOnTheCommandThreadAndHoldTheUnload() throws Exception {
        try (EngineFixture f = engine()) {
            f.client.call("MODULE", "LOAD", jar.toString(), "notype");
            long stopped = (Long) plain(f.client.call("hello.timer", "60000", "never", "x"));
            assertEquals("ERR Error unloading module: the module holds timer that is not fired. Please stop the timer or wait until it fires.",
                    text(f.client.call("MODULE", "UNLOAD", "hello")));
            assertEquals(1L, plain(f.client.call("hello.stoptimer", Long.toString(stopped))));
            assertEquals(0L, plain(f.client.call("hello.stoptimer", Long.toString(stopped))));
            f.client.call("hello.timer", "10", "fired", "yes");
            io.glassbox.testkit.Await.until("the timer", () -> "yes".equals(text(f.client.call("GET", "fired"))));
            assertEquals(null, plain(f.client.call("GET", "never")));
            assertEquals("OK", text(f.client.call("MODULE", "UNLOAD", "hello")));
        }
    }

    @Test
    void aTypeWhoseLoadReadsTooMuchFailsTheLoadCleanly() throws Exception {
        try (EngineFixture f = engine()) {
            f.client.call("MODULE", "LOAD", jar.toString(), "badtype");
            f.client.call("hellotype.insert", "good", "1");
            f.client.call("hellobad.set", "bad");
            RespValue dump = f.client.call("DUMP", "bad");
            f.client.call("DEL", "bad");
            assertEquals("ERR Bad data format", text(f.client.call(restore("bad", dump))));
            assertEquals(0L, plain(f.client.call("EXISTS", "bad")));
            // the good type's payload restores; the server goes on
            RespValue good = f.client.call("DUMP", "good");
            assertEquals("OK", text(f.client.call(restore("good2", good))));
            assertEquals(List.of(1L), plain(f.client.call("hellotype.range", "good2")));
            f.client.call("hellobad.set", "bad");
            assertEquals("ERR Error trying to load the RDB dump", text(f.client.call("DEBUG", "RELOAD")));
            assertEquals("PONG", text(f.client.call("PING")));
        }
    }

    private static List<byte[]> restore(String key, RespValue dump) {
        return List.of("RESTORE".getBytes(), key.getBytes(), "0".getBytes(), ((RespValue.Bulk) dump).value());
    }

    private static String infoField(EngineFixture f, String name) {
        for (String line : text(f.client.call("INFO", "persistence")).split("\r\n")) {
            if (line.startsWith(name + ":")) return line.substring(name.length() + 1);
        }
        return null;
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) sb.append(t.getMessage()).append(" | ");
        return sb.toString();
    }

    /** A reply as plain Java values: strings, longs, lists (maps as flat lists). */
    static Object plain(RespValue v) {
        if (v instanceof RespValue.Array a) return a.items().stream().map(ModuleTest::plain).toList();
        if (v instanceof RespValue.Map m) return m.entries().stream().map(ModuleTest::plain).toList();
        if (v instanceof RespValue.Int i) return i.value();
        if (v instanceof RespValue.Null) return null;
        return text(v);
    }
}
