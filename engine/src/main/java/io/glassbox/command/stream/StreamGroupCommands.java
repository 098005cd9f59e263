package io.glassbox.command.stream;

import io.glassbox.command.CommandTable;
import io.glassbox.command.HelpText;
import io.glassbox.db.RedisDb;
import io.glassbox.server.Notify;
import io.glassbox.db.RedisObject;
import io.glassbox.ds.rax.RaxIterator;
import io.glassbox.ds.stream.Stream;
import io.glassbox.ds.stream.StreamCG;
import io.glassbox.ds.stream.StreamConsumer;
import io.glassbox.ds.stream.StreamID;
import io.glassbox.ds.stream.StreamIterator;
import io.glassbox.ds.stream.StreamNACK;
import io.glassbox.resp.ReplyBuffer;
import io.glassbox.server.Client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.glassbox.command.stream.StreamCommands.addReplyEntry;
import static io.glassbox.command.stream.StreamCommands.addReplyStreamID;
import static io.glassbox.command.stream.StreamCommands.dirty;
import static io.glassbox.command.stream.StreamCommands.now;
import static io.glassbox.command.stream.StreamCommands.parseLongLong;
import static io.glassbox.command.stream.StreamCommands.parseLongLongMsg;
import static io.glassbox.command.stream.StreamCommands.stream;
import static io.glassbox.command.stream.StreamReadCommands.str;

/**
 * Consumer groups: XGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM (Redis 7.0 {@code t_stream.c}).
 *
 * <p>A message read by a consumer through XREADGROUP stays in the group's pending entries list
 * (PEL) until XACK; XPENDING shows the PEL, and XCLAIM / XAUTOCLAIM move messages idle for long
 * enough to another consumer, which is how a group recovers the work of a consumer that died.
 * Entries deleted from the stream while pending are dropped from the PEL when a claim meets them
 * (XAUTOCLAIM reports their IDs, new in 7.0).
 */
public final class StreamGroupCommands {
    private StreamGroupCommands() {}

    static void register(CommandTable t) {
        for (String sub : List.of("create", "setid", "destroy", "createconsumer", "delconsumer")) {
            t.bind("xgroup|" + sub, StreamGroupCommands::xgroup);
        }
        t.bind("xgroup|help", c -> HelpText.reply(c, "xgroup"));
        t.bind("xack", StreamGroupCommands::xack);
        t.bind("xpending", StreamGroupCommands::xpending);
        t.bind("xclaim", StreamGroupCommands::xclaim);
        t.bind("xautoclaim", StreamGroupCommands::xautoclaim);
    }

    private static final byte[] XCLAIM = b("XCLAIM"), XGROUP = b("XGROUP"), SETID = b("SETID"), ZERO = b("0"),
            TIME = b("TIME"), RETRYCOUNT = b("RETRYCOUNT"), FORCE = b("FORCE"), JUSTID = b("JUSTID"), LASTID = b("LASTID"),
            ENTRIESREAD = b("ENTRIESREAD"), CREATECONSUMER = b("CREATECONSUMER");

