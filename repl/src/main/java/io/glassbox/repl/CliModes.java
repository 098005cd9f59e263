package io.glassbox.repl;

import io.glassbox.resp.RespReader;
import io.glassbox.resp.RespValue;
import io.glassbox.resp.SplitArgs;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * redis-cli's modes other than the prompt ({@code redis-cli.c}): {@code --pipe} ({@code pipeMode}),
 * {@code --scan} ({@code scanMode}), {@code --bigkeys}/{@code --memkeys} ({@code findBigKeys}),
 * {@code --latency} ({@code latencyMode}), {@code --stat} ({@code statMode}), {@code --eval}
 * ({@code evalMode}) and the subscribed mode of {@code cliSendCommand}. Each prints what redis-cli
 * prints, so scripts written for redis-cli read ours the same; each returns the exit status.
 */
final class CliModes {
    private CliModes() {}

    /**
     * pipeMode: sends stdin (RESP, as mass insertion produces it) as it is, then an ECHO of 20
     * random bytes; counts replies until that ECHO's comes back, printing each error reply on
     * stderr. Ends with redis-cli's lines ("errors: E, replies: R"); status 1 if any error.
     */
    static int pipe(String host, int port, InputStream stdin, PrintStream out, PrintStream err, int timeoutSeconds) throws IOException {
        byte[] magic = new byte[20];
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < magic.length; i++) magic[i] = (byte) "0123456789abcdefghijklmnopqrstuvwxyz".charAt(random.nextInt(36));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setTcpNoDelay(true);
            if (timeoutSeconds > 0) s.setSoTimeout(timeoutSeconds * 1000);
            OutputStream sock = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
            Thread writer = new Thread(() -> {
                try {
                    stdin.transferTo(sock);
                    // starts with \r\n: garbage in the input cannot swallow the ECHO (as redis-cli)
                    sock.write("\r\n*2\r\n$4\r\nECHO\r\n$20\r\n".getBytes(StandardCharsets.US_ASCII));
                    sock.write(magic);
                    sock.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    sock.flush();
                    out.println("All data transferred. Waiting for the last reply...");
                    out.flush();
                } catch (IOException e) {
                    err.println("Error writing to the server: " + e.getMessage());
                }
            }, "cli-pipe-writer");
            writer.setDaemon(true);
            writer.start();
            RespReader in = new RespReader(new BufferedInputStream(s.getInputStream(), 64 * 1024));
            long errors = 0, replies = 0;
            while (true) {
                RespValue r;
                try {
                    r = in.read();
                } catch (SocketTimeoutException e) {
                    err.println("No replies for " + timeoutSeconds + " seconds: exiting.");
                    errors++;
                    break;
                } catch (IOException e) {
                    err.println("Error reading replies from server");
                    return 1;
                }
                if (r instanceof RespValue.Bulk b && java.util.Arrays.equals(b.value(), magic)) {
                    out.println("Last reply received from server.");
                    break;
                }
                if (r instanceof RespValue.Error e) {
                    err.println(e.message());
                    errors++;
                }
                replies++; // errors count as replies too, as redis-cli counts them
            }
            out.println("errors: " + errors + ", replies: " + replies);
            out.flush();
            return errors == 0 ? 0 : 1;
        }
    }

    /** scanMode: every key SCAN returns, one a line, quoted as redis-cli quotes them unless raw. */
    static int scan(ReplConnection.Network c, String pattern, Integer count, boolean raw, PrintStream out) throws IOException {
        String cursor = "0";
        do {
            RespValue r = scanOnce(c, cursor, pattern, count);
            cursor = r.asList().get(0).asText();
            for (RespValue k : r.asList().get(1).asList()) {
                if (raw) {
                    out.write(k.asBytes());
                    out.write('\n');
                } else {
                    out.println(SplitArgs.repr(k.asBytes()));
                }
            }
        } while (!cursor.equals("0"));
        out.flush();
        return 0;
    }

    private static RespValue scanOnce(ReplConnection.Network c, String cursor, String pattern, Integer count) throws IOException {
        List<String> argv = new ArrayList<>(List.of("SCAN", cursor));
        if (pattern != null) argv.addAll(List.of("MATCH", pattern));
        if (count != null) argv.addAll(List.of("COUNT", count.toString()));
        RespValue r = c.call(argv.toArray(String[]::new));
        if (r.isError()) throw new IOException("SCAN error: " + r.errorMessage());
        return r;
    }

    /** redis-cli's typeinfo table: each type's size command and unit. */
    private record TypeInfo(String name, String sizeCmd, String unit) {}

    private static final class TypeStats {
        final TypeInfo type;
        long count, totalSize, biggest;
        String biggestKey;

        TypeStats(TypeInfo type) { this.type = type; }
    }

    /**
     * findBigKeys: SCANs the keyspace, pipelines TYPE and then each key's size (STRLEN, LLEN, SCARD,
     * HLEN, ZCARD, XLEN; with {@code memkeys}, MEMORY USAGE [SAMPLES n]) and prints the biggest so far
     * as found, then the summary, in redis-cli's words.
     */
    static int bigKeys(ReplConnection.Network c, boolean memkeys, int samples, String pattern, PrintStream out) throws IOException {
        Map<String, TypeStats> types = new LinkedHashMap<>();
        // in the order redis-cli's types dict iterates them (its hash seed is never set, so the order
        // is fixed), which is the order of its summary lines
        for (TypeInfo t : List.of(new TypeInfo("list", "LLEN", "items"), new TypeInfo("hash", "HLEN", "fields"),
                new TypeInfo("string", "STRLEN", "bytes"), new TypeInfo("stream", "XLEN", "entries"),
                new TypeInfo("set", "SCARD", "members"), new TypeInfo("zset", "ZCARD", "members"))) {
            types.put(t.name(), new TypeStats(t));
        }
        long totalKeys = c.call("DBSIZE").asLong(), sampled = 0, totlen = 0;
        out.print("\n# Scanning the entire keyspace to find biggest keys as well as\n");
        out.print("# average sizes per key type.  You can use -i 0.1 to sleep 0.1 sec\n");
        out.print("# per 100 SCAN commands (not usually needed).\n\n");
        String cursor = "0";
        double pct = 0;
        do {
            pct = totalKeys == 0 ? 0 : 100 * (double) sampled / totalKeys;
            RespValue r = scanOnce(c, cursor, pattern, null);
            cursor = r.asList().get(0).asText();
            List<RespValue> keys = r.asList().get(1).asList();
            for (RespValue k : keys) c.append(List.of(b("TYPE"), k.asBytes()));
            TypeStats[] kinds = new TypeStats[keys.size()];
            for (int i = 0; i < keys.size(); i++) {
                String t = c.readReply().asText();
                kinds[i] = t.equals("none") ? null : types.computeIfAbsent(t, n -> new TypeStats(new TypeInfo(n, null, "?")));
            }
            for (int i = 0; i < keys.size(); i++) {
                if (kinds[i] == null || kinds[i].type.sizeCmd() == null && !memkeys) continue;
                byte[] key = keys.get(i).asBytes();
                if (!memkeys) c.append(List.of(b(kinds[i].type.sizeCmd()), key));
                else if (samples == 0) c.append(List.of(b("MEMORY"), b("USAGE"), key));
                else c.append(List.of(b("MEMORY"), b("USAGE"), key, b("SAMPLES"), b(Integer.toString(samples))));
            }
            for (int i = 0; i < keys.size(); i++) {
                TypeStats t = kinds[i];
                if (t == null) continue;
                long size = 0;
                if (t.type.sizeCmd() != null || memkeys) {
                    RespValue sz = c.readReply();
                    if (sz instanceof RespValue.Int n) size = n.value();
                    else System.err.printf("Warning:  %s on '%s' failed (may have changed type)%n",
                            memkeys ? "MEMORY USAGE" : t.type.sizeCmd(), keys.get(i).asText());
                }
                byte[] key = keys.get(i).asBytes();
                t.totalSize += size;
                t.count++;
                totlen += key.length;
                sampled++;
                if (t.biggest < size) {
                    t.biggestKey = SplitArgs.repr(key);
                    out.printf(Locale.ROOT, "[%05.2f%%] Biggest %-6s found so far '%s' with %d %s%n", pct, t.type.name(),
                            t.biggestKey, size, memkeys ? "bytes" : t.type.unit());
                    t.biggest = size;
                }
                if (sampled % 1_000_000 == 0) out.printf(Locale.ROOT, "[%05.2f%%] Sampled %d keys so far%n", pct, sampled);
            }
        } while (!cursor.equals("0"));
        out.print("\n-------- summary -------\n\n");
        out.printf(Locale.ROOT, "Sampled %d keys in the keyspace!%n", sampled);
        out.printf(Locale.ROOT, "Total key length in bytes is %d (avg len %.2f)%n%n", totlen, totlen != 0 ? (double) totlen / sampled : 0);
        for (TypeStats t : types.values()) {
            if (t.biggestKey != null) {
                out.printf(Locale.ROOT, "Biggest %6s found '%s' has %d %s%n", t.type.name(), t.biggestKey, t.biggest,
                        memkeys ? "bytes" : t.type.unit());
            }
        }
        out.print("\n");
        for (TypeStats t : types.values()) {
            out.printf(Locale.ROOT, "%d %ss with %d %s (%05.2f%% of keys, avg size %.2f)%n", t.count, t.type.name(), t.totalSize,
                    memkeys ? "bytes" : t.type.unit(), sampled != 0 ? 100 * (double) t.count / sampled : 0,
                    t.count != 0 ? (double) t.totalSize / t.count : 0);
        }
        out.flush();
        return 0;
    }

    /**
     * latencyMode: PINGs every 10 ms; at a terminal redraws "min: .., max: .., avg: .. (N samples)"
     * until Ctrl-C; otherwise (and with --raw) prints "min max avg count" once after {@code intervalMs}
     * (1 s by default), or every interval for {@code history}.
     */
    static int latency(ReplConnection.Network c, boolean tty, boolean history, long intervalMs, PrintStream out) throws IOException {
        long min = 0, max = 0, tot = 0, count = 0;
        long interval = intervalMs > 0 ? intervalMs : history ? 15_000 : 1000;
        long historyStart = System.currentTimeMillis();
        while (true) {
            long start = System.nanoTime();
            c.call("PING");
            long latency = (System.nanoTime() - start) / 1_000_000;
            count++;
            if (count == 1) {
                min = max = tot = latency;
            } else {
                min = Math.min(min, latency);
                max = Math.max(max, latency);
                tot += latency;
            }
            double avg = (double) tot / count;
            if (tty) {
                out.print("\u001b[0G\u001b[2K");
                out.printf(Locale.ROOT, "min: %d, max: %d, avg: %.2f (%d samples)", min, max, avg, count);
                if (history && System.currentTimeMillis() - historyStart > interval) {
                    out.printf(Locale.ROOT, " -- %.2f seconds range%n", (System.currentTimeMillis() - historyStart) / 1000.0);
                    historyStart = System.currentTimeMillis();
                    min = max = tot = count = 0;
                }
                out.flush();
            } else if (System.currentTimeMillis() - historyStart > interval) {
                out.printf(Locale.ROOT, "%d %d %.2f %d%n", min, max, avg, count);
                out.flush();
                if (!history) return 0;
                historyStart = System.currentTimeMillis();
                min = max = tot = count = 0;
            }
            sleep(10); // LATENCY_SAMPLE_RATE
        }
    }

    /**
     * statMode: a line per interval (1 s by default) from INFO: keys, used memory, clients, blocked,
     * requests (and the increase), connections, and SAVE/AOF/LOAD while one runs; the header every 20
     * lines. Runs {@code lines} times (redis-cli: until Ctrl-C; -r N here stops after N).
     */
    static int stat(ReplConnection.Network c, long intervalMs, long lines, PrintStream out) throws IOException {
        long requests = 0;
        for (long i = 0; lines < 0 || i < lines; i++) {
            RespValue r = c.call("INFO");
            if (r.isError()) {
                System.err.println("ERROR: " + r.errorMessage());
                return 1;
            }
            String info = r.asText();
            if (i % 20 == 0) {
                out.print("------- data ------ --------------------- load -------------------- - child -\n"
                        + "keys       mem      clients blocked requests            connections          \n");
            }
            long keys = 0;
            for (int j = 0; j < 20; j++) {
                long k = infoLong(info, "db" + j + ":keys");
                if (k != Long.MIN_VALUE) keys += k;
            }
            out.printf("%-11s", keys);
            out.printf("%-8s", bytesToHuman(infoLong(info, "used_memory")));
            out.printf(" %-8s", infoLong(info, "connected_clients"));
            out.printf("%-8s", infoLong(info, "blocked_clients"));
            long total = infoLong(info, "total_commands_processed");
            out.printf("%-19s", total + " (+" + (requests == 0 ? 0 : total - requests) + ")");
            requests = total;
            out.printf(" %-12s", infoLong(info, "total_connections_received"));
            long child = infoLong(info, "bgsave_in_progress") | infoLong(info, "aof_rewrite_in_progress") << 1
                    | infoLong(info, "loading") << 2;
            out.print(switch ((int) child) { case 1 -> "SAVE"; case 2 -> "AOF"; case 3 -> "SAVE+AOF"; case 4 -> "LOAD"; default -> ""; });
            out.print("\n");
            out.flush();
            if (lines < 0 || i + 1 < lines) sleep(intervalMs > 0 ? intervalMs : 1000);
        }
        return 0;
    }

    /** bytesToHuman of redis-cli: B, then K, M, G with two decimals. */
    static String bytesToHuman(long n) {
        String sign = n < 0 ? "-" : "";
        n = Math.abs(n);
        if (n < 1024) return sign + n + "B";
        if (n < 1024L * 1024) return sign + String.format(Locale.ROOT, "%.2fK", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return sign + String.format(Locale.ROOT, "%.2fM", n / (1024.0 * 1024));
        return sign + String.format(Locale.ROOT, "%.2fG", n / (1024.0 * 1024 * 1024));
    }

    /**
     * getInfoField of redis-cli: the text after the first occurrence of {@code field} (a substring
     * search, so "bgsave_in_progress" finds rdb_bgsave_in_progress and "db0:keys" the count in db0's
     * line) and one separator, up to the line's end or a comma; null if absent.
     */
    static String infoField(String info, String field) {
        int p = info.indexOf(field);
        if (p < 0) return null;
        p += field.length() + 1;
        int end = info.indexOf('\r', p);
        if (end < 0) end = info.length();
        int comma = info.indexOf(',', p);
        if (comma >= 0 && comma < end) end = comma;
        return info.substring(Math.min(p, end), end);
    }

    /** getLongInfoField: the field as a number (strtol: leading digits), Long.MIN_VALUE if absent. */
    static long infoLong(String info, String field) {
        String v = infoField(info, field);
        if (v == null) return Long.MIN_VALUE;
        int i = 0;
        if (i < v.length() && (v.charAt(i) == '-' || v.charAt(i) == '+')) i++;
        while (i < v.length() && Character.isDigit(v.charAt(i))) i++;
        try {
            return Long.parseLong(v.substring(0, i));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * evalMode: EVAL of the file's text, with the arguments before a lone {@code ,} as keys and those
     * after as arguments ({@code --eval script.lua k1 k2 , a1 a2}).
     */
    static RespValue eval(ReplConnection.Network c, Path file, List<String> args) throws IOException {
        String script = Files.readString(file);
        int comma = args.indexOf(",");
        List<String> keys = comma < 0 ? args : args.subList(0, comma);
        List<String> rest = comma < 0 ? List.of() : args.subList(comma + 1, args.size());
        List<String> argv = new ArrayList<>(List.of("EVAL", script, Integer.toString(keys.size())));
        argv.addAll(keys);
        argv.addAll(rest);
        return c.call(argv.toArray(String[]::new));
    }

    /** True for the commands after which redis-cli reads messages until Ctrl-C (config.pubsub_mode). */
    static boolean subscribes(String command) {
        String c = command.toLowerCase(Locale.ROOT);
        return c.equals("subscribe") || c.equals("psubscribe") || c.equals("ssubscribe");
    }

    /**
     * The subscribed mode: "Reading messages... (press Ctrl-C to quit)" (not in raw output), then
     * every reply as it arrives (the subscribe confirmations, then the messages), until the connection
     * ends or an error comes.
     */
    static int readMessages(ReplConnection.Network c, List<byte[]> argv, boolean raw, PrintStream out) throws IOException {
        c.append(argv);
        if (!raw) out.println("Reading messages... (press Ctrl-C to quit)");
        out.flush();
        while (true) {
            RespValue r;
            try {
                r = c.readReply();
            } catch (IOException e) {
                out.flush();
                return 1;
            }
            out.write(raw ? ReplyFormatter.raw(r) : ReplyFormatter.tty(r).getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (r.isError()) return 1;
        }
    }

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
