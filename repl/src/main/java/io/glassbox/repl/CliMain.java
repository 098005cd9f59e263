package io.glassbox.repl;

import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./glassbox cli [-h host] [-p port] [-n db] [-a password] [--user name] [--raw|--no-raw] [cmd arg ...]}:
 * the REPL as a redis-cli for any Redis (Glassbox or the real one), over a plain RESP connection.
 * Replies print exactly as redis-cli prints them; completion, hints and highlighting come from
 * the server's own COMMAND DOCS. With a command on the line it runs that one and exits; with
 * stdin not a terminal it runs every line (replies in the {@code --raw} form).
 */
public final class CliMain {
    private CliMain() {}

    public static void main(String[] argv) throws Exception {
        String host = "127.0.0.1", user = null, password = null;
        int port = 6379, db = 0;
        Boolean rawOption = null;
        List<String> command = new ArrayList<>();
        try {
            for (int i = 0; i < argv.length; i++) {
                String a = argv[i];
                if (!command.isEmpty()) { command.add(a); continue; }
                switch (a) {
                    case "-h" -> host = argv[++i];
                    case "-p" -> port = Integer.parseInt(argv[++i]);
                    case "-n" -> db = Integer.parseInt(argv[++i]);
                    case "-a", "--pass" -> password = argv[++i];
                    case "--user" -> user = argv[++i];
                    case "--raw" -> rawOption = true;
                    case "--no-raw" -> rawOption = false;
                    case "--help" -> { usage(System.out); return; }
                    default -> {
                        if (a.startsWith("-")) {
                            System.err.println("Unrecognized option or bad number of args for: '" + a + "'");
                            System.exit(1);
                        }
                        command.add(a);
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            usage(System.err);
            System.exit(1);
        }
        boolean interactive = System.console() != null && command.isEmpty();
        boolean raw = rawOption != null ? rawOption : System.console() == null;
        if (password == null) password = System.getenv("REDISCLI_AUTH");
        ReplConnection.Network net = new ReplConnection.Network(host, port, user, password, db);
        Repl repl = new Repl(net, db);
        try {
            net.connect();
        } catch (IOException e) {
            if (!interactive) {
                System.err.println(e.getMessage());
                System.exit(1);
            }
            System.out.println(e.getMessage()); // redis-cli starts anyway, at a "not connected>" prompt
        }
        if (!command.isEmpty()) {
            StringBuilder line = new StringBuilder();
            for (String c : command) line.append(line.length() == 0 ? "" : " ").append(quote(c));
            Repl.Outcome o = repl.eval(line.toString());
            PrintStream out = System.out;
            if (o.text() != null) out.write(raw ? o.rawBytes() : o.text().getBytes(StandardCharsets.UTF_8));
            out.flush();
            net.close();
            return;
        }
        if (interactive) {
            try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                LineReader reader = ReplMain.lineReader(terminal, repl.connection(),
                        Path.of(System.getProperty("user.home"), ".glassbox_history"));
                repl.interactive(reader, raw);
            }
        } else {
            BufferedOutputStream out = new BufferedOutputStream(System.out);
            repl.script(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
            out.flush();
        }
        net.close();
    }

    /** Quotes a command-line argument so the REPL's splitter gives it back unchanged. */
    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\');
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    private static void usage(PrintStream out) {
        out.println("Usage: ./glassbox cli [-h host] [-p port] [-n db] [-a password] [--user name] [--raw|--no-raw] [cmd [arg ...]]");
    }

}
