package io.glassbox.command.server;

import io.glassbox.command.CommandTable;
import io.glassbox.command.HelpText;
import io.glassbox.db.Keyspace;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.ds.dict.DictEntry;
import io.glassbox.ds.dict.DictStats;
import io.glassbox.ds.listpack.Listpack;
import io.glassbox.ds.quicklist.Quicklist;
import io.glassbox.server.Client;
import io.glassbox.util.RedisNumbers;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * DEBUG: Redis's {@code debugCommand} in {@code debug.c}, the subcommands a learner or a test suite
 * uses to look inside: OBJECT (encoding, LRU, RDB size of a value), HTSTATS (the dict's buckets and
 * chains), DIGEST / DIGEST-VALUE (see {@link Digest}), PROTOCOL (one sample reply of every RESP type),
 * SLEEP, SET-ACTIVE-EXPIRE, CHANGE-REPL-ID (a new replication history), LISTPACK and QUICKLIST (the byte-level layout of a compact value, written
 * to the server log where Redis writes it to stdout) and QUICKLIST-PACKED-THRESHOLD (the element size
 * from which a list element gets a plain node of its own, so tests can reach that path with small
 * values).
 *
 * <p>DEBUG is a protected command: unless {@code enable-debug-command} is {@code yes} (or
 * {@code local} for a loopback client) the command processor refuses it before it gets here, as
 * Redis's {@code processCommand} does. Subcommands are matched by name and argument count, as in
 * Redis: a known name with the wrong count gets the same error as an unknown name.
 */
final class DebugCommand {
    private DebugCommand() {}

    /** OBJ_SHARED_REFCOUNT: the refcount Redis shows for its shared integers 0..9999. */
    static final int OBJ_SHARED_REFCOUNT = Integer.MAX_VALUE;
    /** OBJ_SHARED_INTEGERS. */
    static final int OBJ_SHARED_INTEGERS = 10000;

    static void register(CommandTable t) {
        t.bind("debug", DebugCommand::debug);
    }

