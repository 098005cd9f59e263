package io.glassbox.ds.stream;

import io.glassbox.ds.listpack.Listpack;
import io.glassbox.ds.rax.Rax;
import io.glassbox.ds.rax.RaxIterator;
import io.glassbox.util.RedisNumbers;

import java.util.List;

/**
 * A stream: Redis's {@code stream} ({@code stream.h}, the low-level half of {@code t_stream.c}).
 * See the package comment for the listpack layout of each node.
 *
 * <p>Besides the entries, a stream remembers IDs that outlive them: {@link #lastId} (the top ID
 * ever added, so IDs never go backwards even after XDEL or XTRIM), {@link #firstId}, the greatest
 * deleted ID {@link #maxDeletedEntryId} and the count {@link #entriesAdded} of entries ever added.
 * The last two are Redis 7.0's, and let a consumer group compute its lag without walking.
 */
public final class Stream {
    /** Entry flags (STREAM_ITEM_FLAG_*). */
    public static final int FLAG_NONE = 0, FLAG_DELETED = 1, FLAG_SAMEFIELDS = 2;
    /** No listpack may grow beyond this (STREAM_LISTPACK_MAX_SIZE). */
    public static final long LISTPACK_MAX_SIZE = 1L << 30;

    /** Trim strategies (TRIM_STRATEGY_*). */
    public static final int TRIM_NONE = 0, TRIM_MAXLEN = 1, TRIM_MINID = 2;

    /** Results of {@link #append}. */
    public static final int APPEND_OK = 0, APPEND_ERR_ID = 1, APPEND_ERR_TOO_LARGE = 2;

    /** Master ID (128-bit big endian) -> listpack of entries (s->rax). */
    public final Rax<Listpack> rax = new Rax<>();
    public long length;
    public StreamID lastId = StreamID.MIN;
    public StreamID firstId = StreamID.MIN;
    public StreamID maxDeletedEntryId = StreamID.MIN;
    public long entriesAdded;
    /** Consumer groups by name, created on first use (s->cgroups). */
    public Rax<StreamCG> cgroups;

    // ---------------------------------------------------------------- listpack helpers

    private static byte[] intBytes(long v) { return RedisNumbers.ll2string(v); }

    /** lpGetInteger: every number the stream writes is stored as an integer entry. */
    static long lpInt(Listpack lp, int p) {
        if (lp.isInt(p)) return lp.getInt(p);
        long[] out = new long[1];
        RedisNumbers.string2ll(lp.get(p), out);
        return out[0];
    }

    /**
     * streamValidateListpackIntegrity (deep): whether {@code lp}, already a well-formed listpack, is
     * a stream node every reader can walk: the master entry (count, deleted, fields, their names, a
     * 0), then count + deleted entries, each with its flags, ID delta, fields (unless SAMEFIELDS),
     * values and an lp-count that matches, and nothing after. Bounded by the listpack's entries.
     */
    public static boolean validListpack(Listpack lp) {
        Cursor c = new Cursor(lp);
        long count = c.integer(), deleted = c.integer(), masterFields = c.integer();
        if (!c.ok || masterFields < 0) return false;
        for (long j = 0; j < masterFields && c.ok; j++) c.skip();
        if (c.integer() != 0 || !c.ok) return false;
        long entries = count + deleted;
        if (count < 0 || deleted < 0 || entries < 0) return false;
        while (entries-- > 0 && c.ok) {
            long fields = masterFields, extra = 3;
            long flags = c.integer();
            c.integer(); // the ID's milliseconds delta
            c.integer(); // and its sequence delta
            if ((flags & FLAG_SAMEFIELDS) == 0) {
                fields = c.integer();
                if (fields < 0) return false;
                for (long j = 0; j < fields && c.ok; j++) c.skip();
                extra += fields + 1;
            }
            for (long j = 0; j < fields && c.ok; j++) c.skip();
            if (c.integer() != fields + extra || !c.ok) return false;
        }
        return c.ok && c.p < 0;
    }

