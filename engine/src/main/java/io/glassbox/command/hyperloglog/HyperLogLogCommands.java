package io.glassbox.command.hyperloglog;

import io.glassbox.command.CommandTable;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.db.Sds;
import io.glassbox.db.StringObjects;
import io.glassbox.ds.hyperloglog.HllListener;
import io.glassbox.ds.hyperloglog.HyperLogLog;
import io.glassbox.server.Notify;
import io.glassbox.server.Client;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * PFADD PFCOUNT PFMERGE PFDEBUG PFSELFTEST: Redis's {@code pf*Command} functions.
 *
 * <p>An HLL is a string, so any string that starts like one (the "HYLL" magic, a known encoding,
 * the exact dense size) is accepted, and every write leaves the value {@code raw} as Redis's
 * {@code dbUnshareStringValue} does. PFCOUNT of one key is a read that may write: it stores the
 * count it computed in the header, so the next PFCOUNT is O(1) until a PFADD changes a register.
 * PFCOUNT of several keys merges them into a temporary array of one byte per register and never
 * writes.
 */
public final class HyperLogLogCommands {
    private HyperLogLogCommands() {}

    static final String INVALID_HLL_ERR = "-INVALIDOBJ Corrupted HLL object detected";

    public static void register(CommandTable t) {
        t.bind("pfadd", HyperLogLogCommands::pfadd);
        t.bind("pfcount", HyperLogLogCommands::pfcount);
        t.bind("pfmerge", HyperLogLogCommands::pfmerge);
        t.bind("pfdebug", HyperLogLogCommands::pfdebug);
        t.bind("pfselftest", HyperLogLogCommands::pfselftest);
    }

    static long sparseMaxBytes(Client c) {
        return c.server().keyspace().encodings().hllSparseMaxBytes;
    }

    /**
     * isHLLObjectOrReply: true if {@code o} is a string holding an HLL, else replies WRONGTYPE
     * (with its own message when it is a string but not an HLL) and returns false.
     */
    static boolean isHLLObjectOrReply(Client c, RedisObject o) {
        if (o.type != RedisObject.TYPE_STRING) { c.addErrorWrongType(); return false; }
        if (o.encoding == RedisObject.ENC_INT || !HyperLogLog.looksValid(StringObjects.bytes(o))) {
            c.addError("-WRONGTYPE Key is not a valid HyperLogLog string value.");
            return false;
        }
        return true;
    }

    /**
     * dbUnshareStringValue: the HLL's value becomes the key's own raw string ({@link Sds}, copied
     * once from a possibly shared array) that this command writes registers into.
     */
    static HyperLogLog unshare(Client c, RedisObject o) {
        return new HyperLogLog(StringObjects.mutable(o, 0).exact(), c.server().keyspace().hllListener());
    }

    /** Stores the HLL's bytes back: a sparse HLL that grew, or the dense one it became, is a new array. */
    static void store(RedisObject o, HyperLogLog hll) {
        ((Sds) o.value).set(hll.bytes());
    }

    /** PFADD key [element ...] (pfaddCommand): 1 if the key was created or a register changed. */
    static void pfadd(Client c) {
        RedisDb db = c.db();
        byte[] key = c.arg(1);
        RedisObject o = db.lookupKeyWrite(key);
        int updated = 0;
        if (o == null) {
            o = StringObjects.rawMutable(HyperLogLog.createSparse());
            db.dbAdd(key, o);
            updated++;
        } else if (!isHLLObjectOrReply(c, o)) {
            return;
        }
        HyperLogLog hll = unshare(c, o);
        long max = sparseMaxBytes(c);
        for (int j = 2; j < c.argc(); j++) {
            int r = hll.add(c.arg(j), max);
            store(o, hll);
            if (r == 1) updated++;
            else if (r == -1) { c.addError(INVALID_HLL_ERR); return; }
        }
        if (updated > 0) {
            hll.invalidateCache();
            db.signalModifiedKey(key);
            Notify.event(c, Notify.STRING, "pfadd", key);
            c.server().keyspace().stats.dirty += updated;
        }
        c.addLong(updated > 0 ? 1 : 0);
    }