    static void debug(Client c) {
        String sub = c.argString(1).toLowerCase(Locale.ROOT);
        int argc = c.argc();
        if (argc == 2 && sub.equals("help")) {
            HelpText.reply(c, "debug");
        } else if (sub.equals("object") && argc == 3) {
            object(c);
        } else if (sub.equals("digest") && argc == 2) {
            c.addStatus(Digest.hex(Digest.computeDatasetDigest(c.server().keyspace())));
        } else if (sub.equals("digest-value") && argc >= 2) {
            c.addArrayLen(argc - 2);
            for (int j = 2; j < argc; j++) c.addStatus(Digest.hex(Digest.valueDigest(c.db(), c.arg(j))));
        } else if (sub.equals("protocol") && argc == 3) {
            protocol(c);
        } else if (sub.equals("sleep") && argc == 3) {
            sleep(c);
        } else if (sub.equals("set-active-expire") && argc == 3) {
            c.server().activeExpire().setEnabled(atoi(c.arg(2)) != 0);
            c.addOk();
        } else if (sub.equals("listpack") && argc == 3) {
            listpack(c);
        } else if (sub.equals("quicklist") && (argc == 3 || argc == 4)) {
            quicklist(c);
        } else if (sub.equals("quicklist-packed-threshold") && argc == 3) {
            Long sz = io.glassbox.config.NumericConfig.memtoull(c.argString(2));
            // memtoull is unsigned: a wrapped "negative" long is a huge size, refused like one.
            if (sz == null || sz < 0 || !c.server().keyspace().encodings().packedThreshold.set(sz)) {
                c.addError("argument must be a memory value bigger than 1 and smaller than 4gb");
            } else {
                c.addOk();
            }
        } else if (sub.equals("loadaof")) {
            String err = c.server().persistence().debugLoadAof(); // flush, empty, replay the AOF as at start-up
            if (err == null) c.addOk(); else c.addError(err);
        } else if (sub.equals("reload")) {
            c.server().persistence().debugReload(c);
        } else if (sub.equals("config-rewrite-force-all") && argc == 2) {
            try {
                c.server().config().rewrite(true);
                c.addOk();
            } catch (io.glassbox.config.ConfigException e) {
                c.addError("CONFIG-REWRITE-FORCE-ALL failed: " + e.getMessage());
            }
        } else if (sub.equals("change-repl-id") && argc == 2) {
            c.server().replication().debugChangeReplicationId();
            c.addOk();
        } else if (sub.equals("htstats") && argc == 3) {
            htstats(c);
        } else if (sub.equals("htstats-key") && argc == 3) {
            htstatsKey(c);
        } else if (sub.equals("populate") && argc >= 3 && argc <= 5) {
            populate(c);
        } else if (sub.equals("log") && argc == 3) {
            c.server().log("warning", "DEBUG LOG: " + new String(c.arg(2), StandardCharsets.ISO_8859_1));
            c.addOk();
        } else if (sub.equals("error") && argc == 3) {
            // the text as an error reply, newlines turned into spaces
            c.addError("-" + new String(c.arg(2), StandardCharsets.ISO_8859_1).replace('\n', ' ').replace('\r', ' '));
        } else if (sub.equals("replicate") && argc >= 3) {
            // replicationFeedSlaves of the arguments, to the replicas only, now
            c.server().propagation().propagateToReplicasNow(c.db().id, c.argv.subList(2, argc));
            c.addOk();
        } else if (sub.equals("set-skip-checksum-validation") && argc == 3) {
            c.server().settings().skipChecksumValidation = atoi(c.arg(2)) != 0;
            c.addOk();
        } else if (sub.equals("set-disable-deny-scripts") && argc == 3) {
            c.server().settings().scriptDisableDenyScript = atoi(c.arg(2)) != 0;
            c.addOk();
        } else if (sub.equals("clusterlink") && argc == 5 && c.argString(2).equalsIgnoreCase("kill")) {
            c.server().cluster().debugClusterLinkKill(c, c.argString(3), c.argString(4));
        } else if (sub.equals("pause-cron") && argc == 3) {
            c.server().settings().pauseCron = atoi(c.arg(2)) != 0;
            c.addOk();
        } else if (sub.equals("aof-flush-sleep") && argc == 3) {
            c.addOk(); // Glassbox's AOF writes have no test hook for a slow disk; accepted as a no-op
        } else if (sub.equals("replybuffer") && argc == 4) {
            replybuffer(c);
        } else if (sub.equals("stringmatch-test") && argc == 2) {
            c.addStatus("Apparently Redis did not crash: test passed");
        } else if (sub.equals("structsize") && argc == 2) {
            // the sizes of the C structs Redis is made of, as a 64-bit build of Redis 7.0 reports them
            c.addBulk("bits:64 robj:16 dictentry:24 sdshdr5:1 sdshdr8:3 sdshdr16:5 sdshdr32:9 sdshdr64:17 ");
        } else {
            ServerCommands.addSubcommandSyntaxError(c);
        }
    }

    /**
     * DEBUG POPULATE count [prefix] [size]: adds keys prefix:0 .. prefix:count-1 (default prefix "key")
     * holding "value:N", or with size that many bytes: "value:N" cut or padded with zero bytes. Keys
     * that exist are left alone.
     */
    static void populate(Client c) {
        long[] out = new long[1];
        // getPositiveLongFromObjectOrReply: one error for "not a number" and "negative"
        if (!RedisNumbers.string2ll(c.arg(2), out) || out[0] < 0) { c.addError("value is out of range, must be positive"); return; }
        long keys = out[0];
        long valsize = 0;
        if (c.argc() == 5) {
            if (!RedisNumbers.string2ll(c.arg(4), out) || out[0] < 0) { c.addError("value is out of range, must be positive"); return; }
            valsize = out[0];
        }
        String prefix = c.argc() == 3 ? "key" : new String(c.arg(3), StandardCharsets.ISO_8859_1);
        RedisDb db = c.db();
        for (long j = 0; j < keys; j++) {
            byte[] key = (prefix + ":" + j).getBytes(StandardCharsets.ISO_8859_1);
            if (db.lookupKeyWrite(key) != null) continue;
            byte[] buf = ("value:" + j).getBytes(StandardCharsets.US_ASCII);
            byte[] val = buf;
            if (valsize != 0) {
                val = new byte[(int) valsize];
                System.arraycopy(buf, 0, val, 0, (int) Math.min(valsize, buf.length));
            }
            db.dbAdd(key, io.glassbox.db.StringObjects.create(val));
            db.signalModifiedKey(key);
        }
        c.addOk();
    }

