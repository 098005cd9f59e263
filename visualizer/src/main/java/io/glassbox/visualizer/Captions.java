package io.glassbox.visualizer;

import io.glassbox.course.Messages;
import io.glassbox.hooks.EngineEvent;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One sentence per event: what just happened, in the words of the structures' own documentation
 * (dict.c's and Glassbox's {@code Dict} Javadoc for rehashing, ae.c's for ticks), so the caption and
 * the source a learner reads next say the same thing.
 */
public final class Captions {
    private Captions() {}

    /**
     * The caption of {@code e} in {@code m}'s language (keys {@code ev.*} of the course's bundles):
     * every kind of event has one, none is shown as a raw record.
     */
    public static String describe(EngineEvent e, Messages m) {
        if (e instanceof EngineEvent.DictResized r) {
            if (r.oldSize() == 0) return m.get("ev.dict.first", r.dict(), r.newSize());
            String why = r.newSize() > r.oldSize()
                    ? m.get("ev.dict.grow", fmt((double) r.used() / r.oldSize()), r.used(), r.oldSize())
                    : m.get("ev.dict.shrink");
            return m.get("ev.dict.resized", r.dict(), why, r.newSize());
        }
        if (e instanceof EngineEvent.DictRehashStep s) {
            return m.get(s.movedEntries() == 1 ? "ev.dict.step.one" : "ev.dict.step", s.dict(), s.fromBucket(), s.movedEntries(), s.rehashIdxAfter());
        }
        if (e instanceof EngineEvent.DictRehashCompleted c) return m.get("ev.dict.done", c.dict(), c.newSize());
        if (e instanceof EngineEvent.ReplicaAttached a) return m.get("ev.repl.attached", a.addr(), a.clientId());
        if (e instanceof EngineEvent.ReplicaDetached d) return m.get("ev.repl.detached", d.clientId());
        if (e instanceof EngineEvent.ReplicaAck a) return m.get("ev.repl.ack", a.clientId(), a.ackOffset(), a.masterReplOffset(), a.lagBytes());
        if (e instanceof EngineEvent.ReplicaStateChanged c) return m.get("ev.repl.state", c.from(), c.to());
        if (e instanceof EngineEvent.ReplicationStreamFed f) {
            return m.get("ev.repl.fed", f.bytes(), f.masterReplOffset(), f.writeIndex(), f.backlogSize(), f.firstByteOffset());
        }
        if (e instanceof EngineEvent.LoopTick t) {
            return m.get("ev.tick", t.tick(), t.reads(), t.commands(), t.cronRuns(), t.clientsWritten(), micros(t.durationNanos()));
        }
        if (e instanceof EngineEvent.IoThreadsPhase p) return ioThreadsPhase(p, m);
        if (e instanceof EngineEvent.CommandExecuted c) return m.get("ev.command", c.clientId(), c.command().toUpperCase(Locale.ROOT), c.micros());
        if (e instanceof EngineEvent.Sampled s) {
            String shown = s.commandsSkipped() == 0 ? m.get("ev.sampled.all")
                    : s.commands() - s.commandsSkipped() == 0 ? m.get("ev.sampled.none", s.commandsSkipped())
                    : m.get("ev.sampled.first", s.commands() - s.commandsSkipped(), s.commandsSkipped());
            String when = s.ticksSkipped() == 0 ? m.get("ev.sampled.tick", s.tick(), s.commands())
                    : m.get("ev.sampled.ticks", s.ticks(), s.ticksSkipped(), s.commands());
            return m.get("ev.sampled", when, shown);
        }
        if (e instanceof EngineEvent.ClientConnected c) return m.get("ev.client.connected", c.clientId(), c.addr());
        if (e instanceof EngineEvent.ClientClosed c) return m.get("ev.client.closed", c.clientId(), c.addr());
        if (e instanceof EngineEvent.ClientOutputBufferLimitReached o) {
            return m.get("ev.client.obuf", o.clientId(), o.addr(), o.clientClass(), o.usedBytes(), o.limit(), o.limitBytes());
        }
        if (e instanceof EngineEvent.ClientEvicted v) {
            return m.get("ev.client.evicted", v.clientId(), v.addr(), v.clientsBytes(), v.limitBytes(), v.clientBytes());
        }
        if (e instanceof EngineEvent.KeyExpired k) return m.get("ev.expired", k.db(), text(k.key()));
        if (e instanceof EngineEvent.EncodingConverted c) {
            return m.get("ev.converted", c.key() == null ? m.get("ev.converted.value") : "'" + text(c.key()) + "'", c.from(), c.to());
        }
        if (e instanceof EngineEvent.SkipListInsert i) {
            return m.get("ev.zsl.insert", text(i.key()), text(i.member()), i.score(), i.level());
        }
        if (e instanceof EngineEvent.SkipListDelete d) return m.get("ev.zsl.delete", text(d.key()), text(d.member()), d.score());
        if (e instanceof EngineEvent.QuicklistNodeChanged q) {
            return switch (q.kind()) {
                case SPLIT -> m.get("ev.ql.split", text(q.key()), q.count(), q.otherCount());
                case MERGE -> m.get("ev.ql.merge", text(q.key()), q.count(), q.otherCount());
                case COMPRESS -> m.get("ev.ql.compress", text(q.key()), q.bytes(), q.otherBytes());
                case DECOMPRESS -> m.get("ev.ql.decompress", text(q.key()), q.otherBytes(), q.bytes());
            };
        }
        if (e instanceof EngineEvent.IntsetUpgraded u) {
            return m.get("ev.intset", text(u.key()), u.oldEncoding(), u.newEncoding(), u.value(), u.length());
        }
        if (e instanceof EngineEvent.SnapshotStarted s) {
            return m.get(s.background() ? "ev.rdb.start.bg" : "ev.rdb.start", s.keysTotal());
        }
        if (e instanceof EngineEvent.SnapshotProgress p) return m.get("ev.rdb.progress", p.keysProcessed(), p.keysTotal(), p.bytesWritten());
        if (e instanceof EngineEvent.SnapshotFinished f) {
            if (f.error() != null) return m.get("ev.rdb.failed", f.error());
            return m.get(f.background() ? "ev.rdb.done.bg" : "ev.rdb.done", f.keys(), f.bytes(), micros(f.longestSliceNanos()));
        }
        if (e instanceof EngineEvent.AofFsync f) return m.get(f.background() ? "ev.aof.fsync.bg" : "ev.aof.fsync", f.file(), f.bytes());
        if (e instanceof EngineEvent.AofRewritePhase p) {
            return switch (p.phase()) {
                case "started" -> m.get("ev.aof.rewrite.started");
                case "image-taken" -> m.get("ev.aof.rewrite.image");
                case "done" -> m.get("ev.aof.rewrite.done");
                default -> m.get("ev.aof.rewrite.other", p.phase());
            };
        }
        if (e instanceof EngineEvent.HllRegisterSet h) {
            return m.get("ev.hll", h.register(), h.oldValue(), h.newValue(), h.encoding());
        }
        if (e instanceof EngineEvent.LazyFreeQueued q) return m.get("ev.lazy.queued", q.what(), q.objects(), q.effort());
        if (e instanceof EngineEvent.LazyFreeDone d) return m.get("ev.lazy.done", d.what(), d.objects(), d.visited(), micros(d.nanos()));
        if (e instanceof EngineEvent.LatencySample l) return m.get("ev.latency", l.event(), l.ms());
        if (e instanceof EngineEvent.EvictionKeySampled k) {
            return m.get(k.slot() < 0 ? "ev.evict.sampled.out" : "ev.evict.sampled", k.db(), text(k.key()), k.score(), k.slot());
        }
        if (e instanceof EngineEvent.EvictionPoolPopulated p) {
            byte[][] keys = p.keys();
            return keys.length == 0 ? m.get("ev.evict.pool.empty") : m.get("ev.evict.pool", keys.length, text(keys[keys.length - 1]));
        }
        if (e instanceof EngineEvent.KeyEvicted k) {
            return m.get("ev.evict.key", k.db(), text(k.key()), k.policy(), k.score(), k.bytesFreed());
        }
        if (e instanceof EngineEvent.AclDenied d) {
            return m.get("ev.acl", d.clientId(), d.username(), d.command(), d.reason(), d.object(), d.context());
        }
        if (e instanceof EngineEvent.KeysTracked k) return m.get("ev.tracking.keys", k.clientId(), texts(k.keys()));
        if (e instanceof EngineEvent.InvalidationSent i) {
            return m.get("ev.tracking.sent", i.receiverId(), i.trackingClientId(), i.how(),
                    i.keys() == null ? m.get("viz.trk.all") : texts(i.keys()));
        }
        return m.get("ev.other", e.getClass().getSimpleName());
    }

    private static String texts(byte[][] keys) {
        StringBuilder sb = new StringBuilder();
        for (byte[] k : keys) sb.append(sb.length() == 0 ? "" : " ").append(text(k));
        return sb.toString();
    }

    /** A short label for the timeline list. */
    public static String label(EngineEvent e) {
        String kind = e.getClass().getSimpleName();
        if (e instanceof EngineEvent.CommandExecuted c) return kind + " " + c.command();
        if (e instanceof EngineEvent.Sampled s) {
            return "… " + s.commandsSkipped() + " more commands" + (s.ticksSkipped() == 0 ? " this tick" : ", " + s.ticksSkipped() + " more ticks");
        }
        if (e instanceof EngineEvent.DictRehashStep s) return kind + " " + s.dict() + " bucket " + s.fromBucket();
        if (e instanceof EngineEvent.DictResized r) return kind + " " + r.dict() + " " + r.oldSize() + "→" + r.newSize();
        if (e instanceof EngineEvent.DictRehashCompleted c) return kind + " " + c.dict() + " " + c.newSize();
        if (e instanceof EngineEvent.LoopTick t) return kind + " " + t.commands() + " cmds " + micros(t.durationNanos());
        return kind;
    }

    static String text(byte[] b) {
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }

    static String micros(long nanos) {
        return nanos >= 10_000_000 ? (nanos / 1_000_000) + " ms" : (nanos / 1000) + " µs";
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    /**
     * One fan-out and join of the I/O threads (networking.c's handleClientsWithPendingReadsUsingThreads
     * or ...WritesUsingThreads): who took which clients, how long each worked, how long the command
     * thread waited, and what it did alone afterwards.
     */
    static String ioThreadsPhase(EngineEvent.IoThreadsPhase p, Messages m) {
        StringBuilder who = new StringBuilder();
        for (int t = 0; t < p.busyNanos().length; t++) {
            StringBuilder ids = new StringBuilder();
            for (int k = 0; k < p.clientIds().length; k++) {
                if (p.clientThreads()[k] == t) ids.append(ids.length() == 0 ? "" : ",").append(p.clientIds()[k]);
            }
            if (t > 0) who.append(m.get("ev.iothreads.sep"));
            who.append(m.get("ev.iothreads.thread", t == 0 ? m.get("ev.iothreads.main") : "io_thd_" + t,
                    ids.length() == 0 ? m.get("ev.iothreads.none") : ids.toString(), micros(p.busyNanos()[t])));
        }
        return m.get(p.op().equals("read") ? "ev.iothreads.read" : "ev.iothreads.write",
                String.valueOf(p.clientIds().length), who.toString(), micros(p.mainWaitNanos()), micros(p.fanInNanos()));
    }
}
