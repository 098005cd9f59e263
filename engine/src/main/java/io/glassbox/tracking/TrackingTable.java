package io.glassbox.tracking;

import io.glassbox.command.CommandFlags;
import io.glassbox.command.CommandTable;
import io.glassbox.command.RedisCommand;
import io.glassbox.ds.rax.Rax;
import io.glassbox.ds.rax.RaxIterator;
import io.glassbox.server.Client;
import io.glassbox.server.ClientTracking;
import io.glassbox.server.Tracking;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Client-side caching, server side: Redis's {@code tracking.c}.
 *
 * <p>A client that ran {@code CLIENT TRACKING on} keeps the values it reads in its own memory; the
 * server's part is to tell it when one of them may be stale. Two ways:
 * <ul>
 *   <li><b>Default mode</b>: every key a tracking client reads (a read-only command's keys) is
 *       remembered in the <em>tracking table</em>, a radix tree from key to the ids of the clients
 *       that may cache it. When the key changes, each of those clients gets one invalidation and
 *       the key leaves the table: the server remembers a key only until the first change, and the
 *       client must read it again to be told again. Costs memory per key read, sends exactly what
 *       each client needs.</li>
 *   <li><b>BCAST mode</b>: nothing is remembered per key. The client subscribes to prefixes (the
 *       empty prefix for all keys); a changed key is added to each matching prefix's set, and
 *       before the loop sleeps every prefix sends its set, as one message, to its clients. Costs
 *       nothing per read, sends invalidations the client may not need.</li>
 * </ul>
 * The message is a RESP3 push {@code >2 invalidate [keys]} on the client's own connection, or,
 * for a RESP2 client (which cannot tell a push from a reply), a Pub/Sub message on the channel
 * {@code __redis__:invalidate} to another connection it named with REDIRECT. A flush invalidates
 * everything with a null instead of a key list.
 *
 * <p>Invariants and bounds. Ids in the table are removed lazily: a client that stops tracking or
 * disconnects leaves its id under the keys it read, and the id is skipped (and dropped with the key)
 * at the key's next change, so turning tracking off costs O(its prefixes), not O(its keys). The
 * table holds at most {@code tracking-table-max-keys} keys (0 = no limit): above it,
 * {@link #limitUsedSlots} invalidates random keys, 100 more per run while it stays over. A client's
 * own key change is held back while its command runs ({@link #handlePendingKeyInvalidations}), so
 * its invalidation follows the reply instead of splitting it (a transaction's, a script's).
 *
 * <p>When no client ever enabled tracking the table does not exist and every entry point returns at
 * its first test.
 */
public final class TrackingTable implements Tracking {
    /** What tracking needs of the server: its clients, the current one, a setting. */
    public interface Host {
        /** lookupClientByID: a connected client, or null. */
        Client client(long id);

        /** Every connected client, in connection order (server.clients). */
        Iterable<Client> clients();

        /** The client whose command is being processed (server.current_client), or null. */
        Client currentClient();

        /** True while the current client's command runs (server.fixed_time_expire > 0). */
        boolean inCommand();

        /** tracking-table-max-keys, 0 for no limit. */
        long maxKeys();
    }

    static final byte[] INVALIDATE = "invalidate".getBytes(StandardCharsets.US_ASCII);
    static final byte[] REDIR_BROKEN = "tracking-redir-broken".getBytes(StandardCharsets.US_ASCII);
    static final byte[] CHANNEL = "__redis__:invalidate".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_RESP2 = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_RESP3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);

    /** What one BCAST prefix keeps (bcastState). */
    private static final class BcastState {
        /** Keys changed under the prefix in this tick -> the client that changed each last (null: none). */
        Rax<Client> keys = new Rax<>();
        /** The clients subscribed to the prefix. */
        final Set<Client> clients = new LinkedHashSet<>();
    }

    private final Host host;
    /** Key -> ids of the clients that may cache it (TrackingTable); null until tracking is first enabled. */
    private Rax<ClientIds> table;
    /** Prefix -> its state (PrefixTable). */
    private Rax<BcastState> prefixTable;
    /** Ids over all keys (TrackingTableTotalItems). */
    private long totalItems;
    /** Clients with tracking on (server.tracking_clients). */
    private long trackingClients;
    /** The current client's own invalidations, sent after its reply; null stands for a flush (tracking_pending_keys). */
    private final List<byte[]> pendingKeys = new ArrayList<>();
    /** How many runs of limitUsedSlots in a row ended still over the limit (its static timeout_counter). */
    private int timeoutCounter;
    private final Random random = new Random();
    private TrackingListener listener = TrackingListener.NONE;

    public TrackingTable(Host host) { this.host = host; }

    /** Installs (or, with null, removes) the observer of tracked keys and invalidations. */
    public void setListener(TrackingListener l) { this.listener = l == null ? TrackingListener.NONE : l; }

    public TrackingListener listener() { return listener; }

    // ---------------------------------------------------------------- enabling and disabling

    /**
     * Turns tracking on for the client (enableTracking), or changes its options if it is on: the
     * redirection, BCAST with its prefixes (the empty prefix if none), OPTIN, OPTOUT, NOLOOP.
     * The options were checked by CLIENT TRACKING.
     */
    void enableTracking(Client c, long redirectTo, boolean bcast, boolean optin, boolean optout, boolean noloop,
                        List<byte[]> prefixes) {
        ClientTracking t = c.tracking;
        if (!t.on) trackingClients++;
        t.on = true;
        t.brokenRedir = t.bcast = t.optin = t.optout = t.noloop = false;
        t.redirection = redirectTo;
        if (table == null) {
            table = new Rax<>();
            prefixTable = new Rax<>();
        }
        if (bcast) {
            t.bcast = true;
            if (prefixes.isEmpty()) enableBcastTrackingForPrefix(c, new byte[0]);
            for (byte[] p : prefixes) enableBcastTrackingForPrefix(c, p);
        }
        t.optin = optin;
        t.optout = optout;
        t.noloop = noloop;
    }

    /** Subscribes the client to a BCAST prefix, creating the prefix's state if it is the first. */
    private void enableBcastTrackingForPrefix(Client c, byte[] prefix) {
        BcastState bs = prefixTable.get(prefix);
        if (bs == null) {
            bs = new BcastState();
            prefixTable.insert(prefix, bs);
        }
        if (bs.clients.add(c)) {
            if (c.tracking.prefixes == null) c.tracking.prefixes = new Rax<>();
            c.tracking.prefixes.insert(prefix, Boolean.TRUE);
        }
    }

    /**
     * The client stops tracking (disableTracking): it leaves its prefixes (a prefix nobody has any
     * more goes), its flags are cleared. Its ids in the table are left for the keys' next change.
     */
    @Override
    public void disableTracking(Client c) {
        ClientTracking t = c.tracking;
        if (t.bcast && t.prefixes != null) {
            RaxIterator<Boolean> it = t.prefixes.iterator();
            it.seek("^", null);
            while (it.next()) {
                BcastState bs = prefixTable.get(it.key());
                bs.clients.remove(c);
                if (bs.clients.isEmpty()) prefixTable.remove(it.key());
            }
            t.prefixes = null;
        }
        if (t.on) {
            trackingClients--;
            t.clearFlags();
        }
    }

    /**
     * checkPrefixCollisionsOrReply: no two prefixes of one client may both match a key (one being a
     * prefix of the other), neither among the new ones nor with those it has. Returns the error, or
     * null. {@code replyAlsoOk} is set when Redis 7.0.15 replies with the error and still goes on
     * (a collision among the new prefixes found past the first: its function returns the index,
     * which its caller takes for success), so the client gets the error and then +OK.
     */
    static String checkPrefixCollisions(Client c, List<byte[]> prefixes, boolean[] replyAlsoOk) {
        for (int i = 0; i < prefixes.size(); i++) {
            byte[] p = prefixes.get(i);
            if (c.tracking.prefixes != null) {
                RaxIterator<Boolean> it = c.tracking.prefixes.iterator();
                it.seek("^", null);
                while (it.next()) {
                    if (overlap(it.key(), p)) {
                        return "Prefix '" + text(p) + "' overlaps with an existing prefix '" + text(it.key())
                                + "'. Prefixes for a single client must not overlap.";
                    }
                }
            }
            for (int j = i + 1; j < prefixes.size(); j++) {
                if (overlap(p, prefixes.get(j))) {
                    replyAlsoOk[0] = i != 0;
                    return "Prefix '" + text(p) + "' overlaps with another provided prefix '" + text(prefixes.get(j))
                            + "'. Prefixes for a single client must not overlap.";
                }
            }
        }
        return null;
    }

    /** stringCheckPrefix: the shorter is a prefix of the longer. */
    private static boolean overlap(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        return Arrays.equals(a, 0, n, b, 0, n);
    }

    /** A prefix as %s prints it: up to its first NUL byte. */
    private static String text(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- remembering keys

    /**
     * trackingRememberKeys: after a read-only command, its keys are remembered for the client,
     * unless OPTIN without CLIENT CACHING yes, or OPTOUT with CLIENT CACHING no. Pub/Sub commands'
     * shard channels are not keys to cache.
     */
    @Override
    public void rememberKeys(Client c, RedisCommand cmd, List<byte[]> argv) {
        ClientTracking t = c.tracking;
        if ((t.optin && !t.caching) || (t.optout && t.caching)) return;
        if (cmd.has(CommandFlags.PUBSUB)) return;
        int[] keys = CommandTable.keyPositions(cmd, argv);
        if (keys == null || keys.length == 0) return;
        for (int pos : keys) {
            byte[] key = argv.get(pos);
            ClientIds ids = table.get(key);
            if (ids == null) {
                ids = new ClientIds();
                table.insert(key, ids);
            }
            if (ids.add(c.id)) totalItems++;
        }
        if (listener != TrackingListener.NONE) {
            List<byte[]> tracked = new ArrayList<>(keys.length);
            for (int pos : keys) tracked.add(argv.get(pos));
            listener.keysTracked(c.id, tracked);
        }
    }

    // ---------------------------------------------------------------- invalidating

    @Override
    public void invalidateKey(Client modifier, byte[] key) {
        invalidateKey(modifier, key, true);
    }

    /**
     * trackingInvalidateKey: the clients in the table for this key are told, and the key leaves
     * the table. With {@code bcast} the key is also queued for the matching BCAST prefixes (false
     * when the key did not change but is evicted from a full table). A target that is the current
     * client with a command running is told after its reply; a NOLOOP target is not told about
     * its own change.
     */
    private void invalidateKey(Client modifier, byte[] key, boolean bcast) {
        if (table == null) return;
        if (bcast && prefixTable.size() > 0) rememberKeyToBroadcast(modifier, key);
        ClientIds ids = table.get(key);
        if (ids == null) return;
        Client current = host.currentClient();
        for (int i = 0; i < ids.size(); i++) {
            Client target = host.client(ids.get(i));
            // a client that left BCAST mode's predecessor keys, or stopped tracking, is skipped
            if (target == null || !target.tracking.on || target.tracking.bcast) continue;
            if (target.tracking.noloop && target == current) continue;
            if (target == current && host.inCommand()) pendingKeys.add(key);
            else sendTrackingMessage(target, key, false);
        }
        totalItems -= ids.size();
        table.remove(key);
    }

    /** trackingRememberKeyToBroadcast: the key joins the set of every prefix it starts with. */
    private void rememberKeyToBroadcast(Client modifier, byte[] key) {
        RaxIterator<BcastState> it = prefixTable.iterator();
        it.seek("^", null);
        while (it.next()) {
            byte[] p = it.key();
            if (p.length > key.length) continue;
            if (!Arrays.equals(p, 0, p.length, key, 0, p.length)) continue;
            it.data().keys.insert(key, modifier);
        }
    }

    /** trackingHandlePendingKeyInvalidations: the current client's own invalidations, after its reply. */
    @Override
    public void handlePendingKeyInvalidations() {
        if (pendingKeys.isEmpty()) return;
        Client current = host.currentClient();
        if (current != null && !current.isClosed()) {
            for (byte[] key : pendingKeys) {
                if (key != null) sendTrackingMessage(current, key, false);
                else sendTrackingMessage(current, current.resp3() ? NULL_RESP3 : NULL_RESP2, true);
            }
        }
        pendingKeys.clear();
    }

    /**
     * trackingInvalidateKeysOnFlush: every tracking client is told that all its keys are invalid
     * (a null where the key list would be), and the table is emptied.
     */
    @Override
    public void invalidateKeysOnFlush() {
        if (trackingClients > 0) {
            Client current = host.currentClient();
            for (Client c : host.clients()) {
                if (!c.tracking.on) continue;
                if (c == current) pendingKeys.add(null);
                else sendTrackingMessage(c, c.resp3() ? NULL_RESP3 : NULL_RESP2, true);
            }
        }
        if (table != null) {
            table = new Rax<>();
            totalItems = 0;
        }
    }

    /**
     * trackingLimitUsedSlots: over tracking-table-max-keys, random keys are invalidated (their
     * clients told, as if the keys had changed) until the table fits. The effort is 100 keys per
     * run, 100 more for each run in a row that could not get under the limit.
     */
    @Override
    public void limitUsedSlots() {
        if (table == null || trackingClients == 0) return;
        long maxKeys = host.maxKeys();
        if (maxKeys == 0) return;
        if (table.size() <= maxKeys) {
            timeoutCounter = 0;
            return;
        }
        int effort = 100 * (timeoutCounter + 1);
        while (effort-- > 0) {
            byte[] key = table.randomKey(random);
            if (key == null) break;
            invalidateKey(null, key, false);
            if (table.size() <= maxKeys) {
                timeoutCounter = 0;
                return;
            }
        }
        timeoutCounter++;
    }

    /**
     * trackingBroadcastInvalidationMessages: each prefix sends the keys changed under it since the
     * last call, as one array, to each of its clients; a NOLOOP client gets the array without the
     * keys it changed itself (nothing if that leaves none).
     */
    @Override
    public void broadcastInvalidationMessages() {
        if (table == null || trackingClients == 0) return;
        RaxIterator<BcastState> it = prefixTable.iterator();
        it.seek("^", null);
        while (it.next()) {
            BcastState bs = it.data();
            if (bs.keys.size() > 0) {
                byte[] proto = buildBroadcastReply(null, bs.keys);
                for (Client c : bs.clients) {
                    if (c.tracking.noloop) {
                        byte[] adhoc = buildBroadcastReply(c, bs.keys);
                        if (adhoc != null) sendTrackingMessage(c, adhoc, true);
                    } else {
                        sendTrackingMessage(c, proto, true);
                    }
                }
                bs.keys = new Rax<>();
            }
        }
    }

    /**
     * trackingBuildBroadcastReply: the RESP array of the keys, leaving out those last changed by
     * {@code c} if given; null if that leaves none.
     */
    private static byte[] buildBroadcastReply(Client c, Rax<Client> keys) {
        List<byte[]> out = new ArrayList<>();
        RaxIterator<Client> it = keys.iterator();
        it.seek("^", null);
        while (it.next()) {
            if (c != null && it.data() == c) continue;
            out.add(it.key());
        }
        if (c != null && out.isEmpty()) return null;
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(16 + out.size() * 15);
        b.writeBytes(("*" + out.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] k : out) {
            b.writeBytes(("$" + k.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(k);
            b.writeBytes(new byte[]{'\r', '\n'});
        }
        return b.toByteArray();
    }

    /**
     * sendTrackingMessage: one invalidation for tracking client {@code c}, to {@code c} itself or to
     * the client it redirects to. {@code proto} says {@code keyOrProto} is already RESP (a BCAST
     * array or a flush's null), else it is one key name. A RESP3 receiver gets a push
     * {@code [invalidate, keys]}; a RESP2 receiver only through a redirection and only while
     * subscribed ({@code [message, __redis__:invalidate, keys]}); otherwise nothing can be sent.
     * A redirection to a client that is gone sets the broken-redirect flag and, for a RESP3 client,
     * pushes {@code [tracking-redir-broken, id]}. Pushes pass CLIENT REPLY OFF (CLIENT_PUSHING).
     */
    private void sendTrackingMessage(Client c, byte[] keyOrProto, boolean proto) {
        Client receiver = c;
        boolean usingRedirection = false;
        ClientTracking t = c.tracking;
        if (t.redirection != 0) {
            Client redir = host.client(t.redirection);
            if (redir == null) {
                t.brokenRedir = true;
                if (c.resp3()) {
                    boolean muted = beginPush(c);
                    c.addPushLen(2);
                    c.addBulk(REDIR_BROKEN);
                    c.addLong(t.redirection);
                    endPush(c, muted);
                    c.installWriteHandler();
                    if (listener != TrackingListener.NONE) listener.invalidationSent(c.id, c.id, null, "redir-broken");
                }
                return;
            }
            receiver = redir;
            usingRedirection = true;
        }
        boolean muted = beginPush(receiver);
        String how;
        if (receiver.resp3()) {
            receiver.addPushLen(2);
            receiver.addBulk(INVALIDATE);
            how = "push";
        } else if (usingRedirection && receiver.pubsub.pubsubMode()) {
            receiver.addArrayLen(3); // addReplyPubsubMessage's RESP2 header, without the message
            receiver.addBulk(MESSAGE);
            receiver.addBulk(CHANNEL);
            how = "pubsub";
        } else {
            endPush(receiver, muted);
            return; // RESP2 without a subscribed redirection: nowhere to send it
        }
        if (proto) {
            receiver.addRaw(keyOrProto);
        } else {
            receiver.addArrayLen(1);
            receiver.addBulk(keyOrProto);
        }
        endPush(receiver, muted);
        receiver.installWriteHandler();
        if (listener != TrackingListener.NONE) {
            listener.invalidationSent(receiver.id, c.id, proto ? keysOf(keyOrProto) : List.of(keyOrProto), how);
        }
    }

    /** The keys of a RESP array of bulks (a BCAST message), or null for a RESP null (a flush): for the listener. */
    private static List<byte[]> keysOf(byte[] proto) {
        if (proto[0] != '*') return null;
        List<byte[]> keys = new ArrayList<>();
        int i = indexOfCrlf(proto, 0) + 2;
        while (i < proto.length) {
            int e = indexOfCrlf(proto, i);
            int len = Integer.parseInt(new String(proto, i + 1, e - i - 1, StandardCharsets.US_ASCII));
            keys.add(Arrays.copyOfRange(proto, e + 2, e + 2 + len));
            i = e + 2 + len + 2;
        }
        return keys;
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i < b.length - 1; i++) if (b[i] == '\r' && b[i + 1] == '\n') return i;
        return b.length;
    }

    /** CLIENT_PUSHING: a push reaches a client even under CLIENT REPLY OFF; a replica's or master's link stays muted. */
    private static boolean beginPush(Client c) {
        boolean muted = c.muted();
        if (muted && !c.isReplica() && !c.isMaster()) c.setMuted(false);
        return muted;
    }

    private static void endPush(Client c, boolean muted) { c.setMuted(muted); }

    /** lookupClientByID, for CLIENT TRACKING's REDIRECT check. */
    Client client(long id) { return host.client(id); }

    // ---------------------------------------------------------------- INFO

    @Override public long trackingClients() { return trackingClients; }

    @Override public long totalKeys() { return table == null ? 0 : table.size(); }

    @Override public long totalItems() { return totalItems; }

    @Override public long totalPrefixes() { return prefixTable == null ? 0 : prefixTable.size(); }

    /** The clients that may cache a key (for the REPL's and the tests' eyes), in id order. */
    public long[] clientsTracking(byte[] key) {
        ClientIds ids = table == null ? null : table.get(key);
        if (ids == null) return new long[0];
        long[] out = new long[ids.size()];
        for (int i = 0; i < out.length; i++) out[i] = ids.get(i);
        return out;
    }

    /** A key of the tracking table and the clients that may cache it (their ids, in id order). */
    public record KeyEntry(byte[] key, long[] clientIds) {}

    /** A BCAST prefix and the clients subscribed to it. */
    public record PrefixEntry(byte[] prefix, long[] clientIds) {}

    /**
     * What a viewer draws of client-side caching: the counts INFO shows, the first {@code max} keys
     * of the table (in key order) with their clients, and the first {@code max} BCAST prefixes with theirs.
     */
    public record View(long trackingClients, long keys, long items, long prefixCount, List<KeyEntry> table, List<PrefixEntry> prefixes) {
        public View {
            table = List.copyOf(table);
            prefixes = List.copyOf(prefixes);
        }
    }

    /** A copy for {@link View}; command thread, O(max). */
    public View view(int max) {
        List<KeyEntry> keys = new ArrayList<>();
        List<PrefixEntry> prefixes = new ArrayList<>();
        if (table != null) {
            RaxIterator<ClientIds> it = table.iterator();
            it.seek("^", null);
            while (keys.size() < max && it.next()) keys.add(new KeyEntry(it.key().clone(), clientsTracking(it.key())));
            RaxIterator<BcastState> pit = prefixTable.iterator();
            pit.seek("^", null);
            while (prefixes.size() < max && pit.next()) {
                long[] ids = pit.data().clients.stream().mapToLong(c -> c.id).sorted().toArray();
                prefixes.add(new PrefixEntry(pit.key().clone(), ids));
            }
        }
        return new View(trackingClients, totalKeys(), totalItems, totalPrefixes(), keys, prefixes);
    }
}
