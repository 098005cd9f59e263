package io.glassbox.diff;

import io.glassbox.testkit.Args;
import io.glassbox.testkit.RawRespClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.glassbox.testkit.Args.argv;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A seeded differential fuzz of the four collection types: lists, hashes, sets and sorted sets,
 * plus SORT/SORT_RO over them. Each seed sends a few thousand random commands over a handful of
 * keys to redis-server 7.0 and to Glassbox and compares the raw reply bytes; after every write it
 * compares {@code OBJECT ENCODING} of each key the command may have written, and every few steps
 * {@code DEBUG DIGEST-VALUE} of every key, so a difference in content or in representation shows
 * up at the step that caused it.
 *
 * <p>The thresholds are small (four entries, sixteen bytes), so listpack/intset to hashtable/
 * skiplist conversions happen all the time, and values longer than the limits convert too. Keys
 * are picked mostly by type but sometimes across types (WRONGTYPE), arguments are sometimes
 * malformed (bad floats and integers, out-of-range indexes, unknown options, wrong arity), so the
 * error paths are compared as well.
 *
 * <p>Where Redis does not define an order, the comparison relaxes, never more than it must:
 * <ul>
 *   <li>a hashtable's iteration order (SMEMBERS/SINTER/SUNION/SDIFF, HGETALL/HKEYS/HVALS, SCANs
 *       of a hashtable or skiplist encoding): replies compared as multisets (pairs for field-value
 *       replies), and exactly whenever the reply comes from an intset or listpack;</li>
 *   <li>random picks (SRANDMEMBER, HRANDFIELD, ZRANDMEMBER): same reply shape and length, every
 *       element (pair) a member of the key, distinct when the count is positive;</li>
 *   <li>SPOP: same length, the popped members were members, each server's remaining set is what
 *       it had minus what it popped; the encoding is compared when it cannot depend on which
 *       members were drawn; then both servers get the same survivors, chosen without randomness;</li>
 *   <li>SORT BY nosort of a set (no STORE): groups compared as multisets, counts only with LIMIT;</li>
 *   <li>BYLEX over members of different scores (unspecified): sent only to a zset of equal scores.</li>
 * </ul>
 * A mismatch ends its seed with the seed, the step and the last commands sent, to replay by hand.
 * Seeds also vary the thresholds, RESP2/RESP3 and the packed threshold of quicklist nodes, and
 * change thresholds mid-run; docs/collections-fuzz.md says how to run longer hunts.
 */
@Tag("differential")
@Tag("fuzz")
class CollectionFuzzDifferentialTest extends AgainstRealRedis {
    static final int STEPS = Integer.getInteger("collfuzz.steps", 2500);
    static final long[] SEEDS = {1, 2, 3, 20261124};
    /** -Dcollfuzz.trace=true: the failure lists every command of the seed, unabridged. */
    static final boolean TRACE = Boolean.getBoolean("collfuzz.trace");
    /**
     * -Dcollfuzz.seeds=N runs N seeds from 1 (or from -Dcollfuzz.from) instead of SEEDS: a longer
     * hunt; -Dcollfuzz.seed=S runs one; -Dcollfuzz.stats=true prints ok/error replies per command.
     */
    static final int EXTRA_SEEDS = Integer.getInteger("collfuzz.seeds", 0);

    static final String[] LISTS = {"l:a", "l:b"}, HASHES = {"h:a", "h:b"}, SETS = {"s:a", "s:b", "s:c"},
            ZSETS = {"z:a", "z:b", "z:lex"};
    static final String STR = "str";
    /** Bulk steps add many members at once ("0".."299", "k0".."k99"): big intsets, many quicklist nodes, tall skiplists. */
    static final int BULK_INTS = 300, BULK_STRS = 100;
    static final String[] ALL_KEYS = {"l:a", "l:b", "h:a", "h:b", "s:a", "s:b", "s:c", "z:a", "z:b", "z:lex", "str"};

    static final String[] INTS = {"0", "1", "2", "3", "5", "8", "13", "-1", "-100", "300", "70000", "-70000",
            "5000000000", "-9223372036854775808", "9223372036854775807"};
    static final String[] NOT_QUITE_INTS = {"007", "1.0", " 3", "+5", "-0", "9223372036854775808"};
    static final String[] STRS = {"a", "b", "c", "d", "e", "f", "aa", "ab", "ba", "zz"};
    static final String[] LONGS = {"long-value-one-xyz", "long-value-two-xyzw", "v".repeat(70)};
    static final String[] SCORES = {"0", "1", "2", "-1", "1.5", "-2.5", "3", "10", "1e2", "0.1", "inf", "-inf", "+inf",
            "3.0000000000000001", "1e-5", "123456789012345678", "-0", "5000000000", "0.30000000000000004"};
    static final String[] BAD_FLOATS = {"nan", "abc", "1e", "", "1.5x", "(1", "0x10"};
    static final String[] RANGE_SCORES = {"-inf", "+inf", "inf", "0", "(0", "1", "(1", "2.5", "(2.5", "10", "(10",
            "(-inf", "(+inf", "-1", "(3"};
    static final String[] BAD_RANGE = {"abc", "((1", "nan", "[1", ""};
    static final String[] LEX = {"-", "+", "[a", "(a", "[b", "(b", "[c", "(d", "[aa", "(ab", "[zz", "(zz", "[", "("};
    static final String[] BAD_LEX = {"a", "", "{a", "1"};
    static final String[] INDEXES = {"0", "1", "2", "-1", "-2", "-3", "3", "5", "-100", "100"};
    static final String[] BAD_INTS = {"x", "1.5", "9999999999999999999", "", " 1"};
    static final String[] COUNTS = {"0", "1", "2", "3", "5", "-1", "-3", "10", "-10", "100"};
    static final String[] FIELDS = {"f1", "f2", "f3", "f4", "f5", "f6", "n1", "n2", "fl", "long-field-name-over-sixteen"};
    static final String[] TIMEOUTS = {"0.01", "0.01", "0.01", "-1", "abc", "0.001"};

    private Random r;
    private final Deque<String> history = new ArrayDeque<>();
    private final Map<String, String> enc = new HashMap<>();
    private RawRespClient ref, tgt;
    private long seed;
    private int step;
    private int compared;
    private int intsetMax;
    private final Map<String, String> stats = new HashMap<>();
    private final List<String> failures = new ArrayList<>();

    /** The first difference in a seed: ends that seed, reported with the others at the end. */
    static final class Mismatch extends RuntimeException {
        Mismatch(String m) { super(m, null, false, false); }
    }

