package io.glassbox.command;

import io.glassbox.resp.RespValue;
import io.glassbox.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;

/**
 * One key specification of a command (Redis 7's {@code keySpec}, {@code server.h}): where its keys
 * start (an index, or after a keyword), how many follow (a range, or a count in an argument), and
 * how the command touches them (the RW/RO/OW/RM and access/insert/delete/update flags that ACL's
 * {@code %R~} / {@code %W~} patterns are checked against). Read from the stored COMMAND INFO entry,
 * so Glassbox's specs are Redis's own.
 */
public final class KeySpec {
    // CMD_KEY_* flags (server.h); only the ones ACL and key extraction read get a meaning here
    public static final int RO = 1, RW = 1 << 1, OW = 1 << 2, RM = 1 << 3, ACCESS = 1 << 4, UPDATE = 1 << 5,
            INSERT = 1 << 6, DELETE = 1 << 7, NOT_KEY = 1 << 8, INCOMPLETE = 1 << 9, VARIABLE_FLAGS = 1 << 10;

    final int flags;
    // begin_search: index (pos) or keyword (keyword, startfrom); unknown when both are unset
    final int bsIndex;
    final String bsKeyword;
    final int bsStartFrom;
    // find_keys: range (lastkey, keystep, limit) or keynum (keynumidx, firstkey, keystep)
    final boolean fkRange, fkKeynum;
    final int lastKey, keyStep, limit, keynumIdx, firstKey;

    private KeySpec(int flags, int bsIndex, String bsKeyword, int bsStartFrom, boolean fkRange, boolean fkKeynum,
                    int lastKey, int keyStep, int limit, int keynumIdx, int firstKey) {
        this.flags = flags;
        this.bsIndex = bsIndex;
        this.bsKeyword = bsKeyword;
        this.bsStartFrom = bsStartFrom;
        this.fkRange = fkRange;
        this.fkKeynum = fkKeynum;
        this.lastKey = lastKey;
        this.keyStep = keyStep;
        this.limit = limit;
        this.keynumIdx = keynumIdx;
        this.firstKey = firstKey;
    }

    public int flags() { return flags; }

    static int parseFlag(String f) {
        return switch (f.toUpperCase(java.util.Locale.ROOT)) {
            case "RO" -> RO; case "RW" -> RW; case "OW" -> OW; case "RM" -> RM;
            case "ACCESS" -> ACCESS; case "UPDATE" -> UPDATE; case "INSERT" -> INSERT; case "DELETE" -> DELETE;
            case "NOT_KEY" -> NOT_KEY; case "INCOMPLETE" -> INCOMPLETE; case "VARIABLE_FLAGS" -> VARIABLE_FLAGS;
            default -> 0;
        };
    }

    /** The key specs of a COMMAND INFO entry's eighth field (a list of maps). */
    static KeySpec[] parseAll(RespValue field) {
        if (!(field instanceof RespValue.Array a) || a.items().isEmpty()) return NONE;
        List<KeySpec> out = new ArrayList<>();
        for (RespValue v : a.items()) out.add(parse(v));
        return out.toArray(new KeySpec[0]);
    }

    static final KeySpec[] NONE = new KeySpec[0];

    private static KeySpec parse(RespValue v) {
        int flags = 0;
        int bsIndex = 0, bsStartFrom = 0, lastKey = 0, keyStep = 1, limit = 0, keynumIdx = 0, firstKey = 0;
        String keyword = null;
        boolean range = false, keynum = false;
        List<RespValue> kv = entries(v);
        for (int i = 0; i + 1 < kv.size(); i += 2) {
            String k = kv.get(i).asText();
            RespValue val = kv.get(i + 1);
            if ("flags".equals(k)) {
                for (RespValue f : ((RespValue.Array) val).items()) flags |= parseFlag(f.asText());
            } else if ("begin_search".equals(k) || "find_keys".equals(k)) {
                List<RespValue> s = entries(val);
                String type = null;
                List<RespValue> spec = List.of();
                for (int j = 0; j + 1 < s.size(); j += 2) {
                    if ("type".equals(s.get(j).asText())) type = s.get(j + 1).asText();
                    else if ("spec".equals(s.get(j).asText())) spec = entries(s.get(j + 1));
                }
                for (int j = 0; j + 1 < spec.size(); j += 2) {
                    String sk = spec.get(j).asText();
                    RespValue sv = spec.get(j + 1);
                    int n = sv instanceof RespValue.Int in ? (int) in.value() : 0;
                    switch (sk) {
                        case "index" -> bsIndex = n;
                        case "keyword" -> keyword = sv.asText();
                        case "startfrom" -> bsStartFrom = n;
                        case "lastkey" -> lastKey = n;
                        case "keystep" -> keyStep = n;
                        case "limit" -> limit = n;
                        case "keynumidx" -> keynumIdx = n;
                        case "firstkey" -> firstKey = n;
                        default -> { }
                    }
                }
                if ("find_keys".equals(k)) {
                    range = "range".equals(type);
                    keynum = "keynum".equals(type);
                } else if (!"index".equals(type) && !"keyword".equals(type)) {
                    bsIndex = 0;
                    keyword = null;
                }
            }
        }
        return new KeySpec(flags, bsIndex, keyword, bsStartFrom, range, keynum, lastKey, keyStep, limit, keynumIdx, firstKey);
    }

