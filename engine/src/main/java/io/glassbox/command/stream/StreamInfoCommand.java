package io.glassbox.command.stream;

import io.glassbox.command.CommandTable;
import io.glassbox.command.HelpText;
import io.glassbox.db.RedisObject;
import io.glassbox.ds.rax.Rax;
import io.glassbox.ds.rax.RaxIterator;
import io.glassbox.ds.stream.Stream;
import io.glassbox.ds.stream.StreamCG;
import io.glassbox.ds.stream.StreamConsumer;
import io.glassbox.ds.stream.StreamID;
import io.glassbox.ds.stream.StreamIterator;
import io.glassbox.ds.stream.StreamNACK;
import io.glassbox.resp.ReplyBuffer;
import io.glassbox.server.Client;

import static io.glassbox.command.stream.StreamCommands.addReplyEntry;
import static io.glassbox.command.stream.StreamCommands.addReplyStreamID;
import static io.glassbox.command.stream.StreamCommands.now;
import static io.glassbox.command.stream.StreamCommands.stream;
import static io.glassbox.command.stream.StreamReadCommands.str;

/**
 * XINFO STREAM [FULL [COUNT n]] | GROUPS | CONSUMERS | HELP (xinfoCommand, Redis 7.0). What it shows
 * of the structure: {@code radix-tree-keys} is the number of listpack nodes and
 * {@code radix-tree-nodes} the rax's node count, which differ by the nodes the rax needs for the
 * shared prefixes of the IDs.
 */
public final class StreamInfoCommand {
    private StreamInfoCommand() {}

    static void register(CommandTable t) {
        t.bind("xinfo|stream", StreamInfoCommand::xinfo);
        t.bind("xinfo|groups", StreamInfoCommand::xinfo);
        t.bind("xinfo|consumers", StreamInfoCommand::xinfo);
        t.bind("xinfo|help", c -> HelpText.reply(c, "xinfo"));
    }

    static void xinfo(Client c) {
        byte[] key = c.arg(2);
        RedisObject o = c.db().lookupKeyRead(key);
        if (o == null) { c.addError("no such key"); return; }
        if (StreamCommands.wrongType(c, o)) return;
        Stream s = stream(o);
        if (c.argIs(1, "consumers") && c.argc() == 4) {
            StreamCG cg = s.lookupCG(c.arg(3));
            if (cg == null) {
                c.addError("-NOGROUP No such consumer group '" + str(c.arg(3)) + "' for key name '" + str(key) + "'");
                return;
            }
            c.addArrayLen(cg.consumers.size());
            RaxIterator<StreamConsumer> ri = cg.consumers.iterator();
            ri.seek("^", null);
            long now = now(c);
            while (ri.next()) {
                StreamConsumer consumer = ri.data();
                c.addMapLen(3);
                c.addBulk("name");
                c.addBulk(consumer.name);
                c.addBulk("pending");
                c.addLong(consumer.pel.size());
                c.addBulk("idle");
                c.addLong(Math.max(0, now - consumer.seenTime));
            }
        } else if (c.argIs(1, "groups") && c.argc() == 3) {
            if (s.cgroups == null) { c.addArrayLen(0); return; }
            c.addArrayLen(s.cgroups.size());
            RaxIterator<StreamCG> ri = s.cgroups.iterator();
            ri.seek("^", null);
            while (ri.next()) {
                StreamCG cg = ri.data();
                c.addMapLen(6);
                c.addBulk("name");
                c.addBulk(ri.key());
                c.addBulk("consumers");
                c.addLong(cg.consumers.size());
                c.addBulk("pending");
                c.addLong(cg.pel.size());
                c.addBulk("last-delivered-id");
                addReplyStreamID(c, cg.lastId);
                c.addBulk("entries-read");
                if (cg.entriesRead != StreamCG.INVALID_ENTRIES_READ) c.addLong(cg.entriesRead); else c.addNull();
                c.addBulk("lag");
                replyWithCGLag(c, s, cg);
            }
        } else if (c.argIs(1, "stream")) {
            replyWithStreamInfo(c, s);
        } else {
            StreamGroupCommands.subcommandSyntaxError(c);
        }
    }

    /** streamReplyWithCGLag: entries added but not yet read by the group, or nil when deletions make it unknowable. */
    static void replyWithCGLag(ReplyBuffer c, Stream s, StreamCG cg) {
        boolean valid = false;
        long lag = 0;
        if (s.entriesAdded == 0) {
            valid = true;
        } else if (cg.entriesRead != StreamCG.INVALID_ENTRIES_READ && !s.rangeHasTombstones(cg.lastId, null)) {
            lag = s.entriesAdded - cg.entriesRead;
            valid = true;
        } else {
            long entriesRead = s.estimateDistanceFromFirstEverEntry(cg.lastId);
            if (entriesRead != StreamCG.INVALID_ENTRIES_READ) {
                lag = s.entriesAdded - entriesRead;
                valid = true;
            }
        }
        if (valid) c.addLong(lag); else c.addNull();
    }

