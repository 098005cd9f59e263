package io.glassbox.persistence.aof;

import io.glassbox.db.HashObjects;
import io.glassbox.db.Keyspace;
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
import io.glassbox.ds.stream.Stream;
import io.glassbox.ds.stream.StreamCG;
import io.glassbox.ds.stream.StreamConsumer;
import io.glassbox.ds.stream.StreamID;
import io.glassbox.ds.stream.StreamIterator;
import io.glassbox.ds.stream.StreamNACK;
import io.glassbox.server.Propagation;
import io.glassbox.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;

/**
 * The dataset as the shortest list of commands that rebuilds it: Redis's
 * {@code rewriteAppendOnlyFileRio}. A string is one SET; a list, set, sorted set or hash is one
 * RPUSH/SADD/ZADD/HMSET per 64 items ({@code AOF_REWRITE_ITEMS_PER_CMD}), so no single command
 * gets huge; a TTL is a PEXPIREAT after the value; each non-empty database starts with SELECT.
 * This is the base file when {@code aof-use-rdb-preamble} is no.
 */
final class AofRewriter {
    static final int AOF_REWRITE_ITEMS_PER_CMD = 64;

    private AofRewriter() {}

    /** Serialises every database into {@code out}; runs on the command thread (see docs/propagation.md). */
    static void rewrite(Keyspace keyspace, AofEncoding.Buf out) {
        // rewriteFunctions: every library as the FUNCTION LOAD that made it, before the keys
        for (byte[] code : keyspace.functionLibraries().codes()) {
            AofEncoding.catCommand(out, List.of(Propagation.bytes("FUNCTION"), Propagation.bytes("LOAD"), code));
        }
        for (int j = 0; j < keyspace.databases(); j++) {
            RedisDb db = keyspace.db(j);
            if (db.size() == 0) continue;
            AofEncoding.catCommand(out, Propagation.selectCommand(j));
            try (DictIterator<byte[], RedisObject> it = db.dict().safeIterator()) {
                DictEntry<byte[], RedisObject> de;
                while ((de = it.next()) != null) {
                    byte[] key = de.getKey();
                    rewriteObject(out, key, de.getVal());
                    long expire = db.getExpire(key);
                    if (expire != -1) AofEncoding.catCommand(out, List.of(Propagation.PEXPIREAT, key, Propagation.number(expire)));
                }
            }
        }
    }

    private static final byte[] RPUSH = Propagation.bytes("RPUSH"), SADD = Propagation.bytes("SADD"),
            ZADD = Propagation.bytes("ZADD"), HMSET = Propagation.bytes("HMSET");

    private static void rewriteObject(AofEncoding.Buf out, byte[] key, RedisObject o) {
        switch (o.type) {
            case RedisObject.TYPE_STRING -> AofEncoding.catCommand(out, List.of(Propagation.SET, key, StringObjects.bytes(o)));
            case RedisObject.TYPE_LIST -> {
                Batch b = new Batch(out, RPUSH, key);
                QuicklistIterator it = ListObjects.quicklist(o).iterator(Quicklist.AL_START_HEAD);
                QuicklistEntry e = new QuicklistEntry();
                while (it.next(e)) b.add(e.value());
                it.release();
                b.flush();
            }
            case RedisObject.TYPE_SET -> {
                Batch b = new Batch(out, SADD, key);
                try (SetObjects.Iter si = new SetObjects.Iter(o)) {
                    while (si.next()) b.add(si.el.bytes().clone());
                }
                b.flush();
            }
            case RedisObject.TYPE_ZSET -> {
                Batch b = new Batch(out, ZADD, key);
                for (ZsetObjects.Entry en : ZsetObjects.all(o)) b.add(RedisNumbers.replyDouble(en.score()), en.ele());
                b.flush();
            }
            case RedisObject.TYPE_HASH -> {
                Batch b = new Batch(out, HMSET, key);
                HashObjects.forEach(o, b::add);
                b.flush();
            }
            case RedisObject.TYPE_STREAM -> rewriteStream(out, key, (Stream) o.value);
            case RedisObject.TYPE_MODULE -> { // rewriteModuleObject: the type's aof_rewrite emits commands
                io.glassbox.db.ModuleValue mv = (io.glassbox.db.ModuleValue) o.value;
                mv.type.aofRewrite(key, mv.value, argv -> AofEncoding.catCommand(out, argv));
            }
            default -> throw new IllegalStateException("AOF rewrite: no rewrite for type " + o.typeName() + " yet");
        }
    }

