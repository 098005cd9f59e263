package io.glassbox.visualizer;

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

    public static String describe(EngineEvent e) {
        if (e instanceof EngineEvent.DictResized r) {
            if (r.oldSize() == 0) {
                return r.dict() + ": first table allocated, " + r.newSize() + " buckets.";
            }
            String why = r.newSize() > r.oldSize()
                    ? "the load factor reached " + fmt((double) r.used() / r.oldSize()) + " (" + r.used() + " keys in "
                      + r.oldSize() + " buckets), so the table doubles"
                    : "the table is less than 10% full, so it shrinks";
            return r.dict() + ": " + why + ". A second table of " + r.newSize()
                   + " buckets is allocated and incremental rehashing starts: rehashidx = 0, and every command"
                   + " that touches the dict (plus serverCron, 1 ms at a time) moves one bucket from ht[0] to ht[1].";
        }
        if (e instanceof EngineEvent.DictRehashStep s) {
            return s.dict() + ": one rehash step moved bucket " + s.fromBucket() + " of ht[0] (" + s.movedEntries()
                   + (s.movedEntries() == 1 ? " entry" : " entries") + ") to ht[1]; rehashidx is now "
                   + s.rehashIdxAfter() + ". A step visits at most 10 empty buckets, so its work is bounded.";
        }
        if (e instanceof EngineEvent.DictRehashCompleted c) {
            return c.dict() + ": ht[0] is empty, so ht[1] becomes ht[0] (" + c.newSize()
                   + " buckets) and rehashidx goes back to -1. Rehashing is over.";
        }
        if (e instanceof EngineEvent.ReplicaAttached a) {
            return "Replica " + a.addr() + " (client " + a.clientId() + ") is attached: from now on every write this node"
                   + " propagates is appended to the backlog and sent to it.";
        }
        if (e instanceof EngineEvent.ReplicaDetached d) {
            return "Replica client " + d.clientId() + " is gone. The backlog keeps the stream, so if it comes back"
                   + " soon it can PSYNC from its offset instead of loading a whole RDB again.";
        }
        if (e instanceof EngineEvent.ReplicaAck a) {
            return "Replica client " + a.clientId() + " acknowledged offset " + a.ackOffset() + " (REPLCONF ACK); the"
                   + " master is at " + a.masterReplOffset() + ", " + a.lagBytes() + " bytes ahead.";
        }
        if (e instanceof EngineEvent.ReplicaStateChanged c) {
            return "Replication handshake: " + c.from() + " -> " + c.to() + ".";
        }
        if (e instanceof EngineEvent.ReplicationStreamFed f) {
            return f.bytes() + " bytes appended to the replication stream: master_repl_offset " + f.masterReplOffset()
                   + ", backlog write index " + f.writeIndex() + " of " + f.backlogSize() + ", valid from offset "
                   + f.firstByteOffset() + ".";
        }
        if (e instanceof EngineEvent.LoopTick t) {
            return "Tick " + t.tick() + ": " + t.reads() + " reads, " + t.commands() + " commands (file events), "
                   + t.cronRuns() + " serverCron runs (time events), " + t.clientsWritten()
                   + " clients written in beforeSleep; " + micros(t.durationNanos()) + ".";
        }
        if (e instanceof EngineEvent.IoThreadsPhase p) return ioThreadsPhase(p);
        if (e instanceof EngineEvent.CommandExecuted c) {
            return "Client " + c.clientId() + " ran " + c.command().toUpperCase(Locale.ROOT) + " in " + c.micros() + " µs.";
        }
        if (e instanceof EngineEvent.Sampled s) {
            String shown = s.commandsSkipped() == 0 ? "all are in the timeline"
                    : (s.commands() - s.commandsSkipped() == 0 ? "none is" : "the first " + (s.commands() - s.commandsSkipped()) + " are")
                      + " in the timeline, " + s.commandsSkipped() + " more commands were only counted";
            String when = s.ticksSkipped() == 0 ? "Tick " + s.tick() + " ran " + s.commands() + " commands"
                    : "Since the last tick shown the loop turned " + s.ticks() + " times (" + s.ticksSkipped()
                      + " more ticks, each shorter than 1 ms, were only counted) and ran " + s.commands() + " commands";
            return when + ": " + shown + ". The window hears a sample (a tick a millisecond, every slower one,"
                   + " and a few commands after each), so that watching a busy engine costs it little.";
        }
        if (e instanceof EngineEvent.ClientConnected c) {
            return "Client " + c.clientId() + " connected from " + c.addr() + ".";
        }
        if (e instanceof EngineEvent.ClientClosed c) {
            return "Client " + c.clientId() + " (" + c.addr() + ") went away.";
        }
        if (e instanceof EngineEvent.ClientOutputBufferLimitReached o) {
            return "Client " + o.clientId() + " (" + o.addr() + ", " + o.clientClass() + ") is closed: " + o.usedBytes()
                   + " bytes of replies it did not read reached its " + o.limit() + " limit of " + o.limitBytes()
                   + " (client-output-buffer-limit; closeClientOnOutputBufferLimitReached), so a slow reader cannot"
                   + " make the server's memory grow without bound.";
        }
        if (e instanceof EngineEvent.ClientEvicted v) {
            return "Client " + v.clientId() + " (" + v.addr() + ") is evicted: clients together used " + v.clientsBytes()
                   + " bytes, at least maxmemory-clients (" + v.limitBytes() + "), and at " + v.clientBytes()
                   + " bytes it was in the largest bucket (evictClients frees the biggest clients first).";
        }
        if (e instanceof EngineEvent.KeyExpired k) {
            return "db" + k.db() + ": key '" + text(k.key()) + "' expired: its TTL passed, so it was deleted"
                   + " (lazily on access, or by activeExpireCycle sampling keys with a TTL).";
        }
        if (e instanceof EngineEvent.EncodingConverted c) {
            return (c.key() == null ? "A value" : "'" + text(c.key()) + "'") + " changed encoding from " + c.from()
                   + " to " + c.to() + ": the compact encoding stops paying off past its size limits"
                   + " (e.g. hash-max-listpack-entries), so it is converted once, in O(N).";
        }
        return e.toString();
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
        return new String(b, StandardCharsets.UTF_8);
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
    static String ioThreadsPhase(EngineEvent.IoThreadsPhase p) {
        boolean read = p.op().equals("read");
        StringBuilder who = new StringBuilder();
        for (int t = 0; t < p.busyNanos().length; t++) {
            StringBuilder ids = new StringBuilder();
            for (int k = 0; k < p.clientIds().length; k++) {
                if (p.clientThreads()[k] == t) ids.append(ids.length() == 0 ? "" : ",").append(p.clientIds()[k]);
            }
            who.append(t == 0 ? "" : "; ").append(t == 0 ? "command thread" : "io_thd_" + t).append(": clients ")
               .append(ids.length() == 0 ? "none" : ids).append(" in ").append(micros(p.busyNanos()[t]));
        }
        return "I/O threads, " + (read ? "reads" : "writes") + ": " + p.clientIds().length + " clients dealt round-robin ("
               + who + "). The command thread waited " + micros(p.mainWaitNanos()) + " for the others (its spin on"
               + " io_threads_pending), then " + (read ? "ran the parsed commands alone, in order, in " : "handed what the sockets did not take to the write handler in ")
               + micros(p.fanInNanos()) + (read ? " (handleClientsWithPendingReadsUsingThreads)." : " (handleClientsWithPendingWritesUsingThreads).");
    }
}
