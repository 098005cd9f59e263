package io.glassbox.repl;

import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REPL as a person uses it: lines typed into the real JLine LineReader on a dumb terminal. */
@Tag("unit")
class ReplTest {
    @TempDir Path tmp;
    private EngineFixture f;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.start();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private String type(String input) throws Exception {
        return TypedSession.type(f.engine, f.client, tmp.resolve("history"), input);
    }

    @Test
    void vizWithoutTheVisualizerOnTheClasspathSaysSo() throws Exception {
        // The repl module does not depend on the visualizer: :viz loads it by name.
        String out = type(":viz\n");
        assertTrue(out.contains("The visualizer is not on this REPL's classpath"), out);
    }

    @Test
    void setGetAndDrawTheDict() throws Exception {
        String out = type("SET a 1\nGET a\n:dict\n");
        assertTrue(out.contains("127.0.0.1:0> "), out);
        assertTrue(out.contains("OK\n"), out);
        assertTrue(out.contains("\"1\"\n"), out);
        assertTrue(out.contains("db 0: 1 keys, not rehashing (rehashidx=-1)\n"), out);
        assertTrue(out.contains("table 0: size 4, used 1\n"), out);
        assertTrue(out.contains("] 1  \"a\"\n"), out);
        assertTrue(Files.readString(tmp.resolve("history")).contains("GET a"), "history is saved");
    }

    @Test
    void quotingErrorsMetaCommandsAndQuit() throws Exception {
        String out = type("SET k \"a b\"\nGET k\nSET \"multi\nline\" v\nKEYS multi*\nGET \"a\"b\n:nope\nNOSUCH\nquit\nGET k\n");
        assertTrue(out.contains("\"a b\"\n"), out);
        assertTrue(out.contains("1) \"multi\\nline\"\n"), "an unclosed quote continues on the next line: " + out);
        assertTrue(out.contains("Invalid argument(s)\n"), "a quote must be followed by a space, as in redis-cli: " + out);
        assertTrue(out.contains("Unknown meta-command ':nope'"), out);
        assertTrue(out.contains("(error) ERR unknown command 'NOSUCH'"), out);
        assertEquals(2, out.split("\"a b\"", -1).length, "nothing runs after quit: " + out);
    }

    /**
     * A dumb terminal passes ^C and ^D through as characters, so here the real LineReader is
     * wrapped and its readLine scripted: a string is a typed line, "^C" is Ctrl-C (JLine's
     * UserInterruptException), "^D" is Ctrl-D (EndOfFileException). (Checked by hand in tmux.)
     */
    @Test
    void ctrlCDropsTheLineAndCtrlDLeaves() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal terminal = new DumbTerminal("test", Terminal.TYPE_DUMB,
                new ByteArrayInputStream(new byte[0]), out, StandardCharsets.UTF_8)) {
            LineReader real = ReplMain.lineReader(terminal, f.client, tmp.resolve("history"));
            Iterator<String> typed = List.of("^C", "SET kept 2", "^D", "SET after 3").iterator();
            LineReader scripted = (LineReader) Proxy.newProxyInstance(LineReader.class.getClassLoader(),
                    new Class<?>[] {LineReader.class}, (proxy, m, args) -> {
                        if (!m.getName().equals("readLine")) return m.invoke(real, args);
                        String line = typed.next();
                        if (line.equals("^C")) throw new UserInterruptException("SET dropped 1");
                        if (line.equals("^D")) throw new EndOfFileException();
                        return line;
                    });
            new Repl(f.engine, f.client, "127.0.0.1").interactive(scripted, false);
        }
        assertEquals(List.of("OK"), List.of(out.toString(StandardCharsets.UTF_8).strip()), "one line ran");
        assertEquals("2", f.call("GET", "kept").asText());
        assertEquals(0L, ((RespValue.Int) f.call("EXISTS", "dropped", "after")).value());
    }

    @Test
    void selectShowsTheDbInThePrompt() throws Exception {
        String out = type("SELECT 2\nSET x y\n:dict\n");
        assertTrue(out.contains("127.0.0.1:0[2]> "), out);
        assertTrue(out.contains("db 2: 1 keys"), out);
    }

    @Test
    void pipedInputRunsEveryLineAndPrintsRaw() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Repl(f.engine, f.client, "127.0.0.1").script(
                new BufferedReader(new StringReader("RPUSH l a b\nLRANGE l 0 -1\nGET nokey\nINCR l\n")), out);
        assertEquals("2\na\nb\n\nWRONGTYPE Operation against a key holding the wrong kind of value\n\n",
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shutdownEndsTheRepl() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Repl(f.engine, f.client, "127.0.0.1").script(
                new BufferedReader(new StringReader("SHUTDOWN NOSAVE\nSET x 1\n")), out);
        assertEquals("", out.toString(StandardCharsets.UTF_8), "no reply to SHUTDOWN and nothing after it");
    }
}
