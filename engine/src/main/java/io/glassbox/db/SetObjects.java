package io.glassbox.db;

import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictEntry;
import io.glassbox.ds.dict.DictIterator;
import io.glassbox.ds.dict.DictType;
import io.glassbox.ds.intset.Intset;
import io.glassbox.util.RedisNumbers;

/**
 * The set type's encodings and the conversion between them: the {@code setType*} functions at the
 * top of Redis's {@code t_set.c}, which every set command goes through.
 *
 * <p>Redis 7.0 has two set encodings:
 * <ul>
 *   <li>{@code intset} ({@link Intset}): while every member is an integer in canonical form
 *       ({@code string2ll} accepts it: "12" yes, "012" or "1.0" no) and there are at most
 *       {@code set-max-intset-entries} members;</li>
 *   <li>{@code hashtable}: a {@code Dict<byte[], Object>} whose values are unused (null), Redis's
 *       {@code setDictType} dict with NULL values.</li>
 * </ul>
 * The conversion ({@link #convert}, {@code setTypeConvert}) happens inside {@link #add}, when a
 * non-integer member arrives or the intset grows past the threshold, and only in that direction:
 * removing members never turns a hash table back into an intset. (The one place a hash-table set
 * is replaced by an intset is SPOP with a large count, which builds a new set for the members it
 * keeps, through {@link #create}.)
 */
public final class SetObjects {
    private SetObjects() {}

    /** {@code createIntsetObject}. */
    public static RedisObject createIntset() {
        return new RedisObject(RedisObject.TYPE_SET, RedisObject.ENC_INTSET, new Intset());
    }

    /** {@code createSetObject}: an empty hash-table set. */
    public static RedisObject createHashtable() {
        return new RedisObject(RedisObject.TYPE_SET, RedisObject.ENC_HT, new Dict<byte[], Object>(DictType.BYTES));
    }

    /** {@code setTypeCreate}: a set that can hold {@code value}, an intset if it is an integer. */
    public static RedisObject create(byte[] value) {
        return RedisNumbers.isLong(value) ? createIntset() : createHashtable();
    }

    public static Intset intset(RedisObject set) { return (Intset) set.value; }

    @SuppressWarnings("unchecked")
    public static Dict<byte[], Object> dict(RedisObject set) { return (Dict<byte[], Object>) set.value; }

    /**
     * {@code setTypeAdd}: adds {@code value}; false if it was already a member. Converts an intset
     * to a hash table when {@code value} is not an integer or the intset now has more than
     * {@code maxIntsetEntries} members.
     */
    public static boolean add(RedisObject set, byte[] value, long maxIntsetEntries) {
        if (set.encoding == RedisObject.ENC_HT) {
            return dict(set).add(value, null);
        }
        long[] ll = new long[1];
        if (RedisNumbers.string2ll(value, ll)) {
            Intset is = intset(set);
            if (!is.add(ll[0])) return false;
            // Convert to a regular set when the intset contains too many entries
            // (the limit is capped at 2^30 entries because of the intset's internals).
            long max = Long.compareUnsigned(maxIntsetEntries, 1L << 30) >= 0 ? 1L << 30 : maxIntsetEntries;
            if (is.length() > max) convert(set);
            return true;
        }
        // Not an integer: convert, and the add cannot fail (no integer-only set holds this value).
        convert(set);
        dict(set).add(value, null);
        return true;
    }

    /** {@code setTypeRemove}: removes {@code value}; false if it was not a member. A hash table may shrink. */
    public static boolean remove(RedisObject set, byte[] value) {
        if (set.encoding == RedisObject.ENC_HT) {
            Dict<byte[], Object> d = dict(set);
            if (!d.delete(value)) return false;
            d.tryShrink(); // htNeedsResize + dictResize
            return true;
        }
        long[] ll = new long[1];
        return RedisNumbers.string2ll(value, ll) && intset(set).remove(ll[0]);
    }