    /**
     * DEBUG REPLYBUFFER PEAK-RESET-TIME never|reset|ms and DEBUG REPLYBUFFER RESIZING 0|1: Glassbox's
     * reply buffers are Netty's and are not resized by a peak tracker, so the values are checked and
     * accepted.
     */
    static void replybuffer(Client c) {
        if (c.argIs(2, "peak-reset-time")) {
            if (!c.argIs(3, "never") && !c.argIs(3, "reset")) {
                long[] out = new long[1];
                if (!RedisNumbers.string2ll(c.arg(3), out)) { c.addErrorNotInteger(); return; }
            }
        } else if (!c.argIs(2, "resizing")) {
            ServerCommands.addSubcommandSyntaxError(c);
            return;
        }
        c.addOk();
    }

    /**
     * DEBUG OBJECT key: "Value at:&lt;address&gt; refcount:N encoding:E serializedlength:N lru:N
     * lru_seconds_idle:N". The address is the JVM's identity hash (a Java object has no stable
     * address); the rest is computed as Redis computes it. Like Redis it reads the dict directly, so
     * it neither expires the key nor touches its LRU.
     */
    static void object(Client c) {
        DictEntry<byte[], RedisObject> de = c.db().dict().find(c.arg(2));
        if (de == null) { c.addError("no such key"); return; }
        RedisObject o = de.getVal();
        int refcount = o.encoding == RedisObject.ENC_INT && o.value instanceof Long v && v >= 0 && v < OBJ_SHARED_INTEGERS
                ? OBJ_SHARED_REFCOUNT : 1;
        c.addStatus("Value at:0x" + Long.toHexString(0x7f0000000000L | System.identityHashCode(o))
                + " refcount:" + refcount
                + " encoding:" + o.encodingName()
                + " serializedlength:" + c.server().persistence().savedObjectLen(o, c.server().persistence().rdbCompression())
                + " lru:" + o.lru
                + " lru_seconds_idle:" + estimateObjectIdleTime(c.server().keyspace(), o) / 1000);
    }

    /**
     * DEBUG LISTPACK key: lpRepr of a listpack-encoded hash or sorted set, to the log. Looked up like
     * OBJECT (objectCommandLookupOrReply: no LRU touch, but an expired key is gone).
     */
    static void listpack(Client c) {
        RedisObject o = c.db().lookupKeyReadNoTouch(c.arg(2));
        if (o == null) { c.addError("no such key"); return; }
        if (o.encoding != RedisObject.ENC_LISTPACK) { c.addError("Not a listpack encoded object."); return; }
        c.server().log("notice", "DEBUG LISTPACK " + printable(c.arg(2)) + "\n" + ((Listpack) o.value).repr());
        c.addStatus("Listpack structure printed on stdout");
    }

    /** DEBUG QUICKLIST key [full]: quicklistRepr of a list, to the log; full (atoi) != 0 adds the node contents. */
    static void quicklist(Client c) {
        RedisObject o = c.db().lookupKeyReadNoTouch(c.arg(2));
        if (o == null) { c.addError("no such key"); return; }
        int full = c.argc() == 4 ? (int) atoi(c.arg(3)) : 0;
        if (o.encoding != RedisObject.ENC_QUICKLIST) { c.addError("Not a quicklist encoded object."); return; }
        c.server().log("notice", "DEBUG QUICKLIST " + printable(c.arg(2)) + "\n" + ((Quicklist) o.value).repr(full));
        c.addStatus("Quicklist structure printed on stdout");
    }

