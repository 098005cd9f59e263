package io.glassbox.command.generic;

import io.glassbox.command.CommandTable;
import io.glassbox.command.HelpText;
import io.glassbox.db.Keyspace;
import io.glassbox.db.Lfu;
import io.glassbox.db.RedisObject;
import io.glassbox.server.Client;

/**
 * OBJECT ENCODING | REFCOUNT | IDLETIME | FREQ | HELP: Redis's {@code objectCommand} in
 * {@code object.c}, a window on how a value is stored rather than what it holds.
 *
 * <p>ENCODING shows the compact-versus-general choice ({@code int}/{@code embstr}/{@code raw}
 * for strings, {@code listpack} or {@code hashtable} for the collections). REFCOUNT shows Redis's
 * sharing of small integers. IDLETIME and FREQ read the 24 bits of {@link RedisObject#lru}, which
 * hold either the LRU clock of the last access (seconds, wrapping every 194 days) or, under an
 * LFU maxmemory policy, a 16-bit minute timestamp and an 8-bit logarithmic access counter; so
 * each of the two answers only under the matching kind of policy.
 *
 * <p>None of them counts as an access: the key's LRU clock is left as it was.
 */
public final class ObjectCommands {
    private ObjectCommands() {}

    /** Milliseconds per tick of the LRU clock (LRU_CLOCK_RESOLUTION). */
    private static final long LRU_CLOCK_RESOLUTION = 1000;

    public static void register(CommandTable t) {
        t.bind("object|encoding", ObjectCommands::encoding);
        t.bind("object|refcount", ObjectCommands::refcount);
        t.bind("object|idletime", ObjectCommands::idletime);
        t.bind("object|freq", ObjectCommands::freq);
        t.bind("object|help", c -> HelpText.reply(c, "object"));
    }

    /** The value at argv[2] without touching it, or null after replying nil (objectCommandLookupOrReply). */
    private static RedisObject lookupOrReply(Client c) {
        RedisObject o = c.db().lookupKeyReadNoTouchNoNotify(c.arg(2));
        if (o == null) c.addNull();
        return o;
    }

    private static boolean lfuPolicy(Client c) {
        return c.server().keyspace().lfuPolicy();
    }

    static void encoding(Client c) {
        RedisObject o = lookupOrReply(c);
        if (o != null) c.addBulk(o.encodingName());
    }

    static void refcount(Client c) {
        RedisObject o = lookupOrReply(c);
        if (o != null) c.addLong(o.refcount());
    }

    static void idletime(Client c) {
        RedisObject o = lookupOrReply(c);
        if (o == null) return;
        if (lfuPolicy(c)) {
            c.addError("An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
            return;
        }
        c.addLong(estimateObjectIdleTime(c.server().keyspace(), o) / 1000);
    }

    static void freq(Client c) {
        RedisObject o = lookupOrReply(c);
        if (o == null) return;
        if (!lfuPolicy(c)) {
            c.addError("An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
            return;
        }
        c.addLong(lfuDecrAndReturn(c, o));
    }

    /**
     * Milliseconds since the value was last accessed, from its 24-bit LRU stamp
     * (estimateObjectIdleTime). The clock wraps, so a stamp above the current clock means one wrap.
     */
    static long estimateObjectIdleTime(Keyspace ks, RedisObject o) {
        long lruclock = ks.lruClock();
        if (lruclock >= o.lru) return (lruclock - o.lru) * LRU_CLOCK_RESOLUTION;
        return (lruclock + (Keyspace.LRU_CLOCK_MAX - o.lru)) * LRU_CLOCK_RESOLUTION;
    }

    /**
     * The LFU counter after decay (LFUDecrAndReturn in {@code evict.c}): the low 8 bits of
     * {@code lru} are the counter, the high 16 bits the minute of the last decrement; the counter
     * loses one per {@code lfu-decay-time} minutes elapsed. Reading does not store the decay.
     */
    static long lfuDecrAndReturn(Client c, RedisObject o) {
        Keyspace ks = c.server().keyspace();
        return Lfu.decrAndReturn(o.lru, ks.lfuDecayTime(), ks.lfuMinutes());
    }
}
