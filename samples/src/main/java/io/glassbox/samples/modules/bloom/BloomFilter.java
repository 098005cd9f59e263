package io.glassbox.samples.modules.bloom;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A Bloom filter: {@code m} bits and {@code k} hash functions, sized for a capacity and an error
 * rate ({@code m = -n ln p / (ln 2)^2}, {@code k = m/n ln 2}). The k positions of an item come from
 * two 64-bit FNV-1a hashes combined as {@code h1 + i*h2} (Kirsch and Mitzenmacher), so adding and
 * testing cost O(k) whatever the number of items. "Maybe present" can be wrong at about the
 * error rate; "absent" never is.
 */
final class BloomFilter {
    final long bits;
    final int hashes;
    long count;
    final long[] words;

    BloomFilter(long bits, int hashes, long count, long[] words) {
        this.bits = bits;
        this.hashes = hashes;
        this.count = count;
        this.words = words;
    }

    static BloomFilter forCapacity(long capacity, double errorRate) {
        long m = Math.max(64, (long) Math.ceil(-capacity * Math.log(errorRate) / (Math.log(2) * Math.log(2))));
        int k = Math.max(1, (int) Math.round((double) m / capacity * Math.log(2)));
        return new BloomFilter(m, k, 0, new long[(int) ((m + 63) / 64)]);
    }

    /** True if the item was (certainly) not there before. */
    boolean add(byte[] item) {
        long h1 = fnv(item, 0xcbf29ce484222325L), h2 = fnv(item, 0x84222325cbf29ce4L) | 1;
        boolean added = false;
        for (int i = 0; i < hashes; i++) {
            long bit = Long.remainderUnsigned(h1 + i * h2, bits);
            long mask = 1L << (bit & 63);
            int w = (int) (bit >>> 6);
            if ((words[w] & mask) == 0) { words[w] |= mask; added = true; }
        }
        if (added) count++;
        return added;
    }

    boolean mightContain(byte[] item) {
        long h1 = fnv(item, 0xcbf29ce484222325L), h2 = fnv(item, 0x84222325cbf29ce4L) | 1;
        for (int i = 0; i < hashes; i++) {
            long bit = Long.remainderUnsigned(h1 + i * h2, bits);
            if ((words[(int) (bit >>> 6)] & (1L << (bit & 63))) == 0) return false;
        }
        return true;
    }

    private static long fnv(byte[] b, long seed) {
        long h = seed;
        for (byte x : b) h = (h ^ (x & 0xff)) * 0x100000001b3L;
        return h;
    }

    byte[] bitsAsBytes() {
        byte[] out = new byte[words.length * 8];
        for (int i = 0; i < words.length; i++) for (int j = 0; j < 8; j++) out[i * 8 + j] = (byte) (words[i] >>> (8 * j));
        return out;
    }

    static long[] wordsFromBytes(byte[] b) {
        long[] w = new long[b.length / 8];
        for (int i = 0; i < w.length; i++) for (int j = 0; j < 8; j++) w[i] |= (b[i * 8 + j] & 0xffL) << (8 * j);
        return w;
    }

    BloomFilter copy() { return new BloomFilter(bits, hashes, count, words.clone()); }

    @Override public String toString() {
        return "bloom m=" + bits + " k=" + hashes + " n=" + count + " " + Arrays.hashCode(words);
    }

    static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
