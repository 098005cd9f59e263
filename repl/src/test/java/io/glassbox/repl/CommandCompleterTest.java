package io.glassbox.repl;

import io.glassbox.testkit.EngineFixture;
import org.jline.reader.Candidate;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class CommandCompleterTest {
    private EngineFixture f;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.start();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private List<String> complete(String line) {
        List<Candidate> out = new ArrayList<>();
        new CommandCompleter(f.client).complete(null, new DefaultParser().parse(line, line.length()), out);
        return out.stream().map(Candidate::value).toList();
    }

    @Test
    void commandNamesComeFromTheEngineCommandTable() {
        List<String> got = complete("ge");
        assertTrue(got.containsAll(List.of("GET", "GETDEL", "GETEX", "GETRANGE", "GETSET")), got.toString());
        assertTrue(got.stream().allMatch(c -> c.startsWith("GE")), got.toString());
        assertFalse(complete("config").stream().anyMatch(c -> c.contains("|")), "no subcommands as command names");
    }

    @Test
    void aModuleLoadedLaterCompletesToo() throws Exception {
        f.close();
        f = EngineFixture.builder().settings(s -> s.enableModuleCommand = "yes").start();
        CommandCompleter completer = new CommandCompleter(f.client);
        List<Candidate> out = new ArrayList<>();
        completer.complete(null, new DefaultParser().parse("greet", 5), out);
        assertEquals(List.of(), out);
        java.nio.file.Path jar = io.glassbox.testkit.ModuleJar.build(java.nio.file.Files.createTempFile("greet", ".jar"),
                io.glassbox.repl.testmod.GreetModule.class);
        assertEquals("OK", f.client.call("MODULE", "LOAD", jar.toString()).asText());
        completer.complete(null, new DefaultParser().parse("greet", 5), out);
        assertEquals(List.of("GREET.HELLO"), out.stream().map(Candidate::value).toList());
        java.nio.file.Files.delete(jar);
    }

    @Test
    void metaCommandsComplete() {
        assertEquals(List.of(":dict"), complete(":d"));
        assertEquals(List.of(":loop", ":lesson", ":lang"), complete(":l"));
        assertEquals(List.of(":skiplist", ":step", ":slow"), complete(":s"));
    }

    @Test
    void laterWordsCompleteKeyNamesFoundWithScan() {
        f.call("MSET", "user:1", "a", "user:2", "b", "other", "c", "us*r", "d");
        assertEquals(List.of("user:1", "user:2"), complete("GET user"));
        assertEquals(List.of("us*r"), complete("GET us*"), "glob characters in the prefix match literally");
    }
}
