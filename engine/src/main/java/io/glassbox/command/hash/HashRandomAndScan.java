package io.glassbox.command.hash;

import io.glassbox.command.generic.ScanOptions;
import io.glassbox.command.generic.KeyCommands;
import io.glassbox.db.HashObjects;
import io.glassbox.db.RedisObject;
import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictEntry;
import io.glassbox.server.Client;
import io.glassbox.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * HRANDFIELD and HSCAN: the two hash commands whose behaviour depends on the encoding
 * ({@code hrandfieldCommand}, {@code hrandfieldWithCountCommand}, and the hash part of
 * {@code scanGenericCommand} in {@code db.c}).
 *
 * <p><b>HRANDFIELD</b> key [count [WITHVALUES]]. Without a count: one random field. A negative
 * count asks for that many fields <em>with</em> repetitions, in random order; a positive count for
 * that many <em>distinct</em> fields (the whole hash, in its own order, if the count is at least
 * its size). With WITHVALUES each field is followed by its value; RESP3 clients get each pair as
 * a two-element array. The sampling strategy follows Redis: a hashtable samples with
 * {@code dictGetFairRandomKey}; for distinct fields it copies and deletes at random when the count
 * is near the size (more than a third) and picks at random otherwise, so neither way does much
 * wasted work.
 *
 * <p><b>HSCAN</b> key cursor [MATCH pattern] [COUNT count]. A hashtable is walked like the keyspace
 * ({@link Dict#scan}, reverse-binary cursor, about COUNT entries per call). A listpack hash is
 * small by definition (at most {@code hash-max-listpack-entries} fields), so it is returned whole
 * with cursor 0 in one call, whatever cursor and COUNT were asked, as Redis does.
 */
final class HashRandomAndScan {
    private HashRandomAndScan() {}

    /** Distinct fields by deletion from a copy when count * this exceeds the size, else by random picks. */
    static final int HRANDFIELD_SUB_STRATEGY_MUL = 3;

    @SuppressWarnings("unchecked")
    private static Dict<byte[], byte[]> dict(RedisObject o) { return (Dict<byte[], byte[]>) o.value; }

    /** The pairs of a listpack hash, in order: [field0, value0, field1, value1, ...]. */
    private static List<byte[]> pairs(RedisObject o) {
        List<byte[]> out = new ArrayList<>();
        HashObjects.forEach(o, (f, v) -> { out.add(f); out.add(v); });
        return out;
    }

    static void hrandfield(Client c) {
        if (c.argc() >= 3) {
            long[] out = new long[1];
            if (!RedisNumbers.string2ll(c.arg(2), out)) { c.addErrorNotInteger(); return; }
            long l = out[0];
            if (l < -Long.MAX_VALUE) {
                c.addError("value is out of range, value must between -9223372036854775807 and 9223372036854775807");
                return;
            }
            boolean withvalues = false;
            if (c.argc() > 4 || (c.argc() == 4 && !c.argIs(3, "withvalues"))) {
                c.addErrorSyntax();
                return;
            } else if (c.argc() == 4) {
                withvalues = true;
                if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
                    c.addError("value is out of range");
                    return;
                }
            }
            hrandfieldWithCount(c, l, withvalues);
            return;
        }
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { c.addNull(); return; }
        if (o.type != RedisObject.TYPE_HASH) { c.addErrorWrongType(); return; }
        if (o.encoding == RedisObject.ENC_HT) {
            c.addBulk(dict(o).fairRandomEntry().getKey());
        } else {
            List<byte[]> p = pairs(o);
            c.addBulk(p.get(2 * ThreadLocalRandom.current().nextInt(p.size() / 2)));
        }
    }

    private static void addPair(Client c, byte[] field, byte[] value, boolean withvalues) {
        if (withvalues && c.resp3()) c.addArrayLen(2);
        c.addBulk(field);
        if (withvalues) c.addBulk(value);
    }

    /** hrandfieldWithCountCommand: see the class comment for the cases. */
    private static void hrandfieldWithCount(Client c, long l, boolean withvalues) {
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { c.addEmptyArray(); return; }
        if (o.type != RedisObject.TYPE_HASH) { c.addErrorWrongType(); return; }
        long size = HashObjects.hashTypeLength(o);
        boolean uniq = l >= 0;
        long count = uniq ? l : -l;
        if (count == 0) { c.addEmptyArray(); return; }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        boolean ht = o.encoding == RedisObject.ENC_HT;
        List<byte[]> lp = ht ? null : pairs(o);

        // CASE 1: repetitions allowed (or a single field): sample the whole hash every time.
        if (!uniq || count == 1) {
            c.addArrayLen(withvalues && !c.resp3() ? count * 2 : count);
            while (count-- > 0) {
                if (ht) {
                    DictEntry<byte[], byte[]> de = dict(o).fairRandomEntry();
                    addPair(c, de.getKey(), de.getVal(), withvalues);
                } else {
                    int i = 2 * rnd.nextInt(lp.size() / 2);
                    addPair(c, lp.get(i), lp.get(i + 1), withvalues);
                }
                if (c.isClosed() || c.closeAsap()) break; // the output buffer limit closes it: stop early
            }
            return;
        }

        long replySize = Math.min(count, size);
        c.addArrayLen(withvalues && !c.resp3() ? replySize * 2 : replySize);

        // CASE 2: asked for at least the whole hash: return it, in its own order.
        if (count >= size) {
            HashObjects.forEach(o, (f, v) -> addPair(c, f, v, withvalues));
            return;
        }

        // CASE 2.5 (listpack): distinct fields, kept in listpack order (lpRandomPairsUnique picks
        // each remaining entry with probability remaining-wanted / remaining-entries).
        if (!ht) {
            int n = lp.size() / 2;
            long wanted = count;
            for (int i = 0; i < n && wanted > 0; i++) {
                if (rnd.nextLong(n - i) < wanted) {
                    addPair(c, lp.get(2 * i), lp.get(2 * i + 1), withvalues);
                    wanted--;
                }
            }
            return;
        }

        Dict<byte[], byte[]> d = dict(o);
        List<byte[][]> chosen = new ArrayList<>();
        if (count * HRANDFIELD_SUB_STRATEGY_MUL > size) {
            // CASE 3: copy everything, then remove random entries until count remain.
            HashObjects.forEach(o, (f, v) -> chosen.add(new byte[][] {f, v}));
            while (chosen.size() > count) {
                int i = rnd.nextInt(chosen.size());
                chosen.set(i, chosen.get(chosen.size() - 1));
                chosen.remove(chosen.size() - 1);
            }
        } else {
            // CASE 4: add random distinct fields until there are count of them.
            Dict<byte[], byte[]> picked = new Dict<>(d.type());
            while (picked.size() < count) {
                DictEntry<byte[], byte[]> de = d.fairRandomEntry();
                if (picked.add(de.getKey(), de.getVal())) chosen.add(new byte[][] {de.getKey(), de.getVal()});
            }
        }
        for (byte[][] p : chosen) addPair(c, p[0], p[1], withvalues);
    }

    /** HSCAN key cursor [MATCH pattern] [COUNT count] (hscanCommand, scanGenericCommand). */
    static void hscan(Client c) {
        long[] cursor = new long[1];
        if (!KeyCommands.parseScanCursorOrReply(c, c.arg(2), cursor)) return;
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { ScanOptions.replyEmpty(c); return; }
        if (o.type != RedisObject.TYPE_HASH) { c.addErrorWrongType(); return; }

        ScanOptions opts = ScanOptions.parseOrReply(c, 3, false);
        if (opts == null) return;
        long count = opts.count();

        // [field, value, field, value ...] before filtering
        List<byte[]> items = new ArrayList<>();
        long next = 0;
        if (o.encoding == RedisObject.ENC_HT) {
            Dict<byte[], byte[]> d = dict(o);
            long maxIterations = count * 10;
            long cur = cursor[0];
            // COUNT counts field-value pairs: Redis 7.0.15 answers HSCAN h 0 COUNT 20 on a
            // 1000-field hashtable with about 40 elements (20 pairs), as ZSCAN does for members.
            do {
                cur = d.scan(cur, de -> { items.add(de.getKey()); items.add(de.getVal()); });
            } while (cur != 0 && maxIterations-- != 0 && items.size() / 2 < count);
            next = cur;
        } else {
            items.addAll(pairs(o));
        }

        opts.reply(c, next, items, 2);
    }
}
