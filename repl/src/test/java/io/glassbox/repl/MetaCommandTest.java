package io.glassbox.repl;

import io.glassbox.engine.Engine;
import io.glassbox.engine.Glassbox;
import io.glassbox.engine.LocalClient;
import io.glassbox.server.ServerSettings;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meta-command table is the one source of dispatch, :help and Tab completion. */
@Tag("unit")
class MetaCommandTest {
    @TempDir Path tmp;
    private Engine engine;
    private LocalClient client;

    @BeforeEach
    void start() throws Exception {
        ServerSettings s = new ServerSettings();
        s.port = 0;
        engine = Engine.start(s);
        client = engine.newClient();
    }

    @AfterEach
    void stop() {
        client.close();
        engine.close();
    }

    @Test
    void theTableHasTheMetaCommandsOnceEach() {
        Set<String> names = new HashSet<>();
        for (MetaCommand m : MetaCommand.ALL) {
            assertTrue(m.name().startsWith(":"), m.name());
            assertTrue(m.synopsis().startsWith(m.name()), m.synopsis());
            assertTrue(names.add(m.name()), "listed twice: " + m.name());
        }
        assertTrue(names.containsAll(List.of(":help", ":dict", ":skiplist", ":encoding", ":loop", ":watch", ":pause",
                ":step", ":resume", ":slow", ":lesson", ":lang", ":viz", ":rax", ":repl", ":node")), names.toString());
    }

    @Test
    void everyEntryIsDispatchedListedInHelpAndCompleted() {
        Repl repl = new Repl(engine, client, "127.0.0.1");
        String help = repl.eval(":help").text();
        for (MetaCommand m : MetaCommand.ALL) {
            String out = repl.eval(m.name()).text();
            assertNotNull(out, m.name());
            assertFalse(out.isEmpty() || out.startsWith("Unknown meta-command"), m.name() + " is not dispatched: " + out);
        }
        assertFalse(engine.loop().isPaused(), ":resume follows :pause in the table");
        for (MetaCommand m : MetaCommand.ALL) {
            assertTrue(help.contains("\n  " + m.synopsis() + " "), m.name() + " is not in :help:\n" + help);
            for (String line : m.help()) assertTrue(help.contains(line + "\n"), line);
            assertTrue(complete(m.name().substring(0, 2)).contains(m.name()), m.name() + " does not complete");
            assertEquals(List.of(m.name()), complete(m.name()).stream().filter(m.name()::equals).toList());
        }
        assertTrue(repl.eval(":nope").text().startsWith("Unknown meta-command ':nope'"));
        assertTrue(complete(":").containsAll(MetaCommand.ALL.stream().map(MetaCommand::name).toList()));
    }

    @Test
    void helpKeepsItsColumns() {
        String help = MetaCommand.helpText();
        assertTrue(help.startsWith("Meta-commands (everything else is sent to the engine as a Redis command):\n"), help);
        assertTrue(help.contains("\n  :help                this list\n"), help);
        assertTrue(help.contains("\n  :dict [db]           the keyspace dict of db (default: the selected db): both hash\n"
                                 + "                       tables, each bucket's chain, and the rehash cursor\n"), help);
        assertTrue(help.endsWith("\nquit, exit or Ctrl-D leave; Ctrl-C clears the line; Tab completes commands and keys.\n"), help);
    }

    @Test
    void overTheNetworkOnlyTheEntriesThatNeedNoEngineRun() {
        try (Glassbox server = Glassbox.start()) {
            ReplConnection.Network net = new ReplConnection.Network("127.0.0.1", server.port(), null, null, 0);
            Repl repl = new Repl(net, 0);
            // served through GLASSBOX.SNAPSHOT and GLASSBOX.LOOP (RemoteViews); the loop controls are tried last
            Set<String> remote = Set.of(":dict", ":skiplist", ":pause", ":step", ":resume", ":slow");
            for (MetaCommand m : MetaCommand.ALL) {
                if (Set.of(":pause", ":step", ":resume", ":slow").contains(m.name())) continue;
                String out = repl.eval(m.name()).text();
                boolean refused = out.startsWith(m.name() + " needs the engine in this process");
                assertEquals(m.needsEngine() && !remote.contains(m.name()), refused, m.name() + ": " + out);
            }
            assertEquals("Loop paused after the current tick: clients wait. :step [N] runs N ticks, :resume runs on.\n", repl.eval(":pause").text());
            assertTrue(server.engine().controls().isPaused());
            assertEquals("Stepped, paused again.\n", repl.eval(":step 2").text());
            assertEquals("Loop running.\n", repl.eval(":resume").text());
            assertFalse(server.engine().controls().isPaused());
            assertEquals("PONG\n", repl.eval("PING").text());
            net.close();
        }
    }

    @Test
    void theTerminalFormsRunAtAPrompt() throws Exception {
        Repl repl = new Repl(engine, client, "127.0.0.1");
        repl.eval(":lang en");
        String list = repl.eval(":lesson").text();
        String out = type(":lang en\n:lesson\n:lesson 99\n:watch\n");
        assertTrue(out.contains(list), out);
        assertTrue(out.contains("No lesson for chapter 99. :lesson lists them.\n" + list), out);
        assertTrue(out.contains("Usage: :watch <view>, e.g. :watch :dict"), out);
    }

    private List<String> complete(String line) {
        List<Candidate> out = new ArrayList<>();
        new CommandCompleter(client).complete(null, new DefaultParser().parse(line, line.length()), out);
        return out.stream().map(Candidate::value).toList();
    }

    private String type(String input) throws Exception {
        return TypedSession.type(engine, client, tmp.resolve("history"), input);
    }
}
