package io.glassbox.repl;

import io.glassbox.testkit.EngineFixture;
import org.jline.reader.LineReader;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hints (the syntax after the cursor) and colours, from the engine's own COMMAND DOCS, on the REPL's real LineReader. */
@Tag("unit")
class HintsAndHighlightTest {
    @TempDir Path tmp;
    private EngineFixture f;
    private Terminal terminal;
    private LineReader reader;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.start();
        terminal = new DumbTerminal("test", Terminal.TYPE_DUMB, new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), StandardCharsets.UTF_8);
        reader = ReplMain.lineReader(terminal, f.client, tmp.resolve("history"));
    }

    @AfterEach
    void stop() throws Exception {
        terminal.close();
        f.close();
    }

    private String hintAfter(String typed) {
        reader.getHighlighter().highlight(reader, typed);
        return ((LineReaderImpl) reader).getTailTip();
    }

    @Test
    void theHintIsTheSyntaxFromCommandDocsLessWhatIsTyped() {
        assertSame(LineReader.SuggestionType.TAIL_TIP, ((LineReaderImpl) reader).getAutosuggestion());
        assertEquals("key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|"
                + "PXAT unix-time-milliseconds|KEEPTTL]", hintAfter("SET "));
        assertEquals("value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|"
                + "PXAT unix-time-milliseconds|KEEPTTL]", hintAfter("set k "));
        assertEquals("key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]", hintAfter("ZADD "));
        assertEquals("key [key ...]", hintAfter("DEL "));
        assertEquals("", hintAfter("NOSUCHCOMMAND "));
        assertEquals("", hintAfter(":dict "));
    }

    @Test
    void theCommandKeysAndOptionsAreColoured() {
        AttributedString a = reader.getHighlighter().highlight(reader, "SET mykey \"a b\" NX");
        assertEquals("SET mykey \"a b\" NX", a.toString());
        assertEquals(AttributedStyle.BOLD, a.styleAt(0));
        assertEquals(AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW), a.styleAt(4), "the key");
        assertEquals(AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN), a.styleAt(10), "a quoted string");
        assertEquals(AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN), a.styleAt(16), "an option token");
        AttributedString unknown = reader.getHighlighter().highlight(reader, "SETT x");
        assertEquals(AttributedStyle.BOLD.foreground(AttributedStyle.RED), unknown.styleAt(0));
        AttributedString meta = reader.getHighlighter().highlight(reader, ":dict 0");
        assertEquals(AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA), meta.styleAt(0));
        // MSET's keys are every other argument (COMMAND INFO: first 1, last -1, step 2)
        AttributedString mset = reader.getHighlighter().highlight(reader, "MSET a 1 b 2");
        assertEquals(AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW), mset.styleAt(5));
        assertEquals(AttributedStyle.DEFAULT, mset.styleAt(7));
        assertEquals(AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW), mset.styleAt(9));
    }

    @Test
    void syntaxSplitsAtTopLevelSpaces() {
        assertEquals(java.util.List.of("key", "[NX|XX]", "[EX seconds|PX milliseconds]"),
                ReplHighlighter.topLevel("key [NX|XX] [EX seconds|PX milliseconds]"));
        assertTrue(ReplHighlighter.words("GET \"a b\" c").get(1).quoted());
    }
}
