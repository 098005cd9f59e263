package io.glassbox.command.stream;

import io.glassbox.command.CommandTable;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.ds.rax.RaxIterator;
import io.glassbox.ds.stream.Stream;
import io.glassbox.ds.stream.StreamCG;
import io.glassbox.ds.stream.StreamConsumer;
import io.glassbox.ds.stream.StreamID;
import io.glassbox.ds.stream.StreamIterator;
import io.glassbox.ds.stream.StreamNACK;
import io.glassbox.server.Notify;
import io.glassbox.server.Blocking;
import io.glassbox.server.Client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.glassbox.command.stream.StreamCommands.addReplyEntry;
import static io.glassbox.command.stream.StreamCommands.addReplyStreamID;
import static io.glassbox.command.stream.StreamCommands.dirty;
import static io.glassbox.command.stream.StreamCommands.now;
import static io.glassbox.command.stream.StreamCommands.stream;

/**
 * XREAD and XREADGROUP (xreadCommand, streamReplyWithRange, serveClientsBlockedOnStreamKey).
 *
 * <p>Each stream is served synchronously when it holds something after the ID asked for (for a
 * group with {@code >}: after the group's last delivered ID; with any other ID: the consumer's own
 * pending history, always). If no stream can be served and BLOCK was given, the client blocks on
 * all the keys; when an XADD makes one of them ready, {@link Blocking} calls back here and the
 * client gets the new entries of that key (COUNT, or at most {@link #XREAD_BLOCKED_DEFAULT_COUNT}).
 * In Redis 7.0 a client blocked in XREADGROUP is also woken with an error if its key is deleted
 * ({@code -UNBLOCKED}) or its group destroyed ({@code -NOGROUP}); XREAD keeps waiting.
 *
 * <p>Delivering to a group moves its last ID forward and, unless NOACK, puts each entry in the
 * group's and the consumer's PEL, taking it away from another consumer if it was pending there.
 */
public final class StreamReadCommands {
    private StreamReadCommands() {}

    /** XREAD_BLOCKED_DEFAULT_COUNT: entries served to a client that blocked without COUNT. */
    static final long XREAD_BLOCKED_DEFAULT_COUNT = 1000;

    static void register(CommandTable t) {
        t.bind("xread", c -> xread(c, false));
        t.bind("xreadgroup", c -> xread(c, true));
    }

    static String str(byte[] b) { return new String(b, StandardCharsets.UTF_8); }

    /**
     * streamReplyWithRange with a group: the entries after {@code start} (up to count, 0 = all),
     * updating the group's last ID and read counter, and its PEL and the consumer's unless NOACK.
     * With {@code history} it replies from the consumer's PEL instead.
     */
    static long replyWithRangeGroup(Client c, Stream s, StreamID start, StreamID end, long count,
                                    StreamCG group, StreamConsumer consumer, boolean noack, boolean history,
                                    byte[] key, byte[] groupname) {
        if (history) return replyFromConsumerPEL(c, s, start, end, count, consumer);
        boolean propagateLastId = false;
        List<StreamID> ids = new ArrayList<>();
        List<byte[][]> fvs = new ArrayList<>();
        StreamIterator si = s.iterator(start, end, false);
        long now = now(c);
        while (si.next()) {
            StreamID id = si.id();
            if (id.compareTo(group.lastId) > 0) {
                if (group.entriesRead != StreamCG.INVALID_ENTRIES_READ && !s.rangeHasTombstones(id, null)) {
                    group.entriesRead++;
                } else if (s.entriesAdded != 0) {
                    group.entriesRead = s.estimateDistanceFromFirstEverEntry(id);
                }
                group.lastId = id;
                if (noack) propagateLastId = true;
            }
            ids.add(id);
            fvs.add(si.fieldsAndValues());
            if (!noack) {
                byte[] buf = id.encode();
                StreamNACK nack = new StreamNACK(consumer, now);
                boolean groupInserted = group.pel.tryInsert(buf, nack);
                boolean consumerInserted = consumer.pel.tryInsert(buf, nack);
                if (!groupInserted) {
                    nack = group.pel.get(buf);
                    nack.consumer.pel.remove(buf);
                    nack.consumer = consumer;
                    nack.deliveryTime = now;
                    nack.deliveryCount = 1;
                    consumer.pel.insert(buf, nack);
                } else if (!consumerInserted) {
                    throw new IllegalStateException("NACK half-created. Should not be possible.");
                }
                StreamGroupCommands.propagateXclaim(c, key, group, groupname, id.toBytes(), nack);
            }
            if (count != 0 && count == ids.size()) break;
        }
        if (propagateLastId) StreamGroupCommands.propagateGroupId(c, key, group, groupname);
        c.addArrayLen(ids.size());
        for (int i = 0; i < ids.size(); i++) addReplyEntry(c, ids.get(i), fvs.get(i));
        return ids.size();
    }

