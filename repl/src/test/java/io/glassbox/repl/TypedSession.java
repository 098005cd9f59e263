package io.glassbox.repl;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Lines typed into the REPL's real JLine LineReader, and everything it printed: how the REPL tests drive it. */
final class TypedSession {
    private TypedSession() {}

    static String type(Engine engine, LocalClient client, Path history, String input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // A DumbTerminal on the streams themselves: TerminalBuilder.streams(...) would open a real pty
        // here (PosixPtyTerminal), whose line discipline echoes the input and can lose it at EOF.
        try (Terminal terminal = new DumbTerminal("test", Terminal.TYPE_DUMB,
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, StandardCharsets.UTF_8)) {
            LineReader reader = ReplMain.lineReader(terminal, client, history);
            new Repl(engine, client, "127.0.0.1").interactive(reader, false);
            terminal.flush();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