    // ------------------------------------------------------------------------------------------
    // The run

    @Test
    void randomCollectionWorkloadsMatchRedis() throws Exception {
        long[] seeds = SEEDS;
        if (Long.getLong("collfuzz.seed") != null) seeds = new long[]{Long.getLong("collfuzz.seed")};
        else if (EXTRA_SEEDS > 0) {
            seeds = new long[EXTRA_SEEDS];
            long from = Long.getLong("collfuzz.from", 1);
            for (int i = 0; i < EXTRA_SEEDS; i++) seeds[i] = from + i;
        }
        // A mismatch ends its seed (the two servers may have diverged) but not the run, so one run
        // reports every seed's first difference. Each seed has fresh connections.
        for (long s : seeds) {
            try (RawRespClient a = new RawRespClient(redis.port()); RawRespClient b = new RawRespClient(glassbox.port())) {
                ref = a;
                tgt = b;
                runSeed(s);
            } catch (Mismatch m) {
                failures.add(m.getMessage());
            }
        }
        System.out.println("CollectionFuzzDifferentialTest: " + seeds.length + " seeds x " + STEPS + " steps, "
                + compared + " replies compared");
        if (Boolean.getBoolean("collfuzz.stats")) System.out.println("replies per command (ok/error): " + new java.util.TreeMap<>(stats));
        if (!failures.isEmpty()) fail(failures.size() + " seed(s) differ from redis-server:\n\n" + String.join("\n\n", failures));
    }

    private void runSeed(long s) throws IOException {
        seed = s;
        r = new Random(s);
        history.clear();
        enc.clear();
        step = -1;
        intsetMax = r.nextInt(4) == 0 ? 512 : 4;
        both("FLUSHALL");
        if (s % 4 == 0) {
            // Every fourth seed speaks RESP3 (doubles, maps, sets, nested pairs); HELLO's reply holds
            // the connection id, so it is sent to both but not compared.
            byte[][] hello = exchange(List.of("HELLO", "3"));
            if (hello[0][0] != '%' || hello[1][0] != '%') mismatch(hello[0], hello[1], "HELLO 3 did not switch to RESP3");
        }
        both("CONFIG", "SET", "hash-max-listpack-entries", r.nextInt(4) == 0 ? "128" : "4");
        both("CONFIG", "SET", "hash-max-listpack-value", r.nextInt(4) == 0 ? "64" : "16");
        both("CONFIG", "SET", "zset-max-listpack-entries", r.nextInt(4) == 0 ? "128" : "4");
        both("CONFIG", "SET", "zset-max-listpack-value", r.nextInt(4) == 0 ? "64" : "16");
        both("CONFIG", "SET", "set-max-intset-entries", String.valueOf(intsetMax));
        both("CONFIG", "SET", "list-max-listpack-size", new String[]{"4", "-1", "1", "-2", "3", "-3", "-5"}[r.nextInt(7)]);
        // Elements at or over the packed threshold live alone in "plain" quicklist nodes (Redis 7.0):
        // half the seeds lower it below the fuzz's big list values.
        both("DEBUG", "QUICKLIST-PACKED-THRESHOLD", chance(0.5) ? "1000" : "1073741824");
        both("CONFIG", "SET", "list-compress-depth", new String[]{"0", "1", "2"}[r.nextInt(3)]);
        // SORT's BY/GET targets: a distinct weight (string) and hash field for every member the fuzz uses,
        // so BY never ties on a missing weight (Redis's order among ties depends on its qsort).
        java.util.LinkedHashSet<String> pool = new java.util.LinkedHashSet<>();
        Collections.addAll(pool, INTS);
        Collections.addAll(pool, NOT_QUITE_INTS);
        Collections.addAll(pool, STRS);
        Collections.addAll(pool, LONGS);
        Collections.addAll(pool, FIELDS);
        for (int i = 0; i < BULK_INTS; i++) pool.add(String.valueOf(i));
        for (int i = 0; i < BULK_STRS; i++) pool.add("k" + i);
        List<List<String>> setup = new ArrayList<>();
        int i = 0;
        for (String m : pool) {
            setup.add(List.of("SET", "w_" + m, String.valueOf((i * 7919L) % 100003 - 50000)));
            setup.add(List.of("HSET", "wh_" + m, "f", "k" + (char) ('a' + (i * 11) % 26) + i));
            i++;
        }
        pipelined(setup);
        both("SET", STR, "a string");
        for (step = 0; step < STEPS; step++) {
            oneStep();
            if (step % 50 == 49) {
                for (String k : ALL_KEYS) check(List.of("DEBUG", "DIGEST-VALUE", k));
            }
        }
        for (String k : ALL_KEYS) check(List.of("DEBUG", "DIGEST-VALUE", k));
    }

    private void oneStep() throws IOException {
        if (chance(0.015)) { bulkStep(); return; }
        if (chance(0.008)) { configStep(); return; }
        if (chance(0.01)) { multiStep(); return; }
        int family = r.nextInt(100);
        if (family < 25) listStep();
        else if (family < 47) hashStep();
        else if (family < 70) setStep();
        else if (family < 95) zsetStep();
        else sortStep();
    }

    // ------------------------------------------------------------------------------------------
    // Generators, one per family. Each builds one command and says how to compare its reply and
    // which keys it may write.

    /** Many members in one command, so collections grow past every threshold and shrink again later. */
    private void bulkStep() throws IOException {
        int kind = r.nextInt(4), n = 10 + r.nextInt(60);
        List<String> a;
        String k;
        if (kind == 0) {
            k = pick(LISTS);
            a = cmd(chance(0.5) ? "RPUSH" : "LPUSH", k);
            for (int j = 0; j < n; j++) a.add(bulkMember());
        } else if (kind == 1) {
            k = pick(HASHES);
            a = cmd("HSET", k);
            for (int j = 0; j < n; j++) { a.add(bulkMember()); a.add(chance(0.9) ? bulkMember() : pick(LONGS)); }
        } else if (kind == 2) {
            k = pick(SETS);
            a = cmd("SADD", k);
            boolean ints = chance(0.7);
            for (int j = 0; j < n; j++) a.add(ints ? String.valueOf(r.nextInt(BULK_INTS)) : bulkMember());
        } else {
            k = pick(ZSETS);
            a = cmd("ZADD", k);
            for (int j = 0; j < n; j++) { a.add(k.equals("z:lex") ? "0" : String.valueOf(r.nextInt(50) - 10)); a.add(bulkMember()); }
        }
        send(a, Mode.EXACT, List.of(k));
    }

