package io.glassbox.server;

import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Clients blocked on keys: Redis's {@code blocked.c} (and the precise timeouts of {@code timeout.c}).
 *
 * <p>A command such as BLPOP that finds nothing to pop does not reply: it records what it waits for
 * ({@link State}: the keys, the deadline, and how to serve it) and the client stops reading
 * commands. Each database keeps, per key, the FIFO of clients blocked on it
 * ({@code db->blocking_keys}), so the first client that blocked is the first served.
 *
 * <p>Serving is deferred, never done inside the command that made the data available. When a key
 * that someone waits for is created ({@code dbAdd} calls signalKeyAsReady), it goes on the list of
 * ready keys; after the command finishes, the server calls {@link #handleClientsBlockedOnKeys},
 * which serves the waiting clients of each ready key in order, until the key is empty again. So
 * {@code LPUSH k a b} replies 2 to the pusher, and only then does a blocked {@code BLPOP k} take
 * {@code a}, before any other command runs. Serving may make other keys ready (BLMOVE pushes), so
 * the loop runs until no key is ready.
 *
 * <p>Timeouts: a blocked client with a deadline is answered with a null array once the deadline
 * has passed, checked before the loop sleeps and in the cron (handleBlockedClientsTimeout,
 * clientsCronHandleTimeout); a timer wakes the loop at the deadline, so short timeouts are precise.
 *
 * <p>Inside MULTI or a script a client must not block ({@link Client#denyBlocking},
 * CLIENT_DENY_BLOCKING): the commands then answer as if the timeout had expired at once.
 */
public final class Blocking {
    /**
     * Block types (BLOCKED_*). For BLOCKED_STREAM the {@link KeyServer} is also called when the
     * key is gone or holds another type, and its result means "answered" (unblock the client)
     * rather than "deleted": XREAD keeps waiting unless its stream has entries after its ID.
     */
    public static final int BLOCKED_NONE = 0, BLOCKED_LIST = 1, BLOCKED_STREAM = 4, BLOCKED_ZSET = 5;

    /**
     * Serves one blocked client now that {@code key} holds {@code value} of the type it waits for
     * (serveClientBlockedOnList and friends): pops, replies to {@code receiver}, deletes the key if
     * it emptied it. Returns true if the key was deleted, so nobody else can be served from it.
     */
    @FunctionalInterface
    public interface KeyServer {
        boolean serve(Client receiver, byte[] key, RedisObject value);
    }

    /** What a blocked client waits for (Redis's blockingState, client->bpop). */
    public static final class State {
        final int btype;
        /** Absolute unix ms deadline, 0 for "forever". */
        final long timeout;
        final List<byte[]> keys = new ArrayList<>();
        final RedisDb db;
        final KeyServer server;
        /** The blocking call's own duration, and its command, for the histogram at unblocking (c->duration, c->lastcmd). */
        long callNanos;
        io.glassbox.command.RedisCommand cmd;

        State(int btype, long timeout, RedisDb db, KeyServer server) {
            this.btype = btype;
            this.timeout = timeout;
            this.db = db;
            this.server = server;
        }

        public int btype() { return btype; }

        public long timeout() { return timeout; }

        public List<byte[]> keys() { return keys; }
    }

    private record ReadyKey(RedisDb db, byte[] key) {}

    private final Server server;
    /** Per database id: key -> FIFO of clients blocked on it (db->blocking_keys). */
    private final Dict<byte[], ArrayDeque<Client>>[] blockingKeys;
    /** Per database id: keys already on {@link #readyKeys} (db->ready_keys). */
    private final Dict<byte[], Boolean>[] readySet;
    private List<ReadyKey> readyKeys = new ArrayList<>();
    /** Every blocked client, in blocking order. */
    private final Set<Client> blocked = new LinkedHashSet<>();

    @SuppressWarnings("unchecked")
    Blocking(Server server) {
        this.server = server;
        int n = server.keyspace().databases();
        blockingKeys = new Dict[n];
        readySet = new Dict[n];
        for (int i = 0; i < n; i++) {
            blockingKeys[i] = new Dict<>(DictType.BYTES);
            readySet[i] = new Dict<>(DictType.BYTES);
        }
    }

    /** Number of clients blocked on keys (INFO blocked_clients). */
    public int blockedClients() { return blocked.size(); }

    /** Number of blocked clients with a deadline (INFO clients_in_timeout_table). */
    public int clientsInTimeoutTable() {
        int n = 0;
        for (Client c : blocked) if (c.bstate.timeout != 0) n++;
        return n;
    }

    /** How many clients wait on this key of this database. */
    public int waitingOn(RedisDb db, byte[] key) {
        ArrayDeque<Client> q = blockingKeys[db.id].fetchValue(key);
        return q == null ? 0 : q.size();
    }

    /**
     * Blocks the client on keys until one of them can serve it or {@code timeout} (absolute ms,
     * 0 = forever) passes (blockForKeys). A key given twice is waited on once. The client gets no
     * reply now and reads no further commands until it is unblocked.
     */
    public void blockForKeys(Client c, int btype, List<byte[]> keys, long timeout, KeyServer keyServer) {
        State st = new State(btype, timeout, c.db(), keyServer);
        Dict<byte[], ArrayDeque<Client>> map = blockingKeys[c.db().id];
        for (byte[] key : keys) {
            boolean dup = false;
            for (byte[] k : st.keys) if (java.util.Arrays.equals(k, key)) { dup = true; break; }
            if (dup) continue;
            byte[] k = key.clone();
            st.keys.add(k);
            ArrayDeque<Client> q = map.fetchValue(k);
            if (q == null) {
                q = new ArrayDeque<>();
                map.add(k, q);
            }
            q.addLast(c);
        }
        c.bstate = st;
        c.blocked = true;
        blocked.add(c);
        if (timeout > 0) server.wakeAfter(Math.max(1, timeout - server.clock().millis() + 1));
    }

    /**
     * Forgets that the client is blocked (unblockClient): it leaves every key's queue, and reads
     * commands again (its pending input is processed when the loop next writes its reply).
     */
    public void unblock(Client c) {
        State st = c.bstate;
        if (st == null) return;
        Dict<byte[], ArrayDeque<Client>> map = blockingKeys[st.db.id];
        for (byte[] key : st.keys) {
            ArrayDeque<Client> q = map.fetchValue(key);
            if (q == null) continue;
            q.remove(c);
            if (q.isEmpty()) map.delete(key);
        }
        c.bstate = null;
        c.blocked = false;
        blocked.remove(c);
        // updateStatsOnUnblock: the command's latency histogram gets its entry now that it is answered
        if (st.cmd != null && server.settings().latencyTracking) {
            if (st.cmd.latencyHistogram == null) st.cmd.latencyHistogram = new io.glassbox.util.LatencyHistogram();
            st.cmd.latencyHistogram.record(st.callNanos);
        }
        if (!c.isClosed()) server.queueWrite(c);
    }

    /**
     * A key was created, maybe one somebody waits for (signalKeyAsReady): remember it, once, for
     * {@link #handleClientsBlockedOnKeys}. O(1); does nothing if nobody waits on the key.
     */
    public void signalKeyAsReady(RedisDb db, byte[] key) {
        if (blockingKeys[db.id].find(key) == null) return;
        if (readySet[db.id].find(key) != null) return;
        byte[] k = key.clone();
        readySet[db.id].add(k, Boolean.TRUE);
        readyKeys.add(new ReadyKey(db, k));
    }

    public boolean hasReadyKeys() { return !readyKeys.isEmpty(); }

    /**
     * The database is about to be emptied (scanDatabaseForDeletedStreams): every stream key someone
     * waits on becomes ready, so blocked XREADGROUP clients learn it is gone. O(keys waited on).
     */
    public void signalDeletedStreams(RedisDb db) { signalDeletedStreams(db, null); }

    /**
     * scanDatabaseForDeletedStreams(emptied, replacedWith): the keys waited on in {@code emptied}
     * that hold a stream now and will not hold one once {@code replacedWith}'s data takes its place
     * (SWAPDB; null: nothing takes its place) become ready. Call before the data moves.
     */
    public void signalDeletedStreams(RedisDb db, RedisDb replacedWith) {
        List<byte[]> keys = new ArrayList<>();
        try (var it = blockingKeys[db.id].iterator()) {
            io.glassbox.ds.dict.DictEntry<byte[], ArrayDeque<Client>> de;
            while ((de = it.next()) != null) keys.add(de.getKey());
        }
        for (byte[] key : keys) {
            RedisObject o = db.dict().fetchValue(key);
            RedisObject next = replacedWith == null ? null : replacedWith.dict().fetchValue(key);
            boolean isStream = next != null && next.type == RedisObject.TYPE_STREAM;
            if (o != null && o.type == RedisObject.TYPE_STREAM && !isStream) signalKeyAsReady(db, key);
        }
    }

    /**
     * scanDatabaseForReadyKeys: after SWAPDB a database holds other data, so every key someone waits
     * on there that now exists becomes ready (the serving step then checks its type and expiry).
     */
    public void scanDatabaseForReadyKeys(RedisDb db) {
        List<byte[]> keys = new ArrayList<>();
        try (var it = blockingKeys[db.id].iterator()) {
            io.glassbox.ds.dict.DictEntry<byte[], ArrayDeque<Client>> de;
            while ((de = it.next()) != null) keys.add(de.getKey());
        }
        for (byte[] key : keys) if (db.dict().find(key) != null) signalKeyAsReady(db, key);
    }

    /**
     * Serves clients blocked on the keys that became ready (handleClientsBlockedOnKeys), each key's
     * clients in the order they blocked, while the key still holds a value of the type they wait
     * for. Clients waiting for another type on the same key are skipped and keep their place.
     */
    public void handleClientsBlockedOnKeys() {
        while (!readyKeys.isEmpty()) {
            List<ReadyKey> l = readyKeys;
            readyKeys = new ArrayList<>();
            for (ReadyKey rk : l) readySet[rk.db.id].delete(rk.key);
            for (ReadyKey rk : l) {
                server.keyspace().startCommand();
                RedisObject o = rk.db.lookupKeyReadNoTouch(rk.key);
                ArrayDeque<Client> q = blockingKeys[rk.db.id].fetchValue(rk.key);
                if (q == null) continue;
                // Stream readers are served on new entries, and XREADGROUP ones also when the key is gone.
                serveClientsBlockedOnStreamKey(q, rk.key, o);
                if (o == null) continue;
                int btype = o.type == RedisObject.TYPE_LIST ? BLOCKED_LIST
                        : o.type == RedisObject.TYPE_ZSET ? BLOCKED_ZSET : BLOCKED_NONE;
                if (btype == BLOCKED_NONE) continue;
                q = blockingKeys[rk.db.id].fetchValue(rk.key);
                if (q == null) continue;
                int n = q.size();
                while (n-- > 0 && !q.isEmpty()) {
                    Client receiver = q.peekFirst();
                    if (receiver.bstate.btype != btype) {
                        q.addLast(q.pollFirst()); // keep waiting; look at it again next time
                        continue;
                    }
                    boolean deleted = serve(receiver, rk.key, o);
                    // each served client's pop (LPOP, LMOVE, ZPOPMIN...) propagates on its own
                    server.propagation().propagatePendingCommands();
                    unblock(receiver);
                    // its own tracked keys' invalidations follow its answer (afterCommand(receiver))
                    server.tracking().handlePendingKeyInvalidations();
                    server.currentClient = previousClient;
                    if (deleted) break;
                }
            }
        }
    }

    /**
     * serveClientsBlockedOnStreamKey: offers the key to every client blocked on it in XREAD or
     * XREADGROUP, in blocking order; each decides whether it can be answered (new entries after its
     * ID, or an error for a group reader whose key or group is gone). Unlike a pop, serving one
     * reader takes nothing away from the next.
     */
    private void serveClientsBlockedOnStreamKey(ArrayDeque<Client> q, byte[] key, RedisObject o) {
        for (Client receiver : new ArrayList<>(q)) {
            if (receiver.bstate == null || receiver.bstate.btype != BLOCKED_STREAM) continue;
            if (serve(receiver, key, o)) unblock(receiver);
            server.tracking().handlePendingKeyInvalidations();
            server.currentClient = previousClient;
        }
    }

    /** The client that was current before a receiver was served; restored once it is. */
    private Client previousClient;
    /** How deep serving a blocked client goes (handleClientsBlockedOnKeys' fixed_time_expire++). */
    private int serving;

    /** True while a blocked client is being served: its command, in effect, is running. */
    boolean serving() { return serving > 0; }

    /**
     * Runs the receiver's blocked command against the key as its current client (blocked.c sets
     * server.current_client to the receiver), so that its own tracked keys' invalidations wait
     * until its answer is out. The caller restores {@link #previousClient}.
     */
    private boolean serve(Client receiver, byte[] key, RedisObject o) {
        previousClient = server.currentClient;
        server.currentClient = receiver;
        serving++;
        try {
            return receiver.bstate.server.serve(receiver, key, o);
        } finally {
            serving--;
        }
    }

    /**
     * Answers every blocked client whose deadline has passed with a null array and unblocks it
     * (handleBlockedClientsTimeout / replyToBlockedClientTimedOut), earliest deadline first.
     */
    public void handleTimeouts(long nowMillis) {
        if (blocked.isEmpty()) return;
        List<Client> due = null;
        for (Client c : blocked) {
            long t = c.bstate.timeout;
            if (t != 0 && t < nowMillis) {
                if (due == null) due = new ArrayList<>();
                due.add(c);
            }
        }
        if (due == null) return;
        due.sort(Comparator.<Client>comparingLong(c -> c.bstate.timeout).thenComparingLong(c -> c.id));
        for (Client c : due) {
            c.addNullArray();
            unblock(c);
        }
    }

    /**
     * clientsCronHandleTimeout's cluster step (clusterRedirectBlockedClientIfNeeded): a client
     * blocked on keys of a slot this node no longer serves, or while the cluster is down, is
     * answered with the redirection and unblocked, instead of waiting for a write that will never
     * come here.
     */
    void redirectBlockedClients(ClusterRouting cluster) {
        if (blocked.isEmpty()) return;
        for (Client c : new ArrayList<>(blocked)) {
            State st = c.bstate;
            if (st == null || st.keys.isEmpty()) continue;
            String error = cluster.redirectBlocked(c, st.keys);
            if (error == null) continue;
            c.addError(error);
            unblock(c);
        }
    }

    /** The client's connection closed while it was blocked: drop it from the queues, no reply. */
    void clientClosed(Client c) {
        if (c.bstate != null) unblock(c);
    }
}