    /** xinfoReplyWithStreamInfo. */
    static void replyWithStreamInfo(Client c, Stream s) {
        boolean full = true;
        long count = 10;
        int argc = c.argc() - 3;
        if (argc == 0) {
            full = false;
        } else {
            if ((argc != 1 && argc != 3) || !c.argIs(3, "full")) {
                StreamGroupCommands.subcommandSyntaxError(c);
                return;
            }
            if (argc == 3) {
                if (!c.argIs(4, "count")) {
                    StreamGroupCommands.subcommandSyntaxError(c);
                    return;
                }
                Long v = StreamCommands.parseLongLong(c, c.arg(5));
                if (v == null) return;
                count = v < 0 ? 10 : v;
            }
        }
        c.addMapLen(full ? 9 : 10);
        c.addBulk("length");
        c.addLong(s.length);
        c.addBulk("radix-tree-keys");
        c.addLong(s.rax.size());
        c.addBulk("radix-tree-nodes");
        c.addLong(s.rax.numNodes());
        c.addBulk("last-generated-id");
        addReplyStreamID(c, s.lastId);
        c.addBulk("max-deleted-entry-id");
        addReplyStreamID(c, s.maxDeletedEntryId);
        c.addBulk("entries-added");
        c.addLong(s.entriesAdded);
        c.addBulk("recorded-first-entry-id");
        addReplyStreamID(c, s.firstId);
        if (!full) {
            c.addBulk("groups");
            c.addLong(s.groupCount());
            c.addBulk("first-entry");
            edgeEntry(c, s, false);
            c.addBulk("last-entry");
            edgeEntry(c, s, true);
            return;
        }
        c.addBulk("entries");
        StreamCommands.replyWithRange(c, s, null, null, count, false);
        c.addBulk("groups");
        if (s.cgroups == null) { c.addArrayLen(0); return; }
        c.addArrayLen(s.cgroups.size());
        RaxIterator<StreamCG> gi = s.cgroups.iterator();
        gi.seek("^", null);
        while (gi.next()) {
            StreamCG cg = gi.data();
            c.addMapLen(7);
            c.addBulk("name");
            c.addBulk(gi.key());
            c.addBulk("last-delivered-id");
            addReplyStreamID(c, cg.lastId);
            c.addBulk("entries-read");
            if (cg.entriesRead != StreamCG.INVALID_ENTRIES_READ) c.addLong(cg.entriesRead); else c.addNull();
            c.addBulk("lag");
            replyWithCGLag(c, s, cg);
            c.addBulk("pel-count");
            c.addLong(cg.pel.size());
            c.addBulk("pending");
            addPendingList(c, cg.pel, count, true);
            c.addBulk("consumers");
            c.addArrayLen(cg.consumers.size());
            RaxIterator<StreamConsumer> ci = cg.consumers.iterator();
            ci.seek("^", null);
            while (ci.next()) {
                StreamConsumer consumer = ci.data();
                c.addMapLen(4);
                c.addBulk("name");
                c.addBulk(consumer.name);
                c.addBulk("seen-time");
                c.addLong(consumer.seenTime);
                c.addBulk("pel-count");
                c.addLong(consumer.pel.size());
                c.addBulk("pending");
                addPendingList(c, consumer.pel, count, false);
            }
        }
    }

    /**
     * A PEL as XINFO STREAM FULL lists it, at most {@code count} entries (0: all): ID, the
     * consumer (in a group's list only), delivery time, delivery count. The length is known only
     * at the end, so the entries go to a reply aside first.
     */
    private static void addPendingList(Client c, Rax<StreamNACK> pel, long count, boolean withConsumer) {
        long n = 0;
        ReplyBuffer r = StreamGroupCommands.aside(c);
        RaxIterator<StreamNACK> it = pel.iterator();
        it.seek("^", null);
        while (it.next() && (count == 0 || n < count)) {
            StreamNACK nack = it.data();
            r.addArrayLen(withConsumer ? 4 : 3);
            r.addBulk(StreamID.decode(it.key()).toBytes());
            if (withConsumer) r.addBulk(nack.consumer.name);
            r.addLong(nack.deliveryTime);
            r.addLong(nack.deliveryCount);
            n++;
        }
        c.addArrayLen(n);
        c.addRaw(r.drainReply());
    }

    private static void edgeEntry(Client c, Stream s, boolean last) {
        StreamIterator si = s.iterator(null, null, last);
        if (si.next()) addReplyEntry(c, si.id(), si.fieldsAndValues());
        else c.addNull();
    }
}
