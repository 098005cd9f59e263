package io.glassbox.command.set;

import io.glassbox.server.Notify;
import io.glassbox.command.generic.ScanOptions;
import io.glassbox.command.CommandTable;
import io.glassbox.command.generic.KeyCommands;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.db.SetObjects;
import io.glassbox.db.SetObjects.Element;
import io.glassbox.db.SetObjects.Iter;
import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictEntry;
import io.glassbox.ds.dict.DictIterator;
import io.glassbox.ds.dict.DictType;
import io.glassbox.server.Client;
import io.glassbox.server.Propagation;
import io.glassbox.util.RedisNumbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The set commands: Redis's {@code t_set.c}.
 *
 * <p>Every command goes through the {@code setType*} layer ({@link SetObjects}), so it never
 * cares whether a set is an {@code intset} or a {@code hashtable}, except where Redis takes a
 * shortcut: SINTER compares two intsets with {@code intsetFind} directly.
 *
 * <p>Where the order of a reply comes from: an intset iterates in ascending order, a hash table in
 * bucket order. SUNION and SDIFF build their result in a new set that starts as an intset, so
 * their reply is sorted whenever the result is all integers and small; SINTER replies while it
 * walks its smallest input, in that input's order.
 *
 * <p>Writes: a command that empties a set deletes the key; the *STORE commands replace the
 * destination whatever its type (setKey) and delete it when the result is empty.
 */
public final class SetCommands {
    private SetCommands() {}

    static final int SET_OP_UNION = 0, SET_OP_DIFF = 1;

    /** How many times bigger the set must be than what stays, for SPOP to pop one by one (SPOP_MOVE_STRATEGY_MUL). */
    static final int SPOP_MOVE_STRATEGY_MUL = 5;

    /** Above count*this many members SRANDMEMBER samples instead of copying and subtracting (SRANDMEMBER_SUB_STRATEGY_MUL). */
    static final int SRANDMEMBER_SUB_STRATEGY_MUL = 3;

    public static void register(CommandTable t) {
        t.bind("sadd", SetCommands::sadd);
        t.bind("srem", SetCommands::srem);
        t.bind("smove", SetCommands::smove);
        t.bind("sismember", SetCommands::sismember);
        t.bind("smismember", SetCommands::smismember);
        t.bind("scard", SetCommands::scard);
        t.bind("spop", SetCommands::spop);
        t.bind("srandmember", SetCommands::srandmember);
        t.bind("sinter", c -> sinterGeneric(c, 1, c.argc() - 1, null, false, 0));
        t.bind("smembers", c -> sinterGeneric(c, 1, c.argc() - 1, null, false, 0));
        t.bind("sintercard", SetCommands::sintercard);
        t.bind("sinterstore", c -> sinterGeneric(c, 2, c.argc() - 2, c.arg(1), false, 0));
        t.bind("sunion", c -> sunionDiffGeneric(c, 1, c.argc() - 1, null, SET_OP_UNION));
        t.bind("sunionstore", c -> sunionDiffGeneric(c, 2, c.argc() - 2, c.arg(1), SET_OP_UNION));
        t.bind("sdiff", c -> sunionDiffGeneric(c, 1, c.argc() - 1, null, SET_OP_DIFF));
        t.bind("sdiffstore", c -> sunionDiffGeneric(c, 2, c.argc() - 2, c.arg(1), SET_OP_DIFF));
        t.bind("sscan", SetCommands::sscan);
    }

    /** set-max-intset-entries, read once per command so CONFIG SET applies to the next one. */
    static long maxIntsetEntries(Client c) {
        return c.server().keyspace().encodings().setMaxIntsetEntries;
    }

    /** checkType for a set: replies WRONGTYPE and returns true when {@code o} exists and is not a set. */
    static boolean wrongType(Client c, RedisObject o) {
        if (o != null && o.type != RedisObject.TYPE_SET) {
            c.addErrorWrongType();
            return true;
        }
        return false;
    }

