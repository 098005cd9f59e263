package io.glassbox.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** redis-server's argv and redis.conf parsing; fatal texts captured from redis-server 7.0.15. */
@Tag("unit")
class ConfigLoaderTest {
    @TempDir
    Path tmp;

    private static String fatal(ConfigRegistry r, String... args) {
        return assertThrows(ConfigLoader.FatalConfigError.class,
                () -> ConfigLoader.load(r, args, new ByteArrayInputStream(new byte[0]))).getMessage();
    }

    @Test
    void commandLineOptionsBecomeConfigLines() throws Exception {
        ConfigRegistry r = ConfigRegistry.createDefault();
        ConfigLoader.load(r, new String[]{"--port", "7000", "--save", "900", "1", "300", "10", "--hz", "1000"}, null);
        assertEquals("7000", r.value("port"));
        assertEquals("900 1 300 10", r.value("save"));
        assertEquals("500", r.value("hz"), "hz is clamped after loading");

        ConfigRegistry empty = ConfigRegistry.createDefault();
        ConfigLoader.load(empty, new String[]{"--save", "", "--port", "7001"}, null);
        assertEquals("", empty.value("save"));
        ConfigRegistry bare = ConfigRegistry.createDefault();
        ConfigLoader.load(bare, new String[]{"--save", "--port", "7002"}, null);
        assertEquals("", bare.value("save"));
        assertEquals("7002", bare.value("port"));
    }

