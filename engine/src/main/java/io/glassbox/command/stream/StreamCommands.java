package io.glassbox.command.stream;

import io.glassbox.command.CommandTable;
import io.glassbox.db.EncodingConfig;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.ds.stream.Stream;
import io.glassbox.ds.stream.StreamID;
import io.glassbox.ds.stream.StreamIterator;
import io.glassbox.server.Notify;
import io.glassbox.server.Client;
import io.glassbox.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;

/**
 * The stream commands that read and write entries: XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM and
 * XSETID (Redis 7.0 {@code t_stream.c}). Consumer groups are in {@link StreamGroupCommands}, XREAD
 * and XREADGROUP in {@link StreamReadCommands}, XINFO in {@link StreamInfoCommand}.
 *
 * <p>IDs on the command line: {@code ms-seq}, or {@code ms} alone (the sequence then defaults to 0
 * for a start and to the greatest value for an end), {@code -} and {@code +} for the smallest and
 * greatest IDs where a range is expected, a leading {@code (} for an exclusive bound (7.0), and in
 * XADD {@code *} (generate) or {@code ms-*} (generate the sequence).
 */
public final class StreamCommands {
    private StreamCommands() {}

    public static void register(CommandTable t) {
        t.bind("xadd", StreamCommands::xadd);
        t.bind("xlen", StreamCommands::xlen);
        t.bind("xrange", c -> xrangeGeneric(c, false));
        t.bind("xrevrange", c -> xrangeGeneric(c, true));
        t.bind("xdel", StreamCommands::xdel);
        t.bind("xtrim", StreamCommands::xtrim);
        t.bind("xsetid", StreamCommands::xsetid);
        StreamReadCommands.register(t);
        StreamGroupCommands.register(t);
        StreamInfoCommand.register(t);
    }

    static final String ERR_INVALID_ID = "Invalid stream ID specified as stream command argument";

    // ---------------------------------------------------------------- shared helpers

    /** checkType for a stream: replies WRONGTYPE and returns true when {@code o} exists and is not a stream. */
    static boolean wrongType(Client c, RedisObject o) {
        if (o != null && o.type != RedisObject.TYPE_STREAM) {
            c.addErrorWrongType();
            return true;
        }
        return false;
    }

    static Stream stream(RedisObject o) { return (Stream) o.value; }

    static void dirty(Client c, long n) { c.server().keyspace().stats.dirty += n; }

    static long now(Client c) { return c.server().clock().millis(); }