    /** Walks a listpack's entries for {@link #validListpack}; {@code ok} turns false past the end or on a non-number. */
    private static final class Cursor {
        final Listpack lp;
        int p;
        boolean ok = true;

        Cursor(Listpack lp) {
            this.lp = lp;
            this.p = lp.first();
        }

        void skip() {
            if (p < 0) { ok = false; return; }
            p = lp.next(p);
        }

        /** lpGetIntegerIfValid, then on to the next entry. */
        long integer() {
            if (p < 0) { ok = false; return -1; }
            long v;
            if (lp.isInt(p)) {
                v = lp.getInt(p);
            } else {
                long[] out = new long[1];
                if (!RedisNumbers.string2ll(lp.get(p), out)) ok = false;
                v = out[0];
            }
            p = lp.next(p);
            return v;
        }
    }

    // ---------------------------------------------------------------- appending

    /**
     * streamAppendItem: adds an entry of {@code numFields} field/value pairs read from
     * {@code argv[from..]}. The ID is {@code useId} (explicit; with {@code seqGiven} false only its
     * milliseconds were given, as in {@code 5-*}) or, if null, the next ID after {@link #lastId}
     * at {@code nowMs}. Appends to the tail listpack unless it has reached stream-node-max-bytes
     * or stream-node-max-entries (counting deleted entries too), in which case a new node starts,
     * whose master entry records this entry's fields. Returns APPEND_OK with the ID in added[0].
     * O(fields + key length).
     */
    public int append(List<byte[]> argv, int from, int numFields, StreamID useId, boolean seqGiven, long nowMs,
                      long nodeMaxBytes, long nodeMaxEntries, StreamID[] added) {
        StreamID id;
        if (useId != null) {
            if (seqGiven) {
                id = useId;
            } else if (lastId.ms() == useId.ms()) {
                if (lastId.seq() == -1L) return APPEND_ERR_ID;
                id = new StreamID(lastId.ms(), lastId.seq() + 1);
            } else {
                id = new StreamID(useId.ms(), 0);
            }
        } else {
            id = nextId(nowMs);
        }
        if (id.compareTo(lastId) <= 0) return APPEND_ERR_ID;

        long totelelen = 0;
        for (int i = 0; i < numFields * 2; i++) totelelen += argv.get(from + i).length;
        if (totelelen > LISTPACK_MAX_SIZE) return APPEND_ERR_TOO_LARGE;

        RaxIterator<Listpack> ri = rax.iterator();
        Listpack lp = null;
        byte[] masterKey = null;
        if (ri.seek("$", null) && ri.next()) {
            lp = ri.data();
            masterKey = ri.key();
            long maxBytes = nodeMaxBytes == 0 || nodeMaxBytes > LISTPACK_MAX_SIZE ? LISTPACK_MAX_SIZE : nodeMaxBytes;
            boolean newNode = false;
            if (lp.bytes() + totelelen >= maxBytes) {
                newNode = true;
            } else if (nodeMaxEntries != 0) {
                int p = lp.first();
                long count = lpInt(lp, p) + lpInt(lp, lp.next(p));
                if (count >= nodeMaxEntries) newNode = true;
            }
            if (newNode) {
                // lpShrinkToFit: the full node keeps exactly its bytes, not the growth slack
                rax.insert(masterKey, lp.copy());
                lp = null;
            }
        }

        int flags = FLAG_NONE;
        StreamID master;
        if (lp == null) {
            master = id;
            lp = new Listpack();
            lp.append(intBytes(1)); // one live entry, the one being added
            lp.append(intBytes(0)); // none deleted
            lp.append(intBytes(numFields));
            for (int i = 0; i < numFields; i++) lp.append(argv.get(from + 2 * i));
            lp.append(intBytes(0)); // master entry terminator
            rax.insert(id.encode(), lp);
            flags |= FLAG_SAMEFIELDS;
        } else {
            master = StreamID.decode(masterKey);
            int p = lp.first();
            long count = lpInt(lp, p);
            p = lp.replace(p, intBytes(count + 1));
            p = lp.next(p); // deleted
            p = lp.next(p); // master num fields
            long masterFields = lpInt(lp, p);
            p = lp.next(p);
            if (numFields == masterFields) {
                int i;
                for (i = 0; i < masterFields; i++) {
                    if (!lp.eq(p, argv.get(from + 2 * i))) break;
                    p = lp.next(p);
                }
                if (i == masterFields) flags |= FLAG_SAMEFIELDS;
            }
        }

        boolean same = (flags & FLAG_SAMEFIELDS) != 0;
        lp.append(intBytes(flags));
        lp.append(intBytes(id.ms() - master.ms()));
        lp.append(intBytes(id.seq() - master.seq()));
        if (!same) lp.append(intBytes(numFields));
        for (int i = 0; i < numFields; i++) {
            if (!same) lp.append(argv.get(from + 2 * i));
            lp.append(argv.get(from + 2 * i + 1));
        }
        long lpCount = numFields + 3;
        if (!same) lpCount += numFields + 1;
        lp.append(intBytes(lpCount));

        length++;
        entriesAdded++;
        lastId = id;
        if (length == 1) firstId = id;
        added[0] = id;
        return APPEND_OK;
    }