    /**
     * PFCOUNT key [key ...] (pfcountCommand). One key: the cached count, or a fresh one that is
     * stored back. Several keys: the count of their union, computed on a merged copy.
     */
    static void pfcount(Client c) {
        RedisDb db = c.db();
        if (c.argc() > 2) {
            byte[] max = new byte[HyperLogLog.HLL_REGISTERS];
            for (int j = 1; j < c.argc(); j++) {
                RedisObject o = db.lookupKeyRead(c.arg(j));
                if (o == null) continue; // a missing key is an empty HLL
                if (!isHLLObjectOrReply(c, o)) return;
                if (!new HyperLogLog(StringObjects.bytes(o)).mergeInto(max)) { c.addError(INVALID_HLL_ERR); return; }
            }
            c.addLong(HyperLogLog.estimate(HyperLogLog.rawRegHisto(max)));
            return;
        }
        RedisObject o = db.lookupKeyRead(c.arg(1));
        if (o == null) { c.addLong(0); return; }
        if (!isHLLObjectOrReply(c, o)) return;
        HyperLogLog hll = unshare(c, o);
        long card;
        if (hll.validCache()) {
            card = hll.cachedCard();
        } else {
            card = hll.count();
            if (card < 0) { c.addError(INVALID_HLL_ERR); return; }
            hll.setCachedCard(card);
            // The cached count is part of the string: the value changed, even for a read.
            db.signalModifiedKey(c.arg(1));
            c.server().keyspace().stats.dirty++;
        }
        c.addLong(card);
    }

    /**
     * PFMERGE destkey [sourcekey ...] (pfmergeCommand): the destination (itself one of the inputs)
     * gets the register-wise maximum. It is made dense if any input is dense, else it stays
     * sparse as long as hll-sparse-max-bytes allows.
     */
    static void pfmerge(Client c) {
        RedisDb db = c.db();
        byte[] max = new byte[HyperLogLog.HLL_REGISTERS];
        boolean useDense = false;
        for (int j = 1; j < c.argc(); j++) {
            RedisObject o = db.lookupKeyRead(c.arg(j));
            if (o == null) continue;
            if (!isHLLObjectOrReply(c, o)) return;
            HyperLogLog h = new HyperLogLog(StringObjects.bytes(o));
            if (h.encoding() == HyperLogLog.HLL_DENSE) useDense = true;
            if (!h.mergeInto(max)) { c.addError(INVALID_HLL_ERR); return; }
        }
        byte[] key = c.arg(1);
        RedisObject o = db.lookupKeyWrite(key);
        if (o == null) {
            o = StringObjects.rawMutable(HyperLogLog.createSparse());
            db.dbAdd(key, o);
        }
        HyperLogLog hll = unshare(c, o);
        if (useDense && !hll.sparseToDense()) { c.addError(INVALID_HLL_ERR); return; }
        long sparseMax = sparseMaxBytes(c);
        for (int j = 0; j < HyperLogLog.HLL_REGISTERS; j++) {
            if (max[j] == 0) continue;
            hll.set(j, max[j], sparseMax);
        }
        hll.invalidateCache();
        store(o, hll);
        db.signalModifiedKey(key);
        // a merge is announced as "pfadd", as Redis does
        Notify.event(c, Notify.STRING, "pfadd", key);
        c.server().keyspace().stats.dirty++;
        c.addOk();
    }

    /** PFDEBUG GETREG|DECODE|ENCODING|TODENSE key (pfdebugCommand): looking inside an HLL. */
    static void pfdebug(Client c) {
        String cmd = c.argString(1);
        RedisDb db = c.db();
        RedisObject o = db.lookupKeyWrite(c.arg(2));
        if (o == null) { c.addError("The specified key does not exist"); return; }
        if (!isHLLObjectOrReply(c, o)) return;
        HyperLogLog hll = unshare(c, o);
        if (cmd.equalsIgnoreCase("getreg")) {
            if (c.argc() != 3) { arityErr(c, cmd); return; }
            if (hll.encoding() == HyperLogLog.HLL_SPARSE) {
                if (!hll.sparseToDense()) { c.addError(INVALID_HLL_ERR); return; }
                store(o, hll);
                c.server().keyspace().stats.dirty++;
            }
            c.addArrayLen(HyperLogLog.HLL_REGISTERS);
            for (int j = 0; j < HyperLogLog.HLL_REGISTERS; j++) c.addLong(hll.getRegister(j));
        } else if (cmd.equalsIgnoreCase("decode")) {
            if (c.argc() != 3) { arityErr(c, cmd); return; }
            if (hll.encoding() != HyperLogLog.HLL_SPARSE) { c.addError("HLL encoding is not sparse"); return; }
            c.addBulk(decodeSparse(hll.bytes()).getBytes(StandardCharsets.US_ASCII));
        } else if (cmd.equalsIgnoreCase("encoding")) {
            if (c.argc() != 3) { arityErr(c, cmd); return; }
            c.addStatus(hll.encoding() == HyperLogLog.HLL_DENSE ? "dense" : "sparse");
        } else if (cmd.equalsIgnoreCase("todense")) {
            if (c.argc() != 3) { arityErr(c, cmd); return; }
            boolean conv = false;
            if (hll.encoding() == HyperLogLog.HLL_SPARSE) {
                if (!hll.sparseToDense()) { c.addError(INVALID_HLL_ERR); return; }
                store(o, hll);
                conv = true;
                c.server().keyspace().stats.dirty++;
            }
            c.addLong(conv ? 1 : 0);
        } else {
            c.addError("Unknown PFDEBUG subcommand '" + cmd + "'");
        }
    }