    @Test
    void fatalMessagesMatchRedis() {
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 3\n"
                + ">>> 'foo \"bar\"'\nBad directive or wrong number of arguments\n",
                fatal(ConfigRegistry.createDefault(), "--port", "17299", "--foo", "bar"));
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n"
                + ">>> 'port \"abc\"'\nargument couldn't be parsed into an integer\n",
                fatal(ConfigRegistry.createDefault(), "--port", "abc"));
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 5\n"
                + ">>> 'loglevel'\nwrong number of arguments\n",
                fatal(ConfigRegistry.createDefault(), "--port", "17299", "--save", "900", "1", "300", "10", "--hz", "1", "--loglevel"));
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n"
                + ">>> 'hz \"1\" \"2\"'\nwrong number of arguments\n",
                fatal(ConfigRegistry.createDefault(), "--hz", "1", "2"));
    }

    /** Cases of Redis's unit/introspection: an empty save resets a file's points; a bare multi-word enum is an error. */
    @Test
    void emptySaveResetsAndABareEnumIsAnError() throws Exception {
        Path conf = Files.writeString(tmp.resolve("save.conf"), "save 900 1\n");
        ConfigRegistry r = ConfigRegistry.createDefault();
        ConfigLoader.load(r, new String[]{conf.toString(), "--save", "100", "100"}, null);
        assertEquals("900 1 100 100", r.value("save"), "a command-line save appends to the file's");
        ConfigRegistry reset = ConfigRegistry.createDefault();
        ConfigLoader.load(reset, new String[]{conf.toString(), "--save", ""}, null);
        assertEquals("", reset.value("save"), "save \"\" resets every point");
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 3\n"
                + ">>> 'shutdown-on-sigint'\nargument(s) must be one of the following: default, save, nosave, now, force\n",
                fatal(ConfigRegistry.createDefault(), "--port", "0", "--shutdown-on-sigint"));
    }

    @Test
    void configFileErrorsAndQuoting() throws Exception {
        Path bad1 = Files.writeString(tmp.resolve("bad1.conf"), "port 17299\nfoo \"bar\"\n");
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n"
                + ">>> 'foo \"bar\"'\nBad directive or wrong number of arguments\n", fatal(ConfigRegistry.createDefault(), bad1.toString()));
        Path bad2 = Files.writeString(tmp.resolve("bad2.conf"), "port 17299\nhz \"abc\n");
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n"
                + ">>> 'hz \"abc'\nUnbalanced quotes in configuration line\n", fatal(ConfigRegistry.createDefault(), bad2.toString()));
        Path bad3 = Files.writeString(tmp.resolve("bad3.conf"), "daemonize maybe\n");
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 1\n"
                + ">>> 'daemonize maybe'\nargument must be 'yes' or 'no'\n", fatal(ConfigRegistry.createDefault(), bad3.toString()));

        Path inc = Files.writeString(tmp.resolve("inc.conf"), "maxmemory 2mb\nsave 6 6\n");
        Path good = Files.writeString(tmp.resolve("good.conf"), "# comment\n\n  requirepass \"a\\x41\\tb\"  \n"
                + "masteruser 'it\\'s'\nsave 5 5\ninclude " + inc + "\nlist-max-ziplist-entries 5\nrename-command FLUSHALL \"\"\n");
        ConfigRegistry r = ConfigRegistry.createDefault();
        List<ConfigLoader.Directive> directives = ConfigLoader.load(r, new String[]{good.toString(), "--port", "7003"}, null);
        assertEquals("aA\tb", r.value("requirepass"));
        assertEquals("it's", r.value("masteruser"));
        assertEquals("5 5 6 6", r.value("save"), "save lines in files add up");
        assertEquals("2097152", r.value("maxmemory"));
        assertEquals("7003", r.value("port"));
        assertEquals(List.of("rename-command", "FLUSHALL", ""), directives.get(0).argv());
        assertEquals(good.toAbsolutePath(), r.configFile());

        ConfigRegistry fromStdin = ConfigRegistry.createDefault();
        ConfigLoader.load(fromStdin, new String[]{"-", "--hz", "20"},
                new ByteArrayInputStream("maxmemory 1kb\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("1024", fromStdin.value("maxmemory"));
        assertEquals("20", fromStdin.value("hz"));
    }

    @Test
    void splitArgsFollowsSdssplitargs() {
        assertEquals(List.of("set", "a b", "c\n", "\u00ff"), SplitArgs.splitArgs("set \"a b\" 'c\n' \"\\xff\""));
        assertEquals(null, SplitArgs.splitArgs("\"foo\"bar"));
        assertEquals("\"a\\\"b\\n\\x01\"", SplitArgs.repr("a\"b\n\u0001"));
    }

    /** Same file and CONFIG SET as a real 7.0.15 run; compared with the file redis wrote. */
    @Test
    void rewriteKeepsCommentsAndReplacesLinesInPlace() throws Exception {
        Path conf = tmp.resolve("r.conf");
        Files.write(conf, ConfigLoaderTest.class.getResourceAsStream("/redis-7.0-rewrite-before.conf").readAllBytes());
        ConfigRegistry r = ConfigRegistry.createDefault();
        ConfigLoader.load(r, new String[]{conf.toString()}, null);
        r.set("maxmemory", "100mb", "hz", "10", "maxmemory-policy", "noeviction", "notify-keyspace-events", "KEA",
                "save", "100 1", "client-output-buffer-limit", "pubsub 64mb 16mb 90");
        r.rewrite();
        String dir = r.value("dir");
        /* Redis appends in dict order; ours is table order. Lines are the same, user line excepted (ACL). */
        assertEquals("# My redis\nport 17204\n\n# tuning\nhz 10\nsave 100 1\n\nmaxmemory-policy noeviction\ndaemonize no\n"
                + "replica-read-only yes\nhash-max-listpack-entries 100\n\n# end\n\n# Generated by CONFIG REWRITE\n"
                + "maxmemory 100mb\ndir \"" + dir + "\"\nclient-output-buffer-limit pubsub 64mb 16mb 90\n"
                + "notify-keyspace-events \"AKE\"\nlatency-tracking-info-percentiles 50 99 99.9\n", Files.readString(conf));

        assertEquals("ERR The server is running without a config file",
                assertThrows(ConfigException.class, () -> ConfigRegistry.createDefault().rewrite()).getMessage());
    }
}
