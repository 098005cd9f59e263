package io.glassbox.persistence.rdb;

import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.server.Client;
import io.glassbox.server.Notify;
import io.glassbox.server.Propagation;
import io.glassbox.util.RedisNumbers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH pw] [AUTH2 user pw]
 * [KEYS key...] ({@code migrateCommand} in Redis's {@code cluster.c}): DUMP on this side, RESTORE on
 * the other, over a connection kept open for the next call. Like Redis it talks to the target
 * synchronously from the command thread, every step bounded by {@code timeout} milliseconds: the
 * server waits, as Redis's does, which is why the timeout exists. A key is deleted here only once
 * the target answered OK for it, and the command then propagates as DEL of exactly those keys.
 *
 * <p>Connections are cached per host:port ({@code migrateGetSocket}, at most 64, one dropped at
 * random when full) with the last database SELECTed on them, and closed after 10 idle seconds by
 * the cron ({@code migrateCloseTimedoutSockets}); INFO's migrate_cached_sockets counts them. Every
 * socket is this engine's own: two engines in one JVM never share one.
 */
public final class Migrate {
    /** MIGRATE_SOCKET_CACHE_ITEMS and MIGRATE_SOCKET_CACHE_TTL (seconds). */
    static final int CACHE_ITEMS = 64;
    static final long CACHE_TTL_SECONDS = 10;

    private final RdbPersistence rdb;
    private final Map<String, CachedSocket> cache = new LinkedHashMap<>();

    /** migrateCachedSocket: the connection, the db last SELECTed on it (-1: unknown), when last used. */
    private static final class CachedSocket {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        long lastDbid = -1;
        long lastUseSeconds;

        CachedSocket(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }
    }

    Migrate(RdbPersistence rdb) { this.rdb = rdb; }

    /** INFO stats' migrate_cached_sockets. */
    public int cachedSockets() { return cache.size(); }

    /** migrateCloseTimedoutSockets: closes connections idle for more than 10 seconds. */
    public void closeTimedOutSockets() {
        long now = rdb.host().nowMillis() / 1000;
        for (Iterator<CachedSocket> it = cache.values().iterator(); it.hasNext(); ) {
            CachedSocket cs = it.next();
            if (now - cs.lastUseSeconds > CACHE_TTL_SECONDS) {
                closeQuietly(cs.socket);
                it.remove();
            }
        }
    }

    /** Closes every cached connection (the engine is closing). */
    public void closeAll() {
        for (CachedSocket cs : cache.values()) closeQuietly(cs.socket);
        cache.clear();
    }

    /** The failure that ends an attempt: which step, and whether it was a timeout (no retry then). */
    private static final class SocketError extends Exception {
        final boolean writing, timedOut;

        SocketError(boolean writing, boolean timedOut) {
            super(null, null, false, false);
            this.writing = writing;
            this.timedOut = timedOut;
        }
    }

    void migrate(Client c) {
        boolean copy = false, replace = false;
        byte[] username = null, password = null;
        int firstKey = 3, numKeys = 1;
        for (int j = 6; j < c.argc(); j++) {
            int moreArgs = c.argc() - 1 - j;
            if (c.argIs(j, "copy")) {
                copy = true;
            } else if (c.argIs(j, "replace")) {
                replace = true;
            } else if (c.argIs(j, "auth")) {
                if (moreArgs < 1) { c.addErrorSyntax(); return; }
                password = c.arg(++j);
                c.redactArgument(j);
            } else if (c.argIs(j, "auth2")) {
                if (moreArgs < 2) { c.addErrorSyntax(); return; }
                username = c.arg(++j);
                c.redactArgument(j);
                password = c.arg(++j);
                c.redactArgument(j);
            } else if (c.argIs(j, "keys")) {
                if (c.arg(3).length != 0) {
                    c.addError("When using MIGRATE KEYS option, the key argument must be set to the empty string");
                    return;
                }
                firstKey = j + 1;
                numKeys = c.argc() - j - 1;
                break; // all the remaining arguments are keys
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        long[] v = new long[1];
        if (!RedisNumbers.string2ll(c.arg(5), v)) { c.addErrorNotInteger(); return; }
        long timeout = v[0] <= 0 ? 1000 : v[0];
        if (!RedisNumbers.string2ll(c.arg(4), v)) { c.addErrorNotInteger(); return; }
        long dbid = v[0];

        // the keys that are here; none at all is +NOKEY, not an error (they may just have expired)
        RedisDb db = c.db();
        List<byte[]> keys = new ArrayList<>();
        List<RedisObject> values = new ArrayList<>();
        for (int j = 0; j < numKeys; j++) {
            RedisObject o = db.lookupKeyRead(c.arg(firstKey + j));
            if (o != null) {
                keys.add(c.arg(firstKey + j));
                values.add(o);
            }
        }
        if (keys.isEmpty()) { c.addStatus("NOKEY"); return; }

        String host = c.argString(1), port = c.argString(2);
        String name = host + ":" + port;
        boolean mayRetry = true;
        while (true) {
            try {
                CachedSocket cs = socketFor(c, name, host, port, timeout);
                if (cs == null) return; // the error is in the reply
                List<byte[]> acked = transfer(c, cs, db, keys, values, dbid, copy, replace, username, password, timeout);
                if (acked != null) deleteMigrated(c, db, acked);
                return;
            } catch (SocketError e) {
                closeSocket(name);
                if (!e.timedOut && mayRetry) {
                    // a cached connection the target closed: reopening it is worth one more try
                    mayRetry = false;
                    continue;
                }
                c.addError("-IOERR error or timeout " + (e.writing ? "writing" : "reading") + " to target instance");
                return;
            }
        }
    }

    /**
     * One attempt: AUTH, SELECT and the RESTOREs go out as one buffer, then the replies are read.
     * Returns the keys the target took (to delete here unless COPY), or null when the reply is
     * already given. Throws when the connection failed before anything was acknowledged.
     */
    private List<byte[]> transfer(Client c, CachedSocket cs, RedisDb db, List<byte[]> keys, List<RedisObject> values, long dbid,
                                  boolean copy, boolean replace, byte[] username, byte[] password, long timeout) throws SocketError {
        ByteArrayOutputStream cmd = new ByteArrayOutputStream();
        if (password != null) {
            writeCommand(cmd, username != null ? List.of(bytes("AUTH"), username, password) : List.of(bytes("AUTH"), password));
        }
        boolean select = cs.lastDbid != dbid;
        if (select) writeCommand(cmd, List.of(bytes("SELECT"), bytes(Long.toString(dbid))));
        List<byte[]> sent = new ArrayList<>();
        long now = rdb.host().nowMillis();
        boolean clusterEnabled = rdb.host().config().bool("cluster-enabled").get();
        for (int j = 0; j < keys.size(); j++) {
            long ttl = 0;
            long expireAt = db.getExpire(keys.get(j));
            if (expireAt != -1) {
                ttl = expireAt - now;
                if (ttl < 0) continue; // expired since the look-up
                if (ttl < 1) ttl = 1;
            }
            // a cluster node sends RESTORE-ASKING, so that the target takes keys of a slot it is importing
            List<byte[]> restore = new ArrayList<>(List.of(bytes(clusterEnabled ? "RESTORE-ASKING" : "RESTORE"), keys.get(j), bytes(Long.toString(ttl)),
                    DumpPayload.create(values.get(j))));
            if (replace) restore.add(bytes("REPLACE"));
            writeCommand(cmd, restore);
            sent.add(keys.get(j));
        }
        try {
            cs.socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout));
            cs.out.write(cmd.toByteArray());
            cs.out.flush();
        } catch (IOException e) {
            throw new SocketError(true, e instanceof SocketTimeoutException);
        }
        String authReply = null, selectReply = null;
        try {
            if (password != null) authReply = readLine(cs.in);
            if (select) selectReply = readLine(cs.in);
        } catch (IOException e) {
            throw new SocketError(false, e instanceof SocketTimeoutException);
        }

        boolean errorFromTarget = false;
        List<byte[]> acked = new ArrayList<>();
        int read = 0;
        IOException socketError = null;
        for (; read < sent.size(); read++) {
            String reply;
            try {
                reply = readLine(cs.in);
            } catch (IOException e) {
                socketError = e;
                break;
            }
            String error = authReply != null && authReply.startsWith("-") ? authReply
                    : selectReply != null && selectReply.startsWith("-") ? selectReply
                    : reply.startsWith("-") ? reply : null;
            if (error != null) {
                if (!errorFromTarget) {
                    cs.lastDbid = -1; // on error assume the selected db is no longer known
                    errorFromTarget = true;
                    c.addError("Target instance replied with error: " + error.substring(1));
                }
            } else {
                acked.add(sent.get(read));
            }
        }
        // nothing was processed and the first reply never came: retry on a fresh connection
        if (!errorFromTarget && socketError != null && read == 0) {
            throw new SocketError(false, socketError instanceof SocketTimeoutException);
        }
        if (socketError != null) {
            closeSocket(c.argString(1) + ":" + c.argString(2));
            if (!copy) deleteMigrated(c, db, acked);
            if (!errorFromTarget) {
                c.addError("-IOERR error or timeout reading to target instance");
            }
            return null;
        }
        if (!errorFromTarget) {
            cs.lastDbid = dbid;
            c.addOk();
        }
        return copy ? null : acked;
    }

    /** Without COPY: the keys the target acknowledged go here, and MIGRATE propagates as DEL of them. */
    private void deleteMigrated(Client c, RedisDb db, List<byte[]> acked) {
        Runnable dirty = () -> rdb.host().keyspace().stats.dirty++;
        if (acked.isEmpty()) return;
        List<byte[]> del = new ArrayList<>(acked.size() + 1);
        del.add(Propagation.DEL);
        for (byte[] key : acked) {
            db.dbDelete(key);
            db.signalModifiedKey(key);
            Notify.event(c, Notify.GENERIC, "del", key);
            dirty.run();
            del.add(key);
        }
        c.rewriteCommandVector(del.toArray(new byte[0][]));
    }

    /**
     * migrateGetSocket: the cached connection to host:port, or a new one; null with the error
     * replied. Redis connects without blocking and then waits for the socket to become writable,
     * which a refused connection also does: its failure shows at the first write, so a refused
     * connection is a write error here too, and only a timeout or a bad address is "connecting".
     */
    private CachedSocket socketFor(Client c, String name, String host, String port, long timeout) throws SocketError {
        long now = rdb.host().nowMillis() / 1000;
        CachedSocket cs = cache.get(name);
        if (cs != null) {
            cs.lastUseSeconds = now;
            return cs;
        }
        if (cache.size() == CACHE_ITEMS) {
            // too many: drop one at random
            int victim = ThreadLocalRandom.current().nextInt(cache.size());
            Iterator<CachedSocket> it = cache.values().iterator();
            for (int i = 0; i < victim; i++) it.next();
            closeQuietly(it.next().socket);
            it.remove();
        }
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, Integer.parseInt(port)), (int) Math.min(Integer.MAX_VALUE, timeout));
            s.setTcpNoDelay(true);
            cs = new CachedSocket(s);
        } catch (java.net.ConnectException e) {
            closeQuietly(s);
            throw new SocketError(true, false);
        } catch (IOException | IllegalArgumentException e) {
            closeQuietly(s);
            c.addError("-IOERR error or timeout connecting to the client");
            return null;
        }
        cs.lastUseSeconds = now;
        cache.put(name, cs);
        return cs;
    }

    private void closeSocket(String name) {
        CachedSocket cs = cache.remove(name);
        if (cs != null) closeQuietly(cs.socket);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a socket that failed: nothing more to do
        }
    }

    private static void writeCommand(ByteArrayOutputStream out, List<byte[]> argv) {
        out.writeBytes(Propagation.encodeCommand(argv));
    }

    /** connSyncReadLine: one reply line without its CRLF, at most 1024 bytes; EOF is an error. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed");
            if (b == '\n') break;
            if (line.size() < 1024) line.write(b);
        }
        byte[] l = line.toByteArray();
        int len = l.length > 0 && l[l.length - 1] == '\r' ? l.length - 1 : l.length;
        return new String(l, 0, len, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