    private static List<RespValue> entries(RespValue v) {
        if (v instanceof RespValue.Map m) return m.entries();
        if (v instanceof RespValue.Array a) return a.items();
        return List.of();
    }

    /**
     * The keys of one call with their flags (getKeysFromCommandWithSpecs): from the key specs when
     * they are complete and their flags fixed, else from the command's key finder (its keys then
     * carry the union of the specs' flags). Positions go to {@code pos}, flags to {@code flags};
     * returns how many keys were found.
     */
    public static int keys(RedisCommand cmd, List<byte[]> argv, IntList pos, IntList flags) {
        pos.clear();
        flags.clear();
        int all = 0, allReal = 0;
        for (KeySpec s : cmd.keySpecs) {
            all |= s.flags;
            if ((s.flags & NOT_KEY) == 0) allReal |= s.flags | 1 << 30;
        }
        if (allReal != 0 && (all & VARIABLE_FLAGS) == 0 && usingSpecs(cmd, argv, pos, flags)) return pos.size();
        pos.clear();
        flags.clear();
        if (cmd.parent == null && cmd.name.equals("set") && argv.size() >= 2) {
            pos.add(1);
            flags.add(setKeyFlags(argv));
            return 1;
        }
        if (cmd.parent == null && cmd.name.equals("bitfield") && argv.size() >= 2) {
            pos.add(1);
            flags.add(bitfieldKeyFlags(argv));
            return 1;
        }
        if (cmd.parent == null && (cmd.name.equals("sort") || cmd.name.equals("sort_ro")) && argv.size() >= 2) {
            sortKeys(argv, pos, flags);
            return pos.size();
        }
        if (cmd.parent == null && cmd.name.equals("migrate") && cmd.keyFinder == null) {
            migrateKeys(argv, pos, flags);
            return pos.size();
        }
        if (cmd.keyFinder == null && allReal == 0) return 0;
        int[] found = CommandTable.keyPositions(cmd, argv);
        if (found == null) return 0;
        for (int p : found) { pos.add(p); flags.add(fallbackFlags(cmd, p)); }
        return pos.size();
    }

    /**
     * The flags of a key a getkeys proc found (sortGetKeys, migrateGetKeys, georadiusGetKeys ...):
     * those of the spec that starts at its position, else of the last spec (the optional STORE
     * or KEYS part those commands describe last), as the procs mark them.
     */
    private static int fallbackFlags(RedisCommand cmd, int p) {
        KeySpec last = null;
        for (KeySpec s : cmd.keySpecs) {
            if ((s.flags & NOT_KEY) != 0) continue;
            if (s.bsIndex == p) return s.flags;
            last = s;
        }
        return last == null ? 0 : last.flags;
    }

    /**
     * sortGetKeys: the sorted key (RO ACCESS) and the last STORE destination (OW UPDATE), skipping
     * LIMIT's two arguments and GET's and BY's one (their patterns are not keys for ACL).
     */
    private static void sortKeys(List<byte[]> argv, IntList pos, IntList flags) {
        pos.add(1);
        flags.add(RO | ACCESS);
        int store = -1;
        for (int i = 2; i < argv.size(); i++) {
            String a = new String(argv.get(i), java.nio.charset.StandardCharsets.ISO_8859_1);
            if (a.equalsIgnoreCase("limit")) i += 2;
            else if (a.equalsIgnoreCase("get") || a.equalsIgnoreCase("by")) i += 1;
            else if (a.equalsIgnoreCase("store") && i + 1 < argv.size()) store = i + 1;
        }
        if (store > 0) {
            pos.add(store);
            flags.add(OW | UPDATE);
        }
    }

