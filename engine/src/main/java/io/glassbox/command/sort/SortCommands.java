package io.glassbox.command.sort;

import io.glassbox.server.Notify;
import io.glassbox.command.CommandTable;
import io.glassbox.db.HashObjects;
import io.glassbox.db.ListObjects;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.db.SetObjects;
import io.glassbox.db.StringObjects;
import io.glassbox.db.ZsetObjects;
import io.glassbox.ds.dict.DictEntry;
import io.glassbox.ds.dict.DictIterator;
import io.glassbox.ds.quicklist.Quicklist;
import io.glassbox.ds.quicklist.QuicklistIterator;
import io.glassbox.ds.quicklist.QuicklistEntry;
import io.glassbox.ds.skiplist.SkipList;
import io.glassbox.server.Client;
import io.glassbox.util.Pqsort;
import io.glassbox.util.RedisNumbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and SORT_RO (Redis's {@code sort.c}: {@code sortCommandGeneric}, {@code sortCompare},
 * {@code lookupKeyByPattern}; and {@code sortGetKeys} from {@code db.c}).
 *
 * <p>The shape of the command, in the order Redis runs it:
 * <ol>
 *   <li>Parse every option first, so a syntax error wins over WRONGTYPE. SORT_RO simply does not
 *       know the word STORE, which therefore falls through to "syntax error".</li>
 *   <li>Look the key up: a list, set or sorted set; a missing key sorts like an empty list.
 *       A sorted set is converted to the skiplist encoding for good (Redis does it
 *       "destructively", so OBJECT ENCODING changes after a SORT of a small sorted set).</li>
 *   <li>Clamp LIMIT to the vector, then load the vector of elements. With a constant BY pattern
 *       ({@code BY nosort}: no {@code *}) nothing is sorted: a list or sorted set keeps its own order,
 *       read directly from {@code start} in the direction DESC asks, so only the LIMIT range is
 *       loaded.</li>
 *   <li>Compute each element's weight (the element itself or the BY key's value): a double parsed
 *       with {@code strtod}, or, with ALPHA, the bytes themselves. Sort.</li>
 *   <li>Reply (or STORE as a list) each element or, per element, the value of every GET pattern.</li>
 * </ol>
 *
 * <p>Determinism: numeric ties fall back to comparing the elements' bytes, so a numeric sort is
 * a total order. ALPHA with BY can tie (equal or missing weights); Redis's {@code qsort} is glibc's
 * stable merge sort, so ties keep the order the elements were loaded in, and {@link List#sort}
 * (also stable) does the same. When BY and LIMIT are both given Redis sorts only the range with
 * its partial, unstable quicksort ({@link Pqsort}, a port of {@code pqsort.c}), so ties there
 * come out in quicksort's order, the same in both.
 *
 * <p>Bound: O(N log N) for N elements plus O(N * patterns) key lookups; SORT on a big key is
 * slow in Redis too, which is why it is flagged {@code @slow}.
 */
public final class SortCommands {
    private SortCommands() {}

    public static void register(CommandTable t) {
        t.bind("sort", c -> sortCommandGeneric(c, false), SortCommands::sortGetKeys);
        t.bind("sort_ro", c -> sortCommandGeneric(c, true));
    }

    /** One element of the vector being sorted (redisSortObject): the element and its weight. */
    static final class SortObject {
        final byte[] obj;
        double score;
        /** The BY key's value for an ALPHA sort by pattern; null when the key is missing. */
        byte[] cmpobj;

        SortObject(byte[] obj) { this.obj = obj; }
    }

    /**
     * sortCommandGeneric: SORT key [BY pattern] [LIMIT offset count] [GET pattern ...]
     * [ASC|DESC] [ALPHA] [STORE destination]; SORT_RO is the same without STORE.
     */
    static void sortCommandGeneric(Client c, boolean readonly) {
        boolean desc = false, alpha = false, dontsort = false;
        long limitStart = 0, limitCount = -1;
        byte[] sortby = null, storekey = null;
        List<byte[]> getops = new ArrayList<>();

        // The SORT command has an SQL-like syntax: parse it all before touching the key.
        int j = 2;
        while (j < c.argc()) {
            int leftargs = c.argc() - j - 1;
            if (c.argIs(j, "asc")) {
                desc = false;
            } else if (c.argIs(j, "desc")) {
                desc = true;
            } else if (c.argIs(j, "alpha")) {
                alpha = true;
            } else if (c.argIs(j, "limit") && leftargs >= 2) {
                long[] v = new long[1];
                if (!RedisNumbers.string2ll(c.arg(j + 1), v)) {
                    c.addErrorNotInteger();
                    return;
                }
                limitStart = v[0];
                if (!RedisNumbers.string2ll(c.arg(j + 2), v)) {
                    c.addErrorNotInteger();
                    return;
                }
                limitCount = v[0];
                j += 2;
            } else if (!readonly && c.argIs(j, "store") && leftargs >= 1) {
                storekey = c.arg(j + 1);
                j++;
            } else if (c.argIs(j, "by") && leftargs >= 1) {
                sortby = c.arg(j + 1);
                // A constant pattern (no '*') gives every element the same weight: nothing to sort.
                if (indexOf(sortby, (byte) '*', 0) < 0) {
                    dontsort = true;
                } else if (!readsAllKeys(c)) {
                    c.addError("BY option of SORT denied due to insufficient ACL permissions.");
                    return;
                }
                j++;
            } else if (c.argIs(j, "get") && leftargs >= 1) {
                if (!readsAllKeys(c)) {
                    c.addError("GET option of SORT denied due to insufficient ACL permissions.");
                    return;
                }
                getops.add(c.arg(j + 1));
                j++;
            } else {
                c.addErrorSyntax();
                return;
            }
            j++;
        }

        RedisDb db = c.db();
        RedisObject sortval = db.lookupKeyRead(c.arg(1));
        if (sortval != null && sortval.type != RedisObject.TYPE_SET && sortval.type != RedisObject.TYPE_LIST
                && sortval.type != RedisObject.TYPE_ZSET) {
            c.addErrorWrongType();
            return;
        }
        if (sortval == null) sortval = createList(c);

        // A set has no order of its own: when its output is stored, sort it anyway (ALPHA) so a
        // replica computes the same list. (Redis does the same for scripts, which Glassbox lacks.)
        if (dontsort && sortval.type == RedisObject.TYPE_SET && storekey != null) {
            dontsort = false;
            alpha = true;
            sortby = null;
        }

        // Destructively convert encoded sorted sets for SORT.
        if (sortval.type == RedisObject.TYPE_ZSET) ZsetObjects.convert(sortval, RedisObject.ENC_SKIPLIST);

        long vectorlen = switch (sortval.type) {
            case RedisObject.TYPE_LIST -> ListObjects.length(sortval);
            case RedisObject.TYPE_SET -> SetObjects.size(sortval);
            default -> ZsetObjects.length(sortval);
        };

        // LIMIT sanity: clamp to the vector (this also keeps start+count from overflowing).
        long start = Math.min(Math.max(limitStart, 0), vectorlen);
        limitCount = Math.min(Math.max(limitCount, -1), vectorlen);
        long end = limitCount < 0 ? vectorlen - 1 : start + limitCount - 1;
        if (start >= vectorlen) {
            start = vectorlen - 1;
            end = vectorlen - 2;
        }
        if (end >= vectorlen) end = vectorlen - 1;

        // A list or sorted set that is not sorted is read directly in the LIMIT range.
        boolean ordered = sortval.type == RedisObject.TYPE_ZSET || sortval.type == RedisObject.TYPE_LIST;
        if (ordered && dontsort && (start != 0 || end != vectorlen - 1)) vectorlen = end - start + 1;

        List<SortObject> vector = new ArrayList<>((int) vectorlen);
        if (sortval.type == RedisObject.TYPE_LIST && dontsort) {
            if (end >= start) {
                Quicklist ql = ListObjects.quicklist(sortval);
                QuicklistIterator li = ql.iteratorAt(desc ? Quicklist.AL_START_TAIL : Quicklist.AL_START_HEAD,
                        desc ? ql.count() - start - 1 : start);
                QuicklistEntry e = new QuicklistEntry();
                while (vector.size() < vectorlen && li.next(e)) vector.add(new SortObject(e.value()));
                li.release();
                // The output code below indexes the vector from 0.
                end -= start;
                start = 0;
            }
        } else if (sortval.type == RedisObject.TYPE_LIST) {
            QuicklistIterator li = ListObjects.quicklist(sortval).iterator(Quicklist.AL_START_HEAD);
            QuicklistEntry e = new QuicklistEntry();
            while (li.next(e)) vector.add(new SortObject(e.value()));
            li.release();
        } else if (sortval.type == RedisObject.TYPE_SET) {
            try (SetObjects.Iter si = new SetObjects.Iter(sortval)) {
                while (si.next()) vector.add(new SortObject(si.el.bytes()));
            }
        } else if (dontsort) {
            // A sorted set in its own (score) order, from rank start, backwards for DESC.
            SkipList zsl = ((ZsetObjects.Zset) sortval.value).zsl;
            SkipList.Node ln;
            if (desc) {
                ln = start > 0 ? zsl.getElementByRank(zsl.length() - start) : zsl.tail();
            } else {
                ln = start > 0 ? zsl.getElementByRank(start + 1) : zsl.first();
            }
            for (long rangelen = vectorlen; rangelen > 0; rangelen--) {
                vector.add(new SortObject(ln.ele()));
                ln = desc ? ln.prev() : ln.next();
            }
            end -= start;
            start = 0;
        } else {
            DictIterator<byte[], SkipList.Node> di = ((ZsetObjects.Zset) sortval.value).dict.iterator();
            DictEntry<byte[], SkipList.Node> de;
            while ((de = di.next()) != null) vector.add(new SortObject(de.getKey()));
            di.close();
        }

        // Load the weights and sort.
        boolean intConversionError = false;
        if (!dontsort) {
            for (SortObject so : vector) {
                byte[] byval;
                if (sortby != null) {
                    byval = lookupKeyByPattern(db, sortby, so.obj);
                    if (byval == null) continue;
                } else {
                    byval = so.obj;
                }
                if (alpha) {
                    if (sortby != null) so.cmpobj = byval;
                } else {
                    double[] d = new double[1];
                    if (strtodWhole(byval, d)) so.score = d[0];
                    else intConversionError = true;
                }
            }
            if (!intConversionError) {
                Comparator<SortObject> cmp = sortCompare(desc, alpha, sortby != null, storekey != null);
                if (sortby != null && (start != 0 || end != vectorlen - 1)) {
                    // Only the LIMIT range needs its final order: Redis's partial quicksort.
                    SortObject[] a = vector.toArray(new SortObject[0]);
                    Pqsort.pqsort(a, cmp, start, end);
                    vector = Arrays.asList(a);
                } else {
                    vector.sort(cmp); // qsort: glibc's is a stable merge sort, like List.sort
                }
            }
        }

        int getop = getops.size();
        long outputlen = getop > 0 ? getop * (end - start + 1) : end - start + 1;
        if (intConversionError) {
            c.addError("One or more scores can't be converted into double");
        } else if (storekey == null) {
            c.addArrayLen(outputlen);
            for (int i = (int) start; i <= end; i++) {
                byte[] obj = vector.get(i).obj;
                if (getop == 0) c.addBulk(obj);
                for (byte[] pattern : getops) {
                    byte[] val = lookupKeyByPattern(db, pattern, obj);
                    if (val == null) c.addNull();
                    else c.addBulk(val);
                }
            }
        } else {
            // STORE: the result becomes a list; a missing GET key stores an empty string.
            RedisObject sobj = createList(c);
            Quicklist ql = ListObjects.quicklist(sobj);
            for (int i = (int) start; i <= end; i++) {
                byte[] obj = vector.get(i).obj;
                if (getop == 0) ql.pushTail(obj);
                for (byte[] pattern : getops) {
                    byte[] val = lookupKeyByPattern(db, pattern, obj);
                    ql.pushTail(val == null ? new byte[0] : val);
                }
            }
            if (outputlen > 0) {
                // setKey: a new key goes through dbAdd, which wakes clients blocked on it.
                if (db.lookupKeyWrite(storekey) == null) db.dbAdd(storekey, sobj);
                else db.setKey(storekey, sobj, false);
                c.server().keyspace().stats.dirty += outputlen;
                Notify.event(c, Notify.LIST, "sortstore", storekey);
            } else if (db.dbDelete(storekey)) {
                c.server().keyspace().stats.dirty++;
                Notify.event(c, Notify.GENERIC, "del", storekey);
            }
            c.addLong(outputlen);
        }
    }

    /** A new list with the current list-max-listpack-size and list-compress-depth. */
    private static RedisObject createList(Client c) {
        return c.server().keyspace().encodings().createList();
    }

    /**
     * sortCompare. Numeric: by score, ties by the elements' bytes so the result is deterministic.
     * ALPHA by pattern: a missing weight sorts first. ALPHA compares with {@code strcoll} when the
     * result goes to the client (under the C.UTF-8 / C locale: bytes up to the first NUL), and with
     * binary-safe {@code compareStringObjects} when it is STOREd, so replicas with another locale
     * store the same list. DESC negates the comparison, so ties keep their loading order.
     */
    static Comparator<SortObject> sortCompare(boolean desc, boolean alpha, boolean bypattern, boolean store) {
        Comparator<SortObject> cmp;
        if (!alpha) {
            cmp = (a, b) -> a.score > b.score ? 1 : a.score < b.score ? -1 : compareBinary(a.obj, b.obj);
        } else if (bypattern) {
            cmp = (a, b) -> {
                if (a.cmpobj == null || b.cmpobj == null) {
                    if (a.cmpobj == b.cmpobj) return 0;
                    return a.cmpobj == null ? -1 : 1;
                }
                return store ? compareBinary(a.cmpobj, b.cmpobj) : strcoll(a.cmpobj, b.cmpobj);
            };
        } else {
            cmp = (a, b) -> store ? compareBinary(a.obj, b.obj) : strcoll(a.obj, b.obj);
        }
        Comparator<SortObject> asc = cmp;
        return desc ? (a, b) -> -asc.compare(a, b) : asc;
    }

    /** compareStringObjects: memcmp over the shorter length, then the shorter sorts first. */
    static int compareBinary(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /** strcoll in the C / C.UTF-8 locale: strcmp, which stops at the first NUL byte. */
    static int strcoll(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, 0, cstrlen(a), b, 0, cstrlen(b));
    }

    /**
     * The weight of a numeric sort: {@code strtod(s, &eptr)} accepted only if it consumed
     * everything up to the string's end (C's end: the first NUL), did not overflow or underflow
     * ({@code ERANGE}) and is not NaN. strtod skips leading white space; an empty string converts
     * nothing and ends right away, so it weighs 0.
     */
    static boolean strtodWhole(byte[] s, double[] out) {
        int len = cstrlen(s);
        if (len == 0) {
            out[0] = 0;
            return true;
        }
        int p = 0;
        while (p < len && isspace(s[p])) p++;
        if (!RedisNumbers.string2d(s, p, len - p, out)) return false;
        // string2d keeps a subnormal result; strtod still reports ERANGE when it had to round one.
        double v = out[0];
        if (v != 0 && Math.abs(v) < Double.MIN_NORMAL) return isHex(s, p, len) || isExact(s, p, len, v);
        return true;
    }

    private static boolean isHex(byte[] s, int p, int len) {
        if (p < len && (s[p] == '+' || s[p] == '-')) p++;
        return p + 1 < len && s[p] == '0' && (s[p + 1] == 'x' || s[p + 1] == 'X');
    }

    /** Whether the decimal literal is exactly the double it parsed to (no rounding, so no ERANGE). */
    private static boolean isExact(byte[] s, int p, int len, double v) {
        String lit = new String(s, p, len - p, java.nio.charset.StandardCharsets.US_ASCII);
        return new java.math.BigDecimal(lit).compareTo(new java.math.BigDecimal(v)) == 0;
    }

    private static boolean isspace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
    }

    /**
     * lookupKeyByPattern: the value a BY or GET pattern names for one element. {@code "#"} is the
     * element itself. Otherwise the first {@code *} is replaced by the element to form a key
     * name; if {@code ->field} follows the {@code *}, the key must be a hash and the value is
     * that field's, else the key must be a string. Anything missing or of another type is null,
     * and so is a pattern without {@code *}. The pattern is read as a C string, up to a NUL byte.
     */
    static byte[] lookupKeyByPattern(RedisDb db, byte[] pattern, byte[] subst) {
        int plen = cstrlen(pattern);
        if (plen == 1 && pattern[0] == '#') return subst;
        int p = indexOf(pattern, (byte) '*', 0);
        if (p < 0) return null;

        // A hash dereference: "->" after the '*' with at least one byte after the arrow.
        byte[] field = null;
        int fieldlen = 0;
        int f = indexOfArrow(pattern, p + 1, plen);
        if (f >= 0 && f + 2 < plen) {
            fieldlen = pattern.length - f - 2;
            field = Arrays.copyOfRange(pattern, f + 2, pattern.length);
        }

        int postfixlen = pattern.length - (p + 1) - (fieldlen > 0 ? fieldlen + 2 : 0);
        byte[] key = new byte[p + subst.length + postfixlen];
        System.arraycopy(pattern, 0, key, 0, p);
        System.arraycopy(subst, 0, key, p, subst.length);
        System.arraycopy(pattern, p + 1, key, p + subst.length, postfixlen);

        RedisObject o = db.lookupKeyRead(key);
        if (o == null) return null;
        if (field != null) {
            if (o.type != RedisObject.TYPE_HASH) return null;
            return HashObjects.hashTypeGetValue(o, field);
        }
        if (o.type != RedisObject.TYPE_STRING) return null;
        return StringObjects.bytes(o);
    }

    /** strchr: the first {@code b} at or after {@code from} and before the first NUL, or -1. */
    private static int indexOf(byte[] s, byte b, int from) {
        int len = cstrlen(s);
        for (int i = from; i < len; i++) if (s[i] == b) return i;
        return -1;
    }

    /** strstr(s + from, "->") within the C string of length len, or -1. */
    private static int indexOfArrow(byte[] s, int from, int len) {
        for (int i = from; i + 1 < len; i++) if (s[i] == '-' && s[i + 1] == '>') return i;
        return -1;
    }

    private static int cstrlen(byte[] s) {
        for (int i = 0; i < s.length; i++) if (s[i] == 0) return i;
        return s.length;
    }

    /**
     * sortGetKeys (db.c): the key to sort is argv[1]; the destination is the argument after the
     * last STORE. Options are skipped by their argument count (LIMIT 2, GET 1, BY 1) so a GET
     * pattern spelled "store" is not mistaken for the option.
     */
    static int[] sortGetKeys(List<byte[]> argv) {
        int argc = argv.size();
        int store = -1;
        for (int i = 2; i < argc; i++) {
            String a = new String(argv.get(i), java.nio.charset.StandardCharsets.ISO_8859_1);
            if (a.equalsIgnoreCase("limit")) i += 2;
            else if (a.equalsIgnoreCase("get") || a.equalsIgnoreCase("by")) i += 1;
            else if (a.equalsIgnoreCase("store") && i + 1 < argc) store = i + 1;
        }
        return store < 0 ? new int[] {1} : new int[] {1, store};
    }

    /** ACLUserCheckCmdWithUnrestrictedKeyAccess: BY and GET read keys named by the data, so they need every key. */
    private static boolean readsAllKeys(Client c) {
        return c.user == null || c.user.unrestricted() || c.server().access().readsAllKeys(c.user, c.cmd, c.argv);
    }
}