    /** An empty set reply: "*0" in RESP2, "~0" in RESP3 (shared.emptyset). */
    static void addEmptySet(Client c) { c.addSetLen(0); }

    /** Replies one member as a bulk string (addReplyBulkLongLong for intset members). */
    static void addMember(Client c, Element e) {
        if (e.encoding == RedisObject.ENC_INTSET) c.addBulkLong(e.llele);
        else c.addBulk(e.sdsele);
    }

    /** getLongFromObjectOrReply: a strict integer argument, or null after replying. */
    static Long parseLong(Client c, byte[] arg, String msg) {
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(arg, out)) {
            c.addError(msg != null ? msg : "value is not an integer or out of range");
            return null;
        }
        return out[0];
    }

    // ---------------------------------------------------------------- SADD SREM SMOVE

    /** SADD key member [member ...] (saddCommand): creates the set with the encoding the first member allows. */
    static void sadd(Client c) {
        RedisDb db = c.db();
        byte[] key = c.arg(1);
        RedisObject set = db.lookupKeyWrite(key);
        if (wrongType(c, set)) return;
        if (set == null) {
            set = SetObjects.create(c.arg(2));
            db.dbAdd(key, set);
        }
        long max = maxIntsetEntries(c);
        int added = 0;
        for (int j = 2; j < c.argc(); j++) {
            if (SetObjects.add(set, c.arg(j), max)) added++;
        }
        if (added > 0) {
            db.signalModifiedKey(key);
            Notify.event(c, Notify.SET, "sadd", key);
        }
        c.server().keyspace().stats.dirty += added;
        c.addLong(added);
    }

    /** SREM key member [member ...] (sremCommand): deletes the key as soon as the set is empty. */
    static void srem(Client c) {
        RedisDb db = c.db();
        byte[] key = c.arg(1);
        RedisObject set = db.lookupKeyWrite(key);
        if (set == null) { c.addLong(0); return; }
        if (wrongType(c, set)) return;
        int deleted = 0;
        boolean keyremoved = false;
        for (int j = 2; j < c.argc(); j++) {
            if (SetObjects.remove(set, c.arg(j))) {
                deleted++;
                if (SetObjects.size(set) == 0) {
                    db.dbDelete(key);
                    keyremoved = true;
                    break;
                }
            }
        }
        if (deleted > 0) {
            db.signalModifiedKey(key);
            Notify.event(c, Notify.SET, "srem", key);
            if (keyremoved) Notify.event(c, Notify.GENERIC, "del", key);
            c.server().keyspace().stats.dirty += deleted;
        }
        c.addLong(deleted);
    }

    /** SMOVE source destination member (smoveCommand). Moving within one set is a membership test. */
    static void smove(Client c) {
        RedisDb db = c.db();
        byte[] src = c.arg(1), dst = c.arg(2), ele = c.arg(3);
        RedisObject srcset = db.lookupKeyWrite(src);
        RedisObject dstset = db.lookupKeyWrite(dst);
        if (srcset == null) { c.addLong(0); return; }
        if (wrongType(c, srcset) || wrongType(c, dstset)) return;
        if (srcset == dstset) {
            c.addLong(SetObjects.isMember(srcset, ele) ? 1 : 0);
            return;
        }
        if (!SetObjects.remove(srcset, ele)) { c.addLong(0); return; }
        Notify.event(c, Notify.SET, "srem", src);
        if (SetObjects.size(srcset) == 0) { db.dbDelete(src); Notify.event(c, Notify.GENERIC, "del", src); }
        if (dstset == null) {
            dstset = SetObjects.create(ele);
            db.dbAdd(dst, dstset);
        }
        db.signalModifiedKey(src);
        c.server().keyspace().stats.dirty++;
        // An extra key has changed when ele was successfully added to dstset.
        if (SetObjects.add(dstset, ele, maxIntsetEntries(c))) {
            c.server().keyspace().stats.dirty++;
            db.signalModifiedKey(dst);
            Notify.event(c, Notify.SET, "sadd", dst);
        }
        c.addLong(1);
    }

    // ---------------------------------------------------------------- membership and size

    /** SISMEMBER key member (sismemberCommand). */
    static void sismember(Client c) {
        RedisObject set = c.db().lookupKeyRead(c.arg(1));
        if (set == null) { c.addLong(0); return; }
        if (wrongType(c, set)) return;
        c.addLong(SetObjects.isMember(set, c.arg(2)) ? 1 : 0);
    }

    /** SMISMEMBER key member [member ...] (smismemberCommand): a missing key is an empty set. */
    static void smismember(Client c) {
        RedisObject set = c.db().lookupKeyRead(c.arg(1));
        if (wrongType(c, set)) return;
        c.addArrayLen(c.argc() - 2);
        for (int j = 2; j < c.argc(); j++) {
            c.addLong(set != null && SetObjects.isMember(set, c.arg(j)) ? 1 : 0);
        }
    }

    /** SCARD key (scardCommand). */
    static void scard(Client c) {
        RedisObject set = c.db().lookupKeyRead(c.arg(1));
        if (set == null) { c.addLong(0); return; }
        if (wrongType(c, set)) return;
        c.addLong(SetObjects.size(set));
    }

    // ---------------------------------------------------------------- SPOP

    /** SPOP key [count] (spopCommand): removes and returns a random member. */
    static void spop(Client c) {
        if (c.argc() == 3) { spopWithCount(c); return; }
        if (c.argc() > 3) { c.addErrorSyntax(); return; }
        RedisDb db = c.db();
        byte[] key = c.arg(1);
        RedisObject set = db.lookupKeyWrite(key);
        if (set == null) { c.addNull(); return; }
        if (wrongType(c, set)) return;
        Element e = SetObjects.randomElement(set, new Element());
        byte[] ele = e.bytes();
        if (e.encoding == RedisObject.ENC_INTSET) SetObjects.intset(set).remove(e.llele);
        else SetObjects.remove(set, ele);
        Notify.event(c, Notify.SET, "spop", key);
        c.addBulk(ele);
        if (SetObjects.size(set) == 0) { db.dbDelete(key); Notify.event(c, Notify.GENERIC, "del", key); }
        db.signalModifiedKey(key);
        c.server().keyspace().stats.dirty++;
        c.rewriteCommandVector(Propagation.SREM, key, ele.clone()); // replicas must remove the same member
    }

    /**
     * SPOP key count (spopWithCountCommand), three strategies:
     * <ol>
     *   <li>count &ge; size: reply the whole set and delete the key;</li>
     *   <li>what remains is more than a fifth of count: pop random members one by one;</li>
     *   <li>otherwise (nearly everything goes): pick the few members that <em>stay</em> into a new
     *       set, reply what is left of the old one and store the new one in its place. The new
     *       set is created for its first member ({@code setTypeCreate}), so a hash-table set whose
     *       survivors are integers becomes an intset again.</li>
     * </ol>
     */
    static void spopWithCount(Client c) {
        // getPositiveLongFromObjectOrReply: one message for "not a number" and "negative".
        Long l = parseLong(c, c.arg(2), "value is out of range, must be positive");
        if (l == null) return;
        if (l < 0) { c.addError("value is out of range, must be positive"); return; }
        long count = l;
        RedisDb db = c.db();
        byte[] key = c.arg(1);
        RedisObject set = db.lookupKeyWrite(key);
        if (set == null) { addEmptySet(c); return; }
        if (wrongType(c, set)) return;
        if (count == 0) { addEmptySet(c); return; }
        long size = SetObjects.size(set);
        c.server().keyspace().stats.dirty += Math.min(count, size);
        Notify.event(c, Notify.SET, "spop", key);

        // CASE 1: return the whole set.
        if (count >= size) {
            sunionDiffGeneric(c, 1, 1, null, SET_OP_UNION);
            db.dbDelete(key);
            Notify.event(c, Notify.GENERIC, "del", key);
            db.signalModifiedKey(key);
            c.rewriteCommandVector(c.server().settings().lazyfreeLazyServerDel ? Propagation.UNLINK : Propagation.DEL, key);
            return;
        }

        c.addSetLen(count);
        long remaining = size - count;
        Element e = new Element();
        if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
            // CASE 2: emit and remove random members.
            while (count-- > 0) {
                SetObjects.randomElement(set, e);
                if (e.encoding == RedisObject.ENC_INTSET) {
                    c.addBulkLong(e.llele);
                    SetObjects.intset(set).remove(e.llele);
                } else {
                    c.addBulk(e.sdsele);
                    SetObjects.remove(set, e.sdsele);
                }
                c.alsoPropagate(Propagation.SREM, key, e.bytes().clone()); // one SREM per member, as Redis 7.0
            }
        } else {
            // CASE 3: move the members that stay into a new set, reply the rest.
            long max = maxIntsetEntries(c);
            RedisObject newset = null;
            while (remaining-- > 0) {
                SetObjects.randomElement(set, e);
                byte[] ele = e.encoding == RedisObject.ENC_INTSET ? RedisNumbers.ll2string(e.llele).clone() : e.sdsele;
                if (newset == null) newset = SetObjects.create(ele);
                SetObjects.add(newset, ele, max);
                SetObjects.remove(set, ele);
            }
            try (Iter si = new Iter(set)) {
                while (si.next()) {
                    addMember(c, si.el);
                    c.alsoPropagate(Propagation.SREM, key, si.el.bytes().clone());
                }
            }
            db.dbOverwrite(key, newset);
        }
        db.signalModifiedKey(key);
        c.preventCommandPropagation(); // the SREMs above say what happened
    }

    // ---------------------------------------------------------------- SRANDMEMBER

    /** SRANDMEMBER key [count] (srandmemberCommand). */
    static void srandmember(Client c) {
        if (c.argc() == 3) { srandmemberWithCount(c); return; }
        if (c.argc() > 3) { c.addErrorSyntax(); return; }
        RedisObject set = c.db().lookupKeyRead(c.arg(1));
        if (set == null) { c.addNull(); return; }
        if (wrongType(c, set)) return;
        addMember(c, SetObjects.randomElement(set, new Element()));
    }

    /**
     * SRANDMEMBER key count (srandmemberWithCountCommand). A negative count allows repeats and
     * samples the whole set each time (CASE 1, also used for count 1). Otherwise: count &ge; size
     * replies the whole set (CASE 2); a count close to the size copies the set and deletes random
     * members until count remain (CASE 3); a small count samples until it has count distinct
     * members (CASE 4). Replies are arrays, even in RESP3, as Redis 7.0 sends them.
     */
    static void srandmemberWithCount(Client c) {
        // -LONG_MAX..LONG_MAX, so that the negation below cannot overflow.
        Long l = parseLong(c, c.arg(2), null);
        if (l == null) return;
        if (l == Long.MIN_VALUE) {
            c.addError("value is out of range, value must between -9223372036854775807 and 9223372036854775807");
            return;
        }
        boolean uniq = true;
        long count;
        if (l >= 0) {
            count = l;
        } else {
            count = -l; // a negative count: members may repeat
            uniq = false;
        }
        RedisObject set = c.db().lookupKeyRead(c.arg(1));
        if (set == null) { c.addArrayLen(0); return; }
        if (wrongType(c, set)) return;
        long size = SetObjects.size(set);
        if (count == 0) { c.addArrayLen(0); return; }

        Element e = new Element();
        // CASE 1: negative count (or 1): count independent samples.
        if (!uniq || count == 1) {
            c.addArrayLen(count);
            for (long i = 0; i < count; i++) {
                addMember(c, SetObjects.randomElement(set, e));
                if (c.isClosed() || c.closeAsap()) break; // the output buffer limit closes it: stop early
            }
            return;
        }

        // CASE 2: the whole set.
        if (count >= size) {
            c.addArrayLen(size);
            try (Iter si = new Iter(set)) {
                while (si.next()) addMember(c, si.el);
            }
            return;
        }

        Dict<byte[], Object> d = new Dict<>(DictType.BYTES);
        if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
            // CASE 3: copy everything, then delete random members until count remain.
            d.expand(size);
            try (Iter si = new Iter(set)) {
                while (si.next()) d.add(si.el.bytes(), null);
            }
            while (size > count) {
                d.delete(d.fairRandomEntry().getKey());
                size--;
            }
        } else {
            // CASE 4: sample until count distinct members were seen.
            d.expand(count);
            long added = 0;
            while (added < count) {
                if (d.add(SetObjects.randomElement(set, e).bytes(), null)) added++;
            }
        }
        c.addArrayLen(count);
        try (DictIterator<byte[], Object> di = d.iterator()) {
            for (DictEntry<byte[], Object> de = di.next(); de != null; de = di.next()) c.addBulk(de.getKey());
        }
    }

    // ---------------------------------------------------------------- SINTER family

    /** SINTERCARD numkeys key [key ...] [LIMIT limit] (sinterCardCommand). */
    static void sintercard(Client c) {
        Long numkeys = parseLong(c, c.arg(1), "numkeys should be greater than 0");
        if (numkeys == null) return;
        if (numkeys < 1) { c.addError("numkeys should be greater than 0"); return; }
        if (numkeys > c.argc() - 2) { c.addError("Number of keys can't be greater than number of args"); return; }
        long limit = 0;
        for (int j = 2 + numkeys.intValue(); j < c.argc(); j++) {
            int moreargs = c.argc() - 1 - j;
            if (c.argIs(j, "limit") && moreargs > 0) {
                j++;
                Long lim = parseLong(c, c.arg(j), "LIMIT can't be negative");
                if (lim == null) return;
                if (lim < 0) { c.addError("LIMIT can't be negative"); return; }
                limit = lim;
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        sinterGeneric(c, 2, numkeys.intValue(), null, true, limit);
    }

    /**
     * SINTER, SMEMBERS, SINTERSTORE and SINTERCARD (sinterGenericCommand). A missing key makes the
     * result empty at once (after every key's type is checked). Otherwise the sets are sorted by
     * size and the smallest one is walked, each member tested against the others: O(N*M) for N
     * the smallest size and M the number of sets. SINTERCARD stops at {@code limit} (0: none).
     */
    static void sinterGeneric(Client c, int first, int setnum, byte[] dstkey, boolean cardinalityOnly, long limit) {
        RedisDb db = c.db();
        RedisObject[] sets = new RedisObject[setnum];
        boolean empty = false;
        for (int j = 0; j < setnum; j++) {
            RedisObject o = db.lookupKeyRead(c.arg(first + j));
            if (o == null) { empty = true; continue; }
            if (wrongType(c, o)) return;
            sets[j] = o;
        }
        if (empty) {
            if (dstkey != null) {
                if (db.dbDelete(dstkey)) {
                    db.signalModifiedKey(dstkey);
                    c.server().keyspace().stats.dirty++;
                    Notify.event(c, Notify.GENERIC, "del", dstkey);
                }
                c.addLong(0);
            } else if (cardinalityOnly) {
                c.addLong(0);
            } else {
                addEmptySet(c);
            }
            return;
        }
        // Smallest first (a stable sort, as qsort's order of equal sizes does not matter to the result).
        Arrays.sort(sets, Comparator.comparingLong(SetObjects::size));

        RedisObject dstset = dstkey != null ? SetObjects.createIntset() : null;
        long max = dstkey != null ? maxIntsetEntries(c) : 0;
        List<Element> replied = dstkey == null && !cardinalityOnly ? new ArrayList<>() : null;
        long cardinality = 0;
        try (Iter si = new Iter(sets[0])) {
            while (si.next()) {
                Element e = si.el;
                byte[] asString = null;
                int j;
                for (j = 1; j < setnum; j++) {
                    if (sets[j] == sets[0]) continue;
                    if (e.encoding == RedisObject.ENC_INTSET && sets[j].encoding == RedisObject.ENC_INTSET) {
                        // intset with intset is simple... and fast
                        if (!SetObjects.intset(sets[j]).find(e.llele)) break;
                    } else {
                        if (asString == null) asString = e.bytes();
                        if (!SetObjects.isMember(sets[j], asString)) break;
                    }
                }
                if (j < setnum) continue; // some set lacks it
                if (cardinalityOnly) {
                    cardinality++;
                    if (limit != 0 && cardinality >= limit) break;
                } else if (dstkey == null) {
                    Element copy = new Element();
                    copy.encoding = e.encoding; copy.llele = e.llele; copy.sdsele = e.sdsele;
                    replied.add(copy);
                    cardinality++;
                } else {
                    byte[] ele = e.encoding == RedisObject.ENC_INTSET ? RedisNumbers.ll2string(e.llele).clone() : e.sdsele;
                    SetObjects.add(dstset, ele, max);
                }
            }
        }

        if (cardinalityOnly) {
            c.addLong(cardinality);
        } else if (dstkey != null) {
            storeResult(c, dstkey, dstset, "sinterstore");
        } else {
            // Redis writes a deferred length; collecting first gives the same bytes.
            c.addSetLen(cardinality);
            for (Element e : replied) addMember(c, e);
        }
    }

    /** The end of every *STORE: replace the destination (any type, TTL dropped) or delete it when the result is empty. */
    private static void storeResult(Client c, byte[] dstkey, RedisObject dstset, String event) {
        RedisDb db = c.db();
        long size = SetObjects.size(dstset);
        if (size > 0) {
            db.setKey(dstkey, dstset, false);
            c.addLong(size);
            Notify.event(c, Notify.SET, event, dstkey);
            c.server().keyspace().stats.dirty++;
        } else {
            c.addLong(0);
            if (db.dbDelete(dstkey)) {
                c.server().keyspace().stats.dirty++;
                db.signalModifiedKey(dstkey);
                Notify.event(c, Notify.GENERIC, "del", dstkey);
            }
        }
    }

    // ---------------------------------------------------------------- SUNION / SDIFF

    /**
     * SUNION, SUNIONSTORE, SDIFF and SDIFFSTORE (sunionDiffGenericCommand). The result is built in
     * a new set that starts as an intset. Missing keys are empty sets. SDIFF picks one of two
     * algorithms by estimated work: (1) walk the first set and test each member against the others,
     * O(N*M), the others sorted largest first so a hit comes early; (2) copy the first set and
     * remove every member of the others, O(total size). Algorithm 1 gets a 2x head start because
     * its steps are cheaper. If a key repeats the first one, the difference is empty.
     */
    static void sunionDiffGeneric(Client c, int first, int setnum, byte[] dstkey, int op) {
        RedisDb db = c.db();
        RedisObject[] sets = new RedisObject[setnum];
        boolean sameset = false;
        for (int j = 0; j < setnum; j++) {
            RedisObject o = db.lookupKeyRead(c.arg(first + j));
            if (o == null) continue;
            if (wrongType(c, o)) return;
            sets[j] = o;
            if (j > 0 && sets[0] == sets[j]) sameset = true;
        }

        int diffAlgo = 1;
        if (op == SET_OP_DIFF && sets[0] != null && !sameset) {
            long algoOneWork = 0, algoTwoWork = 0;
            for (int j = 0; j < setnum; j++) {
                if (sets[j] == null) continue;
                algoOneWork += SetObjects.size(sets[0]);
                algoTwoWork += SetObjects.size(sets[j]);
            }
            algoOneWork /= 2;
            diffAlgo = algoOneWork <= algoTwoWork ? 1 : 2;
            if (diffAlgo == 1 && setnum > 1) {
                Arrays.sort(sets, 1, setnum,
                        Comparator.comparingLong((RedisObject o) -> o == null ? 0 : SetObjects.size(o)).reversed());
            }
        }

        long max = maxIntsetEntries(c);
        RedisObject dstset = SetObjects.createIntset();
        long cardinality = 0;
        if (op == SET_OP_UNION) {
            for (RedisObject s : sets) {
                if (s == null) continue;
                try (Iter si = new Iter(s)) {
                    while (si.next()) if (SetObjects.add(dstset, nextObject(si.el), max)) cardinality++;
                }
            }
        } else if (sameset) {
            // At least one of the sets is the first one: the result is empty.
        } else if (sets[0] != null && diffAlgo == 1) {
            try (Iter si = new Iter(sets[0])) {
                while (si.next()) {
                    byte[] ele = nextObject(si.el);
                    int j;
                    for (j = 1; j < setnum; j++) {
                        if (sets[j] == null) continue;
                        if (sets[j] == sets[0]) break;
                        if (SetObjects.isMember(sets[j], ele)) break;
                    }
                    if (j == setnum) {
                        SetObjects.add(dstset, ele, max);
                        cardinality++;
                    }
                }
            }
        } else if (sets[0] != null) {
            for (int j = 0; j < setnum; j++) {
                if (sets[j] == null) continue;
                try (Iter si = new Iter(sets[j])) {
                    while (si.next()) {
                        byte[] ele = nextObject(si.el);
                        if (j == 0) {
                            if (SetObjects.add(dstset, ele, max)) cardinality++;
                        } else {
                            if (SetObjects.remove(dstset, ele)) cardinality--;
                        }
                    }
                }
                if (cardinality == 0) break; // nothing left to remove from
            }
        }

        if (dstkey == null) {
            c.addSetLen(cardinality);
            try (Iter si = new Iter(dstset)) {
                while (si.next()) addMember(c, si.el);
            }
        } else {
            storeResult(c, dstkey, dstset, op == SET_OP_UNION ? "sunionstore" : "sdiffstore");
        }
    }

    /** setTypeNextObject: the member as its own string (intset members formatted, others as stored). */
    private static byte[] nextObject(Element e) {
        return e.encoding == RedisObject.ENC_INTSET ? RedisNumbers.ll2string(e.llele).clone() : e.sdsele;
    }

    // ---------------------------------------------------------------- SSCAN

    /**
     * SSCAN key cursor [MATCH pattern] [COUNT count] (sscanCommand, scanGenericCommand). A
     * hash-table set is walked with the dict's reverse-binary cursor, COUNT buckets' worth of
     * members per call (at most COUNT*10 buckets). An intset has no buckets to resume from, and is
     * small by construction: the whole set comes back in one call with cursor 0.
     */
    static void sscan(Client c) {
        long[] cursor = new long[1];
        if (!KeyCommands.parseScanCursorOrReply(c, c.arg(2), cursor)) return;
        RedisObject set = c.db().lookupKeyRead(c.arg(1));
        if (set == null) { ScanOptions.replyEmpty(c); return; }
        if (wrongType(c, set)) return;

        ScanOptions opts = ScanOptions.parseOrReply(c, 3, false);
        if (opts == null) return;
        long count = opts.count();

        List<byte[]> items = new ArrayList<>();
        long next;
        if (set.encoding == RedisObject.ENC_HT) {
            Dict<byte[], Object> d = SetObjects.dict(set);
            long maxIterations = count * 10;
            next = cursor[0];
            do {
                next = d.scan(next, de -> items.add(de.getKey()));
            } while (next != 0 && maxIterations-- != 0 && items.size() < count);
        } else {
            try (Iter si = new Iter(set)) {
                while (si.next()) items.add(RedisNumbers.ll2string(si.el.llele));
            }
            next = 0;
        }
        opts.reply(c, next, items, 1);
    }
}