    /**
     * streamReplyWithRangeFromConsumerPEL: the consumer's pending entries from {@code start}; an entry
     * deleted since delivery shows as [id, nil]. Each one served counts as a new delivery.
     */
    static long replyFromConsumerPEL(Client c, Stream s, StreamID start, StreamID end, long count, StreamConsumer consumer) {
        List<StreamID> ids = new ArrayList<>();
        List<byte[][]> fvs = new ArrayList<>();
        RaxIterator<StreamNACK> ri = consumer.pel.iterator();
        ri.seek(">=", start.encode());
        byte[] endKey = end == null ? null : end.encode();
        long now = now(c);
        while (ri.next() && (count == 0 || ids.size() < count)) {
            if (endKey != null && Arrays.compareUnsigned(ri.key(), endKey) > 0) break;
            StreamID id = StreamID.decode(ri.key());
            StreamIterator si = s.iterator(id, id, false);
            if (si.next()) {
                fvs.add(si.fieldsAndValues());
                StreamNACK nack = ri.data();
                nack.deliveryTime = now;
                nack.deliveryCount++;
            } else {
                fvs.add(null);
            }
            ids.add(id);
        }
        c.addArrayLen(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            if (fvs.get(i) != null) {
                addReplyEntry(c, ids.get(i), fvs.get(i));
            } else {
                c.addArrayLen(2);
                addReplyStreamID(c, ids.get(i));
                c.addNullArray();
            }
        }
        return ids.size();
    }

