package io.glassbox.samples.lock;

import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The single-instance Redis lock of the course's distributed-lock chapter: acquire with
 * {@code SET key token NX PX ttl}, release with a Lua script that deletes the key only if it
 * still holds <em>our</em> token.
 *
 * <p>Why each piece is there:
 * <ul>
 * <li>{@code NX}: only one client can create the key, so only one holds the lock.
 * <li>{@code PX ttl}: a holder that crashes does not block everyone forever; the lock expires.
 * <li>A random token per acquisition: after an expiry someone else may hold the lock, and a late
 *     holder must not release <em>their</em> lock.
 * <li>The release as a script: "GET, compare, DEL" as three commands would let the key expire and
 *     be taken by another client between the GET and the DEL. A script runs atomically: no other
 *     command runs between its {@code redis.call}s.
 * </ul>
 * The same two commands work over TCP with any client library; this sample talks to an embedded
 * engine through {@link LocalClient}.
 */
public final class DistributedLock {
    /** Deletes the lock only if it still holds the caller's token (the release script of the Redis docs). */
    public static final String RELEASE_SCRIPT =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final LocalClient client;
    private final String key;
    private final long ttlMillis;

    public DistributedLock(LocalClient client, String key, long ttlMillis) {
        this.client = client;
        this.key = key;
        this.ttlMillis = ttlMillis;
    }

    /** One attempt: the token that now holds the lock, or empty if someone else holds it. */
    public Optional<String> tryAcquire() {
        byte[] raw = new byte[16];
        RANDOM.nextBytes(raw);
        String token = HexFormat.of().formatHex(raw);
        RespValue reply = client.call("SET", key, token, "NX", "PX", Long.toString(ttlMillis));
        return reply instanceof RespValue.SimpleString ok && ok.value().equals("OK") ? Optional.of(token) : Optional.empty();
    }

    /** Releases the lock if {@code token} still holds it; false if it had expired or was taken since. */
    public boolean release(String token) {
        RespValue reply = client.call("EVAL", RELEASE_SCRIPT, "1", key, token);
        return reply instanceof RespValue.Int n && n.value() == 1;
    }
}
