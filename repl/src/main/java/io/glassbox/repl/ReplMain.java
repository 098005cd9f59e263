package io.glassbox.repl;

import io.glassbox.config.ConfigLoader;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./glassbox [repl] [--raw|--no-raw] [--lesson NN] [redis.conf] [--name value ...]}: starts an engine in
 * this process, serving RESP on port 6379 (or {@code --port N}) so other clients can watch the
 * same data, and opens a redis-cli-like prompt on it. Options other than {@code --raw} and
 * {@code --no-raw} are redis-server's, read by {@link ConfigLoader}; {@code --lesson NN} ({@code ./glassbox
 * lesson NN}) opens the prompt with the course's lesson for chapter NN playing.
 *
 * <p>If the port is taken (a real Redis is often on 6379) the REPL still starts, on a free port,
 * and says which. With stdin not a terminal every line is run and replies print in the
 * {@code --raw} form, as {@code redis-cli < commands.txt} does.
 */
public final class ReplMain {
    static final String HOST = "127.0.0.1";

    private ReplMain() {}

    public static void main(String[] argv) throws Exception {
        boolean interactive = System.console() != null;
        Boolean rawOption = null;
        List<String> serverArgs = new ArrayList<>();
        String lesson = null;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.equals("--lesson") && i + 1 < argv.length) lesson = argv[++i];
            else if (a.equals("--raw")) rawOption = true;
            else if (a.equals("--no-raw")) rawOption = false;
            else serverArgs.add(a);
        }
        boolean raw = rawOption != null ? rawOption : !interactive;
        // The engine's log lines go to stderr: piped, stdout carries only replies; at a terminal,
        // they would land in the middle of the line being edited.
        if (!serverArgs.contains("--logfile")) serverArgs.addAll(List.of("--logfile", "/dev/stderr"));
        // Messages go to stderr when replies are piped, so that stdout holds only replies.
        PrintStream info = interactive ? System.out : System.err;

        Engine engine = startEngine(serverArgs, info);
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "glassbox-repl-shutdown"));
        try (LocalClient client = engine.newClient()) {
            Repl repl = new Repl(engine, client, HOST);
            if (interactive) {
                info.println("Glassbox REPL: an in-process engine, also serving RESP on " + HOST + ":" + engine.port()
                        + " (redis-cli -p " + engine.port() + " connects to it). Type :help for meta-commands.");
                try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                    LineReader reader = lineReader(terminal, client,
                            Path.of(System.getProperty("user.home"), ".glassbox_history"));
                    if (lesson != null) repl.lesson(lesson, reader); // ./glassbox lesson 05: straight into it
                    repl.interactive(reader, raw);
                }
            } else {
                BufferedOutputStream out = new BufferedOutputStream(System.out);
                if (lesson != null) out.write(repl.lesson(lesson).getBytes(StandardCharsets.UTF_8));
                repl.script(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
                out.flush();
            }
        }
        System.exit(0);
    }

    /** The LineReader the REPL reads with: redis-cli-like (no history expansion of {@code !}), with completion and history. */
    public static LineReader lineReader(Terminal terminal, LocalClient client, Path historyFile) {
        return lineReader(terminal, ReplConnection.local(client), historyFile);
    }

    /**
     * The LineReader for any connection: completion (commands, meta-commands, keys), hints (the
     * command's syntax after the cursor) and highlighting from the server's own COMMAND DOCS, and
     * multi-line input: an unclosed quote or a trailing backslash continues on the next line
     * (redis-cli would answer "Invalid argument(s)"; a learner pasting a long value prefers this).
     */
    static LineReader lineReader(Terminal terminal, ReplConnection conn, Path historyFile) {
        DefaultParser parser = new DefaultParser();
        parser.setEofOnUnclosedQuote(true);
        parser.setEofOnEscapedNewLine(true);
        CommandDocs[] docs = new CommandDocs[1];
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("glassbox")
                .parser(parser)
                .completer(new CommandCompleter(conn))
                .highlighter(new ReplHighlighter(() -> {
                    if (docs[0] == null) docs[0] = CommandDocs.load(conn); // once, at the first keystroke
                    return docs[0];
                }))
                .variable(LineReader.HISTORY_FILE, historyFile)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P...> ")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.CASE_INSENSITIVE, true)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .build();
        reader.setAutosuggestion(LineReader.SuggestionType.TAIL_TIP);
        return reader;
    }

    /** Starts the engine with redis-server's arguments; on a taken port, retries on a free one and says so. */
    static Engine startEngine(List<String> serverArgs, PrintStream info) throws Exception {
        ConfigRegistry registry = registry(serverArgs);
        try {
            return Engine.start(registry);
        } catch (Engine.BindException e) {
            String wanted = registry.value("port");
            int free = freePort();
            List<String> retry = new ArrayList<>(serverArgs);
            retry.addAll(Arrays.asList("--port", Integer.toString(free)));
            Engine engine = Engine.start(registry(retry));
            info.println("Port " + wanted + " is already in use (" + e.getMessage().trim() + ").");
            info.println("Glassbox is serving on " + HOST + ":" + engine.port() + " instead.");
            return engine;
        }
    }

    private static ConfigRegistry registry(List<String> serverArgs) throws IOException {
        ConfigRegistry registry = Engine.defaultConfig();
        try {
            ConfigLoader.load(registry, serverArgs.toArray(String[]::new), System.in);
        } catch (ConfigLoader.FatalConfigError e) {
            System.err.print(e.getMessage());
            System.err.flush();
            System.exit(1);
        }
        return registry;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