    /** A key for a log line: bytes as Latin-1, control characters escaped. */
    private static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            int v = x & 0xff;
            if (v < 0x20 || v == 0x7f) sb.append(String.format("\\x%02x", v));
            else sb.append((char) v);
        }
        return sb.toString();
    }

    /** estimateObjectIdleTime: milliseconds since the value was last touched, on the 24-bit LRU clock. */
    static long estimateObjectIdleTime(Keyspace ks, RedisObject o) {
        long lruclock = ks.lruClock();
        if (lruclock >= o.lru) return (lruclock - o.lru) * 1000;
        return (lruclock + (Keyspace.LRU_CLOCK_MAX - o.lru)) * 1000;
    }

    /** DEBUG PROTOCOL type: Redis's sample value of each reply type, shaped by the client's protocol. */
    static void protocol(Client c) {
        String name = c.argString(2).toLowerCase(Locale.ROOT);
        switch (name) {
            case "string" -> c.addBulk("Hello World");
            case "integer" -> c.addLong(12345);
            case "double" -> c.addDouble("3.141".getBytes(StandardCharsets.US_ASCII));
            case "bignum" -> c.addBigNumber("1234567999999999999999999999999999999".getBytes(StandardCharsets.US_ASCII));
            case "null" -> c.addNull();
            case "array" -> { c.addArrayLen(3); for (int j = 0; j < 3; j++) c.addLong(j); }
            case "set" -> { c.addSetLen(3); for (int j = 0; j < 3; j++) c.addLong(j); }
            case "map" -> { c.addMapLen(3); for (int j = 0; j < 3; j++) { c.addLong(j); c.addBool(j == 1); } }
            case "attrib" -> {
                if (c.resp3()) {
                    c.addAttributeLen(1);
                    c.addBulk("key-popularity");
                    c.addArrayLen(2);
                    c.addBulk("key:123");
                    c.addLong(90);
                }
                c.addBulk("Some real reply following the attribute");
            }
            case "push" -> {
                if (!c.resp3()) { c.addError("RESP2 is not supported by this command"); return; }
                c.addPushLen(2);
                c.addBulk("server-cpu-usage");
                c.addLong(42);
                // Push replies are not synchronous replies: a normal reply follows for the caller.
                c.addBulk("Some real reply following the push reply");
            }
            case "true" -> c.addBool(true);
            case "false" -> c.addBool(false);
            case "verbatim" -> c.addVerbatim("This is a verbatim\nstring".getBytes(StandardCharsets.US_ASCII), "txt");
            default -> c.addError("Wrong protocol type name. Please use one of the following: "
                    + "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
        }
    }

    /** DEBUG SLEEP seconds: blocks the command thread, hence every client, as Redis blocks its loop. */
    static void sleep(Client c) {
        double seconds = strtod(c.argString(2));
        long micros = (long) (seconds * 1_000_000);
        if (micros > 0) {
            try {
                Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        c.addOk();
    }

    /** DEBUG HTSTATS dbid: the main dict's and the expires dict's bucket statistics. */
    static void htstats(Client c) {
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(c.arg(2), out)) { c.addErrorNotInteger(); return; }
        Keyspace ks = c.server().keyspace();
        if (out[0] < 0 || out[0] >= ks.databases()) { c.addError("Out of range database"); return; }
        RedisDb db = ks.db((int) out[0]);
        String stats = DictStats.debugHtStats("[Dictionary HT]", db.dict()) + DictStats.debugHtStats("[Expires HT]", db.expires());
        c.addVerbatim(stats.getBytes(StandardCharsets.US_ASCII), "txt");
    }

    /** DEBUG HTSTATS-KEY key: the same for a value stored as a hash table (no such type exists yet). */
    static void htstatsKey(Client c) {
        DictEntry<byte[], RedisObject> de = c.db().dict().find(c.arg(2));
        if (de == null) { c.addError("no such key"); return; }
        RedisObject o = de.getVal();
        if (o.encoding == RedisObject.ENC_HT && o.value instanceof io.glassbox.ds.dict.Dict<?, ?> d) {
            c.addVerbatim(DictStats.getStats(d).getBytes(StandardCharsets.US_ASCII), "txt");
            return;
        }
        c.addError("The value stored at the specified key is not represented using an hash table");
    }

    /** C's atoi: optional sign and leading digits, 0 when there are none. */
    static long atoi(byte[] b) {
        int i = 0;
        while (i < b.length && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r'))) i++;
        boolean neg = false;
        if (i < b.length && (b[i] == '+' || b[i] == '-')) neg = b[i++] == '-';
        long v = 0;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') v = v * 10 + (b[i++] - '0');
        return neg ? -v : v;
    }

    /** C's strtod without an end pointer: the longest numeric prefix, 0 when there is none. */
    static double strtod(String s) {
        String t = s.strip();
        for (int end = t.length(); end > 0; end--) {
            try {
                return Double.parseDouble(t.substring(0, end));
            } catch (NumberFormatException ignored) {
                // shorten and retry
            }
        }
        return 0;
    }
}
