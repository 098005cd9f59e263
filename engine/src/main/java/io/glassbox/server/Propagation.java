package io.glassbox.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Command propagation: what a master tells its AOF and its replicas after a command changed the
 * dataset. Redis 7.0's {@code propagateNow}, {@code alsoPropagate} and
 * {@code propagatePendingCommands} ({@code server.c}).
 *
 * <p>The rule is "propagate effects, not requests". After {@code call()} runs a command it looks at
 * the dirty counter ({@code KeyspaceStats.dirty}); if it moved, the command's argv is queued with
 * {@link #alsoPropagate}. A command whose request would replay differently rewrites its argv first
 * ({@link Client#rewriteCommandVector}): {@code SET k v EX 10} becomes {@code SET k v PXAT <abs>},
 * because a replica or an AOF replayed tomorrow must not count the ten seconds again; {@code SPOP}
 * becomes the {@code SREM} of the member it happened to pick; {@code BLPOP} becomes {@code LPOP}.
 * A command that does several things queues several ops and stops its own argv from being queued
 * ({@link Client#preventCommandPropagation}).
 *
 * <p>When the outermost {@code call()} returns (nested calls come from EXEC and scripts), the queue
 * is flushed ({@link #propagatePendingCommands}): one op goes out alone, several are wrapped in
 * {@code MULTI}/{@code EXEC} so that a replica applies them atomically, as the master did.
 *
 * <p>A key found expired while a command runs is queued as a {@code DEL} (or {@code UNLINK})
 * before that command's own op, so {@code SET k v} on an expired {@code k} propagates as
 * {@code MULTI, DEL k, SET k v, EXEC}; one expired by the active cycle goes out alone. Clients
 * served after a push unblocked them propagate their pops each on its own, after the push. Real
 * Redis 7.0.15 writes exactly this (checked against its AOF by {@code AofDifferentialTest}).
 *
 * <p>Targets (the AOF now, the replication backlog later) receive ops with the database they apply
 * to; each keeps track of the database its stream last selected and emits {@code SELECT} when it
 * changes, as Redis's {@code feedAppendOnlyFile} and {@code replicationFeedSlaves} do separately.
 * Nothing is propagated while loading (the AOF is being replayed, not written) and nothing is
 * queued while no target listens, so a server with persistence off pays one list check.
 */
public final class Propagation {
    /** Where propagated commands go: the AOF, the replication backlog. */
    public interface Target {
        /** One command, to apply to database {@code dbid}. {@code argv} is not kept by the caller. */
        void feed(int dbid, List<byte[]> argv);

        /** True for the replication stream (PROPAGATE_REPL), false for the AOF (PROPAGATE_AOF). */
        default boolean isReplication() { return false; }
    }

    // The command names rewrites use (Redis's shared.set, shared.pxat, ...). Never mutate these.
    public static final byte[] SET = bytes("SET"), PXAT = bytes("PXAT"), KEEPTTL = bytes("KEEPTTL"),
            PEXPIREAT = bytes("PEXPIREAT"), PERSIST = bytes("PERSIST"), DEL = bytes("DEL"), UNLINK = bytes("UNLINK"),
            HSET = bytes("HSET"), SREM = bytes("SREM"), LPOP = bytes("LPOP"), RPOP = bytes("RPOP"),
            LMOVE = bytes("LMOVE"), RPOPLPUSH = bytes("RPOPLPUSH"), ZPOPMIN = bytes("ZPOPMIN"),
            ZPOPMAX = bytes("ZPOPMAX"), LEFT = bytes("left"), RIGHT = bytes("right"), ABSTTL = bytes("ABSTTL");

    public static final List<byte[]> MULTI = List.of(bytes("MULTI"));
    public static final List<byte[]> EXEC = List.of(bytes("EXEC"));

    /** {@code replOnly}: PROPAGATE_REPL without PROPAGATE_AOF (a forced PUBLISH). */
    private record Op(int dbid, List<byte[]> argv, boolean replOnly) {}

    private final List<Target> targets = new ArrayList<>();
    private final List<Op> pending = new ArrayList<>();
    private boolean loading;
    private long opsPropagated;

    /** Adds a target; it will hear every command propagated from now on. */
    public void addTarget(Target t) { if (!targets.contains(t)) targets.add(t); }

    public void removeTarget(Target t) { targets.remove(t); }

    /** True if someone listens: otherwise commands need not be queued at all. */
    public boolean active() { return !targets.isEmpty() && !loading; }

    /** While loading (replaying the AOF) nothing propagates (Redis's shouldPropagate). */
    public void setLoading(boolean loading) { this.loading = loading; }

    /** True while the AOF is replayed: commands then come from a client Redis must obey (mustObeyClient). */
    public boolean loading() { return loading; }

    /** How many ops went to the targets (MULTI/EXEC included); for tests and INFO. */
    public long opsPropagated() { return opsPropagated; }

    /**
     * Queues a command to propagate when the current command (and the EXEC or script around it)
     * finishes (alsoPropagate). The argv list is copied; its byte arrays are shared, which is safe
     * because arguments are never mutated after parsing.
     */
    public void alsoPropagate(int dbid, List<byte[]> argv) {
        if (!active()) return;
        pending.add(new Op(dbid, new ArrayList<>(argv), false));
    }

    /**
     * Queues a command for the replicas only (forceCommandPropagation(c, PROPAGATE_REPL)): PUBLISH
     * changes no key, so the dirty rule never sends it, yet a replica's subscribers must hear it;
     * the AOF must not replay it. It takes its place in the queue like any op (inside the
     * MULTI/EXEC of a transaction or a script).
     */
    public void alsoPropagateToReplicas(int dbid, List<byte[]> argv) {
        if (loading) return;
        boolean any = false;
        for (Target t : targets) any |= t.isReplication();
        if (!any) return;
        pending.add(new Op(dbid, new ArrayList<>(argv), true));
    }

    /** Convenience for commands that build an op from parts. */
    public void alsoPropagate(int dbid, byte[]... argv) {
        if (!active()) return;
        pending.add(new Op(dbid, List.of(argv), false));
    }

    /** Sends a command to every target now, bypassing the queue (propagateNow). */
    public void propagateNow(int dbid, List<byte[]> argv) {
        if (!active()) return;
        opsPropagated++;
        for (Target t : targets) t.feed(dbid, argv);
    }

    /** Sends a command to the replicas only, now (DEBUG REPLICATE: replicationFeedSlaves). */
    public void propagateToReplicasNow(int dbid, List<byte[]> argv) { propagateToReplicas(dbid, new ArrayList<>(argv)); }

    private void propagateToReplicas(int dbid, List<byte[]> argv) {
        if (!active()) return;
        opsPropagated++;
        for (Target t : targets) if (t.isReplication()) t.feed(dbid, argv);
    }

    /** True if ops wait in the queue. */
    public boolean hasPending() { return !pending.isEmpty(); }

    /**
     * Flushes the queue (propagatePendingCommands): a single op alone, several wrapped in
     * MULTI/EXEC. MULTI takes the first op's database, so a SELECT precedes it; EXEC takes the last
     * one's, so it never causes one.
     */
    public void propagatePendingCommands() {
        if (pending.isEmpty()) return;
        boolean wrap = pending.size() > 1;
        if (wrap) propagateNow(pending.get(0).dbid, MULTI);
        for (Op op : pending) {
            if (op.replOnly) propagateToReplicas(op.dbid, op.argv);
            else propagateNow(op.dbid, op.argv);
        }
        if (wrap) propagateNow(pending.get(pending.size() - 1).dbid, EXEC);
        pending.clear();
    }

    /** Drops queued ops without sending them (a target was removed mid-command, tests). */
    public void discardPending() { pending.clear(); }

    /** The SELECT a target emits before an op for another database than its last. */
    public static List<byte[]> selectCommand(int dbid) {
        return List.of(bytes("SELECT"), bytes(Integer.toString(dbid)));
    }

    /**
     * A command as the replication stream, the backlog and a replica's link carry it: a RESP
     * multibulk array of bulk strings (what {@code replicationFeedSlaves} builds; the AOF's
     * {@code catAppendOnlyGenericCommand} writes the same shape).
     */
    public static byte[] encodeCommand(List<byte[]> argv) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(16 + argv.size() * 16);
        writeHeader(out, '*', argv.size());
        for (byte[] a : argv) {
            writeHeader(out, '$', a.length);
            out.write(a, 0, a.length);
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static void writeHeader(java.io.ByteArrayOutputStream out, char type, long n) {
        out.write(type);
        byte[] d = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
        out.write(d, 0, d.length);
        out.write('\r');
        out.write('\n');
    }

    /** A number as the bytes of its decimal text (createStringObjectFromLongLong). */
    public static byte[] number(long n) { return bytes(Long.toString(n)); }

    public static byte[] bytes(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
