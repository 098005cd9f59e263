package io.glassbox.repl;

import io.glassbox.resp.RespValue;
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
        System.exit(run(argv, System.in, System.out, System.err, System.console() != null));
    }

    /** The mode redis-cli's options select, besides the prompt and a one-shot command. */
    private enum Mode { PROMPT, PIPE, SCAN, BIGKEYS, MEMKEYS, LATENCY, LATENCY_HISTORY, STAT, EVAL }

    /** Runs the cli as {@code main} does, on these streams; returns the exit status. */
    static int run(String[] argv, java.io.InputStream stdin, PrintStream stdout, PrintStream stderr, boolean console) throws Exception {
        String host = "127.0.0.1", user = null, password = null, pattern = null, evalFile = null;
        int port = 6379, db = 0, pipeTimeout = 30, memkeysSamples = 0;
        Integer scanCount = null;
        long repeat = 1;
        double intervalSeconds = 0;
        Mode mode = Mode.PROMPT;
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
                    case "-r" -> repeat = Long.parseLong(argv[++i]);
                    case "-i" -> intervalSeconds = Double.parseDouble(argv[++i]);
                    case "--pipe" -> mode = Mode.PIPE;
                    case "--pipe-timeout" -> pipeTimeout = Integer.parseInt(argv[++i]);
                    case "--scan" -> mode = Mode.SCAN;
                    case "--pattern" -> pattern = argv[++i];
                    case "--count" -> scanCount = Integer.parseInt(argv[++i]);
                    case "--bigkeys" -> mode = Mode.BIGKEYS;
                    case "--memkeys" -> mode = Mode.MEMKEYS;
                    case "--memkeys-samples" -> { mode = Mode.MEMKEYS; memkeysSamples = Integer.parseInt(argv[++i]); }
                    case "--latency" -> mode = Mode.LATENCY;
                    case "--latency-history" -> mode = Mode.LATENCY_HISTORY;
                    case "--stat" -> mode = Mode.STAT;
                    case "--eval" -> { mode = Mode.EVAL; evalFile = argv[++i]; }
                    case "--help" -> { usage(stdout); return 0; }
                    default -> {
                        if (a.startsWith("-")) {
                            stderr.println("Unrecognized option or bad number of args for: '" + a + "'");
                            return 1;
                        }
                        command.add(a);
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            usage(stderr);
            return 1;
        }
        boolean raw = rawOption != null ? rawOption : !console;
        if (password == null) password = System.getenv("REDISCLI_AUTH");
        long intervalMs = (long) (intervalSeconds * 1000);
        if (mode == Mode.PIPE) {
            try {
                return CliModes.pipe(host, port, stdin, stdout, stderr, pipeTimeout);
            } catch (IOException e) {
                stderr.println("Could not connect to Redis at " + host + ":" + port + ": " + e.getMessage());
                return 1;
            }
        }
        if (mode != Mode.PROMPT) {
            try (ReplConnection.Network net = new ReplConnection.Network(host, port, user, password, db)) {
                net.connect();
                switch (mode) {
                    case SCAN: return CliModes.scan(net, pattern, scanCount, raw, stdout);
                    case BIGKEYS: return CliModes.bigKeys(net, false, 0, pattern, stdout);
                    case MEMKEYS: return CliModes.bigKeys(net, true, memkeysSamples, pattern, stdout);
                    case LATENCY: return CliModes.latency(net, console && rawOption == null, false, intervalMs, stdout);
                    case LATENCY_HISTORY: return CliModes.latency(net, console && rawOption == null, true, intervalMs, stdout);
                    case STAT: return CliModes.stat(net, intervalMs, repeat == 1 ? -1 : repeat, stdout);
                    default: {
                        RespValue r = CliModes.eval(net, Path.of(evalFile), command);
                        stdout.write(raw ? ReplyFormatter.raw(r) : ReplyFormatter.tty(r).getBytes(StandardCharsets.UTF_8));
                        stdout.flush();
                        return 0;
                    }
                }
            } catch (IOException e) {
                stderr.println(e.getMessage());
                return 1;
            }
        }
        boolean interactive = console && command.isEmpty();
        ReplConnection.Network net = new ReplConnection.Network(host, port, user, password, db);
        Repl repl = new Repl(net, db);
        try {
            net.connect();
        } catch (IOException e) {
            if (!interactive) {
                stderr.println(e.getMessage());
                return 1;
            }
            stdout.println(e.getMessage()); // redis-cli starts anyway, at a "not connected>" prompt
        }
        if (!command.isEmpty()) {
            if (CliModes.subscribes(command.get(0))) {
                List<byte[]> args = new ArrayList<>();
                for (String c : command) args.add(c.getBytes(StandardCharsets.UTF_8));
                return CliModes.readMessages(net, args, raw, stdout);
            }
            StringBuilder line = new StringBuilder();
            for (String c : command) line.append(line.length() == 0 ? "" : " ").append(quote(c));
            // -r N -i S: the command N times (forever if negative), S seconds apart (cliSendCommand's repeat)
            for (long n = repeat; n != 0; n = n < 0 ? n : n - 1) {
                Repl.Outcome o = repl.eval(line.toString());
                if (o.text() != null) stdout.write(raw ? o.rawBytes() : o.text().getBytes(StandardCharsets.UTF_8));
                stdout.flush();
                if (intervalMs > 0 && n != 1) Thread.sleep(intervalMs);
            }
            net.close();
            return 0;
        }
        if (interactive) {
            try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                LineReader reader = ReplMain.lineReader(terminal, repl.connection(),
                        Path.of(System.getProperty("user.home"), ".glassbox_history"));
                repl.interactive(reader, raw);
            }
        } else {
            BufferedOutputStream out = new BufferedOutputStream(stdout);
            repl.script(new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)), out);
            out.flush();
        }
        net.close();
        return 0;
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
        out.println("Usage: ./glassbox cli [-h host] [-p port] [-n db] [-a password] [--user name] [--raw|--no-raw]\n"
                + "                     [-r repeat] [-i interval] [cmd [arg ...]]\n"
                + "  --pipe [--pipe-timeout s]   mass insertion: RESP from stdin, then \"errors: E, replies: R\"\n"
                + "  --scan [--pattern p] [--count n]   every key (SCAN), one a line\n"
                + "  --bigkeys, --memkeys [--memkeys-samples n]   the biggest key of each type, by length or MEMORY USAGE\n"
                + "  --latency, --latency-history [-i s]   PING round trips: min, max, avg\n"
                + "  --stat [-i s]               a line of INFO figures per interval\n"
                + "  --eval file [key ... , arg ...]   EVAL the file's script\n"
                + "  SUBSCRIBE/PSUBSCRIBE/SSUBSCRIBE ...   print messages as they arrive (Ctrl-C quits)");
    }

}