    /**
     * string2ull: an unsigned 64-bit decimal. Like strtoull it takes leading blanks and a '+', and
     * refuses anything negative or beyond 2^64-1.
     */
    static boolean string2ull(byte[] b, int off, int len, long[] out) {
        if (RedisNumbers.string2ll(b, off, len, out)) return out[0] >= 0;
        int i = off, end = off + len;
        while (i < end && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r'))) i++;
        if (i < end && b[i] == '+') i++;
        if (i >= end) return false;
        long v = 0;
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return false;
            // v * 10 + d must stay below 2^64
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) return false;
            long nv = v * 10 + d;
            if (Long.compareUnsigned(nv, v * 10) < 0) return false;
            v = nv;
        }
        out[0] = v;
        return true;
    }

    /**
     * streamGenericParseIDOrReply: parses an ID; null after replying the error. {@code strict}
     * refuses "-" and "+". {@code seqGiven} non-null allows {@code ms-*}, and reports whether the
     * sequence was given.
     */
    static StreamID parseId(Client c, byte[] a, int off, long missingSeq, boolean strict, boolean[] seqGiven) {
        int len = a.length - off;
        if (len > 127) return invalidId(c);
        if (strict && len == 1 && (a[off] == '-' || a[off] == '+')) return invalidId(c);
        if (seqGiven != null) seqGiven[0] = true;
        if (len == 1 && a[off] == '-') return StreamID.MIN;
        if (len == 1 && a[off] == '+') return StreamID.MAX;
        // C stops at a NUL byte
        for (int i = off; i < a.length; i++) if (a[i] == 0) { len = i - off; break; }
        int dash = -1;
        for (int i = off; i < off + len; i++) if (a[i] == '-') { dash = i; break; }
        long[] v = new long[1];
        long ms, seq;
        if (!string2ull(a, off, (dash < 0 ? off + len : dash) - off, v)) return invalidId(c);
        ms = v[0];
        if (dash >= 0) {
            int slen = off + len - dash - 1;
            if (seqGiven != null && slen == 1 && a[dash + 1] == '*') {
                seq = 0;
                seqGiven[0] = false;
            } else if (!string2ull(a, dash + 1, slen, v)) {
                return invalidId(c);
            } else {
                seq = v[0];
            }
        } else {
            seq = missingSeq;
        }
        return new StreamID(ms, seq);
    }

    private static StreamID invalidId(Client c) {
        if (c != null) c.addError(ERR_INVALID_ID);
        return null;
    }

    /** streamParseIDOrReply: "-" and "+" allowed. */
    static StreamID parseId(Client c, byte[] a, long missingSeq) { return parseId(c, a, 0, missingSeq, false, null); }

    /** streamParseStrictIDOrReply: no "-" or "+". */
    static StreamID parseStrictId(Client c, byte[] a, long missingSeq) { return parseId(c, a, 0, missingSeq, true, null); }

    /**
     * streamParseIntervalIDOrReply: an ID that may start with '(' to exclude it (the '(' form is
     * strict). {@code exclude[0]} tells which.
     */
    static StreamID parseIntervalId(Client c, byte[] a, boolean[] exclude, long missingSeq) {
        exclude[0] = a.length > 1 && a[0] == '(';
        if (exclude[0]) return parseId(c, a, 1, missingSeq, true, null);
        return parseId(c, a, missingSeq);
    }

    /** getLongLongFromObjectOrReply; null after replying. */
    static Long parseLongLong(Client c, byte[] a) {
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(a, out)) {
            c.addErrorNotInteger();
            return null;
        }
        return out[0];
    }

    /** getLongLongFromObjectOrReply with its own message; null after replying. */
    static Long parseLongLongMsg(Client c, byte[] a, String msg) {
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(a, out)) {
            c.addError(msg);
            return null;
        }
        return out[0];
    }

    static void addReplyStreamID(Client c, StreamID id) { c.addBulk(id.toBytes()); }

    /** One entry: [id, [field, value, ...]]. */
    static void addReplyEntry(Client c, StreamID id, byte[][] fv) {
        c.addArrayLen(2);
        addReplyStreamID(c, id);
        c.addArrayLen(fv.length);
        for (byte[] b : fv) c.addBulk(b);
    }

    /** The entries of [start, end] (at most count, 0 = all) in the order asked, as an array (streamReplyWithRange without a group). */
    static long replyWithRange(Client c, Stream s, StreamID start, StreamID end, long count, boolean rev) {
        List<StreamID> ids = new ArrayList<>();
        List<byte[][]> fvs = new ArrayList<>();
        StreamIterator si = s.iterator(start, end, rev);
        while (si.next()) {
            ids.add(si.id());
            fvs.add(si.fieldsAndValues());
            if (count != 0 && count == ids.size()) break;
        }
        c.addArrayLen(ids.size());
        for (int i = 0; i < ids.size(); i++) addReplyEntry(c, ids.get(i), fvs.get(i));
        return ids.size();
    }

    // ---------------------------------------------------------------- XADD / XTRIM argument parsing

    /** streamAddTrimArgs. */
    static final class AddTrimArgs {
        StreamID id;
        boolean idGiven, seqGiven = true, noMkstream;
        int trimStrategy = Stream.TRIM_NONE;
        long maxlen = -1;
        StreamID minid = StreamID.MIN;
        boolean approx;
        long limit;
        /** Where the MAXLEN/MINID threshold is in argv, to rewrite it for propagation (trim_strategy_arg_idx). */
        int trimArgIdx;
    }

    /**
     * streamParseAddOrTrimArgsOrReply: the options of XADD (up to and including the ID, whose
     * position is returned) or of XTRIM; -1 after replying an error.
     */
    static int parseAddOrTrimArgs(Client c, AddTrimArgs args, boolean xadd) {
        boolean limitGiven = false;
        int i = 2;
        for (; i < c.argc(); i++) {
            int moreargs = c.argc() - 1 - i;
            byte[] opt = c.arg(i);
            if (xadd && opt.length == 1 && opt[0] == '*') {
                break;
            } else if (c.argIs(i, "maxlen") && moreargs > 0) {
                if (args.trimStrategy != Stream.TRIM_NONE) {
                    c.addError("syntax error, MAXLEN and MINID options at the same time are not compatible");
                    return -1;
                }
                args.approx = false;
                byte[] next = c.arg(i + 1);
                if (moreargs >= 2 && next.length == 1 && next[0] == '~') {
                    args.approx = true;
                    i++;
                } else if (moreargs >= 2 && next.length == 1 && next[0] == '=') {
                    i++;
                }
                Long v = parseLongLong(c, c.arg(i + 1));
                if (v == null) return -1;
                if (v < 0) {
                    c.addError("The MAXLEN argument must be >= 0.");
                    return -1;
                }
                args.maxlen = v;
                i++;
                args.trimStrategy = Stream.TRIM_MAXLEN;
                args.trimArgIdx = i;
            } else if (c.argIs(i, "minid") && moreargs > 0) {
                if (args.trimStrategy != Stream.TRIM_NONE) {
                    c.addError("syntax error, MAXLEN and MINID options at the same time are not compatible");
                    return -1;
                }
                args.approx = false;
                byte[] next = c.arg(i + 1);
                if (moreargs >= 2 && next.length == 1 && next[0] == '~') {
                    args.approx = true;
                    i++;
                } else if (moreargs >= 2 && next.length == 1 && next[0] == '=') {
                    i++;
                }
                StreamID id = parseStrictId(c, c.arg(i + 1), 0);
                if (id == null) return -1;
                args.minid = id;
                i++;
                args.trimStrategy = Stream.TRIM_MINID;
                args.trimArgIdx = i;
            } else if (c.argIs(i, "limit") && moreargs > 0) {
                Long v = parseLongLong(c, c.arg(i + 1));
                if (v == null) return -1;
                if (v < 0) {
                    c.addError("The LIMIT argument must be >= 0.");
                    return -1;
                }
                args.limit = v;
                limitGiven = true;
                i++;
            } else if (xadd && c.argIs(i, "nomkstream")) {
                args.noMkstream = true;
            } else if (xadd) {
                boolean[] seqGiven = new boolean[1];
                StreamID id = parseId(c, c.arg(i), 0, 0, true, seqGiven);
                if (id == null) return -1;
                args.id = id;
                args.seqGiven = seqGiven[0];
                args.idGiven = true;
                break;
            } else {
                c.addErrorSyntax();
                return -1;
            }
        }
        if (args.limit != 0 && args.trimStrategy == Stream.TRIM_NONE) {
            c.addError("syntax error, LIMIT cannot be used without specifying a trimming strategy");
            return -1;
        }
        if (!xadd && args.trimStrategy == Stream.TRIM_NONE) {
            c.addError("syntax error, XTRIM must be called with a trimming strategy");
            return -1;
        }
        if (c.server().propagation().loading()) {
            // replaying the AOF: the threshold was rewritten to an exact one, never limit (mustObeyClient)
            args.limit = 0;
        } else if (limitGiven) {
            if (!args.approx) {
                c.addError("syntax error, LIMIT cannot be used without the special ~ option");
                return -1;
            }
        } else if (args.approx) {
            long max = c.server().keyspace().encodings().streamNodeMaxEntries;
            args.limit = 100 * max;
            if (args.limit <= 0 || args.limit > 10000) args.limit = 10000;
        } else {
            args.limit = 0;
        }
        return i;
    }

    static long trim(Stream s, AddTrimArgs a) {
        return s.trim(a.trimStrategy, a.maxlen, a.minid, a.approx, a.limit);
    }

    /**
     * streamRewriteApproxSpecifier + streamRewriteTrimArgument: an approximate trim depends on how
     * the nodes happen to be split, so it propagates as the exact trim it turned out to be:
     * {@code MAXLEN = <length now>} or {@code MINID = <first ID now, deleted or not>}.
     */
    static void rewriteApproxTrim(Client c, Stream s, AddTrimArgs a) {
        c.rewriteCommandArgument(a.trimArgIdx - 1, new byte[]{'='});
        c.rewriteCommandArgument(a.trimArgIdx, a.trimStrategy == Stream.TRIM_MAXLEN
                ? RedisNumbers.ll2string(s.length) : s.edgeId(true, false).toBytes());
    }

    // ---------------------------------------------------------------- commands

    /** XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value ... (xaddCommand). */
    static void xadd(Client c) {
        AddTrimArgs args = new AddTrimArgs();
        int idpos = parseAddOrTrimArgs(c, args, true);
        if (idpos < 0) return;
        int fieldPos = idpos + 1;
        if (c.argc() - fieldPos < 2 || (c.argc() - fieldPos) % 2 == 1) {
            c.addErrorArity();
            return;
        }
        if (args.idGiven && args.seqGiven && args.id.isZero()) {
            c.addError("The ID specified in XADD must be greater than 0-0");
            return;
        }
        RedisDb db = c.db();
        byte[] key = c.arg(1);
        RedisObject o = db.lookupKeyWrite(key);
        if (wrongType(c, o)) return;
        if (o == null) {
            if (args.noMkstream) {
                c.addNull();
                return;
            }
            o = new RedisObject(RedisObject.TYPE_STREAM, RedisObject.ENC_STREAM, new Stream());
            db.dbAdd(key, o);
        }
        Stream s = stream(o);
        if (s.lastId.equals(StreamID.MAX)) {
            c.addError("The stream has exhausted the last possible ID, unable to add more items");
            return;
        }
        StreamID[] added = new StreamID[1];
        EncodingConfig enc = c.server().keyspace().encodings();
        int r = s.append(c.argv, fieldPos, (c.argc() - fieldPos) / 2, args.idGiven ? args.id : null, args.seqGiven,
                now(c), enc.streamNodeMaxBytes, enc.streamNodeMaxEntries, added);
        if (r != Stream.APPEND_OK) {
            if (r == Stream.APPEND_ERR_ID) c.addError("The ID specified in XADD is equal or smaller than the target stream top item");
            else c.addError("Elements are too large to be stored");
            return;
        }
        addReplyStreamID(c, added[0]);
        db.signalModifiedKey(key);
        Notify.event(c, Notify.STREAM, "xadd", key);
        dirty(c, 1);
        if (args.trimStrategy != Stream.TRIM_NONE) {
            if (trim(s, args) > 0) Notify.event(c, Notify.STREAM, "xtrim", key);
            if (args.approx) rewriteApproxTrim(c, s, args);
        }
        // propagate the ID actually used, so a replica or the AOF adds the same entry
        if (!args.idGiven || !args.seqGiven) c.rewriteCommandArgument(idpos, added[0].toBytes());
        c.server().blocking().signalKeyAsReady(db, key);
    }

    /** XLEN key. */
    static void xlen(Client c) {
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { c.addLong(0); return; }
        if (wrongType(c, o)) return;
        c.addLong(stream(o).length);
    }

    /** XRANGE key start end [COUNT n] and XREVRANGE key end start [COUNT n] (xrangeGenericCommand). */
    static void xrangeGeneric(Client c, boolean rev) {
        byte[] startArg = rev ? c.arg(3) : c.arg(2);
        byte[] endArg = rev ? c.arg(2) : c.arg(3);
        boolean[] ex = new boolean[1];
        StreamID start = parseIntervalId(c, startArg, ex, 0);
        if (start == null) return;
        if (ex[0]) {
            start = start.incr();
            if (start == null) { c.addError("invalid start ID for the interval"); return; }
        }
        StreamID end = parseIntervalId(c, endArg, ex, -1L);
        if (end == null) return;
        if (ex[0]) {
            end = end.decr();
            if (end == null) { c.addError("invalid end ID for the interval"); return; }
        }
        long count = -1;
        for (int j = 4; j < c.argc(); j++) {
            int additional = c.argc() - j - 1;
            if (c.argIs(j, "count") && additional >= 1) {
                Long v = parseLongLong(c, c.arg(j + 1));
                if (v == null) return;
                count = v < 0 ? 0 : v;
                j++;
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { c.addEmptyArray(); return; }
        if (wrongType(c, o)) return;
        if (count == 0) {
            c.addNullArray();
            return;
        }
        replyWithRange(c, stream(o), start, end, count == -1 ? 0 : count, rev);
    }

    /** XDEL key id [id ...]: flags the entries deleted; records the greatest deleted ID (7.0). */
    static void xdel(Client c) {
        RedisDb db = c.db();
        RedisObject o = db.lookupKeyWrite(c.arg(1));
        if (o == null) { c.addLong(0); return; }
        if (wrongType(c, o)) return;
        Stream s = stream(o);
        StreamID[] ids = new StreamID[c.argc() - 2];
        for (int j = 2; j < c.argc(); j++) {
            ids[j - 2] = parseStrictId(c, c.arg(j), 0);
            if (ids[j - 2] == null) return;
        }
        long deleted = 0;
        for (StreamID id : ids) {
            if (s.deleteItem(id)) {
                if (id.compareTo(s.maxDeletedEntryId) > 0) s.maxDeletedEntryId = id;
                deleted++;
            }
        }
        if (deleted > 0) {
            s.updateFirstId();
            db.signalModifiedKey(c.arg(1));
            Notify.event(c, Notify.STREAM, "xdel", c.arg(1));
            dirty(c, deleted);
        }
        c.addLong(deleted);
    }

    /** XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count] (xtrimCommand). */
    static void xtrim(Client c) {
        RedisDb db = c.db();
        RedisObject o = db.lookupKeyWrite(c.arg(1));
        if (wrongType(c, o)) return;
        AddTrimArgs args = new AddTrimArgs();
        int i = parseAddOrTrimArgs(c, args, false);
        if (i < 0) return;
        if (o == null) { c.addLong(0); return; }
        long deleted = trim(stream(o), args);
        if (args.approx) rewriteApproxTrim(c, stream(o), args);
        if (deleted > 0) {
            Notify.event(c, Notify.STREAM, "xtrim", c.arg(1));
            db.signalModifiedKey(c.arg(1));
            dirty(c, deleted);
        }
        c.addLong(deleted);
    }

    /** XSETID key last-id [ENTRIESADDED n] [MAXDELETEDID id] (xsetidCommand, 7.0). */
    static void xsetid(Client c) {
        StreamID id = parseStrictId(c, c.arg(2), 0);
        if (id == null) return;
        StreamID maxXdel = null;
        long entriesAdded = -1;
        for (int i = 3; i < c.argc(); i++) {
            int moreargs = c.argc() - 1 - i;
            if (c.argIs(i, "entriesadded") && moreargs > 0) {
                Long v = parseLongLong(c, c.arg(i + 1));
                if (v == null) return;
                if (v < 0) {
                    c.addError("entries_added must be positive");
                    return;
                }
                entriesAdded = v;
                i++;
            } else if (c.argIs(i, "maxdeletedid") && moreargs > 0) {
                maxXdel = parseStrictId(c, c.arg(i + 1), 0);
                if (maxXdel == null) return;
                if (id.compareTo(maxXdel) < 0) {
                    c.addError("The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
                    return;
                }
                i++;
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        RedisDb db = c.db();
        RedisObject o = db.lookupKeyWrite(c.arg(1));
        if (o == null) { c.addError("no such key"); return; }
        if (wrongType(c, o)) return;
        Stream s = stream(o);
        if (s.length > 0) {
            if (id.compareTo(s.lastValidId()) < 0) {
                c.addError("The ID specified in XSETID is smaller than the target stream top item");
                return;
            }
            if (entriesAdded != -1 && s.length > entriesAdded) {
                c.addError("The entries_added specified in XSETID is smaller than the target stream length");
                return;
            }
        }
        if (id.compareTo(s.maxDeletedEntryId) < 0) {
            c.addError("The ID specified in XSETID is smaller than current max_deleted_entry_id");
            return;
        }
        s.lastId = id;
        if (entriesAdded != -1) s.entriesAdded = entriesAdded;
        if (maxXdel != null) s.maxDeletedEntryId = maxXdel;
        db.signalModifiedKey(c.arg(1));
        c.addOk();
        dirty(c, 1);
        Notify.event(c, Notify.STREAM, "xsetid", c.arg(1));
    }
}