    /** streamNextID: now if the clock moved past the last ID's millisecond, else the last ID + 1. */
    private StreamID nextId(long nowMs) {
        if (Long.compareUnsigned(nowMs, lastId.ms()) > 0) return new StreamID(nowMs, 0);
        return lastId.incr() == null ? lastId : lastId.incr();
    }

    // ---------------------------------------------------------------- iterating

    /** An iterator over [start, end] (null for the open ends), forwards or backwards (streamIteratorStart). */
    public StreamIterator iterator(StreamID start, StreamID end, boolean rev) {
        return new StreamIterator(this, start == null ? StreamID.MIN : start, end == null ? StreamID.MAX : end, rev);
    }

    /**
     * streamGetEdgeID: the first or last entry's ID, tombstones skipped or not; for an empty
     * stream, the greatest ID when asked for the first and 0-0 when asked for the last.
     */
    public StreamID edgeId(boolean first, boolean skipTombstones) {
        StreamIterator si = iterator(null, null, !first);
        si.skipTombstones = skipTombstones;
        if (si.next()) return si.id();
        return first ? StreamID.MAX : StreamID.MIN;
    }

    /** streamLastValidID: the ID of the last entry that is not deleted. */
    public StreamID lastValidId() { return edgeId(false, true); }

    /** streamDeleteItem: marks the entry deleted; true if it existed. */
    public boolean deleteItem(StreamID id) {
        StreamIterator si = iterator(id, id, false);
        if (si.next()) {
            si.removeEntry();
            return true;
        }
        return false;
    }

    /** The first ID after deletions: recorded after XDEL and trimming (s->first_id). */
    public void updateFirstId() {
        firstId = length == 0 ? StreamID.MIN : edgeId(true, true);
    }

    // ---------------------------------------------------------------- trimming

