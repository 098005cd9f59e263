package io.glassbox.ds.dict;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The text of Redis 7.0's {@code dictGetStats} / {@code _dictGetStatsHt}, byte for byte: what
 * {@code DEBUG HTSTATS <dbid>} prints under its {@code [Dictionary HT]} and {@code [Expires HT]}
 * headers (the headers belong to {@code debug.c}, see {@link #debugHtStats}).
 *
 * <p>For each table: its size, element count, non-empty buckets ("different slots"), the longest
 * chain, the average chain length counted over non-empty buckets and computed as used/slots,
 * and a histogram of chain lengths (0..48; Redis's 50-slot vector clamps longer chains into its
 * last slot, which it then never prints). Table 1 appears only while rehashing. An empty table
 * prints one "No stats available" line.
 *
 * <p>Numbers are formatted as C's {@code printf("%.02f", (float)x)}: single-precision arithmetic,
 * then rounding of the exact binary value half-to-even, so 2/64 prints as 3.12%, not 3.13%.
 * Output is truncated like the 4096-byte buffer in {@code debug.c} ({@link #DEBUG_BUFSIZE}).
 */
public final class DictStats {

    /** {@code DICT_STATS_VECTLEN}. */
    static final int DICT_STATS_VECTLEN = 50;
    /** Size of the {@code char buf[4096]} that {@code DEBUG HTSTATS} formats each dict into. */
    public static final int DEBUG_BUFSIZE = 4096;

    private DictStats() {}

    /** {@code dictGetStats(buf, 4096, d)}. */
    public static String getStats(Dict<?, ?> d) {
        return getStats(d, DEBUG_BUFSIZE);
    }

    /** {@code dictGetStats(buf, bufsize, d)}: at most {@code bufsize - 1} characters. */
    public static String getStats(Dict<?, ?> d, int bufsize) {
        StringBuilder sb = new StringBuilder();
        sb.append(getStatsHt(d, 0));
        if (d.isRehashing()) sb.append(getStatsHt(d, 1));
        return sb.length() > bufsize - 1 ? sb.substring(0, bufsize - 1) : sb.toString();
    }

    /**
     * What {@code DEBUG HTSTATS} appends for one dict: {@code header} ("[Dictionary HT]" or
     * "[Expires HT]") on its own line, then {@link #getStats(Dict)}.
     */
    public static String debugHtStats(String header, Dict<?, ?> d) {
        return header + "\n" + getStats(d);
    }

    /** {@code _dictGetStatsHt(buf, bufsize, d, htidx)} without the buffer limit. */
    public static String getStatsHt(Dict<?, ?> d, int htidx) {
        return statsHt(d, htidx);
    }

    private static <K, V> String statsHt(Dict<K, V> d, int htidx) {
        String name = htidx == 0 ? "main hash table" : "rehashing target";
        long used = d.used(htidx);
        if (used == 0) {
            return "Hash table " + htidx + " stats (" + name + "):\n"
                    + "No stats available for empty dictionaries\n";
        }
        DictEntry<K, V>[] table = d.table(htidx);
        long[] clvector = new long[DICT_STATS_VECTLEN];
        long slots = 0, maxchainlen = 0, totchainlen = 0;
        for (DictEntry<K, V> head : table) {
            if (head == null) {
                clvector[0]++;
                continue;
            }
            slots++;
            long chainlen = 0;
            for (DictEntry<K, V> he = head; he != null; he = he.next) chainlen++;
            clvector[(int) Math.min(chainlen, DICT_STATS_VECTLEN - 1)]++;
            if (chainlen > maxchainlen) maxchainlen = chainlen;
            totchainlen += chainlen;
        }
        StringBuilder sb = new StringBuilder(256);
        sb.append("Hash table ").append(htidx).append(" stats (").append(name).append("):\n")
          .append(" table size: ").append(table.length).append('\n')
          .append(" number of elements: ").append(used).append('\n')
          .append(" different slots: ").append(slots).append('\n')
          .append(" max chain length: ").append(maxchainlen).append('\n')
          .append(" avg chain length (counted): ").append(f2((float) totchainlen / slots)).append('\n')
          .append(" avg chain length (computed): ").append(f2((float) used / slots)).append('\n')
          .append(" Chain length distribution:\n");
        for (int i = 0; i < DICT_STATS_VECTLEN - 1; i++) {
            if (clvector[i] == 0) continue;
            sb.append("   ").append(i).append(": ").append(clvector[i])
              .append(" (").append(f2(((float) clvector[i] / table.length) * 100)).append("%)\n");
        }
        return sb.toString();
    }

    /** C's {@code "%.02f"} of a float: exact binary value, round half to even. */
    static String f2(float x) {
        return new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }
}