    /** XREAD [COUNT n] [BLOCK ms] STREAMS key ... id ... and XREADGROUP GROUP g c [COUNT n] [BLOCK ms] [NOACK] STREAMS ... */
    static void xread(Client c, boolean xreadgroup) {
        long timeout = -1;
        long count = 0;
        int streamsArg = 0, streamsCount = 0;
        boolean noack = false;
        byte[] groupname = null, consumername = null;
        for (int i = 1; i < c.argc(); i++) {
            int moreargs = c.argc() - i - 1;
            if (c.argIs(i, "block") && moreargs > 0) {
                i++;
                Long v = StreamCommands.parseLongLongMsg(c, c.arg(i), "timeout is not an integer or out of range");
                if (v == null) return;
                if (v < 0) { c.addError("timeout is negative"); return; }
                timeout = v > 0 ? v + now(c) : 0;
            } else if (c.argIs(i, "count") && moreargs > 0) {
                i++;
                Long v = StreamCommands.parseLongLong(c, c.arg(i));
                if (v == null) return;
                count = v < 0 ? 0 : v;
            } else if (c.argIs(i, "streams") && moreargs > 0) {
                streamsArg = i + 1;
                streamsCount = c.argc() - streamsArg;
                if (streamsCount % 2 != 0) {
                    char symbol = xreadgroup ? '>' : '$';
                    c.addError("Unbalanced '" + (xreadgroup ? "xreadgroup" : "xread") + "' list of streams: for each stream key an ID or '"
                            + symbol + "' must be specified.");
                    return;
                }
                streamsCount /= 2;
                break;
            } else if (c.argIs(i, "group") && moreargs >= 2) {
                if (!xreadgroup) {
                    c.addError("The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
                    return;
                }
                groupname = c.arg(i + 1);
                consumername = c.arg(i + 2);
                i += 2;
            } else if (c.argIs(i, "noack")) {
                if (!xreadgroup) {
                    c.addError("The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
                    return;
                }
                noack = true;
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        if (streamsArg == 0) { c.addErrorSyntax(); return; }
        // XREADGROUP propagates its effects (XCLAIM per delivered entry, XGROUP SETID), never itself
        if (xreadgroup) c.preventCommandPropagation();
        if (xreadgroup && groupname == null) {
            c.addError("Missing GROUP option for XREADGROUP");
            return;
        }

        RedisDb db = c.db();
        StreamID[] ids = new StreamID[streamsCount];
        StreamCG[] groups = groupname != null ? new StreamCG[streamsCount] : null;
        for (int i = streamsArg + streamsCount; i < c.argc(); i++) {
            int idx = i - streamsArg - streamsCount;
            byte[] key = c.arg(i - streamsCount);
            RedisObject o = db.lookupKeyRead(key);
            if (StreamCommands.wrongType(c, o)) return;
            if (groupname != null) {
                StreamCG group = o == null ? null : stream(o).lookupCG(groupname);
                if (group == null) {
                    c.addError("-NOGROUP No such key '" + str(key) + "' or consumer group '" + str(groupname)
                            + "' in XREADGROUP with GROUP option");
                    return;
                }
                groups[idx] = group;
            }
            byte[] a = c.arg(i);
            if (a.length == 1 && a[0] == '$') {
                if (xreadgroup) {
                    c.addError("The $ ID is meaningless in the context of XREADGROUP: you want to read the history of "
                            + "this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would "
                            + "just return an empty result set.");
                    return;
                }
                ids[idx] = o != null ? stream(o).lastId : StreamID.MIN;
                continue;
            } else if (a.length == 1 && a[0] == '>') {
                if (!xreadgroup) {
                    c.addError("The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.");
                    return;
                }
                ids[idx] = StreamID.MAX;
                continue;
            }
            StreamID id = StreamCommands.parseStrictId(c, a, 0);
            if (id == null) return;
            ids[idx] = id;
        }

        // Decide which streams can be served now (and create consumers), then reply.
        boolean[] serve = new boolean[streamsCount], history = new boolean[streamsCount],
                created = new boolean[streamsCount];
        StreamConsumer[] consumers = new StreamConsumer[streamsCount];
        StreamID[] from = new StreamID[streamsCount];
        int served = 0;
        for (int i = 0; i < streamsCount; i++) {
            RedisObject o = db.lookupKeyRead(c.arg(streamsArg + i));
            if (o == null) continue;
            Stream s = stream(o);
            StreamID gt = ids[i];
            if (groups != null) {
                if (!gt.equals(StreamID.MAX)) {
                    serve[i] = true;
                    history[i] = true;
                } else if (s.length != 0) {
                    StreamID last = groups[i].lastId;
                    if (s.lastValidId().compareTo(last) > 0) {
                        serve[i] = true;
                        gt = last;
                    }
                }
            } else if (s.length != 0) {
                if (s.lastValidId().compareTo(gt) > 0) serve[i] = true;
            }
            if (serve[i]) {
                // Redis 7.0 creates the consumer only when it is served (streamLookupConsumer refreshes seen-time).
                if (groups != null) {
                    StreamConsumer consumer = groups[i].lookupConsumer(consumername);
                    if (consumer == null) {
                        consumer = groups[i].createConsumer(consumername, now(c));
                        dirty(c, 1);
                        created[i] = true;
                        if (noack) StreamGroupCommands.propagateConsumerCreation(c, c.arg(streamsArg + i), groupname, consumername);
                    }
                    consumer.seenTime = now(c);
                    consumers[i] = consumer;
                }
                served++;
                // the range is inclusive: start after the ID asked for
                StreamID start = gt.incr();
                from[i] = start == null ? StreamID.MIN : start; // streamIncrID wraps the greatest ID to 0-0
            }
        }
        if (served > 0) {
            if (c.resp3()) c.addMapLen(served); else c.addArrayLen(served);
            for (int i = 0; i < streamsCount; i++) {
                if (!serve[i]) continue;
                Stream s = stream(db.lookupKeyRead(c.arg(streamsArg + i)));
                if (!c.resp3()) c.addArrayLen(2);
                c.addBulk(c.arg(streamsArg + i));
                // Redis creates the consumer while replying, after the key's name: so comes its event
                if (created[i]) Notify.event(c, Notify.STREAM, "xgroup-createconsumer", c.arg(streamsArg + i));
                if (groups != null) {
                    replyWithRangeGroup(c, s, from[i], null, count, groups[i], consumers[i], noack, history[i],
                            c.arg(streamsArg + i), groupname);
                    dirty(c, 1);
                } else {
                    StreamCommands.replyWithRange(c, s, from[i], null, count, false);
                }
            }
            return;
        }

        if (timeout != -1) {
            if (c.denyBlocking) {
                c.addNullArray();
                return;
            }
            List<byte[]> keys = new ArrayList<>(streamsCount);
            for (int i = 0; i < streamsCount; i++) keys.add(c.arg(streamsArg + i));
            BlockedRead br = new BlockedRead(keys, ids, groupname == null ? null : groupname.clone(),
                    consumername == null ? null : consumername.clone(), noack, count != 0 ? count : XREAD_BLOCKED_DEFAULT_COUNT);
            c.server().blocking().blockForKeys(c, Blocking.BLOCKED_STREAM, keys, timeout, br::serve);
            return;
        }
        c.addNullArray();
    }

    /** What a client blocked in XREAD/XREADGROUP waits for (the stream part of Redis's bpop state). */
    private static final class BlockedRead {
        final List<byte[]> keys;
        final StreamID[] ids;
        final byte[] group, consumer;
        final boolean noack;
        final long count;

        BlockedRead(List<byte[]> keys, StreamID[] ids, byte[] group, byte[] consumer, boolean noack, long count) {
            this.keys = new ArrayList<>();
            for (byte[] k : keys) this.keys.add(k.clone());
            this.ids = ids;
            this.group = group;
            this.consumer = consumer;
            this.noack = noack;
            this.count = count;
        }

        /**
         * serveClientsBlockedOnStreamKey for one client: true if it was answered (with entries or,
         * for a group reader whose key or group is gone, with an error) and must be unblocked.
         */
        boolean serve(Client receiver, byte[] key, RedisObject o) {
            int idx = 0;
            while (idx < keys.size() && !Arrays.equals(keys.get(idx), key)) idx++;
            if (o == null || o.type != RedisObject.TYPE_STREAM) {
                if (group == null) return false;
                receiver.addError("-UNBLOCKED the stream key no longer exists");
                return true;
            }
            Stream s = stream(o);
            StreamCG cg = null;
            StreamID gt = ids[idx];
            if (group != null) {
                cg = s.lookupCG(group);
                if (cg == null) {
                    receiver.addError("-NOGROUP the consumer group this client was blocked on no longer exists");
                    return true;
                }
                gt = cg.lastId;
            }
            if (s.lastId.compareTo(gt) <= 0) return false;
            StreamID start = gt.incr();
            StreamConsumer consumer = null;
            if (cg != null) {
                consumer = cg.lookupConsumer(this.consumer);
                if (consumer == null) {
                    consumer = cg.createConsumer(this.consumer, now(receiver));
                    Notify.event(receiver, Notify.STREAM, "xgroup-createconsumer", key);
                    if (noack) StreamGroupCommands.propagateConsumerCreation(receiver, key, group, this.consumer);
                }
                consumer.seenTime = now(receiver);
            }
            if (receiver.resp3()) {
                receiver.addMapLen(1);
            } else {
                receiver.addArrayLen(1);
                receiver.addArrayLen(2);
            }
            receiver.addBulk(key);
            if (cg != null) replyWithRangeGroup(receiver, s, start, null, count, cg, consumer, noack, false, key, group);
            else StreamCommands.replyWithRange(receiver, s, start, null, count, false);
            return true;
        }
    }
}