    /**
     * streamTrim: removes entries from the head until at most {@code maxlen} remain (MAXLEN) or
     * none is below {@code minid} (MINID). Whole nodes are freed while they fit entirely; inside
     * the first partially trimmed node entries are only flagged deleted. With {@code approx} only
     * whole nodes go; {@code limit} (0 = none) caps the entries removed, counted per node, so a
     * call does bounded work. Returns the number of entries removed.
     */
    public long trim(int strategy, long maxlen, StreamID minid, boolean approx, long limit) {
        if (strategy == TRIM_NONE) return 0;
        RaxIterator<Listpack> ri = rax.iterator();
        ri.seek("^", null);
        long deleted = 0;
        while (ri.next()) {
            if (strategy == TRIM_MAXLEN && length <= maxlen) break;
            Listpack lp = ri.data();
            int p = lp.first();
            long entries = lpInt(lp, p);
            if (limit != 0 && deleted + entries > limit) break;

            boolean removeNode;
            StreamID master = StreamID.decode(ri.key());
            if (strategy == TRIM_MAXLEN) {
                removeNode = length - entries >= maxlen;
            } else {
                removeNode = lastIdOfNode(lp, master).compareTo(minid) < 0;
            }
            if (removeNode) {
                byte[] k = ri.key();
                rax.remove(k);
                ri.seek(">=", k);
                length -= entries;
                deleted += entries;
                continue;
            }
            if (approx) break;

            long deletedFromLp = 0;
            p = lp.next(p); // deleted
            p = lp.next(p); // master num fields
            long masterFields = lpInt(lp, p);
            p = lp.next(p);
            for (long j = 0; j < masterFields; j++) p = lp.next(p);
            p = lp.next(p); // skip the master terminator: p is the first entry's flags
            while (p >= 0) {
                int flagsPos = p;
                long flags = lpInt(lp, p);
                p = lp.next(p);
                long msDelta = lpInt(lp, p);
                p = lp.next(p);
                long seqDelta = lpInt(lp, p);
                p = lp.next(p);
                boolean stop = strategy == TRIM_MAXLEN ? length <= maxlen
                        : new StreamID(master.ms() + msDelta, master.seq() + seqDelta).compareTo(minid) >= 0;
                if (stop) break;
                long toSkip;
                if ((flags & FLAG_SAMEFIELDS) != 0) {
                    toSkip = masterFields;
                } else {
                    toSkip = lpInt(lp, p) * 2;
                    p = lp.next(p);
                }
                while (toSkip-- > 0) p = lp.next(p);
                p = lp.next(p); // lp-count
                if ((flags & FLAG_DELETED) == 0) {
                    lp.replace(flagsPos, intBytes(flags | FLAG_DELETED)); // same size: flags are 0..3
                    deletedFromLp++;
                    length--;
                }
            }
            deleted += deletedFromLp;
            p = lp.first();
            p = lp.replace(p, intBytes(entries - deletedFromLp));
            p = lp.next(p);
            long markedDeleted = lpInt(lp, p);
            lp.replace(p, intBytes(markedDeleted + deletedFromLp));
            break; // there was enough to delete in this node
        }
        updateFirstId();
        return deleted;
    }

    /** lpGetEdgeStreamID(lp, 0, ...): the ID of the last entry of a node, deleted or not. */
    static StreamID lastIdOfNode(Listpack lp, StreamID master) {
        int p = lp.last(); // lp-count of the last entry
        long lpCount = lpInt(lp, p);
        for (long i = 0; i < lpCount; i++) p = lp.prev(p);
        p = lp.next(p); // skip flags
        long ms = lpInt(lp, p);
        long seq = lpInt(lp, lp.next(p));
        return new StreamID(master.ms() + ms, master.seq() + seq);
    }

    // ---------------------------------------------------------------- consumer groups

    /** streamLookupCG. */
    public StreamCG lookupCG(byte[] name) { return cgroups == null ? null : cgroups.get(name); }

    /** streamCreateCG: null if a group of that name exists. */
    public StreamCG createCG(byte[] name, StreamID id, long entriesRead) {
        if (cgroups == null) cgroups = new Rax<>();
        StreamCG cg = new StreamCG(id, entriesRead);
        return cgroups.tryInsert(name.clone(), cg) ? cg : null;
    }

    /** Number of consumer groups. */
    public long groupCount() { return cgroups == null ? 0 : cgroups.size(); }

    /**
     * streamRangeHasTombstones: whether a deleted entry may lie in [start, end] (null = open), as far
     * as {@link #maxDeletedEntryId} can tell.
     */
    public boolean rangeHasTombstones(StreamID start, StreamID end) {
        if (length == 0 || maxDeletedEntryId.isZero()) return false;
        if (firstId.compareTo(maxDeletedEntryId) > 0) return false;
        StreamID s = start == null ? StreamID.MIN : start, e = end == null ? StreamID.MAX : end;
        return s.compareTo(maxDeletedEntryId) <= 0 && maxDeletedEntryId.compareTo(e) <= 0;
    }

