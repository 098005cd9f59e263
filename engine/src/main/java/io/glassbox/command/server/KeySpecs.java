package io.glassbox.command.server;

import io.glassbox.command.CommandTable;
import io.glassbox.command.RedisCommand;
import io.glassbox.resp.RespValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Key specs: where a command's keys are, as Redis 7.0 describes them ({@code getKeysUsingKeySpecs}
 * in {@code db.c}). Each spec says how to find the first key (an index, or the argument after a
 * keyword) and how many follow (a range, or a count read from an argument), with flags such as
 * {@code RW access delete}. COMMAND GETKEYS and GETKEYSANDFLAGS read them from the metadata in
 * {@link RedisCommand#info} (element 9). A command whose keys move with its arguments and that
 * has a key finder uses the finder, as Redis uses a {@code getkeys_proc}.
 */
final class KeySpecs {
    private KeySpecs() {}

    record Key(int pos, RespValue flags) {}

    /** doesCommandHaveKeys: a key finder, or at least one key spec. */
    static boolean hasKeys(RedisCommand cmd) {
        return !specs(cmd).isEmpty() || cmd.firstKey != 0;
    }

    private static List<RespValue> specs(RedisCommand cmd) {
        List<RespValue> f = ((RespValue.Array) cmd.info).items();
        if (f.size() <= 8 || !(f.get(8) instanceof RespValue.Array a) || a.items() == null) return List.of();
        return a.items();
    }

    /** The keys of {@code argv} (argv[0] is the command name), in spec order. */
    static List<Key> keys(RedisCommand cmd, List<byte[]> argv) {
        List<RespValue> specs = specs(cmd);
        List<Key> out = new ArrayList<>();
        RespValue firstFlags = specs.isEmpty() ? new RespValue.Array('~', List.of()) : get(specs.get(0), "flags");
        if (cmd.has(io.glassbox.command.CommandFlags.MOVABLE_KEYS) || specs.isEmpty()) {
            int[] pos = CommandTable.keyPositions(cmd, argv);
            if (pos != null) for (int p : pos) if (p < argv.size()) out.add(new Key(p, firstFlags));
            return out;
        }
        int argc = argv.size();
        for (RespValue spec : specs) {
            RespValue flags = get(spec, "flags");
            RespValue bs = get(spec, "begin_search");
            RespValue fk = get(spec, "find_keys");
            String bsType = get(bs, "type").asText();
            RespValue bsSpec = get(bs, "spec");
            int first;
            if (bsType.equals("index")) {
                first = (int) num(bsSpec, "index");
            } else if (bsType.equals("keyword")) {
                String keyword = get(bsSpec, "keyword").asText();
                int startfrom = (int) num(bsSpec, "startfrom");
                int start = startfrom >= 0 ? startfrom : argc + startfrom;
                int end = startfrom >= 0 ? argc - 1 : 0;
                int step = startfrom >= 0 ? 1 : -1;
                first = 0;
                for (int i = start; i != end + step; i += step) {
                    if (i >= argc || i < 1) break;
                    if (new String(argv.get(i), StandardCharsets.UTF_8).equalsIgnoreCase(keyword)) { first = i + 1; break; }
                }
                if (first == 0) continue; // keyword not found: no keys from this spec
            } else {
                continue;
            }
            if (first >= argc) continue;
            String fkType = get(fk, "type").asText();
            RespValue fkSpec = get(fk, "spec");
            int last, step;
            if (fkType.equals("range")) {
                int lastkey = (int) num(fkSpec, "lastkey");
                step = (int) num(fkSpec, "keystep");
                int limit = (int) num(fkSpec, "limit");
                if (lastkey >= 0) last = first + lastkey;
                else if (limit == 0) last = argc + lastkey;
                else last = first + ((argc - first) / limit + lastkey);
            } else if (fkType.equals("keynum")) {
                int idx = first + (int) num(fkSpec, "keynumidx");
                if (idx >= argc) continue;
                long n;
                try { n = Long.parseLong(new String(argv.get(idx), StandardCharsets.UTF_8)); } catch (NumberFormatException e) { continue; }
                if (n < 0) continue;
                step = (int) num(fkSpec, "keystep");
                first = first + (int) num(fkSpec, "firstkey");
                last = first + (int) n - 1;
            } else {
                continue;
            }
            for (int i = first; i <= last; i += Math.max(1, step)) {
                if (i >= argc || i < first) continue; // negative arity: the command reports the error itself
                out.add(new Key(i, flags));
            }
        }
        return out;
    }

    private static RespValue get(RespValue map, String key) {
        List<RespValue> kv = ((RespValue.Map) map).entries();
        for (int i = 0; i < kv.size(); i += 2) if (key.equals(kv.get(i).asText())) return kv.get(i + 1);
        return null;
    }

    private static long num(RespValue map, String key) {
        return ((RespValue.Int) get(map, key)).value();
    }
}
