package io.glassbox.server;

import io.glassbox.command.CommandFlags;
import io.glassbox.command.RedisCommand;
import io.glassbox.db.RedisDb;
import io.glassbox.ds.dict.Dict;
import io.glassbox.ds.dict.DictType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Transactions: Redis's {@code multi.c}. MULTI, EXEC, DISCARD, WATCH, UNWATCH.
 *
 * <p>A transaction is a queue, not a lock. After MULTI the client's commands are checked (name,
 * arity, and the other checks of {@code processCommand}) and queued, each answered with
 * {@code +QUEUED}; nothing touches the keyspace. EXEC then runs the queue in one go on the command
 * thread, so no other client's command can run in between: atomicity comes for free from the
 * single thread. Two kinds of failure are kept apart, as in Redis:
 * <ul>
 *   <li>an error while queueing (unknown command, wrong arity) marks the transaction
 *       {@code dirtyExec}; EXEC then refuses to run anything and answers
 *       {@code -EXECABORT Transaction discarded because of previous errors.};</li>
 *   <li>an error while running (WRONGTYPE, a non-integer for INCR) is just that command's reply in
 *       EXEC's array; the commands before and after it still run. There is no rollback.</li>
 * </ul>
 *
 * <p>WATCH is optimistic locking (check-and-set). Each database keeps, per watched key, the list of
 * clients watching it ({@code db->watched_keys}, here {@link #watchedKeys}); every write reaches
 * {@link #touchWatchedKey} through the keyspace's signalModifiedKey, which marks the watchers
 * {@code dirtyCas}. EXEC of a dirty-CAS transaction answers a null array and runs nothing. A watched
 * key that expires counts as modified, even before anything deletes it ({@link #isWatchedKeyExpired});
 * one that had already expired when it was watched does not, when it is finally deleted. FLUSHDB,
 * FLUSHALL and SWAPDB touch the watched keys that existed (or appear) in the affected databases.
 *
 * <p>While EXEC runs, the client is {@link Client#denyBlocking}: BLPOP and friends answer as if their
 * timeout had already passed, because a transaction cannot wait half-way through.
 */
public final class Multi {
    /** A queued command (multiCmd). */
    record MultiCmd(RedisCommand cmd, List<byte[]> argv) {}

    /** One key a client watches (watchedKey): which database, and whether it was already expired then. */
    static final class WatchedKey {
        final RedisDb db;
        final byte[] key;
        boolean expired;

        WatchedKey(RedisDb db, byte[] key, boolean expired) {
            this.db = db;
            this.key = key;
            this.expired = expired;
        }
    }

    /** A client's transaction state (multiState plus the CLIENT_MULTI / DIRTY_* flags and watched_keys). */
    public static final class State {
        boolean inMulti;
        /** A watched key was touched: EXEC answers a null array (CLIENT_DIRTY_CAS). */
        boolean dirtyCas;
        /** A command was refused while queueing: EXEC answers EXECABORT (CLIENT_DIRTY_EXEC). */
        boolean dirtyExec;
        final List<MultiCmd> commands = new ArrayList<>();
        /** OR of the queued commands' flags (mstate.cmd_flags): is this a write transaction? */
        long cmdFlags;
        long cmdInvFlags;
        final List<WatchedKey> watched = new ArrayList<>();

        /** True between MULTI and EXEC/DISCARD ('x' in CLIENT LIST flags). */
        public boolean inMulti() { return inMulti; }

        /** The i-th queued command (getNodeByQuery judges an EXEC by every command it will run). */
        public RedisCommand queuedCommand(int i) { return commands.get(i).cmd(); }

        /** The arguments of the i-th queued command. */
        public List<byte[]> queuedArgv(int i) { return commands.get(i).argv(); }

        /** OR of the queued commands' flags (mstate.cmd_flags). */
        public long queuedFlags() { return cmdFlags; }

        /** Number of queued commands, or -1 outside MULTI (CLIENT LIST's multi=). */
        public int queuedOrMinusOne() { return inMulti ? commands.size() : -1; }

        /**
         * Bytes held for the transaction (CLIENT LIST's multi-mem, multiStateMemOverhead): the queued
         * arguments and the watched keys. Redis adds its allocator's struct sizes; this counts payload.
         */
        public long memory() {
            long mem = 0;
            for (MultiCmd mc : commands) for (byte[] a : mc.argv) mem += a.length;
            for (WatchedKey wk : watched) mem += wk.key.length;
            return mem;
        }

        /** Number of watched keys (CLIENT LIST's watch= in later versions, the 'd' flag's cause). */
        public int watchedKeys() { return watched.size(); }

        /** True if a watched key was touched ('d' in CLIENT LIST flags). */
        public boolean dirtyCas() { return dirtyCas; }
    }

    static final String EXECABORT = "-EXECABORT Transaction discarded because of previous errors.";

    private final Server server;
    /** Per database id: key -> clients watching it (db->watched_keys). */
    private final Dict<byte[], List<Client>>[] watchedKeys;

    @SuppressWarnings("unchecked")
    Multi(Server server) {
        this.server = server;
        int n = server.keyspace().databases();
        watchedKeys = new Dict[n];
        for (int i = 0; i < n; i++) watchedKeys[i] = new Dict<>(DictType.BYTES);
    }

    /** Number of keys watched in all databases (INFO's watching_clients / total_watched_keys). */
    public long totalWatchedKeys() {
        long n = 0;
        for (Dict<byte[], List<Client>> d : watchedKeys) n += d.size();
        return n;
    }

    // ---------------------------------------------------------------- queueing (called by processCommand)

    /**
     * True if this command must be queued rather than run: the client is in MULTI and the command is
     * not one of those that act on the transaction itself (EXEC, DISCARD, MULTI, WATCH, QUIT, RESET).
     */
    static boolean mustQueue(Client c, RedisCommand cmd) {
        if (!c.mstate.inMulti) return false;
        return switch (cmd.name) {
            case "exec", "discard", "multi", "watch", "quit", "reset" -> false;
            default -> true;
        };
    }

    /**
     * Adds the command to the queue and answers +QUEUED (queueMultiCommand). A transaction that is
     * already doomed keeps nothing: EXEC will refuse it anyway.
     */
    static void queueMultiCommand(Client c, RedisCommand cmd, long cmdFlags) {
        State st = c.mstate;
        if (!st.dirtyCas && !st.dirtyExec) {
            st.commands.add(new MultiCmd(cmd, new ArrayList<>(c.argv)));
            st.cmdFlags |= cmdFlags; // getCommandFlags: a queued script counts with its declared flags
            st.cmdInvFlags |= ~cmdFlags; // mstate.cmd_inv_flags: which flags some queued command lacks
        }
        c.addStatus("QUEUED");
    }

    /** A command was refused while queueing: the transaction must fail at EXEC (flagTransaction). */
    static void flagTransaction(Client c) {
        if (c.mstate.inMulti) c.mstate.dirtyExec = true;
    }

    /** True if EXEC of this client's transaction would write, for CLIENT PAUSE WRITE. */
    static boolean execMayReplicate(Client c) {
        return (c.mstate.cmdFlags & (CommandFlags.WRITE | CommandFlags.MAY_REPLICATE)) != 0;
    }

    /** The transaction queued a deny-oom command: EXEC is refused when memory is over maxmemory. */
    /** EXEC of a transaction holding a write command (mstate.cmd_flags & CMD_WRITE). */
    static boolean execMayWrite(Client c) {
        return (c.mstate.cmdFlags & CommandFlags.WRITE) != 0;
    }

    /** EXEC of a transaction holding a command not allowed on a stale replica (mstate.cmd_inv_flags & CMD_STALE). */
    static boolean execHasNonStale(Client c) {
        return (c.mstate.cmdInvFlags & CommandFlags.STALE) != 0;
    }

    static boolean execDeniesOom(Client c) {
        return (c.mstate.cmdFlags & CommandFlags.DENYOOM) != 0;
    }

    /**
     * EXEC itself was refused by processCommand: the transaction is discarded and the error says why
     * (execCommandAbort).
     */
    void execCommandAbort(Client c, String error) {
        discardTransaction(c);
        String e = error.startsWith("-") ? error.substring(1) : error;
        c.addError("-EXECABORT Transaction discarded because of: " + e);
    }

    // ---------------------------------------------------------------- the commands

    public void multiCommand(Client c) {
        if (c.mstate.inMulti) {
            c.addError("MULTI calls can not be nested");
            return;
        }
        c.mstate.inMulti = true;
        c.addOk();
    }

    public void discardCommand(Client c) {
        if (!c.mstate.inMulti) {
            c.addError("DISCARD without MULTI");
            return;
        }
        discardTransaction(c);
        c.addOk();
    }

    /** Forgets the queue, the flags and the watched keys (discardTransaction). */
    public void discardTransaction(Client c) {
        State st = c.mstate;
        st.commands.clear();
        st.cmdFlags = 0;
        st.cmdInvFlags = 0;
        st.inMulti = false;
        st.dirtyCas = false;
        st.dirtyExec = false;
        unwatchAllKeys(c);
    }

    /**
     * EXEC (execCommand): refuse a doomed transaction, else run every queued command through
     * {@code call} and gather their replies in one array. Work is the sum of the queued commands'.
     * The commands propagate themselves through the nested calls; {@link Propagation} wraps what
     * they wrote in MULTI ... EXEC when the outermost call (this EXEC) returns.
     */
    public void execCommand(Client c) {
        State st = c.mstate;
        if (!st.inMulti) {
            c.addError("EXEC without MULTI");
            return;
        }
        if (isWatchedKeyExpired(c)) st.dirtyCas = true;
        if (st.dirtyCas || st.dirtyExec) {
            if (st.dirtyExec) c.addError(EXECABORT);
            else c.addNullArray();
            discardTransaction(c);
            return;
        }
        boolean oldDenyBlocking = c.denyBlocking;
        c.denyBlocking = true;
        unwatchAllKeys(c); // unwatch as soon as possible: nothing can touch the keys from now on
        List<byte[]> origArgv = c.argv;
        RedisCommand origCmd = c.cmd;
        List<MultiCmd> queued = new ArrayList<>(st.commands);
        c.addArrayLen(queued.size());
        for (MultiCmd mc : queued) {
            c.argv = mc.argv;
            c.cmd = mc.cmd;
            // the ACL rules may have changed since the command was queued (execCommand checks again)
            int denied = c.user == null || c.user.unrestricted() ? AccessControl.OK
                    : server.access().check(c, c, c.user, mc.cmd, AccessControl.CTX_MULTI);
            if (denied != AccessControl.OK) {
                c.addError("-NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. "
                        + "This command is no longer allowed for the following reason: " + switch (denied) {
                            case AccessControl.DENIED_CMD -> "no permission to execute the command or subcommand";
                            case AccessControl.DENIED_KEY -> "no permission to touch the specified keys";
                            default -> "no permission to access one of the channels used as arguments";
                        });
                continue;
            }
            server.processor().call(c, mc.cmd);
        }
        c.denyBlocking = oldDenyBlocking;
        c.argv = origArgv;
        c.cmd = origCmd;
        discardTransaction(c);
    }

    public void watchCommand(Client c) {
        if (c.mstate.inMulti) {
            c.addError("WATCH inside MULTI is not allowed");
            return;
        }
        for (int j = 1; j < c.argc(); j++) watchForKey(c, c.arg(j));
        c.addOk();
    }

    public void unwatchCommand(Client c) {
        unwatchAllKeys(c);
        c.mstate.dirtyCas = false;
        c.addOk();
    }

    // ---------------------------------------------------------------- WATCH bookkeeping

    /** Watches a key in the client's current database, once (watchForKey). */
    void watchForKey(Client c, byte[] key) {
        RedisDb db = c.db();
        for (WatchedKey wk : c.mstate.watched) {
            if (wk.db == db && Arrays.equals(wk.key, key)) return;
        }
        Dict<byte[], List<Client>> map = watchedKeys[db.id];
        List<Client> clients = map.fetchValue(key);
        byte[] k = key.clone();
        if (clients == null) {
            clients = new ArrayList<>();
            map.add(k, clients);
        }
        clients.add(c);
        c.mstate.watched.add(new WatchedKey(db, k, db.keyIsExpired(key)));
    }

    /** Stops watching every key (unwatchAllKeys); O(watched keys x watchers per key). */
    public void unwatchAllKeys(Client c) {
        List<WatchedKey> watched = c.mstate.watched;
        if (watched.isEmpty()) return;
        for (WatchedKey wk : watched) {
            Dict<byte[], List<Client>> map = watchedKeys[wk.db.id];
            List<Client> clients = map.fetchValue(wk.key);
            if (clients == null) continue;
            clients.remove(c);
            if (clients.isEmpty()) map.delete(wk.key);
        }
        watched.clear();
    }

    /** True if a key that was alive when watched has expired since (isWatchedKeyExpired). */
    boolean isWatchedKeyExpired(Client c) {
        for (WatchedKey wk : c.mstate.watched) {
            if (wk.expired) continue;
            if (wk.db.keyIsExpired(wk.key)) return true;
        }
        return false;
    }

    private static WatchedKey find(Client c, RedisDb db, byte[] key) {
        for (WatchedKey wk : c.mstate.watched) if (wk.db == db && Arrays.equals(wk.key, key)) return wk;
        return null;
    }

    /**
     * A key was modified: every client watching it will fail its EXEC (touchWatchedKey). The one
     * exception is a key already expired when it was watched whose deletion is just now happening:
     * logically nothing changed. A dirty client stops watching, so later writes cost nothing.
     */
    void touchWatchedKey(RedisDb db, byte[] key) {
        Dict<byte[], List<Client>> map = watchedKeys[db.id];
        if (map.size() == 0) return;
        List<Client> clients = map.fetchValue(key);
        if (clients == null) return;
        for (Client c : new ArrayList<>(clients)) {
            WatchedKey wk = find(c, db, key);
            if (wk != null && wk.expired && db.dict().find(key) == null) {
                wk.expired = false; // the expired key is gone: deleted keys are not "expired"
                continue;
            }
            c.mstate.dirtyCas = true;
            unwatchAllKeys(c);
        }
    }

    /**
     * FLUSHDB/FLUSHALL is about to empty {@code dbnum} (-1: all): touch every watched key that
     * exists there (touchAllWatchedKeysInDb with no replacement). Called before the keys go.
     */
    void databaseFlushed(int dbnum) {
        int start = dbnum == -1 ? 0 : dbnum, end = dbnum == -1 ? watchedKeys.length - 1 : dbnum;
        for (int i = start; i <= end; i++) touchAllWatchedKeysInDb(server.keyspace().db(i), null, null);
    }

    /**
     * SWAPDB a b has just exchanged the contents: a watched key in either database is touched if it
     * existed before or exists now (touchAllWatchedKeysInDb both ways).
     */
    void databasesSwapped(int a, int b) {
        RedisDb da = server.keyspace().db(a), dbb = server.keyspace().db(b);
        // after the swap, a's old content lives in b and b's old content in a
        touchAllWatchedKeysInDb(da, dbb, da);
        touchAllWatchedKeysInDb(dbb, da, dbb);
    }

    /**
     * The watched keys of {@code watchedIn} lose the content of {@code emptied} and get that of
     * {@code replacedWith} (null: nothing). Expired keys follow Redis's rules: an expired key that
     * disappears, or stays expired, is no change.
     */
    private void touchAllWatchedKeysInDb(RedisDb watchedIn, RedisDb emptied, RedisDb replacedWith) {
        Dict<byte[], List<Client>> map = watchedKeys[watchedIn.id];
        if (map.size() == 0) return;
        if (emptied == null) emptied = watchedIn;
        List<byte[]> keys = new ArrayList<>();
        try (var it = map.safeIterator()) {
            for (var de = it.next(); de != null; de = it.next()) keys.add(de.getKey());
        }
        for (byte[] key : keys) {
            List<Client> clients = map.fetchValue(key);
            if (clients == null) continue;
            boolean existsInEmptied = emptied.dict().find(key) != null;
            boolean existsInReplacement = replacedWith != null && replacedWith.dict().find(key) != null;
            if (!existsInEmptied && !existsInReplacement) continue;
            for (Client c : new ArrayList<>(clients)) {
                WatchedKey wk = find(c, watchedIn, key);
                if (wk == null) continue;
                if (wk.expired) {
                    if (!existsInReplacement) { wk.expired = false; continue; }
                    if (replacedWith.keyIsExpired(key)) continue;
                } else if (!existsInEmptied && replacedWith.keyIsExpired(key)) {
                    wk.expired = true;
                    continue;
                }
                c.mstate.dirtyCas = true;
                unwatchAllKeys(c);
            }
        }
    }

    /** The client is going away: forget its transaction and its watched keys (freeClient). */
    void clientClosed(Client c) {
        discardTransaction(c);
    }
}