    /** {@code setTypeIsMember}. */
    public static boolean isMember(RedisObject set, byte[] value) {
        if (set.encoding == RedisObject.ENC_HT) return dict(set).find(value) != null;
        long[] ll = new long[1];
        return RedisNumbers.string2ll(value, ll) && intset(set).find(ll[0]);
    }

    /** {@code setTypeSize}. */
    public static long size(RedisObject set) {
        return set.encoding == RedisObject.ENC_HT ? dict(set).size() : intset(set).length();
    }

    /**
     * {@code setTypeConvert}: intset to hash table, presized for all members so that the copy does
     * not rehash. O(n).
     */
    public static void convert(RedisObject set) {
        if (set.encoding != RedisObject.ENC_INTSET) throw new IllegalStateException("only an intset converts");
        Intset is = intset(set);
        Dict<byte[], Object> d = new Dict<>(DictType.BYTES);
        d.expand(is.length());
        for (int i = 0; i < is.length(); i++) d.add(RedisNumbers.ll2string(is.get(i)).clone(), null);
        set.encoding = RedisObject.ENC_HT;
        set.value = d;
    }

    /** {@code setTypeDup}: a copy with the same encoding (COPY). */
    public static RedisObject dup(RedisObject set) {
        if (set.encoding == RedisObject.ENC_INTSET) {
            return new RedisObject(RedisObject.TYPE_SET, RedisObject.ENC_INTSET, intset(set).dup());
        }
        Dict<byte[], Object> src = dict(set);
        Dict<byte[], Object> d = new Dict<>(DictType.BYTES);
        d.expand(src.size());
        try (DictIterator<byte[], Object> it = src.iterator()) {
            for (DictEntry<byte[], Object> de = it.next(); de != null; de = it.next()) d.add(de.getKey().clone(), null);
        }
        return new RedisObject(RedisObject.TYPE_SET, RedisObject.ENC_HT, d);
    }

    /**
     * One member as Redis's {@code setTypeNext} / {@code setTypeRandomElement} hand it out: an
     * {@code int64} for an intset ({@link #llele}), the stored string for a hash table
     * ({@link #sdsele}); {@link #encoding} says which is filled.
     */
    public static final class Element {
        public byte encoding;
        public byte[] sdsele;
        public long llele;

        /** The member as a string ({@code setTypeNextObject}); intset members are formatted fresh. */
        public byte[] bytes() {
            return encoding == RedisObject.ENC_INTSET ? RedisNumbers.ll2string(llele) : sdsele;
        }
    }

    /**
     * {@code setTypeRandomElement}: a random member of a non-empty set: {@code intsetRandom}
     * (uniform) or {@code dictGetFairRandomKey} (nearly uniform). Fills and returns {@code out}.
     */
    public static Element randomElement(RedisObject set, Element out) {
        out.encoding = set.encoding;
        if (set.encoding == RedisObject.ENC_HT) {
            out.sdsele = dict(set).fairRandomEntry().getKey();
        } else {
            out.llele = intset(set).random();
            out.sdsele = null;
        }
        return out;
    }

    /**
     * {@code setTypeInitIterator} / {@code setTypeNext}: walks the members, ascending for an
     * intset, in bucket order for a hash table (an unsafe dict iterator: the set must not change
     * while it runs). Call {@link #close()} when done.
     */
    public static final class Iter implements AutoCloseable {
        private final RedisObject set;
        private final DictIterator<byte[], Object> di;
        private int ii;
        public final Element el = new Element();

        public Iter(RedisObject set) {
            this.set = set;
            this.el.encoding = set.encoding;
            this.di = set.encoding == RedisObject.ENC_HT ? dict(set).iterator() : null;
        }

        /** Moves to the next member and fills {@link #el}; false when there are no more. */
        public boolean next() {
            if (di != null) {
                DictEntry<byte[], Object> de = di.next();
                if (de == null) return false;
                el.sdsele = de.getKey();
                return true;
            }
            Intset is = intset(set);
            if (ii >= is.length()) return false;
            el.llele = is.get(ii++);
            return true;
        }

        @Override
        public void close() {
            if (di != null) di.close();
        }
    }
}
