package io.glassbox.command.server;

import io.glassbox.command.CommandTable;
import io.glassbox.command.HelpText;
import io.glassbox.db.ObjectSize;
import io.glassbox.db.RedisObject;
import io.glassbox.server.Client;
import io.glassbox.server.MemoryLimit;
import io.glassbox.util.RedisNumbers;

import java.nio.charset.StandardCharsets;

/**
 * MEMORY USAGE | STATS | DOCTOR | MALLOC-STATS | PURGE | HELP: Redis's {@code memoryCommand} in
 * {@code object.c}. The figures are the engine's memory account (see {@code io.glassbox.eviction} and
 * docs/memory.md): a value's bytes as {@link ObjectSize} counts them in the JVM's heap, the parts of
 * used memory as {@link MemoryLimit#overhead} splits them.
 */
final class MemoryCommand {
    private MemoryCommand() {}

    static void register(CommandTable t) {
        t.bind("memory|usage", MemoryCommand::usage);
        t.bind("memory|stats", MemoryCommand::stats);
        t.bind("memory|doctor", MemoryCommand::doctor);
        t.bind("memory|malloc-stats", c -> c.addBulk("Stats not supported for the current allocator"));
        t.bind("memory|purge", MemoryCommand::purge);
        t.bind("memory|help", c -> HelpText.reply(c, "memory"));
    }

