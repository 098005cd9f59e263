package io.glassbox.ds.dict;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * SipHash-1-2, as Redis's {@code src/siphash.c} ({@code siphash} and {@code siphash_nocase}).
 *
 * <h2>Why a keyed hash</h2>
 * The keyspace is a hash table whose keys are chosen by clients. With a fixed, public hash
 * function an attacker can send thousands of keys that land in one bucket and turn every lookup
 * into a walk of a long chain ("hash flooding"). SipHash is a pseudo-random function keyed by a
 * 128-bit secret: without the seed nobody can predict which bucket a key lands in. Redis picks the
 * seed at random when the process starts ({@code dictSetHashFunctionSeed} in {@code main()}).
 *
 * <h2>Why 1-2 rounds</h2>
 * The SipHash paper recommends 2 compression rounds per 8-byte word and 4 finalisation rounds
 * (SipHash-2-4). Redis uses 1 and 2: antirez measured 2-4 as about 4% slower overall, and no
 * practical attack on 1-2 is known. The structure below is otherwise the reference one; with 2 and
 * 4 rounds it reproduces the paper's test vectors.
 *
 * <h2>The case-insensitive variant</h2>
 * Command names are looked up case-insensitively ("get", "GET", "GeT"). Rather than lowercasing
 * the name into a temporary buffer before hashing, {@link #siphashNocase} folds A-Z to a-z as it
 * reads each byte ({@code siptlw}), so {@code siphashNocase(x) == siphash(lowercase(x))}. Only
 * ASCII letters are folded, like Redis, whatever the locale.
 *
 * <p>Cost: one pass over the input, 8 bytes per round, no allocation.
 */
public final class SipHash {

    private SipHash() {}

    /** Little-endian 8-byte loads (Redis's {@code U8TO64_LE}). */
    private static final VarHandle LE64 =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long V0 = 0x736f6d6570736575L; // "somepseu"
    private static final long V1 = 0x646f72616e646f6dL; // "dorandom"
    private static final long V2 = 0x6c7967656e657261L; // "lygenera"
    private static final long V3 = 0x7465646279746573L; // "tedbytes"

    /** {@code siphash(in, inlen, k)} with the 16-byte key {@code k}. */
    public static long siphash(byte[] in, byte[] k) {
        return siphash(in, 0, in.length, k0(k), k1(k));
    }

    /** {@code siphash_nocase(in, inlen, k)} with the 16-byte key {@code k}. */
    public static long siphashNocase(byte[] in, byte[] k) {
        return siphashNocase(in, 0, in.length, k0(k), k1(k));
    }

    /** First half of a 16-byte seed as the little-endian word SipHash uses. */
    public static long k0(byte[] k) {
        checkSeed(k);
        return (long) LE64.get(k, 0);
    }

    /** Second half of a 16-byte seed as the little-endian word SipHash uses. */
    public static long k1(byte[] k) {
        checkSeed(k);
        return (long) LE64.get(k, 8);
    }

    /**
     * Redis's {@code dict_hash_function_seed}: drawn once when this class loads, shared by
     * {@link DictType#BYTES} and {@link DictType#BYTES_NOCASE}. Returned as a copy.
     */
    private static final byte[] PROCESS_SEED = randomSeed();

    /** A copy of the per-process seed ({@code dictGetHashFunctionSeed}). */
    public static byte[] processSeed() {
        return PROCESS_SEED.clone();
    }

    /** A fresh random 16-byte seed, as Redis's {@code main()} draws with {@code getRandomBytes}. */
    public static byte[] randomSeed() {
        byte[] seed = new byte[16];
        new SecureRandom().nextBytes(seed);
        return seed;
    }

    private static void checkSeed(byte[] k) {
        if (k.length != 16) throw new IllegalArgumentException("SipHash seed must be 16 bytes");
    }

    /**
     * SipHash-1-2 of {@code in[off, off+len)} under the key ({@code k0}, {@code k1}) already
     * decoded from the seed, so a hash table pays no per-call key parsing.
     */
    public static long siphash(byte[] in, int off, int len, long k0, long k1) {
        long v0 = V0 ^ k0, v1 = V1 ^ k1, v2 = V2 ^ k0, v3 = V3 ^ k1;
        int end = off + len - (len & 7);
        int p = off;
        for (; p != end; p += 8) {
            long m = (long) LE64.get(in, p);
            v3 ^= m;
            // SIPROUND (1 compression round)
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            v0 ^= m;
        }
        long b = ((long) len) << 56;
        switch (len & 7) { // the 0..7 trailing bytes, little-endian, under the length byte
            case 7: b |= (in[p + 6] & 0xffL) << 48; // fall through
            case 6: b |= (in[p + 5] & 0xffL) << 40; // fall through
            case 5: b |= (in[p + 4] & 0xffL) << 32; // fall through
            case 4: b |= (in[p + 3] & 0xffL) << 24; // fall through
            case 3: b |= (in[p + 2] & 0xffL) << 16; // fall through
            case 2: b |= (in[p + 1] & 0xffL) << 8;  // fall through
            case 1: b |= (in[p] & 0xffL); break;
            default: break;
        }
        return finish(v0, v1, v2, v3, b);
    }

    /** As {@link #siphash(byte[], int, int, long, long)}, folding ASCII A-Z to a-z first. */
    public static long siphashNocase(byte[] in, int off, int len, long k0, long k1) {
        long v0 = V0 ^ k0, v1 = V1 ^ k1, v2 = V2 ^ k0, v3 = V3 ^ k1;
        int end = off + len - (len & 7);
        int p = off;
        for (; p != end; p += 8) {
            long m = 0;
            for (int i = 7; i >= 0; i--) m = (m << 8) | siptlw(in[p + i]);
            v3 ^= m;
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            v0 ^= m;
        }
        long b = ((long) len) << 56;
        for (int i = (len & 7) - 1; i >= 0; i--) b |= siptlw(in[p + i]) << (8 * i);
        return finish(v0, v1, v2, v3, b);
    }

    /** The last block and the 2 finalisation rounds, shared by both variants. */
    private static long finish(long v0, long v1, long v2, long v3, long b) {
        v3 ^= b;
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        v0 ^= b;
        v2 ^= 0xff;
        for (int r = 0; r < 2; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    /** Redis's {@code siptlw}: locale-free tolower of one byte, as an unsigned value. */
    static long siptlw(byte c) {
        return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : (c & 0xffL);
    }
}