    /**
     * Changes a threshold while keys exist: Redis converts nothing on CONFIG SET, only on the next
     * write that checks (an HSET that merely updates a field still converts an over-long listpack).
     */
    private void configStep() throws IOException {
        String[][] options = {
                {"hash-max-listpack-entries", "0", "1", "2", "4", "8", "128"},
                {"hash-max-listpack-value", "0", "1", "4", "16", "64"},
                {"zset-max-listpack-entries", "0", "1", "2", "4", "8", "128"},
                {"zset-max-listpack-value", "0", "1", "4", "16", "64"},
                {"set-max-intset-entries", "0", "1", "2", "4", "8", "512"},
                {"list-max-listpack-size", "1", "2", "4", "-1", "-2", "-5"},
                {"list-compress-depth", "0", "1", "2"}};
        String[] o = options[r.nextInt(options.length)];
        String v = o[1 + r.nextInt(o.length - 1)];
        if (o[0].equals("set-max-intset-entries")) intsetMax = Integer.parseInt(v);
        both("CONFIG", "SET", o[0], v);
    }

    /**
     * A MULTI/EXEC of blocking pops (timeout 0, "forever") and pushes: inside a transaction a
     * blocking command never blocks, it answers as its non-blocking form would with nothing there.
     */
    private void multiStep() throws IOException {
        List<String> touched = new ArrayList<>();
        List<List<String>> queued = new ArrayList<>();
        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
            String l = key(LISTS), l2 = key(LISTS), z = key(ZSETS);
            List<String> c = switch (r.nextInt(9)) {
                case 0 -> cmd("BLPOP", l, l2, "0");
                case 1 -> cmd("BRPOP", l, "0");
                case 2 -> cmd("BLMOVE", l, l2, pick(new String[]{"LEFT", "RIGHT"}), pick(new String[]{"LEFT", "RIGHT"}), "0");
                case 3 -> cmd("BRPOPLPUSH", l, l2, "0");
                case 4 -> cmd("BLMPOP", "0", "2", l, l2, pick(new String[]{"LEFT", "RIGHT"}), "COUNT", "2");
                case 5 -> cmd(pick(new String[]{"BZPOPMIN", "BZPOPMAX"}), z, "0");
                case 6 -> cmd("BZMPOP", "0", "1", z, pick(new String[]{"MIN", "MAX"}), "COUNT", "3");
                case 7 -> cmd("RPUSH", l, value());
                default -> cmd("ZADD", z, z.equals("z:lex") ? "0" : pick(SCORES), member());
            };
            queued.add(c);
            touched.addAll(List.of(l, l2, z));
        }
        check(List.of("MULTI"));
        for (List<String> c : queued) check(c);
        check(List.of("EXEC"));
        for (String k : new java.util.LinkedHashSet<>(touched)) encoding(k);
    }

    private String bulkMember() {
        return chance(0.5) ? String.valueOf(r.nextInt(BULK_INTS)) : "k" + r.nextInt(BULK_STRS);
    }

    private String pick(String[] a) { return a[r.nextInt(a.length)]; }

    private boolean chance(double p) { return r.nextDouble() < p; }

    /** A key of the wanted type, sometimes any key (WRONGTYPE, or a missing one). */
    private String key(String[] ofType) {
        double d = r.nextDouble();
        if (d < 0.05) return pick(ALL_KEYS);
        if (d < 0.07) return "missing";
        return pick(ofType);
    }

    private String member() {
        double d = r.nextDouble();
        if (d < 0.45) return pick(INTS);
        if (d < 0.5) return pick(NOT_QUITE_INTS);
        if (d < 0.93) return pick(STRS);
        return pick(LONGS);
    }

    private String value() {
        double d = r.nextDouble();
        if (d < 0.4) return pick(INTS);
        if (d < 0.85) return pick(STRS);
        return pick(LONGS);
    }

    /** A list value, now and then big enough for a node of its own (plain, or past a byte-class limit). */
    private String listValue() {
        if (chance(0.04)) return pick(new String[]{"x", "y", "z"}).repeat(pick(new int[]{999, 1000, 1500, 3000, 5000, 9000}));
        return value();
    }

    private int pick(int[] a) { return a[r.nextInt(a.length)]; }

    private String index() { return chance(0.03) ? pick(BAD_INTS) : pick(INDEXES); }

    private String count() { return chance(0.03) ? pick(BAD_INTS) : pick(COUNTS); }

    private String score() { return chance(0.04) ? pick(BAD_FLOATS) : pick(SCORES); }

    private static List<String> cmd(String... a) { return new ArrayList<>(List.of(a)); }

    /** Occasionally drops trailing arguments: wrong arity, or an option missing its value. */
    private List<String> maybeTruncate(List<String> a) {
        if (a.size() > 1 && chance(0.02)) return new ArrayList<>(a.subList(0, r.nextInt(a.size()) + 1));
        return a;
    }

    private void listStep() throws IOException {
        String k = key(LISTS);
        List<String> a;
        boolean write = true;
        List<String> writes = new ArrayList<>(List.of(k));
        switch (r.nextInt(23)) {
            case 0, 1, 2 -> {
                a = cmd(pick(new String[]{"LPUSH", "RPUSH"}), k);
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) a.add(listValue());
            }
            case 3 -> { a = cmd(pick(new String[]{"LPUSHX", "RPUSHX"}), k); for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) a.add(value()); }
            case 4, 5 -> { a = cmd(pick(new String[]{"LPOP", "RPOP"}), k); if (chance(0.5)) a.add(count()); }
            case 6 -> { a = cmd("LLEN", k); write = false; }
            case 7, 8 -> { a = cmd("LRANGE", k, index(), index()); write = false; }
            case 9 -> { a = cmd("LINDEX", k, index()); write = false; }
            case 10 -> a = cmd("LSET", k, index(), listValue());
            case 11 -> a = cmd("LINSERT", k, chance(0.03) ? "MIDDLE" : pick(new String[]{"BEFORE", "AFTER"}), listValue(), listValue());
            case 12 -> a = cmd("LREM", k, count(), value());
            case 13 -> a = cmd("LTRIM", k, index(), index());
            case 14 -> {
                a = cmd("LPOS", k, value());
                write = false;
                if (chance(0.5)) a.addAll(List.of("RANK", pick(new String[]{"1", "2", "-1", "-2", "0", "x", "-9223372036854775808"})));
                if (chance(0.5)) a.addAll(List.of("COUNT", pick(new String[]{"0", "1", "2", "-1", "5"})));
                if (chance(0.3)) a.addAll(List.of("MAXLEN", pick(new String[]{"0", "1", "3", "-1"})));
                if (chance(0.02)) a.add("BOGUS");
            }
            case 15, 16 -> {
                String d = key(LISTS);
                a = cmd("LMOVE", k, d, pick(new String[]{"LEFT", "RIGHT", "LEFT", "RIGHT", "UP"}), pick(new String[]{"LEFT", "RIGHT"}));
                writes.add(d);
            }
            case 17 -> { String d = key(LISTS); a = cmd("RPOPLPUSH", k, d); writes.add(d); }
            case 18, 19 -> {
                a = cmd("LMPOP");
                int n = 1 + r.nextInt(2);
                a.add(chance(0.03) ? pick(new String[]{"0", "-1", "x", "5"}) : String.valueOf(n));
                a.add(k);
                if (n == 2) { String k2 = key(LISTS); a.add(k2); writes.add(k2); }
                a.add(pick(new String[]{"LEFT", "RIGHT", "LEFT", "RIGHT", "MIDDLE"}));
                if (chance(0.5)) a.addAll(List.of("COUNT", pick(new String[]{"1", "2", "5", "0", "-1", "x"})));
            }
            case 20 -> { a = cmd(pick(new String[]{"BLPOP", "BRPOP"}), k); if (chance(0.3)) { String k2 = key(LISTS); a.add(k2); writes.add(k2); } a.add(pick(TIMEOUTS)); }
            case 21 -> {
                String d = key(LISTS);
                writes.add(d);
                a = chance(0.5) ? cmd("BLMOVE", k, d, pick(new String[]{"LEFT", "RIGHT"}), pick(new String[]{"LEFT", "RIGHT"}), pick(TIMEOUTS))
                        : cmd("BRPOPLPUSH", k, d, pick(TIMEOUTS));
            }
            default -> a = cmd("BLMPOP", pick(TIMEOUTS), "1", k, pick(new String[]{"LEFT", "RIGHT"}), "COUNT", pick(new String[]{"1", "3"}));
        }
        send(maybeTruncate(a), Mode.EXACT, write ? writes : null);
    }

    private void hashStep() throws IOException {
        String k = key(HASHES);
        List<String> a;
        boolean write = false;
        Mode m = Mode.EXACT;
        switch (r.nextInt(20)) {
            case 0, 1, 2, 3 -> {
                a = cmd(chance(0.2) ? "HMSET" : "HSET", k);
                for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) { a.add(pick(FIELDS)); a.add(value()); }
                if (chance(0.02)) a.add("dangling");
                write = true;
            }
            case 4 -> { a = cmd("HSETNX", k, pick(FIELDS), value()); write = true; }
            case 5 -> a = cmd("HGET", k, pick(FIELDS));
            case 6 -> { a = cmd("HMGET", k); for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) a.add(pick(FIELDS)); }
            case 7 -> { a = cmd("HGETALL", k); m = Mode.PAIRS_IF_HASHTABLE; }
            case 8 -> { a = cmd(pick(new String[]{"HKEYS", "HVALS"}), k); m = Mode.MULTISET_IF_HASHTABLE; }
            case 9, 10 -> { a = cmd("HDEL", k); for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) a.add(pick(FIELDS)); write = true; }
            case 11 -> a = cmd(pick(new String[]{"HLEN", "HEXISTS", "HSTRLEN"}), k, pick(FIELDS));
            case 12, 13 -> {
                a = cmd("HINCRBY", k, chance(0.7) ? pick(new String[]{"n1", "n2"}) : pick(FIELDS),
                        pick(new String[]{"1", "-5", "100", "0", "x", "1.5", "9223372036854775807", "-9223372036854775808"}));
                write = true;
            }
            case 14, 15 -> {
                a = cmd("HINCRBYFLOAT", k, chance(0.7) ? pick(new String[]{"n1", "fl"}) : pick(FIELDS),
                        pick(new String[]{"1.5", "-0.25", "3", "1e3", "inf", "-inf", "nan", "abc", "0.1", "5000000000.5", "1e300"}));
                write = true;
            }
            case 16, 17 -> {
                a = cmd("HRANDFIELD", k);
                if (chance(0.8)) {
                    a.add(chance(0.05) ? "x" : pick(COUNTS));
                    if (chance(0.5)) a.add(chance(0.05) ? "WITHSCORES" : "WITHVALUES");
                }
                m = Mode.RANDOM_HASH;
            }
            default -> { a = scan("HSCAN", k); m = Mode.SCAN; }
        }
        if (a.get(0).equals("HLEN")) a = new ArrayList<>(a.subList(0, 2));
        send(maybeTruncate(a), m, write ? List.of(k) : null);
    }

    private List<String> scan(String name, String k) {
        List<String> a = cmd(name, k, chance(0.85) ? "0" : pick(new String[]{"5", "x", "-1"}));
        if (chance(0.4)) a.addAll(List.of("MATCH", pick(new String[]{"*", "f*", "a*", "1*", "*o*", "[ab]*", "n?"})));
        if (chance(0.6)) a.addAll(List.of("COUNT", pick(new String[]{"1000", "1000", "2", "0", "x"})));
        return a;
    }

    private void setStep() throws IOException {
        String k = key(SETS);
        List<String> a;
        List<String> writes = null;
        Mode m = Mode.EXACT;
        switch (r.nextInt(22)) {
            case 0, 1, 2, 3, 4 -> { a = cmd("SADD", k); for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) a.add(member()); writes = List.of(k); }
            case 5, 6 -> { a = cmd("SREM", k); for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) a.add(member()); writes = List.of(k); }
            case 7 -> { a = cmd("SMEMBERS", k); m = Mode.SET_REPLY; }
            case 8 -> a = cmd("SISMEMBER", k, member());
            case 9 -> { a = cmd("SMISMEMBER", k); for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) a.add(member()); }
            case 10 -> a = cmd("SCARD", k);
            case 11 -> { a = cmd("SPOP", k); if (chance(0.7)) a.add(chance(0.05) ? pick(new String[]{"-1", "x"}) : pick(new String[]{"0", "1", "2", "3", "5", "10", "100"})); m = Mode.SPOP; writes = List.of(k); }
            case 12 -> { a = cmd("SRANDMEMBER", k); if (chance(0.8)) a.add(chance(0.05) ? "x" : pick(COUNTS)); m = Mode.RANDOM_SET; }
            case 13 -> { String d = key(SETS); a = cmd("SMOVE", k, d, member()); writes = List.of(k, d); }
            case 14, 15 -> {
                String name = pick(new String[]{"SINTER", "SUNION", "SDIFF"});
                a = cmd(name, k);
                for (int i = 0, n = r.nextInt(3); i < n; i++) a.add(key(SETS));
                m = name.equals("SINTER") ? Mode.SINTER_REPLY : Mode.SET_REPLY;
            }
            case 16, 17 -> {
                String d = key(SETS);
                a = cmd(pick(new String[]{"SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"}), d, k);
                for (int i = 0, n = r.nextInt(3); i < n; i++) a.add(key(SETS));
                writes = List.of(d);
            }
            case 18 -> {
                int n = 1 + r.nextInt(3);
                a = cmd("SINTERCARD", chance(0.04) ? pick(new String[]{"0", "-1", "x", "9"}) : String.valueOf(n), k);
                for (int i = 1; i < n; i++) a.add(key(SETS));
                if (chance(0.5)) a.addAll(List.of("LIMIT", pick(new String[]{"0", "1", "2", "-1", "x"})));
            }
            default -> { a = scan("SSCAN", k); m = Mode.SCAN; }
        }
        send(maybeTruncate(a), m, writes);
    }

    private void zsetStep() throws IOException {
        String k = key(ZSETS);
        boolean lex = k.equals("z:lex");
        List<String> a;
        List<String> writes = null;
        Mode m = Mode.EXACT;
        switch (r.nextInt(34)) {
            case 0, 1, 2, 3, 4, 5 -> {
                a = cmd("ZADD", k);
                if (chance(0.15)) a.add(pick(new String[]{"NX", "XX"}));
                if (chance(0.15)) a.add(pick(new String[]{"GT", "LT"}));
                if (chance(0.15)) a.add("CH");
                boolean incr = chance(0.1);
                if (incr) a.add("INCR");
                for (int i = 0, n = incr ? 1 : 1 + r.nextInt(3); i < n; i++) { a.add(lex ? "0" : score()); a.add(member()); }
                writes = List.of(k);
            }
            case 6 -> { a = cmd("ZINCRBY", k, lex ? "0" : score(), member()); writes = List.of(k); }
            case 7, 8 -> { a = cmd("ZREM", k); for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) a.add(member()); writes = List.of(k); }
            case 9 -> a = cmd("ZCARD", k);
            case 10 -> a = cmd("ZSCORE", k, member());
            case 11 -> { a = cmd("ZMSCORE", k); for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) a.add(member()); }
            case 12 -> a = cmd(pick(new String[]{"ZRANK", "ZREVRANK"}), k, member());
            case 13, 14, 15 -> a = zrange("ZRANGE", k, lex);
            case 16 -> {
                String d = key(ZSETS);
                List<String> z = zrange("ZRANGE", k, lex);
                z.removeIf(s -> s.equals("WITHSCORES"));
                a = cmd("ZRANGESTORE", d);
                a.addAll(z.subList(1, z.size()));
                writes = List.of(d);
            }
            case 17 -> { a = cmd("ZREVRANGE", k, index(), index()); if (chance(0.5)) a.add("WITHSCORES"); }
            case 18 -> {
                a = cmd(pick(new String[]{"ZRANGEBYSCORE", "ZREVRANGEBYSCORE"}), k, rangeScore(), rangeScore());
                if (chance(0.4)) a.add("WITHSCORES");
                if (chance(0.3)) a.addAll(List.of("LIMIT", pick(new String[]{"0", "1", "-1", "2", "x"}), pick(new String[]{"1", "2", "-1", "0", "100"})));
            }
            case 19 -> {
                a = cmd(pick(new String[]{"ZRANGEBYLEX", "ZREVRANGEBYLEX"}), k, lexBound(), lexBound());
                if (chance(0.3)) a.addAll(List.of("LIMIT", pick(new String[]{"0", "1", "-1", "2"}), pick(new String[]{"1", "2", "-1", "0"})));
            }
            case 20 -> a = cmd("ZCOUNT", k, rangeScore(), rangeScore());
            case 21 -> a = cmd("ZLEXCOUNT", k, lexBound(), lexBound());
            case 22 -> { a = cmd("ZREMRANGEBYRANK", k, index(), index()); writes = List.of(k); }
            case 23 -> { a = cmd("ZREMRANGEBYSCORE", k, rangeScore(), rangeScore()); writes = List.of(k); }
            case 24 -> { a = cmd("ZREMRANGEBYLEX", k, lexBound(), lexBound()); writes = List.of(k); }
            case 25 -> { a = cmd(pick(new String[]{"ZPOPMIN", "ZPOPMAX"}), k); if (chance(0.6)) a.add(count()); writes = List.of(k); }
            case 26 -> {
                List<String> ks = new ArrayList<>(List.of(k));
                if (chance(0.4)) ks.add(key(ZSETS));
                if (chance(0.5)) {
                    a = cmd(pick(new String[]{"BZPOPMIN", "BZPOPMAX"}));
                    a.addAll(ks);
                    a.add(pick(TIMEOUTS));
                } else {
                    boolean blocking = chance(0.3);
                    a = blocking ? cmd("BZMPOP", pick(TIMEOUTS)) : cmd("ZMPOP");
                    a.add(chance(0.03) ? pick(new String[]{"0", "-1", "x", "7"}) : String.valueOf(ks.size()));
                    a.addAll(ks);
                    a.add(pick(new String[]{"MIN", "MAX", "MIN", "MAX", "MID"}));
                    if (chance(0.5)) a.addAll(List.of("COUNT", pick(new String[]{"1", "2", "10", "0", "-1"})));
                }
                writes = ks;
            }
            case 27, 28 -> {
                a = cmd("ZRANDMEMBER", k);
                if (chance(0.8)) {
                    a.add(chance(0.05) ? "x" : pick(COUNTS));
                    if (chance(0.5)) a.add(chance(0.05) ? "WITHVALUES" : "WITHSCORES");
                }
                m = Mode.RANDOM_ZSET;
            }
            case 29, 30 -> {
                String op = pick(new String[]{"ZUNION", "ZINTER", "ZDIFF"});
                boolean store = chance(0.5);
                String d = key(ZSETS);
                a = store ? cmd(op + "STORE", d) : cmd(op);
                int n = 1 + r.nextInt(3);
                a.add(chance(0.03) ? pick(new String[]{"0", "-1", "x", "9"}) : String.valueOf(n));
                for (int i = 0; i < n; i++) a.add(chance(0.2) ? key(SETS) : i == 0 ? k : key(ZSETS));
                if (!op.equals("ZDIFF")) {
                    if (chance(0.3)) {
                        a.add("WEIGHTS");
                        for (int i = 0; i < n; i++) a.add(chance(0.05) ? "x" : pick(new String[]{"1", "2", "-1", "0.5", "inf", "-inf", "0"}));
                    }
                    if (chance(0.3)) a.addAll(List.of("AGGREGATE", pick(new String[]{"SUM", "MIN", "MAX", "AVG"})));
                }
                if (!store && chance(0.5)) a.add("WITHSCORES");
                if (store) writes = List.of(d);
            }
            case 31 -> {
                int n = 1 + r.nextInt(3);
                a = cmd("ZINTERCARD", chance(0.04) ? pick(new String[]{"0", "-1", "x", "9"}) : String.valueOf(n), k);
                for (int i = 1; i < n; i++) a.add(chance(0.2) ? key(SETS) : key(ZSETS));
                if (chance(0.5)) a.addAll(List.of("LIMIT", pick(new String[]{"0", "1", "2", "-1", "x"})));
            }
            default -> { a = scan("ZSCAN", k); m = Mode.SCAN; }
        }
        a = maybeTruncate(a);
        int src = a.get(0).equals("ZRANGESTORE") ? 2 : 1;
        if (usesLex(a) && a.size() > src && !allScoresEqual(a.get(src))) {
            // BYLEX over members of different scores is unspecified in Redis (it depends on the
            // skiplist's random levels): only a sorted set whose scores are all equal is asked.
            if (allScoresEqual("z:lex")) a.set(src, "z:lex");
            else { a = cmd("ZCARD", k); writes = null; }
        }
        send(a, m, writes);
    }

    private static boolean usesLex(List<String> a) {
        String c = a.get(0);
        return (c.contains("LEX") || a.contains("BYLEX")) && a.size() > 1;
    }

    private String rangeScore() { return chance(0.04) ? pick(BAD_RANGE) : pick(RANGE_SCORES); }

    private String lexBound() { return chance(0.04) ? pick(BAD_LEX) : pick(LEX); }

    private List<String> zrange(String name, String k, boolean lexKey) {
        int by = lexKey && chance(0.6) ? 2 : r.nextInt(3);
        boolean rev = chance(0.4);
        List<String> a = cmd(name, k);
        if (by == 0) { a.add(index()); a.add(index()); }
        else if (by == 1) { a.add(rangeScore()); a.add(rangeScore()); a.add("BYSCORE"); }
        else { a.add(lexBound()); a.add(lexBound()); a.add("BYLEX"); }
        if (rev) a.add("REV");
        if (by != 0 ? chance(0.4) : chance(0.05)) a.addAll(List.of("LIMIT", pick(new String[]{"0", "1", "-1", "2"}), pick(new String[]{"1", "2", "-1", "0", "10"})));
        if (by != 2 ? chance(0.4) : chance(0.05)) a.add("WITHSCORES");
        return a;
    }

    private void sortStep() throws IOException {
        String k = pick(new String[]{"l:a", "l:b", "s:a", "s:b", "s:c", "z:a", "z:b", "z:lex", "str", "h:a", "missing"});
        boolean ro = chance(0.3);
        List<String> a = cmd(ro ? "SORT_RO" : "SORT", k);
        int by = r.nextInt(5);
        if (by == 1) a.addAll(List.of("BY", "nosort"));
        else if (by == 2) a.addAll(List.of("BY", "w_*"));
        else if (by == 3) a.addAll(List.of("BY", "wh_*->f"));
        if (chance(0.3)) a.addAll(List.of("LIMIT", pick(new String[]{"0", "1", "-1", "2", "x"}), pick(new String[]{"1", "2", "-1", "0", "10"})));
        for (int i = 0, n = chance(0.4) ? 1 + r.nextInt(3) : 0; i < n; i++)
            a.addAll(List.of("GET", pick(new String[]{"#", "w_*", "wh_*->f", "nokey_*", "wh_*->nofield"})));
        if (chance(0.3)) a.add(pick(new String[]{"ASC", "DESC"}));
        if (chance(0.4) || by == 3) a.add("ALPHA");
        // Even SORT_RO writes its source in one way: a listpack sorted set is converted to a skiplist
        // for good (sortCommandGeneric's "destructive" zsetConvert).
        List<String> writes = new ArrayList<>(List.of(k));
        if (!ro && chance(0.3)) {
            String d = pick(new String[]{"l:a", "l:b", "l:sorted"});
            a.addAll(List.of("STORE", d));
            writes.add(d);
        }
        if (ro && chance(0.05)) a.addAll(List.of("STORE", "l:a"));
        send(maybeTruncate(a), Mode.SORT, writes);
    }

    // ------------------------------------------------------------------------------------------
    // Sending and comparing

    enum Mode { EXACT, SET_REPLY, SINTER_REPLY, PAIRS_IF_HASHTABLE, MULTISET_IF_HASHTABLE, SCAN, RANDOM_SET, RANDOM_HASH, RANDOM_ZSET, SPOP, SORT }

    private byte[][] exchange(List<String> a) throws IOException {
        if (history.size() == 20 && !TRACE) history.removeFirst();
        history.addLast(show(a));
        byte[] e = ref.call(argv(a));
        byte[] g;
        try {
            g = tgt.call(argv(a));
        } catch (IOException ex) {
            throw new Mismatch(context("Glassbox gave no reply (" + ex.getMessage() + "); redis replied " + Args.show(e)));
        }
        compared++;
        stats.merge(a.get(0), e.length > 0 && e[0] == '-' ? "0/1" : "1/0", (x, y) -> {
            String[] p = x.split("/"), q = y.split("/");
            return (Integer.parseInt(p[0]) + Integer.parseInt(q[0])) + "/" + (Integer.parseInt(p[1]) + Integer.parseInt(q[1]));
        });
        return new byte[][]{e, g};
    }

    /** Sends a batch in one write to each server, then compares the replies in order. */
    private void pipelined(List<List<String>> cmds) throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (List<String> a : cmds) all.write(io.glassbox.resp.RespReader.encodeCommand(argv(a)));
        ref.sendRaw(all.toByteArray());
        tgt.sendRaw(all.toByteArray());
        for (List<String> a : cmds) {
            byte[] e = ref.readReply(), g = tgt.readReply();
            compared++;
            if (!Arrays.equals(e, g)) {
                history.addLast(show(a));
                mismatch(e, g);
            }
        }
    }

    private void both(String... a) throws IOException { check(List.of(a)); }

    /**
     * Sends one generated command to both servers and compares the replies as {@code m} says; then,
     * for a write, compares OBJECT ENCODING of every key in {@code writes}.
     */
    private void send(List<String> a, Mode m, List<String> writes) throws IOException {
        byte[] before = null;
        if (m == Mode.SPOP && a.size() >= 2) before = ref.call(argv(List.of("SMEMBERS", a.get(1))));
        byte[][] rep = exchange(a);
        byte[] e = rep[0], g = rep[1];
        String k = a.size() > 1 ? a.get(1) : null;
        boolean same = Arrays.equals(e, g);
        if (!same && e.length > 0 && e[0] != '-') {
            switch (m) {
                case SET_REPLY -> same = !(allIntset(a.subList(1, a.size())) && smallIntReply(e)) && multiset(e, g, 1);
                case SINTER_REPLY -> same = !allIntset(a.subList(1, a.size())) && multiset(e, g, 1);
                case PAIRS_IF_HASHTABLE -> same = "hashtable".equals(enc.get(k)) && multiset(e, g, 2);
                case MULTISET_IF_HASHTABLE -> same = "hashtable".equals(enc.get(k)) && multiset(e, g, 1);
                case SCAN -> same = scanEquivalent(e, g, a);
                case RANDOM_SET -> same = randomPick(e, g, a, List.of("SMEMBERS", k), 1);
                case RANDOM_HASH -> same = randomPick(e, g, a, List.of("HGETALL", k), a.size() > 3 ? 2 : 1);
                case RANDOM_ZSET -> same = randomPick(e, g, a, List.of("ZRANGE", k, "0", "-1", "WITHSCORES"), a.size() > 3 ? 2 : 1);
                case SPOP -> { spop(e, g, a, before); return; }
                case SORT -> same = sortNosortOfSet(e, g, a);
                default -> { }
            }
        }
        if (!same) mismatch(e, g);
        if (writes != null) for (String w : writes) encoding(w);
    }

    /** Sends one command to both servers; the replies must be identical. */
    private void check(List<String> a) throws IOException {
        byte[][] rep = exchange(a);
        if (!Arrays.equals(rep[0], rep[1])) mismatch(rep[0], rep[1]);
    }

    /** Compares OBJECT ENCODING of {@code k} and remembers Redis's answer, which decides later comparisons. */
    private void encoding(String k) throws IOException {
        byte[][] rep = exchange(List.of("OBJECT", "ENCODING", k));
        if (!Arrays.equals(rep[0], rep[1])) mismatch(rep[0], rep[1]);
        Node n = parse(rep[0]);
        if (n.text == null) enc.remove(k); else enc.put(k, n.text);
    }

    private boolean allIntset(List<String> keys) {
        for (String k : keys) {
            String e = enc.get(k);
            if (e != null && !e.equals("intset")) return false;
        }
        return true;
    }

    /** True if the reply is what an intset result would give: at most set-max-intset-entries integers, ascending. */
    private boolean smallIntReply(byte[] e) {
        Node n = parse(e);
        if (n.kids == null || n.kids.size() > intsetMax) return false;
        Long prev = null;
        for (Node c : n.kids) {
            Long v = parseLong(c.text);
            if (v == null || (prev != null && v <= prev)) return false;
            prev = v;
        }
        return true;
    }

    private static Long parseLong(String s) {
        if (s == null) return null;
        try {
            long v = Long.parseLong(s);
            return String.valueOf(v).equals(s) ? v : null;
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    /** Both arrays hold the same groups of {@code group} elements, in any order. */
    private static boolean multiset(byte[] e, byte[] g, int group) {
        Node a = parse(e), b = parse(g);
        if (a.kids == null || b.kids == null) return false;
        return groups(a.kids, group).equals(groups(b.kids, group));
    }

    private static List<String> groups(List<Node> nested, int group) {
        List<Node> kids = flatten(nested);
        List<String> out = new ArrayList<>();
        for (int i = 0; i + group <= kids.size(); i += group) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < group; j++) sb.append(new String(kids.get(i + j).raw, StandardCharsets.ISO_8859_1));
            out.add(sb.toString());
        }
        if (kids.size() % group != 0) out.add("<odd>");
        Collections.sort(out);
        return out;
    }

    /** The leaves of a reply's elements: RESP3's [member, score] pairs become member, score. */
    static List<Node> flatten(List<Node> kids) {
        List<Node> out = new ArrayList<>();
        for (Node k : kids) {
            if (k.kids != null) out.addAll(flatten(k.kids));
            else out.add(k);
        }
        return out;
    }

    /** A SCAN of a hashtable or skiplist encoding: same cursor, same elements in any order. */
    private boolean scanEquivalent(byte[] e, byte[] g, List<String> a) {
        String en = enc.get(a.get(1));
        if (!"hashtable".equals(en) && !"skiplist".equals(en)) return false;
        Node x = parse(e), y = parse(g);
        if (x.kids == null || y.kids == null || x.kids.size() != 2 || y.kids.size() != 2) return false;
        // A partial scan (small COUNT, or a cursor not from this table) stops at different places in
        // two hash tables with different hash seeds: only a complete one can be compared.
        if (!"0".equals(a.get(2)) || !"0".equals(x.kids.get(0).text) || !"0".equals(y.kids.get(0).text))
            return x.kids.get(1).kids != null && y.kids.get(1).kids != null;
        int group = a.get(0).equals("SSCAN") ? 1 : 2;
        return groups(x.kids.get(1).kids, group).equals(groups(y.kids.get(1).kids, group));
    }

    /**
     * SRANDMEMBER/HRANDFIELD/ZRANDMEMBER: both replies the same shape and length, Glassbox's
     * elements (pairs) all in the key, distinct for a positive count.
     */
    private boolean randomPick(byte[] e, byte[] g, List<String> a, List<String> contentsCmd, int group) throws IOException {
        Node x = parse(e), y = parse(g);
        if (x.type != y.type) return false;
        Node all = parse(ref.call(argv(contentsCmd)));
        Set<String> allowed = new HashSet<>();
        if (all.kids != null) {
            List<Node> ks = flatten(all.kids);
            int stride = contentsCmd.get(0).equals("SMEMBERS") ? 1 : 2;
            for (int i = 0; i < ks.size(); i += stride) {
                StringBuilder sb = new StringBuilder(new String(ks.get(i).raw, StandardCharsets.ISO_8859_1));
                if (group == 2) sb.append(new String(ks.get(i + 1).raw, StandardCharsets.ISO_8859_1));
                allowed.add(sb.toString());
            }
        }
        if (x.kids == null) {
            return y.kids == null && (y.text == null ? x.text == null : allowed.contains(new String(y.raw, StandardCharsets.ISO_8859_1)));
        }
        if (y.kids == null || x.kids.size() != y.kids.size()) return false;
        List<String> picked = groups(y.kids, group);
        if (!allowed.containsAll(picked)) return false;
        boolean positive = a.size() > 2 && !a.get(2).startsWith("-");
        return !positive || new HashSet<>(picked).size() == picked.size();
    }

    /**
     * SPOP: same reply shape and length; each server's popped members were members and its
     * remaining set is the old one minus them. The encoding is compared only when it cannot
     * depend on the draw: SPOP's "CASE 3" rebuilds the set from the survivors (an intset if they
     * are all integers), so both servers' survivors must agree on being all-integer. Then both
     * servers are given the same survivors, chosen without randomness (the old members in byte
     * order, less as many as were popped), so a seed always replays the same way.
     */
    private void spop(byte[] e, byte[] g, List<String> a, byte[] before) throws IOException {
        String k = a.get(1);
        if (Arrays.equals(e, g)) { encoding(k); return; }
        if (e.length > 0 && e[0] == '-') { mismatch(e, g); return; }
        Node x = parse(e), y = parse(g), old = parse(before);
        boolean ok = x.type == y.type && (x.kids == null) == (y.kids == null) && (x.text == null) == (y.text == null)
                && (x.kids == null || x.kids.size() == y.kids.size());
        Set<String> oldSet = old.kids == null ? Set.of() : new HashSet<>(groups(old.kids, 1));
        List<Node> popped = y.kids != null ? y.kids : y.text != null ? List.of(y) : List.of();
        List<String> poppedG = groups(popped, 1);
        ok &= oldSet.containsAll(poppedG) && new HashSet<>(poppedG).size() == poppedG.size();
        if (!ok) mismatch(e, g);
        List<String> cmd = List.of("SMEMBERS", k);
        List<String> redisLeft = groups(parse(ref.call(argv(cmd))).kids, 1), glassLeft = groups(parse(tgt.call(argv(cmd))).kids, 1);
        Set<String> expectLeft = new HashSet<>(oldSet);
        poppedG.forEach(expectLeft::remove);
        if (!new HashSet<>(glassLeft).equals(expectLeft) || glassLeft.size() != expectLeft.size())
            mismatch(e, g, "Glassbox's set after SPOP is not its old set minus what it popped: " + glassLeft);
        if (allInts(redisLeft) == allInts(glassLeft)) encoding(k);
        // Resynchronise both servers on survivors that do not depend on either server's draw (the old
        // members in byte order, less as many as were popped), so a seed replays the same way.
        List<Node> sorted = old.kids == null ? List.of() : new ArrayList<>(old.kids);
        sorted.sort((p, q) -> Arrays.compare(p.raw, q.raw));
        List<String> sadd = new ArrayList<>(List.of("SADD", k));
        for (Node n : sorted.subList(Math.min(popped.size(), sorted.size()), sorted.size())) sadd.add(n.text);
        check(List.of("DEL", k));
        if (sadd.size() > 2) check(sadd);
        encoding(k);
    }

    private static boolean allInts(List<String> rawBulks) {
        for (String s : rawBulks) {
            String body = s.substring(s.indexOf("\r\n") + 2, s.length() - 2);
            if (parseLong(body) == null) return false;
        }
        return true;
    }

    /** SORT BY nosort (or a pattern without '*') of a hashtable set, no STORE: the set's own order. */
    private boolean sortNosortOfSet(byte[] e, byte[] g, List<String> a) {
        if (!"hashtable".equals(enc.get(a.get(1))) || a.contains("STORE") || !a.contains("nosort")) return false;
        int gets = Collections.frequency(a, "GET");
        Node x = parse(e), y = parse(g);
        if (x.kids == null || y.kids == null) return false;
        if (a.contains("LIMIT")) return x.kids.size() == y.kids.size();
        return multiset(e, g, Math.max(1, gets));
    }

    /** True when every member of the zset at {@code k} has the same score (or it is not a zset). */
    private boolean allScoresEqual(String k) throws IOException {
        Node lo = parse(ref.call(argv(List.of("ZRANGE", k, "0", "0", "WITHSCORES"))));
        Node hi = parse(ref.call(argv(List.of("ZRANGE", k, "-1", "-1", "WITHSCORES"))));
        if (lo.kids == null || lo.kids.isEmpty()) return true;
        return flatten(lo.kids).get(1).text.equals(flatten(hi.kids).get(1).text);
    }

    private void mismatch(byte[] e, byte[] g) { mismatch(e, g, "replies differ"); }

    private void mismatch(byte[] e, byte[] g, String what) {
        throw new Mismatch(context(what + "\n    redis:    " + Args.show(e) + "\n    glassbox: " + Args.show(g)));
    }

    private String context(String what) {
        return "seed " + seed + " step " + step + ": " + what + "\n  encodings seen: " + enc + "\n  last commands (oldest first):\n    "
                + String.join("\n    ", history);
    }

    private static String show(List<String> a) {
        StringBuilder sb = new StringBuilder();
        for (String s : a) {
            if (sb.length() > 0) sb.append(' ');
            String t = s.length() > 40 && !TRACE ? s.substring(0, 20) + "...(" + s.length() + ")" : s;
            sb.append(t.isEmpty() || t.contains(" ") ? "\"" + t + "\"" : t);
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------
    // A reply (RESP2 or RESP3) as a tree, each node keeping its raw bytes.

    static final class Node {
        char type;
        byte[] raw;
        String text;
        List<Node> kids;
    }

    static Node parse(byte[] b) {
        int[] p = {0};
        return parse(b, p);
    }

    private static Node parse(byte[] b, int[] p) {
        int start = p[0];
        Node n = new Node();
        n.type = (char) b[p[0]++];
        int eol = p[0];
        while (b[eol] != '\r') eol++;
        String line = new String(b, p[0], eol - p[0], StandardCharsets.ISO_8859_1);
        p[0] = eol + 2;
        switch (n.type) {
            case '$', '=', '!' -> {
                int len = Integer.parseInt(line);
                if (len >= 0) {
                    n.text = new String(b, p[0], len, StandardCharsets.UTF_8);
                    p[0] += len + 2;
                }
            }
            case '*', '~', '>', '%', '|' -> {
                int len = Integer.parseInt(line);
                if (n.type == '%' || n.type == '|') len *= 2;
                if (len >= 0) {
                    n.kids = new ArrayList<>();
                    for (int i = 0; i < len; i++) n.kids.add(parse(b, p));
                }
            }
            case '_' -> { }
            default -> n.text = line;
        }
        n.raw = Arrays.copyOfRange(b, start, p[0]);
        return n;
    }
}