    /**
     * MEMORY USAGE key [SAMPLES count]: the value's bytes (objectComputeSize, collections sampled
     * {@code count} elements, 5 by default, 0 for all) plus the key's bytes and its dict entry. Not an
     * access: the key's LRU and expiry are left alone (Redis looks in the dict directly).
     */
    static void usage(Client c) {
        long samples = ObjectSize.DEFAULT_SAMPLES;
        for (int j = 3; j < c.argc(); j++) {
            if (c.argIs(j, "samples") && j + 1 < c.argc()) {
                long[] out = new long[1];
                if (!RedisNumbers.string2ll(c.arg(j + 1), out)) { c.addErrorNotInteger(); return; }
                if (out[0] < 0) { c.addErrorSyntax(); return; }
                samples = out[0] == 0 ? Long.MAX_VALUE : out[0];
                j++;
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        var de = c.db().dict().find(c.arg(2));
        if (de == null) { c.addNull(); return; }
        RedisObject o = de.getVal();
        int n = samples >= Integer.MAX_VALUE ? 0 : (int) samples;
        c.addLong(ObjectSize.keyCost(de.getKey()) + ObjectSize.valueSize(o, n));
    }

    /** MEMORY STATS: getMemoryOverheadData as a map, in Redis's order and with its names. */
    static void stats(Client c) {
        MemoryLimit.MemoryOverhead mh = c.server().memory().overhead();
        c.addMapLen(27 + mh.dbs().length);
        kv(c, "peak.allocated", mh.peakAllocated());
        kv(c, "total.allocated", mh.totalAllocated());
        kv(c, "startup.allocated", mh.startupAllocated());
        kv(c, "replication.backlog", mh.replBacklog());
        kv(c, "clients.slaves", mh.clientsSlaves());
        kv(c, "clients.normal", mh.clientsNormal());
        kv(c, "cluster.links", 0);
        kv(c, "aof.buffer", mh.aofBuffer());
        kv(c, "lua.caches", mh.luaCaches());
        kv(c, "functions.caches", mh.functionsCaches());
        for (long[] db : mh.dbs()) {
            c.addBulk("db." + db[0]);
            c.addMapLen(3);
            kv(c, "overhead.hashtable.main", db[1]);
            kv(c, "overhead.hashtable.expires", db[2]);
            kv(c, "overhead.hashtable.slot-to-keys", 0);
        }
        kv(c, "overhead.total", mh.overheadTotal());
        kv(c, "keys.count", mh.totalKeys());
        kv(c, "keys.bytes-per-key", mh.bytesPerKey());
        kv(c, "dataset.bytes", mh.dataset());
        kvDouble(c, "dataset.percentage", mh.datasetPerc());
        kvDouble(c, "peak.percentage", mh.peakPerc());
        // jemalloc's view: the JVM's allocator is its heap, which the account stands for
        kv(c, "allocator.allocated", mh.totalAllocated());
        kv(c, "allocator.active", mh.totalAllocated());
        kv(c, "allocator.resident", mh.totalAllocated());
        kvDouble(c, "allocator-fragmentation.ratio", 1.0);
        kv(c, "allocator-fragmentation.bytes", 0);
        kvDouble(c, "allocator-rss.ratio", 1.0);
        kv(c, "allocator-rss.bytes", 0);
        double rssExtra = mh.totalAllocated() == 0 ? 0 : (double) mh.rss() / mh.totalAllocated();
        kvDouble(c, "rss-overhead.ratio", rssExtra);
        kv(c, "rss-overhead.bytes", mh.rss() - mh.totalAllocated());
        kvDouble(c, "fragmentation", rssExtra);
        kv(c, "fragmentation.bytes", mh.rss() - mh.totalAllocated());
    }

    private static void kv(Client c, String name, long v) {
        c.addBulk(name);
        c.addLong(v);
    }

    /** A float field of redisMemOverhead, printed as addReplyDouble prints a float widened to double. */
    private static void kvDouble(Client c, String name, double v) {
        c.addBulk(name);
        c.addDouble(RedisNumbers.replyDouble((double) (float) v));
    }

    /**
     * MEMORY DOCTOR (getMemoryDoctorReport): Redis's checks on the account's figures. The allocator
     * checks (fragmentation, allocator RSS) have nothing to look at in a JVM; the process RSS check
     * would always fire (a JVM's resident set is mostly its own runtime), so it is left out too.
     */
    static void doctor(Client c) {
        MemoryLimit.MemoryOverhead mh = c.server().memory().overhead();
        boolean empty = false, bigPeak = false, bigClientBuf = false, bigSlaveBuf = false;
        int reports = 0;
        if (mh.totalAllocated() < 1024 * 1024 * 5) {
            empty = true;
            reports++;
        } else {
            if ((float) mh.peakAllocated() / mh.totalAllocated() > 1.5) { bigPeak = true; reports++; }
            long replicas = c.server().clients().stream().filter(Client::isReplica).count();
            long clients = Math.max(1, c.server().clients().size() - replicas);
            if (mh.clientsNormal() / clients > 1024 * 200) { bigClientBuf = true; reports++; }
            if (replicas > 0 && mh.clientsSlaves() > 1024 * 1024 * 10) { bigSlaveBuf = true; reports++; }
        }
        String s;
        if (reports == 0) {
            s = "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
        } else if (empty) {
            s = "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. "
                    + "Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our "
                    + "programming as soon as I finished rebooting.\n";
        } else {
            StringBuilder b = new StringBuilder("Sam, I detected a few issues in this Redis instance memory implants:\n\n");
            if (bigPeak) b.append(" * Peak memory: In the past this instance used more than 150% the memory that is currently using. "
                    + "The allocator is normally not able to release memory after a peak, so you can expect to see a big fragmentation ratio, "
                    + "however this is actually harmless and is only due to the memory peak, and if the Redis instance Resident Set Size (RSS) "
                    + "is currently bigger than expected, the memory will be used as soon as you fill the Redis instance with more data. "
                    + "If the memory peak was only occasional and you want to try to reclaim memory, please try the MEMORY PURGE command, "
                    + "otherwise the only other option is to shutdown and restart the instance.\n\n");
            if (bigSlaveBuf) b.append(" * Big replica buffers: The replica output buffers in this instance are greater than 10MB for each replica "
                    + "(on average). This likely means that there is some replica instance that is struggling receiving data, either because "
                    + "it is too slow or because of networking issues. As a result, data piles on the master output buffers. Please try to "
                    + "identify what replica is not receiving data correctly and why. You can use the INFO output in order to check the "
                    + "replicas delays and the CLIENT LIST command to check the output buffers of each replica.\n\n");
            if (bigClientBuf) b.append(" * Big client buffers: The clients output buffers in this instance are greater than 200K per client "
                    + "(on average). This may result from different causes, like Pub/Sub clients subscribed to channels bot not receiving "
                    + "data fast enough, so that data piles on the Redis instance output buffer, or clients sending commands with large "
                    + "replies or very large sequences of commands in the same pipeline. Please use the CLIENT LIST command in order to "
                    + "investigate the issue if it causes problems in your instance, or to understand better why certain clients are using "
                    + "a big amount of memory.\n\n");
            b.append("I'm here to keep you safe, Sam. I want to help you.\n");
            s = b.toString();
        }
        c.addVerbatim(s.getBytes(StandardCharsets.UTF_8), "txt");
    }

    /**
     * MEMORY PURGE: jemalloc_purge hands dirty pages back to the OS. A JVM's equivalent is a
     * collection, which would stop the command thread for the whole heap; Glassbox only answers OK, as
     * Redis does when its allocator has nothing to purge.
     */
    static void purge(Client c) {
        c.addOk();
    }
}