    private static byte[] b(String s) { return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII); }

    /**
     * streamPropagateXCLAIM: a delivery (by XREADGROUP or a claim) replays on a replica or from the
     * AOF as an XCLAIM that sets the same owner, delivery time and count, whatever the replica's
     * clock: {@code XCLAIM key group consumer 0 id TIME t RETRYCOUNT n FORCE JUSTID LASTID last}.
     */
    static void propagateXclaim(Client c, byte[] key, StreamCG group, byte[] groupname, byte[] id, StreamNACK nack) {
        c.alsoPropagate(XCLAIM, key, groupname, nack.consumer.name, ZERO, id, TIME,
                io.glassbox.util.RedisNumbers.ll2string(nack.deliveryTime), RETRYCOUNT,
                io.glassbox.util.RedisNumbers.ll2string(nack.deliveryCount), FORCE, JUSTID, LASTID, group.lastId.toBytes());
    }

    /** streamPropagateGroupID: {@code XGROUP SETID key group last-id ENTRIESREAD n}. */
    static void propagateGroupId(Client c, byte[] key, StreamCG group, byte[] groupname) {
        c.alsoPropagate(XGROUP, SETID, key, groupname, group.lastId.toBytes(), ENTRIESREAD,
                io.glassbox.util.RedisNumbers.ll2string(group.entriesRead));
    }

    /** streamPropagateConsumerCreation: {@code XGROUP CREATECONSUMER key group consumer}. */
    static void propagateConsumerCreation(Client c, byte[] key, byte[] groupname, byte[] consumer) {
        c.alsoPropagate(XGROUP, CREATECONSUMER, key, groupname, consumer);
    }

    /** A reply whose length is known only at the end (addReplyDeferredLen): written aside, then copied. */
    static ReplyBuffer aside(Client c) {
        ReplyBuffer b = new ReplyBuffer();
        b.setProtocol(c.protocol());
        return b;
    }

    static void addEntryOrNothing(ReplyBuffer r, Stream s, StreamID id) {
        StreamIterator si = s.iterator(id, id, false);
        if (!si.next()) return;
        byte[][] fv = si.fieldsAndValues();
        r.addArrayLen(2);
        r.addBulk(id.toBytes());
        r.addArrayLen(fv.length);
        for (byte[] b : fv) r.addBulk(b);
    }

    /** streamEntryExists. */
    static boolean entryExists(Stream s, StreamID id) { return s.iterator(id, id, false).next(); }

    static void subcommandSyntaxError(Client c) { c.addErrorSubcommandSyntax(); }

    /** XGROUP CREATE|SETID|DESTROY|CREATECONSUMER|DELCONSUMER (xgroupCommand). */
    static void xgroup(Client c) {
        String opt = c.argString(1).toLowerCase();
        boolean mkstream = false;
        long entriesRead = StreamCG.INVALID_ENTRIES_READ;
        if (opt.equals("create") || opt.equals("setid")) {
            int i = 5;
            while (i < c.argc()) {
                if (opt.equals("create") && c.argIs(i, "mkstream")) {
                    mkstream = true;
                    i++;
                } else if (c.argIs(i, "entriesread") && i + 1 < c.argc()) {
                    Long v = parseLongLong(c, c.arg(i + 1));
                    if (v == null) return;
                    if (v < 0 && v != StreamCG.INVALID_ENTRIES_READ) {
                        c.addError("value for ENTRIESREAD must be positive or -1");
                        return;
                    }
                    entriesRead = v;
                    i += 2;
                } else {
                    subcommandSyntaxError(c);
                    return;
                }
            }
        }
        RedisDb db = c.db();
        byte[] key = c.arg(2);
        RedisObject o = db.lookupKeyWrite(key);
        Stream s = null;
        if (o != null) {
            if (StreamCommands.wrongType(c, o)) return;
            s = stream(o);
        }
        byte[] grpname = c.arg(3);
        StreamCG cg = null;
        if (!mkstream) {
            if (s == null) {
                c.addError("The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use "
                        + "the MKSTREAM option to create an empty stream automatically.");
                return;
            }
            cg = s.lookupCG(grpname);
            if (cg == null && (opt.equals("setid") || opt.equals("createconsumer") || opt.equals("delconsumer"))) {
                c.addError("-NOGROUP No such consumer group '" + str(grpname) + "' for key name '" + str(key) + "'");
                return;
            }
        }
        switch (opt) {
            case "create": {
                if (c.argc() > 8) { subcommandSyntaxError(c); return; }
                StreamID id;
                byte[] a = c.arg(4);
                if (a.length == 1 && a[0] == '$') {
                    id = s != null ? s.lastId : StreamID.MIN;
                } else {
                    id = StreamCommands.parseStrictId(c, a, 0);
                    if (id == null) return;
                }
                if (s == null) {
                    o = new RedisObject(RedisObject.TYPE_STREAM, RedisObject.ENC_STREAM, new Stream());
                    db.dbAdd(key, o);
                    s = stream(o);
                }
                if (s.createCG(grpname, id, entriesRead) != null) {
                    c.addOk();
                    dirty(c, 1);
                    Notify.event(c, Notify.STREAM, "xgroup-create", key);
                } else {
                    c.addError("-BUSYGROUP Consumer Group name already exists");
                }
                return;
            }
            case "setid": {
                if (c.argc() != 5 && c.argc() != 7) { subcommandSyntaxError(c); return; }
                StreamID id;
                byte[] a = c.arg(4);
                if (a.length == 1 && a[0] == '$') {
                    id = s.lastId;
                } else {
                    id = StreamCommands.parseId(c, a, 0);
                    if (id == null) return;
                }
                cg.lastId = id;
                cg.entriesRead = entriesRead;
                c.addOk();
                dirty(c, 1);
                Notify.event(c, Notify.STREAM, "xgroup-setid", key);
                return;
            }
            case "destroy":
                if (cg != null) {
                    s.cgroups.remove(grpname);
                    c.addLong(1);
                    dirty(c, 1);
                    Notify.event(c, Notify.STREAM, "xgroup-destroy", key);
                    // XREADGROUP clients blocked on this group get -NOGROUP
                    c.server().blocking().signalKeyAsReady(db, key);
                } else {
                    c.addLong(0);
                }
                return;
            case "createconsumer": {
                StreamConsumer created = cg.createConsumer(c.arg(4), now(c));
                if (created != null) {
                    dirty(c, 1);
                    Notify.event(c, Notify.STREAM, "xgroup-createconsumer", key);
                }
                c.addLong(created != null ? 1 : 0);
                return;
            }
            case "delconsumer": {
                long pending = 0;
                StreamConsumer consumer = cg.lookupConsumer(c.arg(4));
                if (consumer != null) {
                    pending = cg.deleteConsumer(consumer);
                    dirty(c, 1);
                    Notify.event(c, Notify.STREAM, "xgroup-delconsumer", key);
                }
                c.addLong(pending);
                return;
            }
            default:
                subcommandSyntaxError(c);
        }
    }

    /** XACK key group id [id ...]: all IDs are parsed first, so a bad one acknowledges nothing. */
    static void xack(Client c) {
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        StreamCG group = null;
        if (o != null) {
            if (StreamCommands.wrongType(c, o)) return;
            group = stream(o).lookupCG(c.arg(2));
        }
        if (o == null || group == null) { c.addLong(0); return; }
        StreamID[] ids = new StreamID[c.argc() - 3];
        for (int j = 3; j < c.argc(); j++) {
            ids[j - 3] = StreamCommands.parseStrictId(c, c.arg(j), 0);
            if (ids[j - 3] == null) return;
        }
        long acknowledged = 0;
        for (StreamID id : ids) {
            byte[] buf = id.encode();
            StreamNACK nack = group.pel.get(buf);
            if (nack != null) {
                group.pel.remove(buf);
                nack.consumer.pel.remove(buf);
                acknowledged++;
                dirty(c, 1);
            }
        }
        c.addLong(acknowledged);
    }

    /** XPENDING key group [[IDLE min-idle] start end count [consumer]] (xpendingCommand). */
    static void xpending(Client c) {
        boolean justinfo = c.argc() == 3;
        byte[] key = c.arg(1), groupname = c.arg(2);
        byte[] consumername = null;
        StreamID startid = null, endid = null;
        long count = 0, minidle = 0;
        if (c.argc() != 3 && (c.argc() < 6 || c.argc() > 9)) {
            c.addErrorSyntax();
            return;
        }
        if (c.argc() >= 6) {
            int startidx = 3;
            if (c.argIs(3, "idle")) {
                Long v = parseLongLong(c, c.arg(4));
                if (v == null) return;
                minidle = v;
                if (c.argc() < 8) { c.addErrorSyntax(); return; }
                startidx += 2;
            }
            Long v = parseLongLong(c, c.arg(startidx + 2));
            if (v == null) return;
            count = v < 0 ? 0 : v;
            boolean[] ex = new boolean[1];
            startid = StreamCommands.parseIntervalId(c, c.arg(startidx), ex, 0);
            if (startid == null) return;
            if (ex[0]) {
                startid = startid.incr();
                if (startid == null) { c.addError("invalid start ID for the interval"); return; }
            }
            endid = StreamCommands.parseIntervalId(c, c.arg(startidx + 1), ex, -1L);
            if (endid == null) return;
            if (ex[0]) {
                endid = endid.decr();
                if (endid == null) { c.addError("invalid end ID for the interval"); return; }
            }
            if (startidx + 3 < c.argc()) consumername = c.arg(startidx + 3);
        }
        RedisObject o = c.db().lookupKeyRead(key);
        if (StreamCommands.wrongType(c, o)) return;
        StreamCG group = o == null ? null : stream(o).lookupCG(groupname);
        if (group == null) {
            c.addError("-NOGROUP No such key '" + str(key) + "' or consumer group '" + str(groupname) + "'");
            return;
        }
        if (justinfo) {
            c.addArrayLen(4);
            c.addLong(group.pel.size());
            if (group.pel.size() == 0) {
                c.addNull();
                c.addNull();
                c.addNullArray();
                return;
            }
            RaxIterator<StreamNACK> ri = group.pel.iterator();
            ri.seek("^", null);
            ri.next();
            addReplyStreamID(c, StreamID.decode(ri.key()));
            ri.seek("$", null);
            ri.next();
            addReplyStreamID(c, StreamID.decode(ri.key()));
            ReplyBuffer r = aside(c);
            long n = 0;
            RaxIterator<StreamConsumer> ci = group.consumers.iterator();
            ci.seek("^", null);
            while (ci.next()) {
                StreamConsumer consumer = ci.data();
                if (consumer.pel.size() == 0) continue;
                r.addArrayLen(2);
                r.addBulk(ci.key());
                r.addBulkLong(consumer.pel.size());
                n++;
            }
            c.addArrayLen(n);
            c.addRaw(r.drainReply());
            return;
        }
        StreamConsumer consumer = null;
        if (consumername != null) {
            consumer = group.lookupConsumer(consumername);
            if (consumer == null) { c.addArrayLen(0); return; }
        }
        var pel = consumer != null ? consumer.pel : group.pel;
        byte[] endkey = endid.encode();
        RaxIterator<StreamNACK> ri = pel.iterator();
        ri.seek(">=", startid.encode());
        long now = now(c);
        ReplyBuffer r = aside(c);
        long n = 0;
        while (count > 0 && ri.next() && Arrays.compareUnsigned(ri.key(), endkey) <= 0) {
            StreamNACK nack = ri.data();
            if (minidle != 0 && now - nack.deliveryTime < minidle) continue;
            n++;
            count--;
            r.addArrayLen(4);
            r.addBulk(StreamID.decode(ri.key()).toBytes());
            r.addBulk(nack.consumer.name);
            r.addLong(Math.max(0, now - nack.deliveryTime));
            r.addLong(nack.deliveryCount);
        }
        c.addArrayLen(n);
        c.addRaw(r.drainReply());
    }

    /**
     * The consumer group named by argument 2 in the stream {@code o} (XCLAIM, XAUTOCLAIM), or null
     * after the reply: WRONGTYPE, or NOGROUP when the key or the group is missing.
     */
    private static StreamCG groupOrReply(Client c, RedisObject o) {
        StreamCG group = null;
        if (o != null) {
            if (StreamCommands.wrongType(c, o)) return null;
            group = stream(o).lookupCG(c.arg(2));
        }
        if (group == null) c.addError("-NOGROUP No such key '" + str(c.arg(1)) + "' or consumer group '" + str(c.arg(2)) + "'");
        return group;
    }

    /** XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME ms] [RETRYCOUNT n] [FORCE] [JUSTID] [LASTID id]. */
    static void xclaim(Client c) {
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        StreamCG group = groupOrReply(c, o);
        if (group == null) return;
        Stream s = stream(o);
        Long minidleV = parseLongLongMsg(c, c.arg(4), "Invalid min-idle-time argument for XCLAIM");
        if (minidleV == null) return;
        long minidle = Math.max(0, minidleV);
        List<StreamID> ids = new ArrayList<>();
        int j;
        for (j = 5; j < c.argc(); j++) {
            StreamID id = StreamCommands.parseId(null, c.arg(j), 0, 0, true, null);
            if (id == null) break;
            ids.add(id);
        }
        long now = now(c);
        long retrycount = -1, deliverytime = -1;
        boolean force = false, justid = false;
        StreamID lastId = StreamID.MIN;
        for (; j < c.argc(); j++) {
            int moreargs = c.argc() - 1 - j;
            if (c.argIs(j, "force")) {
                force = true;
            } else if (c.argIs(j, "justid")) {
                justid = true;
            } else if (c.argIs(j, "idle") && moreargs > 0) {
                Long v = parseLongLongMsg(c, c.arg(++j), "Invalid IDLE option argument for XCLAIM");
                if (v == null) return;
                deliverytime = now - v;
            } else if (c.argIs(j, "time") && moreargs > 0) {
                Long v = parseLongLongMsg(c, c.arg(++j), "Invalid TIME option argument for XCLAIM");
                if (v == null) return;
                deliverytime = v;
            } else if (c.argIs(j, "retrycount") && moreargs > 0) {
                Long v = parseLongLongMsg(c, c.arg(++j), "Invalid RETRYCOUNT option argument for XCLAIM");
                if (v == null) return;
                retrycount = v;
            } else if (c.argIs(j, "lastid") && moreargs > 0) {
                StreamID v = StreamCommands.parseStrictId(c, c.arg(++j), 0);
                if (v == null) return;
                lastId = v;
            } else {
                c.addError("Unrecognized XCLAIM option '" + c.argString(j) + "'");
                return;
            }
        }
        c.preventCommandPropagation(); // it propagates one XCLAIM per claimed entry instead
        boolean propagateLastId = false;
        if (lastId.compareTo(group.lastId) > 0) {
            group.lastId = lastId;
            propagateLastId = true;
        }
        if (deliverytime != -1) {
            if (deliverytime < 0 || deliverytime > now) deliverytime = now;
        } else {
            deliverytime = now;
        }
        StreamConsumer consumer = null;
        boolean createdConsumer = false;
        byte[] name = c.arg(3);
        ReplyBuffer r = aside(c);
        long n = 0;
        for (int k = 0; k < ids.size(); k++) {
            StreamID id = ids.get(k);
            byte[] idArg = c.arg(5 + k);
            byte[] buf = id.encode();
            StreamNACK nack = group.pel.get(buf);
            if (!entryExists(s, id)) {
                if (nack != null) {
                    propagateXclaim(c, c.arg(1), group, c.arg(2), idArg, nack);
                    propagateLastId = false;
                    dirty(c, 1);
                    group.pel.remove(buf);
                    nack.consumer.pel.remove(buf);
                }
                continue;
            }
            if (force && nack == null) {
                nack = new StreamNACK(null, now);
                group.pel.insert(buf, nack);
            }
            if (nack == null) continue;
            if (nack.consumer != null && minidle != 0 && now - nack.deliveryTime < minidle) continue;
            if (consumer == null) {
                consumer = group.lookupConsumer(name);
                if (consumer == null) {
                    consumer = group.createConsumer(name, now);
                    createdConsumer = true;
                }
                consumer.seenTime = now; // streamLookupConsumer(SLC_DEFAULT) refreshes it
            }
            if (nack.consumer != consumer && nack.consumer != null) nack.consumer.pel.remove(buf);
            nack.deliveryTime = deliverytime;
            if (retrycount >= 0) nack.deliveryCount = retrycount;
            else if (!justid) nack.deliveryCount++;
            if (nack.consumer != consumer) {
                consumer.pel.insert(buf, nack);
                nack.consumer = consumer;
            }
            if (justid) r.addBulk(id.toBytes());
            else addEntryOrNothing(r, s, id);
            n++;
            propagateXclaim(c, c.arg(1), group, c.arg(2), idArg, nack);
            propagateLastId = false;
            dirty(c, 1);
        }
        if (propagateLastId) {
            propagateGroupId(c, c.arg(1), group, c.arg(2));
            dirty(c, 1);
        }
        c.addArrayLen(n);
        // Redis creates the consumer after the reply's (deferred) length: its event comes in between
        announceConsumer(c, createdConsumer);
        c.addRaw(r.drainReply());
    }

    /** The "xgroup-createconsumer" event of XCLAIM and XAUTOCLAIM, if they created their consumer. */
    private static void announceConsumer(Client c, boolean created) {
        if (created) Notify.event(c, Notify.STREAM, "xgroup-createconsumer", c.arg(1));
    }

    /** XAUTOCLAIM key group consumer min-idle-time start [COUNT n] [JUSTID]: [next cursor, claimed, deleted IDs]. */
    static void xautoclaim(Client c) {
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        Long minidleV = parseLongLongMsg(c, c.arg(4), "Invalid min-idle-time argument for XAUTOCLAIM");
        if (minidleV == null) return;
        long minidle = Math.max(0, minidleV);
        boolean[] ex = new boolean[1];
        StreamID startid = StreamCommands.parseIntervalId(c, c.arg(5), ex, 0);
        if (startid == null) return;
        if (ex[0]) {
            startid = startid.incr();
            if (startid == null) { c.addError("invalid start ID for the interval"); return; }
        }
        long count = 100;
        boolean justid = false;
        int j = 6;
        while (j < c.argc()) {
            int moreargs = c.argc() - 1 - j;
            if (c.argIs(j, "count") && moreargs > 0) {
                long max = Long.MAX_VALUE / 16;
                Long v = parseLongLongMsg(c, c.arg(j + 1), "COUNT must be > 0");
                if (v == null) return;
                if (v < 1 || v > max) { c.addError("COUNT must be > 0"); return; }
                count = v;
                j++;
            } else if (c.argIs(j, "justid")) {
                justid = true;
            } else {
                c.addErrorSyntax();
                return;
            }
            j++;
        }
        StreamCG group = groupOrReply(c, o);
        if (group == null) return;
        Stream s = stream(o);
        c.preventCommandPropagation(); // it propagates one XCLAIM per claimed or dropped entry instead
        long attempts = count * 10;
        StreamConsumer consumer = null;
        boolean createdConsumer = false;
        RaxIterator<StreamNACK> ri = group.pel.iterator();
        ri.seek(">=", startid.encode());
        long now = now(c);
        byte[] name = c.arg(3);
        ReplyBuffer r = aside(c);
        long n = 0;
        List<StreamID> deleted = new ArrayList<>();
        while (attempts-- > 0 && count > 0 && ri.next()) {
            StreamNACK nack = ri.data();
            byte[] k = ri.key();
            StreamID id = StreamID.decode(k);
            if (!entryExists(s, id)) {
                propagateXclaim(c, c.arg(1), group, c.arg(2), id.toBytes(), nack);
                dirty(c, 1);
                group.pel.remove(k);
                nack.consumer.pel.remove(k);
                deleted.add(id);
                ri.seek(">=", k);
                count--;
                continue;
            }
            if (minidle != 0 && now - nack.deliveryTime < minidle) continue;
            if (consumer == null) {
                consumer = group.lookupConsumer(name);
                if (consumer == null) {
                    consumer = group.createConsumer(name, now);
                    createdConsumer = true;
                }
                consumer.seenTime = now; // streamLookupConsumer(SLC_DEFAULT) refreshes it
            }
            if (nack.consumer != consumer && nack.consumer != null) nack.consumer.pel.remove(k);
            nack.deliveryTime = now;
            if (!justid) nack.deliveryCount++;
            if (nack.consumer != consumer) {
                consumer.pel.insert(k, nack);
                nack.consumer = consumer;
            }
            if (justid) r.addBulk(id.toBytes());
            else addEntryOrNothing(r, s, id);
            n++;
            count--;
            propagateXclaim(c, c.arg(1), group, c.arg(2), id.toBytes(), nack);
            dirty(c, 1);
        }
        StreamID endid = ri.next() ? StreamID.decode(ri.key()) : StreamID.MIN;
        c.addArrayLen(3);
        addReplyStreamID(c, endid);
        c.addArrayLen(n);
        announceConsumer(c, createdConsumer);
        c.addRaw(r.drainReply());
        c.addArrayLen(deleted.size());
        for (StreamID id : deleted) addReplyStreamID(c, id);
    }
}
