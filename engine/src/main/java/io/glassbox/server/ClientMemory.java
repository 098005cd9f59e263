package io.glassbox.server;

import io.glassbox.config.ConfigRegistry;
import io.glassbox.config.NumericConfig;
import io.glassbox.config.SpecialConfigs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What a client's buffers cost and what the server does when they cost too much: the client-memory
 * half of Redis 7.0's {@code networking.c} and {@code server.c}.
 *
 * <p><b>Output buffer limits</b> ({@code client-output-buffer-limit}). A client that does not read
 * its replies (a slow subscriber, a stuck replica, a pipeline that never reads) makes the server
 * keep its replies. Each class of client (normal, replica, pubsub) has a hard limit, at which it is
 * closed at once, and a soft limit, at which it is closed once it has stayed above it for the
 * given seconds ({@link #checkClientOutputBufferLimits}). The check runs where the buffer grows
 * (an append above the first 16 KB, Redis's static reply buffer, as {@code _addReplyProtoToList}
 * does; a flush that leaves bytes the socket did not take) and, for the soft limit of a client that
 * receives nothing more, in {@code clientsCron}. A client found over its limit while a command runs
 * cannot be freed then ({@code freeClientAsync}): it is flagged close-asap, its pending replies and
 * any later ones are dropped (nothing of a reply that broke the limit reaches the socket), and it is
 * freed after its input ({@code beforeNextClient}) or before the next writes.
 *
 * <p><b>What counts as output buffer</b> ({@link #outputBufferMemoryUsage}): once this tick's replies
 * spill past the first 16 KB of the client's reply buffer (Redis's static buffer), the buffer's
 * allocation beyond those 16 KB (Redis too counts allocated blocks, not used bytes); plus the bytes
 * handed to the socket that the peer has not taken (Netty's outbound queue, with its per-block
 * overhead), which in Redis would still sit in the reply list. So a subscriber whose socket is full
 * is counted and bounded, not hidden in Netty; the kernel's socket buffers are not counted, as in
 * Redis.
 *
 * <p><b>What counts as a client's memory</b> ({@link #clientMemoryUsage}, CLIENT LIST's tot-mem):
 * that, the reply and query buffers' arrays (a big argument still arriving counts at its announced
 * size, as Redis sizes its buffer on the {@code $len} line), the arguments, a transaction's queue
 * and watched keys, the subscriptions, each with the struct overhead Redis would add.
 *
 * <p><b>Client eviction</b> ({@code maxmemory-clients}, bytes or a percentage of maxmemory). Every
 * normal and pubsub client without {@code CLIENT NO-EVICT on} is kept in one of 19 buckets by the
 * log2 of its total memory ({@link #updateClientMemUsageAndBucket}, after it read input, ran a
 * command or was written to). When the sum over these clients reaches the limit, {@link #evictClients}
 * frees clients from the largest bucket down until the sum is below it: a few big clients go, not
 * many small ones, without sorting all clients. It runs before every command and in beforeSleep.
 *
 * <p>Command thread only. Bound: every check is O(1) per client; eviction is O(clients evicted +
 * buckets).
 */
public final class ClientMemory {
    /** PROTO_REPLY_CHUNK_BYTES: the static reply buffer; replies beyond it count as output buffer. */
    static final int REPLY_CHUNK_BYTES = 16 * 1024;
    public static final int TYPE_NORMAL = 0, TYPE_SLAVE = 1, TYPE_PUBSUB = 2, TYPE_MASTER = 3;
    private static final String[] TYPE_NAMES = {"normal", "slave", "pubsub", "master"};
    static final int BUCKET_MIN_LOG = 15, BUCKET_MAX_LOG = 33;
    static final int BUCKETS = 1 + BUCKET_MAX_LOG - BUCKET_MIN_LOG;
    /** CLIENTS_PEAK_MEM_USAGE_SLOTS: one per second, the recent peaks INFO shows. */
    private static final int PEAK_SLOTS = 8;
    /** Struct sizes Redis adds for per-client bookkeeping (listNode + watchedKey, listNode, dictEntry + bucket). */
    private static final int WATCHED_KEY_OVERHEAD = 40, PATTERN_OVERHEAD = 24, CHANNEL_OVERHEAD = 32;

    private final Server server;
    private final SpecialConfigs.ClientOutputBufferLimit limits;
    private final NumericConfig maxmemoryClients;
    private final NumericConfig maxmemory;
    private final NumericConfig replBacklogSize;
    /** server.client_mem_usage_buckets: null while maxmemory-clients is 0. */
    private List<LinkedHashSet<Client>> buckets;
    /** server.stat_clients_type_memory, per client type. */
    private final long[] typeMemory = new long[4];
    private final long[] peakInput = new long[PEAK_SLOTS], peakOutput = new long[PEAK_SLOTS];
    /** server.clients_to_close. */
    private final List<Client> toClose = new ArrayList<>();
    private long evictedClients;

    ClientMemory(Server server, ConfigRegistry config) {
        this.server = server;
        this.limits = config.special(SpecialConfigs.ClientOutputBufferLimit.class);
        this.maxmemoryClients = config.numeric("maxmemory-clients");
        this.maxmemory = config.numeric("maxmemory");
        this.replBacklogSize = config.numeric("repl-backlog-size");
        if (maxmemoryClients.get() != 0) buckets = newBuckets();
        config.onChange("maxmemory-clients", this::applyClientMaxMemoryUsage);
    }

    /** INFO stats' evicted_clients. */
    public long evictedClients() { return evictedClients; }

    /** CONFIG RESETSTAT (resetServerStats): evicted_clients starts again from zero. */
    public void resetStats() { evictedClients = 0; }

    /** INFO memory's mem_clients_normal / mem_clients_slaves (updated by clientsCron and after I/O). */
    public long typeMemory(int type) { return typeMemory[type]; }

    // ---------------------------------------------------------------- sizes

    /** getClientType: master, replica (not a monitor), a client in Pub/Sub mode, or normal. */
    public static int clientType(Client c) {
        if (c.master) return TYPE_MASTER;
        if (c.replica && !c.monitor) return TYPE_SLAVE;
        if (c.pubsub.pubsubMode()) return TYPE_PUBSUB;
        return TYPE_NORMAL;
    }

    /** getClientTypeName. */
    public static String typeName(int type) { return TYPE_NAMES[type]; }

    /**
     * getClientOutputBufferMemoryUsage: the replies the client has not taken, beyond the 16 KB
     * that Redis keeps in its static buffer: the rest of the reply buffer plus what the socket did
     * not accept.
     */
    public static long outputBufferMemoryUsage(Client c) {
        return usage(c, replyListBytes(c.pendingReplyBytes(), c.replyArray().length));
    }

    /**
     * The reply buffer's share plus what the socket did not take, less a replica's full-sync RDB
     * still on its way: Redis sends that apart from the replication buffer, so it is not limited.
     */
    private static long usage(Client c, long replyBufferShare) {
        long socketPending = c.connection.pendingOutputBytes();
        long used = replyBufferShare + socketPending;
        if (c.snapshotEnd > 0) {
            long taken = Math.max(0, c.totalNetOutput - socketPending); // the socket took the stream up to here
            long rdbLeft = Math.max(0, c.snapshotEnd - taken);
            used = Math.max(0, used - rdbLeft);
        }
        return used;
    }

    /**
     * The reply buffer's share of the output buffer when it holds {@code len} bytes in an array of
     * {@code capacity}: nothing while the replies fit the static 16 KB, else the allocated bytes beyond
     * it. Like Redis's reply_bytes, which adds each block's allocated size, not the bytes used in it.
     */
    static long replyListBytes(long len, long capacity) {
        return len > REPLY_CHUNK_BYTES ? Math.max(len, capacity) - REPLY_CHUNK_BYTES : 0;
    }

    /**
     * getClientMemoryUsage: the output buffer, the query buffer, the reply buffer's array, the
     * arguments of the running command, a transaction's queue and watched keys, the subscriptions.
     * Like Redis it counts payload plus the per-entry struct overhead Redis would allocate.
     */
    /** getClientMemoryUsage's charge per node of a client's tracking-prefix rax (sizeof(raxNode) * sizeof(raxNode*)). */
    static final long TRACKING_PREFIX_NODE = 4L * 8;

    public static long clientMemoryUsage(Client c) {
        long mem = c.replyArray().length + c.connection.pendingOutputBytes();
        mem += c.parser.queryBufferMemory();
        if (c.argv != null) for (byte[] a : c.argv) mem += a.length + 8;
        else mem += c.parser.partialArgsBytes(); // a request still arriving
        mem += c.mstate.memory() + (long) c.mstate.watchedKeys() * WATCHED_KEY_OVERHEAD;
        mem += (long) c.pubsub.patternCount() * PATTERN_OVERHEAD
                + (long) (c.pubsub.channelCount() + c.pubsub.shardSubscriptionsCount()) * CHANNEL_OVERHEAD;
        // the BCAST prefixes: numnodes * (sizeof(raxNode) * sizeof(raxNode*)), Redis's own underestimate
        if (c.tracking.prefixes != null) mem += c.tracking.prefixes.numNodes() * TRACKING_PREFIX_NODE;
        return mem;
    }

    /** The bytes CLIENT LIST's obl shows: what the first 16 KB of the reply buffer hold. */
    public static int staticBufferBytes(Client c) { return Math.min(c.pendingReplyBytes(), REPLY_CHUNK_BYTES); }

    /** CLIENT LIST's oll: the 16 KB blocks beyond the static buffer plus the blocks the socket holds. */
    public static long replyListLength(Client c) {
        long over = Math.max(0, c.pendingReplyBytes() - REPLY_CHUNK_BYTES);
        return (over + REPLY_CHUNK_BYTES - 1) / REPLY_CHUNK_BYTES + c.connection.pendingOutputBlocks();
    }

    // ---------------------------------------------------------------- output buffer limits

    private static final int WITHIN = 0, SOFT = 1, HARD = 2;

    /**
     * checkClientOutputBufferLimits: which limit of its class the client reached (HARD, SOFT, or
     * WITHIN), keeping the time it first went over the soft limit. The soft limit counts only once
     * it held continuously for more than its seconds; a replica's hard limit is never below
     * repl-backlog-size (a partial resync would succeed and then disconnect it).
     */
    private int checkClientOutputBufferLimits(Client c, long used) {
        int cls = clientType(c);
        if (cls == TYPE_MASTER) cls = TYPE_NORMAL; // masters are limited as normal clients
        SpecialConfigs.ObufLimit l = limits.get(cls);
        long hardLimit = hardLimit(cls, l);
        boolean hard = hardLimit != 0 && Long.compareUnsigned(used, hardLimit) >= 0;
        boolean soft = l.softLimitBytes() != 0 && Long.compareUnsigned(used, l.softLimitBytes()) >= 0;
        long now = server.clock().millis() / 1000; // server.unixtime
        if (soft) {
            if (c.obufSoftLimitReachedTime == 0) {
                c.obufSoftLimitReachedTime = now;
                soft = false; // first time over the soft limit
            } else if (now - c.obufSoftLimitReachedTime <= l.softLimitSeconds()) {
                soft = false; // not over it for long enough yet
            }
        } else {
            c.obufSoftLimitReachedTime = 0;
        }
        return hard ? HARD : soft ? SOFT : WITHIN;
    }

    /** The hard limit in force: a replica's is never below repl-backlog-size (0 stays "no limit"). */
    private long hardLimit(int cls, SpecialConfigs.ObufLimit l) {
        long hard = l.hardLimitBytes();
        if (cls == TYPE_SLAVE && hard != 0 && hard < replBacklogSize.get()) hard = replBacklogSize.get();
        return hard;
    }

    /**
     * closeClientOnOutputBufferLimitReached: closes the client if it reached a limit, at once
     * ({@code async} false: from the cron) or flagged close-asap (from inside a command or a
     * flush, where it cannot be freed). Returns true if it was closed or flagged.
     */
    boolean closeClientOnOutputBufferLimitReached(Client c, boolean async) {
        return closeOnLimit(c, outputBufferMemoryUsage(c), async);
    }

    private boolean closeOnLimit(Client c, long used, boolean async) {
        if (c.closed || c.closeAsap) return false;
        int type = clientType(c);
        if (used == 0 && type != TYPE_SLAVE) return false;
        int cls = type == TYPE_MASTER ? TYPE_NORMAL : type;
        SpecialConfigs.ObufLimit l = limits.get(cls);
        if (l.hardLimitBytes() == 0 && l.softLimitBytes() == 0) return false; // no limit (normal clients by default)
        if (server.client(c.id) != c) return false; // fake clients (AOF loading, scripts) are never freed
        int reached = checkClientOutputBufferLimits(c, used);
        if (reached == WITHIN) return false;
        String info = ClientInfo.line(c);
        server.listener().clientOutputBufferLimitReached(c, typeName(cls), reached == HARD, used,
                reached == HARD ? hardLimit(cls, l) : l.softLimitBytes());
        if (async) {
            freeClientAsync(c);
            server.log("warning", "Client " + info + " scheduled to be closed ASAP for overcoming of output buffer limits.");
        } else {
            freeClientDroppingOutput(c);
            server.log("warning", "Client " + info + " closed for overcoming of output buffer limits.");
        }
        return true;
    }

    /**
     * The check run before an append takes the reply buffer to {@code projectedLen} bytes, past the
     * static buffer (called from {@link Client}): counted as if the append had happened, as Redis
     * checks after adding to the reply list.
     */
    void onReplyGrowth(Client c, long projectedLen) {
        long cap = c.replyArray().length;
        if (projectedLen > cap) cap = Math.max(projectedLen, cap * 2); // as ReplyBuffer.ensure will grow it
        long used = usage(c, replyListBytes(projectedLen, cap));
        closeOnLimit(c, used, true);
    }

    /** freeClientAsync: flag close-asap, drop the replies, free it at a safe point. */
    void freeClientAsync(Client c) {
        if (c.closeAsap || c.closed) return;
        c.closeAsap = true;
        c.discardReplies();
        removeFromBucket(c, false);
        toClose.add(c);
    }

    /** freeClientsInAsyncFreeQueue: frees the clients flagged close-asap. Returns how many. */
    int freeClientsInAsyncFreeQueue() {
        if (toClose.isEmpty()) return 0;
        List<Client> list = new ArrayList<>(toClose);
        toClose.clear();
        for (Client c : list) freeClientDroppingOutput(c);
        return list.size();
    }

    /** Frees the client and closes its socket without sending what is still queued (freeClient). */
    private void freeClientDroppingOutput(Client c) {
        Connection conn = c.connection;
        server.networking().freeClient(c);
        conn.closeNow();
    }

    // ---------------------------------------------------------------- client eviction

    /** clientEvictionAllowed: eviction is on and the client is a normal or pubsub one without NO-EVICT. */
    boolean clientEvictionAllowed(Client c) {
        if (maxmemoryClients.get() == 0 || c.noEvict || c.closeAsap) return false;
        int type = clientType(c);
        return type == TYPE_NORMAL || type == TYPE_PUBSUB;
    }

    /** updateClientMemoryUsage: re-measures the client and moves its share between the per-type sums. */
    void updateClientMemoryUsage(Client c) {
        long mem = clientMemoryUsage(c);
        int type = clientType(c);
        typeMemory[c.lastMemoryType] -= c.lastMemoryUsage;
        typeMemory[type] += mem;
        c.lastMemoryType = type;
        c.lastMemoryUsage = mem;
    }

    /**
     * updateClientMemUsageAndBucket: re-measures an evictable client and files it in the bucket of
     * its size; a client that may not be evicted leaves the buckets. Returns whether it may be evicted.
     */
    boolean updateClientMemUsageAndBucket(Client c) {
        boolean allowed = !c.closed && clientEvictionAllowed(c);
        removeFromBucket(c, allowed);
        if (!allowed) return false;
        updateClientMemoryUsage(c);
        LinkedHashSet<Client> bucket = buckets.get(bucketIndex(c.lastMemoryUsage));
        if (bucket != c.memUsageBucket) {
            if (c.memUsageBucket != null) c.memUsageBucket.remove(c);
            c.memUsageBucket = bucket;
            bucket.add(c);
        }
        return true;
    }

    /** removeClientFromMemUsageBucket (the bucket sums of Redis are not needed here). */
    void removeFromBucket(Client c, boolean stayEvictable) {
        if (c.memUsageBucket != null && !stayEvictable) {
            c.memUsageBucket.remove(c);
            c.memUsageBucket = null;
        }
    }

    /** getMemUsageBucket: log2 of the size, clamped to 32 KB .. 8 GB. */
    static int bucketIndex(long mem) {
        int idx = mem > 0 ? 64 - Long.numberOfLeadingZeros(mem) : 0;
        idx = Math.max(BUCKET_MIN_LOG, Math.min(BUCKET_MAX_LOG, idx));
        return idx - BUCKET_MIN_LOG;
    }

    /**
     * getClientEvictionLimit: maxmemory-clients in bytes (a percentage is of maxmemory, and means
     * nothing without one), never below 128 KB so a bad setting cannot cut every client off; 0 if off.
     */
    public long clientEvictionLimit() {
        long v = maxmemoryClients.get();
        long actual;
        if (v < 0 && maxmemory.get() > 0) actual = (long) ((double) maxmemory.get() * -(double) v / 100);
        else if (v > 0) actual = v;
        else return 0;
        return Math.max(actual, 128 * 1024);
    }

    /**
     * evictClients: while normal and pubsub clients together use at least the limit, free clients
     * from the largest bucket down ("Evicting client: ..." at notice level). Returns true if any was
     * evicted.
     */
    boolean evictClients() {
        if (buckets == null) return false;
        long limit = clientEvictionLimit();
        if (limit == 0) return false;
        boolean any = false;
        int cur = BUCKETS - 1;
        while (typeMemory[TYPE_NORMAL] + typeMemory[TYPE_PUBSUB] >= limit) {
            LinkedHashSet<Client> bucket = buckets.get(cur);
            if (!bucket.isEmpty()) {
                Client c = bucket.iterator().next();
                String info = ClientInfo.line(c);
                long clientMem = c.lastMemoryUsage;
                long clientsMem = typeMemory[TYPE_NORMAL] + typeMemory[TYPE_PUBSUB];
                server.log("notice", "Evicting client: " + info);
                server.listener().clientEvicted(c, clientMem, clientsMem, limit);
                freeClientDroppingOutput(c);
                evictedClients++;
                any = true;
            } else if (--cur < 0) {
                server.log("warning", "Over client maxmemory after evicting all evictable clients");
                break;
            }
        }
        return any;
    }

    /** A client is being freed: its share leaves the sums and its bucket (freeClient's part). */
    void clientFreed(Client c) {
        typeMemory[c.lastMemoryType] -= c.lastMemoryUsage;
        c.lastMemoryUsage = 0;
        removeFromBucket(c, false);
        toClose.remove(c);
    }

    /** CLIENT NO-EVICT on|off: the client leaves or rejoins the buckets. */
    public void noEvictChanged(Client c) {
        if (c.noEvict) removeFromBucket(c, false);
        else updateClientMemUsageAndBucket(c);
    }

    /**
     * applyClientMaxMemoryUsage: turning eviction on files every client in the buckets, turning it
     * off empties them; the eviction itself comes before the next command or in beforeSleep.
     */
    private void applyClientMaxMemoryUsage() {
        if (maxmemoryClients.get() != 0 && buckets != null) return;
        if (maxmemoryClients.get() != 0) buckets = newBuckets();
        for (Client c : server.clients()) {
            if (maxmemoryClients.get() == 0) removeFromBucket(c, false);
            else updateClientMemUsageAndBucket(c);
        }
        if (maxmemoryClients.get() == 0) buckets = null;
    }

    private static List<LinkedHashSet<Client>> newBuckets() {
        List<LinkedHashSet<Client>> b = new ArrayList<>(BUCKETS);
        for (int i = 0; i < BUCKETS; i++) b.add(new LinkedHashSet<>());
        return b;
    }

    // ---------------------------------------------------------------- clientsCron's share

    /** The slot of this second: clientsCron zeroes the next one, so peaks older than 8 s fade. */
    void cronStart(long nowMillis) {
        int slot = (int) ((nowMillis / 1000) % PEAK_SLOTS);
        int zero = (slot + 1) % PEAK_SLOTS;
        peakInput[zero] = 0;
        peakOutput[zero] = 0;
    }

    /**
     * One client's turn in clientsCron: track the peaks (clientsCronTrackExpansiveClients), update
     * its memory (and bucket), close it if over its output buffer limit. Returns true if it was closed.
     */
    boolean cronClient(Client c, long nowMillis) {
        int slot = (int) ((nowMillis / 1000) % PEAK_SLOTS);
        long in = c.parser.queryBufferCapacity();
        if (c.argv != null) for (byte[] a : c.argv) in += a.length;
        long out = outputBufferMemoryUsage(c);
        if (in > peakInput[slot]) peakInput[slot] = in;
        if (out > peakOutput[slot]) peakOutput[slot] = out;
        if (!updateClientMemUsageAndBucket(c)) updateClientMemoryUsage(c);
        return closeClientOnOutputBufferLimitReached(c, false);
    }

    /** getExpansiveClientsInfo: the biggest query and output buffers of the last seconds. */
    public long recentMaxInputBuffer() {
        long m = 0;
        for (long v : peakInput) m = Math.max(m, v);
        return m;
    }

    public long recentMaxOutputBuffer() {
        long m = 0;
        for (long v : peakOutput) m = Math.max(m, v);
        return m;
    }
}