    /**
     * streamEstimateDistanceFromFirstEverEntry: the logical position of {@code id} in the history
     * of the stream (how many entries were added up to it), or INVALID_ENTRIES_READ when deletions
     * make it unknowable.
     */
    public long estimateDistanceFromFirstEverEntry(StreamID id) {
        if (entriesAdded == 0) return 0;
        if (length == 0 && id.compareTo(lastId) < 1) return entriesAdded;
        int cmpLast = id.compareTo(lastId);
        if (cmpLast == 0) return entriesAdded;
        if (cmpLast > 0) return StreamCG.INVALID_ENTRIES_READ;
        int cmpIdFirst = id.compareTo(firstId);
        int cmpXdelFirst = maxDeletedEntryId.compareTo(firstId);
        if (maxDeletedEntryId.isZero() || cmpXdelFirst < 0) {
            if (cmpIdFirst < 0) return entriesAdded - length;
            if (cmpIdFirst == 0) return entriesAdded - length + 1;
        }
        return StreamCG.INVALID_ENTRIES_READ;
    }

    // ---------------------------------------------------------------- copying

    /** streamDup, for COPY: the listpacks, the IDs, the groups with their PELs and consumers. */
    public Stream dup() {
        Stream n = new Stream();
        RaxIterator<Listpack> ri = rax.iterator();
        ri.seek("^", null);
        while (ri.next()) n.rax.insert(ri.key(), ri.data().copy());
        n.length = length;
        n.lastId = lastId;
        n.firstId = firstId;
        n.maxDeletedEntryId = maxDeletedEntryId;
        n.entriesAdded = entriesAdded;
        if (cgroups == null) return n;
        RaxIterator<StreamCG> gi = cgroups.iterator();
        gi.seek("^", null);
        while (gi.next()) {
            StreamCG cg = gi.data();
            StreamCG ncg = n.createCG(gi.key(), cg.lastId, cg.entriesRead);
            RaxIterator<StreamNACK> pi = cg.pel.iterator();
            pi.seek("^", null);
            while (pi.next()) {
                StreamNACK nack = pi.data();
                StreamNACK nn = new StreamNACK(null, nack.deliveryTime);
                nn.deliveryCount = nack.deliveryCount;
                ncg.pel.insert(pi.key(), nn);
            }
            RaxIterator<StreamConsumer> ci = cg.consumers.iterator();
            ci.seek("^", null);
            while (ci.next()) {
                StreamConsumer c = ci.data();
                StreamConsumer nc = ncg.createConsumer(c.name, c.seenTime);
                RaxIterator<StreamNACK> cpi = c.pel.iterator();
                cpi.seek("^", null);
                while (cpi.next()) {
                    StreamNACK nn = ncg.pel.get(cpi.key());
                    nn.consumer = nc;
                    nc.pel.insert(cpi.key(), nn);
                }
            }
        }
        return n;
    }

    /** The rax and each node's counters, copied (for hooks and the REPL). O(nodes). */
    public StreamSnapshot snapshot() {
        List<StreamSnapshot.NodeInfo> nodes = new java.util.ArrayList<>();
        RaxIterator<Listpack> ri = rax.iterator();
        ri.seek("^", null);
        while (ri.next()) {
            Listpack lp = ri.data();
            int p = lp.first();
            long live = lpInt(lp, p);
            p = lp.next(p);
            long deleted = lpInt(lp, p);
            long fields = lpInt(lp, lp.next(p));
            nodes.add(new StreamSnapshot.NodeInfo(StreamID.decode(ri.key()), lp.bytes(), live, deleted, fields));
        }
        return new StreamSnapshot(rax.snapshot(), nodes, length, lastId, groupCount());
    }

    /** Bytes of all listpacks, for memory reports. */
    public long listpackBytes() {
        long total = 0;
        RaxIterator<Listpack> ri = rax.iterator();
        ri.seek("^", null);
        while (ri.next()) total += ri.data().bytes();
        return total;
    }
}