    private static void arityErr(Client c, String cmd) {
        c.addError("Wrong number of arguments for the '" + cmd + "' subcommand");
    }

    /** PFDEBUG DECODE's text: "z:N" for ZERO, "Z:N" for XZERO, "v:value,len" for VAL, space separated. */
    static String decodeSparse(byte[] s) {
        StringBuilder sb = new StringBuilder();
        int p = HyperLogLog.HLL_HDR_SIZE;
        while (p < s.length) {
            int b = s[p] & 0xff;
            if ((b & 0xc0) == 0) { sb.append("z:").append((b & 0x3f) + 1).append(' '); p++; }
            else if ((b & 0xc0) == 0x40) {
                int next = p + 1 < s.length ? s[p + 1] & 0xff : 0;
                sb.append("Z:").append((((b & 0x3f) << 8) | next) + 1).append(' ');
                p += 2;
            } else {
                sb.append("v:").append(((b >> 2) & 0x1f) + 1).append(',').append((b & 3) + 1).append(' ');
                p++;
            }
        }
        // sdstrim(decoded, " ")
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') end--;
        return sb.substring(0, end);
    }

    /**
     * PFSELFTEST (pfselftestCommand): checks the dense register macros against a plain array, then
     * adds a growing number of elements to a sparse and a dense HLL, checking at every power of ten
     * that both give the same count, within five standard errors of the truth.
     */
    static void pfselftest(Client c) {
        Random r = new Random(0);
        // 1) Register access: random values in every register, read back.
        byte[] dense = new byte[HyperLogLog.HLL_DENSE_SIZE];
        System.arraycopy(HyperLogLog.createSparse(), 0, dense, 0, HyperLogLog.HLL_HDR_SIZE);
        dense[4] = HyperLogLog.HLL_DENSE;
        HyperLogLog d = new HyperLogLog(dense, HllListener.NONE);
        int[] bitcounters = new int[HyperLogLog.HLL_REGISTERS];
        for (int round = 0; round < 1000; round++) {
            java.util.Arrays.fill(dense, HyperLogLog.HLL_HDR_SIZE, dense.length, (byte) 0);
            for (int j = 0; j < HyperLogLog.HLL_REGISTERS; j++) {
                int v = r.nextInt(64);
                bitcounters[j] = v;
                d.setRegisterForTest(j, v);
            }
            for (int j = 0; j < HyperLogLog.HLL_REGISTERS; j++) {
                if (d.getRegister(j) != bitcounters[j]) {
                    c.addError("TESTFAILED Register error at " + j);
                    return;
                }
            }
        }
        // 2) Approximation error, sparse and dense in step.
        HyperLogLog sparse = new HyperLogLog(HyperLogLog.createSparse(), HllListener.NONE);
        byte[] d2 = HyperLogLog.createSparse();
        HyperLogLog denseHll = new HyperLogLog(d2, HllListener.NONE);
        denseHll.sparseToDense();
        double relerr = 1.04 / Math.sqrt(HyperLogLog.HLL_REGISTERS);
        long checkpoint = 1;
        long seed = r.nextLong();
        byte[] ele = new byte[8];
        for (long j = 1; j <= 10_000_000L; j++) {
            long v = j ^ seed;
            for (int i = 0; i < 8; i++) ele[i] = (byte) (v >>> (8 * i));
            denseHll.add(ele, 3000);
            sparse.add(ele, 3000);
            if (j == checkpoint) {
                long abserr = (long) (checkpoint * relerr);
                long count = denseHll.count();
                if (sparse.count() != count) {
                    c.addError("TESTFAILED dense/sparse disagree: " + count + " != " + sparse.count());
                    return;
                }
                // Small cardinalities have a larger relative error: Redis allows more there too.
                double maxerr = checkpoint <= 10 ? 1 : checkpoint <= 100 ? checkpoint * 0.05 : abserr * 5;
                if (Math.abs(count - checkpoint) > Math.max(maxerr, 1)) {
                    c.addError("TESTFAILED Too big error. card:" + checkpoint + " error:" + Math.abs(count - checkpoint));
                    return;
                }
                checkpoint *= 10;
                if (checkpoint > 100_000) break; // enough to cross the sparse/dense boundary
            }
        }
        c.addOk();
    }
}
