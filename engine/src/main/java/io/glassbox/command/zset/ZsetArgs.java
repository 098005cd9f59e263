package io.glassbox.command.zset;

import io.glassbox.db.RedisObject;
import io.glassbox.db.ZsetObjects;
import io.glassbox.ds.skiplist.RangeSpec;
import io.glassbox.server.Client;
import io.glassbox.util.RedisNumbers;

import java.util.List;
import java.util.regex.Pattern;

/** Argument parsing and reply helpers the sorted-set commands share. */
public final class ZsetArgs {
    private ZsetArgs() {}

    /**
     * The thresholds as CONFIG has them now ({@code zset-max-listpack-entries}, {@code zset-max-listpack-value}):
     * a field of the engine's {@link io.glassbox.db.EncodingConfig}, read once per command.
     */
    public static ZsetObjects.Limits limits(Client c) {
        return c.server().keyspace().encodings().zset;
    }

    /** getDoubleFromObjectOrReply with a custom or the default message; null after replying. */
    public static Double doubleOrReply(Client c, byte[] arg, String msg) {
        double[] out = new double[1];
        if (!RedisNumbers.string2d(arg, out)) {
            c.addError(msg == null ? "value is not a valid float" : msg);
            return null;
        }
        return out[0];
    }

    /** getLongFromObjectOrReply; null after replying. */
    static Long longOrReply(Client c, byte[] arg) {
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(arg, out)) { c.addErrorNotInteger(); return null; }
        return out[0];
    }

    /** getPositiveLongFromObjectOrReply: a non-negative integer, else the message; null after replying. */
    static Long positiveLongOrReply(Client c, byte[] arg, String msg) {
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(arg, out) || out[0] < 0) {
            c.addError(msg == null ? "value is out of range, must be positive" : msg);
            return null;
        }
        return out[0];
    }

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /**
     * C's strtod as zslParseRange uses it: leading white space is skipped, an empty string is 0,
     * an overflow is an infinity and an underflow zero. Returns null when bytes are left over or
     * the value is NaN.
     */
    static Double strtod(byte[] b, int off) {
        int i = off;
        if (i == b.length) return 0.0;
        while (i < b.length && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r'))) i++;
        if (i == b.length) return null;
        double[] out = new double[1];
        if (RedisNumbers.string2d(b, i, b.length - i, out)) return out[0];
        String s = new String(b, i, b.length - i, java.nio.charset.StandardCharsets.ISO_8859_1);
        return DECIMAL.matcher(s).matches() ? Double.parseDouble(s) : null;
    }

    /** zslParseRange: "(" before a bound makes it exclusive. Null when either bound is not a float. */
    static RangeSpec parseRange(byte[] min, byte[] max) {
        boolean minex = min.length > 0 && min[0] == '(', maxex = max.length > 0 && max[0] == '(';
        Double lo = strtod(min, minex ? 1 : 0), hi = strtod(max, maxex ? 1 : 0);
        if (lo == null || hi == null) return null;
        return new RangeSpec(lo, hi, minex, maxex);
    }

    /** lookupKey + checkType for OBJ_ZSET: replies WRONGTYPE and returns false for another type. */
    static boolean isZsetOrNull(Client c, RedisObject o) {
        if (o != null && o.type != RedisObject.TYPE_ZSET) {
            c.addErrorWrongType();
            return false;
        }
        return true;
    }

    static void addScore(Client c, double score) { c.addDouble(RedisNumbers.replyDouble(score)); }

    /**
     * Members (and scores) as ZRANGE and ZUNION reply them: a flat array in RESP2, and with
     * WITHSCORES in RESP3 an array of [member, score] pairs, so that the order survives (a map
     * would not promise it).
     */
    static void addEntries(Client c, List<ZsetObjects.Entry> entries, boolean withscores) {
        c.addArrayLen(withscores && !c.resp3() ? entries.size() * 2L : entries.size());
        for (ZsetObjects.Entry e : entries) {
            if (withscores && c.resp3()) c.addArrayLen(2);
            c.addBulk(e.ele());
            if (withscores) addScore(c, e.score());
        }
    }
}