    private static final byte[] XADD = Propagation.bytes("XADD"), XSETID = Propagation.bytes("XSETID"),
            XGROUP = Propagation.bytes("XGROUP"), XCLAIM = Propagation.bytes("XCLAIM");

    /**
     * rewriteStreamObject: one XADD per entry with its ID (an empty stream is XADD MAXLEN 0 of a
     * dummy entry 0-1), then XSETID with the last ID, entries added and max deleted ID; per group an
     * XGROUP CREATE at its last ID with ENTRIESREAD, then per consumer an XCLAIM ... FORCE JUSTID for
     * each pending entry (delivery time and count kept), or XGROUP CREATECONSUMER if it has none.
     */
    private static void rewriteStream(AofEncoding.Buf out, byte[] key, Stream s) {
        if (s.length > 0) {
            StreamIterator si = s.iterator(StreamID.MIN, StreamID.MAX, false);
            while (si.next()) {
                List<byte[]> argv = new ArrayList<>();
                argv.add(XADD);
                argv.add(key);
                argv.add(si.id().toBytes());
                for (byte[] part : si.fieldsAndValues()) argv.add(part);
                AofEncoding.catCommand(out, argv);
            }
        } else {
            AofEncoding.catCommand(out, List.of(XADD, key, Propagation.bytes("MAXLEN"), Propagation.bytes("0"),
                    new StreamID(0, 1).toBytes(), Propagation.bytes("x"), Propagation.bytes("y")));
        }
        AofEncoding.catCommand(out, List.of(XSETID, key, s.lastId.toBytes(), Propagation.bytes("ENTRIESADDED"),
                Propagation.number(s.entriesAdded), Propagation.bytes("MAXDELETEDID"), s.maxDeletedEntryId.toBytes()));
        if (s.cgroups == null) return;
        var gi = s.cgroups.iterator();
        gi.seek("^", null);
        while (gi.next()) {
            StreamCG cg = gi.data();
            byte[] group = gi.key();
            AofEncoding.catCommand(out, List.of(XGROUP, Propagation.bytes("CREATE"), key, group, cg.lastId.toBytes(),
                    Propagation.bytes("ENTRIESREAD"), Propagation.number(cg.entriesRead)));
            var ci = cg.consumers.iterator();
            ci.seek("^", null);
            while (ci.next()) {
                StreamConsumer consumer = ci.data();
                if (consumer.pel.size() == 0) {
                    AofEncoding.catCommand(out, List.of(XGROUP, Propagation.bytes("CREATECONSUMER"), key, group, consumer.name));
                    continue;
                }
                var pi = consumer.pel.iterator();
                pi.seek("^", null);
                while (pi.next()) {
                    StreamNACK nack = pi.data();
                    AofEncoding.catCommand(out, List.of(XCLAIM, key, group, consumer.name, Propagation.bytes("0"),
                            StreamID.decode(pi.key()).toBytes(), Propagation.bytes("TIME"), Propagation.number(nack.deliveryTime),
                            Propagation.bytes("RETRYCOUNT"), Propagation.number(nack.deliveryCount),
                            Propagation.bytes("JUSTID"), Propagation.bytes("FORCE")));
                }
            }
        }
    }

    /** Items of one key, emitted AOF_REWRITE_ITEMS_PER_CMD at a time. */
    private static final class Batch {
        final AofEncoding.Buf out;
        final byte[] cmd, key;
        final List<byte[]> argv = new ArrayList<>();
        int items;

        Batch(AofEncoding.Buf out, byte[] cmd, byte[] key) {
            this.out = out;
            this.cmd = cmd;
            this.key = key;
        }

        void add(byte[]... parts) {
            if (argv.isEmpty()) { argv.add(cmd); argv.add(key); }
            for (byte[] p : parts) argv.add(p);
            if (++items == AOF_REWRITE_ITEMS_PER_CMD) flush();
        }

        void flush() {
            if (!argv.isEmpty()) AofEncoding.catCommand(out, argv);
            argv.clear();
            items = 0;
        }
    }
}