    /**
     * migrateGetKeys: the key at 3, or with KEYS (and an empty key at 3) the keys after it,
     * skipping COPY, REPLACE, AUTH's one and AUTH2's two arguments on the way; RW ACCESS DELETE.
     */
    private static void migrateKeys(List<byte[]> argv, IntList pos, IntList flags) {
        int argc = argv.size(), first = 3, num = 1;
        if (argc > 6) {
            for (int i = 6; i < argc; i++) {
                String a = new String(argv.get(i), java.nio.charset.StandardCharsets.ISO_8859_1);
                if (a.equalsIgnoreCase("keys")) {
                    if (argv.get(3).length > 0) {
                        num = 0;
                    } else {
                        first = i + 1;
                        num = argc - first;
                    }
                    break;
                }
                if (a.equalsIgnoreCase("auth")) i += 1;
                else if (a.equalsIgnoreCase("auth2")) i += 2;
            }
        }
        for (int i = 0; i < num && first + i < argc; i++) {
            pos.add(first + i);
            flags.add(RW | ACCESS | DELETE);
        }
    }

    /** setGetKeys: with GET the key is read too (RW ACCESS UPDATE), else only overwritten (OW UPDATE). */
    private static int setKeyFlags(List<byte[]> argv) {
        for (int i = 3; i < argv.size(); i++) {
            byte[] a = argv.get(i);
            if (a.length == 3 && (a[0] | 32) == 'g' && (a[1] | 32) == 'e' && (a[2] | 32) == 't') return RW | ACCESS | UPDATE;
        }
        return OW | UPDATE;
    }

    /** bitfieldGetKeys: only GET (and OVERFLOW) operations read (RO ACCESS); anything else writes too. */
    private static int bitfieldKeyFlags(List<byte[]> argv) {
        int argc = argv.size();
        for (int i = 2; i < argc; i++) {
            int rem = argc - i - 1;
            String a = new String(argv.get(i), java.nio.charset.StandardCharsets.ISO_8859_1);
            if (a.equalsIgnoreCase("get") && rem >= 2) i += 2;
            else if ((a.equalsIgnoreCase("set") || a.equalsIgnoreCase("incrby")) && rem >= 3) return RW | ACCESS | UPDATE;
            else if (a.equalsIgnoreCase("overflow") && rem >= 1) i += 1;
            else return RW | ACCESS | UPDATE;
        }
        return RO | ACCESS;
    }

    /** getKeysUsingKeySpecs; false when a spec is unknown, incomplete or does not fit the arguments. */
    private static boolean usingSpecs(RedisCommand cmd, List<byte[]> argv, IntList pos, IntList flags) {
        int argc = argv.size();
        for (KeySpec s : cmd.keySpecs) {
            if ((s.flags & NOT_KEY) != 0) continue;
            int first = 0;
            if (s.bsIndex > 0) {
                first = s.bsIndex;
            } else if (s.bsKeyword != null) {
                int start = s.bsStartFrom > 0 ? s.bsStartFrom : argc + s.bsStartFrom;
                int end = s.bsStartFrom > 0 ? argc - 1 : 1;
                for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
                    if (i >= argc || i < 1) break;
                    if (new String(argv.get(i), java.nio.charset.StandardCharsets.ISO_8859_1).equalsIgnoreCase(s.bsKeyword)) {
                        first = i + 1;
                        break;
                    }
                }
                if (first == 0) continue;
            } else {
                return false;
            }
            int last, step;
            if (s.fkRange) {
                step = s.keyStep;
                if (s.lastKey >= 0) last = first + s.lastKey;
                else if (s.limit == 0) last = argc + s.lastKey;
                else last = first + ((argc - first) / s.limit + s.lastKey);
            } else if (s.fkKeynum) {
                step = s.keyStep;
                if (s.keynumIdx >= argc || first + s.keynumIdx >= argc) return false;
                long[] n = new long[1];
                if (!RedisNumbers.string2ll(argv.get(first + s.keynumIdx), n) || n[0] < 0) return false;
                first += s.firstKey;
                last = first + (int) n[0] - 1;
            } else {
                return false;
            }
            if (last >= argc || last < first || first >= argc) {
                // numkeys 0 (last == first - 1) is no key at all, not a bad spec
                if (s.fkKeynum && last == first - 1) continue;
                return false;
            }
            for (int i = first; i <= last; i += Math.max(1, step)) {
                pos.add(i);
                flags.add(s.flags);
            }
            if ((s.flags & INCOMPLETE) != 0) return false;
        }
        return true;
    }

    /** A growable int array, reused per check so the ACL path allocates nothing per command. */
    public static final class IntList {
        private int[] a = new int[8];
        private int n;

        public void clear() { n = 0; }

        public void add(int v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        public int get(int i) { return a[i]; }

        public int size() { return n; }
    }
}
