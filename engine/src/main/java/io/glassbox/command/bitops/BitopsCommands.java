package io.glassbox.command.bitops;

import io.glassbox.command.CommandTable;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.db.StringObjects;
import io.glassbox.server.Notify;
import io.glassbox.server.Client;
import io.glassbox.util.RedisNumbers;


/**
 * SETBIT GETBIT BITCOUNT BITPOS BITOP: Redis's {@code bitops.c}; BITFIELD is in {@link Bitfield}.
 *
 * <p>Offsets: a bit offset is a non-negative integer whose byte ({@code offset >> 3}) stays below
 * {@code proto-max-bulk-len} (512 MB by default), so one SETBIT can allocate at most that much
 * ({@link #getBitOffsetFromArgument}). BITCOUNT and BITPOS ranges are in bytes unless BIT is
 * given; a bit range is turned into a byte range plus two masks that hide the bits of the first
 * and last byte that are outside it, so counting still runs a byte at a time.
 */
public final class BitopsCommands {
    private BitopsCommands() {}

    static final String ERR_BIT_OFFSET = "bit offset is not an integer or out of range";

    public static void register(CommandTable t) {
        t.bind("setbit", BitopsCommands::setbit);
        t.bind("getbit", BitopsCommands::getbit);
        t.bind("bitcount", BitopsCommands::bitcount);
        t.bind("bitpos", BitopsCommands::bitpos);
        t.bind("bitop", BitopsCommands::bitop);
        t.bind("bitfield", c -> Bitfield.bitfieldGeneric(c, false));
        t.bind("bitfield_ro", c -> Bitfield.bitfieldGeneric(c, true));
    }

    /**
     * getBitOffsetFromArgument: a bit offset, or -1 after replying the error. With {@code hash},
     * "#N" means the N-th field of {@code bits} bits (BITFIELD's "#" offsets). The byte holding the
     * bit must be below proto-max-bulk-len: that caps how large one command can make a string.
     */
    static long getBitOffsetFromArgument(Client c, byte[] arg, boolean hash, int bits) {
        boolean usehash = hash && arg.length > 0 && arg[0] == '#';
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(arg, usehash ? 1 : 0, arg.length - (usehash ? 1 : 0), out)) {
            c.addError(ERR_BIT_OFFSET);
            return -1;
        }
        long loffset = out[0];
        if (usehash) loffset *= bits; // wraps like C's signed multiply on x86
        long protoMaxBulkLen = c.server().settings().protoMaxBulkLen;
        if (loffset < 0 || (loffset >>> 3) >= protoMaxBulkLen) {
            c.addError(ERR_BIT_OFFSET);
            return -1;
        }
        return loffset;
    }

    /**
     * lookupStringForBitCommand: the string at the command's key, made {@code raw} and zero-padded
     * so bit {@code maxbit} exists; created when the key is missing. Null after a WRONGTYPE reply.
     * {@code grew[0]} tells whether the key was created or its length changed (SETBIT's "dirty").
     */
    static RedisObject lookupStringForBitCommand(Client c, long maxbit, boolean[] grew) {
        RedisDb db = c.db();
        int bytes = (int) ((maxbit >>> 3) + 1);
        byte[] key = c.arg(1);
        RedisObject o = db.lookupKeyWrite(key);
        if (o != null && o.type != RedisObject.TYPE_STRING) {
            c.addErrorWrongType();
            return null;
        }
        if (o == null) {
            o = StringObjects.rawMutable(new byte[bytes]);
            db.dbAdd(key, o);
            if (grew != null) grew[0] = true;
            return o;
        }
        // dbUnshareStringValue + sdsgrowzero: the key's own buffer (copied once from a shared
        // array), zero-padded so the bit exists, with room to grow.
        long before = StringObjects.length(o);
        StringObjects.mutable(o, bytes);
        if (grew != null && bytes > before) grew[0] = true;
        return o;
    }

    // ---------------------------------------------------------------- SETBIT GETBIT

    /** SETBIT key offset 0|1 (setbitCommand): replies the bit's previous value. */
    static void setbit(Client c) {
        long bitoffset = getBitOffsetFromArgument(c, c.arg(2), false, 0);
        if (bitoffset < 0) return;
        long[] on = new long[1];
        if (!RedisNumbers.string2ll(c.arg(3), on) || (on[0] & ~1L) != 0) {
            c.addError("bit is not an integer or out of range");
            return;
        }
        boolean[] grew = new boolean[1];
        RedisObject o = lookupStringForBitCommand(c, bitoffset, grew);
        if (o == null) return;
        byte[] p = StringObjects.buffer(o); // the key's own Sds, long enough for the bit
        int byteIdx = (int) (bitoffset >>> 3);
        int bit = 7 - (int) (bitoffset & 7);
        int byteval = p[byteIdx] & 0xff;
        int bitval = (byteval >> bit) & 1;
        // Created, grown, or the bit really changes: only then is the key modified.
        if (grew[0] || bitval != on[0]) {
            byteval &= ~(1 << bit);
            byteval |= (int) on[0] << bit;
            p[byteIdx] = (byte) byteval;
            c.db().signalModifiedKey(c.arg(1));
            Notify.event(c, Notify.STRING, "setbit", c.arg(1));
            c.server().keyspace().stats.dirty++;
        }
        c.addLong(bitval);
    }

    /** GETBIT key offset (getbitCommand): bits past the end of the string, or of a missing key, are 0. */
    static void getbit(Client c) {
        long bitoffset = getBitOffsetFromArgument(c, c.arg(2), false, 0);
        if (bitoffset < 0) return;
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { c.addLong(0); return; }
        if (o.type != RedisObject.TYPE_STRING) { c.addErrorWrongType(); return; }
        byte[] p = StringObjects.buffer(o); // O(1): a growing bitmap is not trimmed to be read
        long byteIdx = bitoffset >>> 3;
        int bitval = 0;
        if (byteIdx < StringObjects.length(o)) bitval = (p[(int) byteIdx] >> (7 - (int) (bitoffset & 7))) & 1;
        c.addLong(bitval);
    }

    // ---------------------------------------------------------------- BITCOUNT BITPOS

    /** redisPopcount: the number of set bits in {@code count} bytes from {@code off}. */
    static long redisPopcount(byte[] p, int off, int count) {
        long bits = 0;
        int i = 0;
        for (; i + 8 <= count; i += 8) bits += Long.bitCount(getLong(p, off + i));
        for (; i < count; i++) bits += Integer.bitCount(p[off + i] & 0xff);
        return bits;
    }

    private static long getLong(byte[] p, int off) {
        return ((long) (p[off] & 0xff) << 56) | ((long) (p[off + 1] & 0xff) << 48) | ((long) (p[off + 2] & 0xff) << 40)
                | ((long) (p[off + 3] & 0xff) << 32) | ((long) (p[off + 4] & 0xff) << 24) | ((p[off + 5] & 0xff) << 16)
                | ((p[off + 6] & 0xff) << 8) | (p[off + 7] & 0xff);
    }

    /**
     * redisBitpos: the position of the first bit equal to {@code bit} in {@code count} bytes. Not
     * found: -1 when looking for a 1, and {@code count*8} when looking for a 0, because the string
     * is thought of as padded with zeros on the right.
     */
    static long redisBitpos(byte[] p, int off, int count, int bit) {
        int skip = bit == 1 ? 0 : 0xff; // a byte with no bit we look for
        for (int i = 0; i < count; i++) {
            int b = p[off + i] & 0xff;
            if (b != skip) {
                for (int j = 7; j >= 0; j--) {
                    if (((b >> j) & 1) == bit) return (long) i * 8 + (7 - j);
                }
            }
        }
        return bit == 1 ? -1 : (long) count * 8;
    }

    /** BYTE or BIT: 1 for BIT, 0 for BYTE, -1 after a syntax error reply. */
    private static int parseUnit(Client c, int idx) {
        if (c.argIs(idx, "bit")) return 1;
        if (c.argIs(idx, "byte")) return 0;
        c.addErrorSyntax();
        return -1;
    }

    /** BITCOUNT key [start end [BYTE|BIT]] (bitcountCommand). */
    static void bitcount(Client c) {
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { c.addLong(0); return; }
        if (o.type != RedisObject.TYPE_STRING) { c.addErrorWrongType(); return; }
        byte[] p = StringObjects.bytes(o);
        long start, end;
        int firstByteNegMask = 0, lastByteNegMask = 0;
        if (c.argc() == 4 || c.argc() == 5) {
            long totlen = p.length;
            long[] out = new long[1];
            if (!RedisNumbers.string2ll(c.arg(2), out)) { c.addErrorNotInteger(); return; }
            start = out[0];
            if (!RedisNumbers.string2ll(c.arg(3), out)) { c.addErrorNotInteger(); return; }
            end = out[0];
            // Both negative and crossed: empty, whatever the unit.
            if (start < 0 && end < 0 && start > end) { c.addLong(0); return; }
            boolean isbit = false;
            if (c.argc() == 5) {
                int u = parseUnit(c, 4);
                if (u < 0) return;
                isbit = u == 1;
            }
            if (isbit) totlen <<= 3;
            if (start < 0) start = totlen + start;
            if (end < 0) end = totlen + end;
            if (start < 0) start = 0;
            if (end < 0) end = 0;
            if (end >= totlen) end = totlen - 1;
            if (isbit && start <= end) {
                // Masks of the edge bits outside the range, before going to byte offsets.
                firstByteNegMask = ~((1 << (8 - (int) (start & 7))) - 1) & 0xff;
                lastByteNegMask = (1 << (7 - (int) (end & 7))) - 1;
                start >>= 3;
                end >>= 3;
            }
        } else if (c.argc() == 2) {
            start = 0;
            end = p.length - 1;
        } else {
            c.addErrorSyntax();
            return;
        }
        if (start > end) { c.addLong(0); return; }
        long count = redisPopcount(p, (int) start, (int) (end - start + 1));
        // Subtract the bits of the edge bytes that lie outside a BIT range.
        if (firstByteNegMask != 0) count -= Integer.bitCount(p[(int) start] & firstByteNegMask);
        if (lastByteNegMask != 0) count -= Integer.bitCount(p[(int) end] & lastByteNegMask);
        c.addLong(count);
    }

    /**
     * BITPOS key bit [start [end [BYTE|BIT]]] (bitposCommand). A missing key is an infinite run of
     * zeros. Without an end the string counts as padded with zeros, so looking for a 0 in all-ones
     * bytes answers the first bit after the string; with an explicit end it answers -1.
     */
    static void bitpos(Client c) {
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(c.arg(2), out)) { c.addErrorNotInteger(); return; }
        if (out[0] != 0 && out[0] != 1) { c.addError("The bit argument must be 1 or 0."); return; }
        int bit = (int) out[0];
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { c.addLong(bit == 1 ? -1 : 0); return; }
        if (o.type != RedisObject.TYPE_STRING) { c.addErrorWrongType(); return; }
        byte[] p = StringObjects.bytes(o);
        long start, end;
        boolean endGiven = false;
        int firstByteNegMask = 0, lastByteNegMask = 0;
        if (c.argc() >= 4 && c.argc() <= 6) {
            long totlen = p.length;
            if (!RedisNumbers.string2ll(c.arg(3), out)) { c.addErrorNotInteger(); return; }
            start = out[0];
            boolean isbit = false;
            if (c.argc() == 6) {
                int u = parseUnit(c, 5);
                if (u < 0) return;
                isbit = u == 1;
            }
            if (c.argc() >= 5) {
                if (!RedisNumbers.string2ll(c.arg(4), out)) { c.addErrorNotInteger(); return; }
                end = out[0];
                endGiven = true;
            } else {
                end = isbit ? (totlen << 3) + 7 : totlen - 1;
            }
            if (isbit) totlen <<= 3;
            if (start < 0) start = totlen + start;
            if (end < 0) end = totlen + end;
            if (start < 0) start = 0;
            if (end < 0) end = 0;
            if (end >= totlen) end = totlen - 1;
            if (isbit && start <= end) {
                firstByteNegMask = ~((1 << (8 - (int) (start & 7))) - 1) & 0xff;
                lastByteNegMask = (1 << (7 - (int) (end & 7))) - 1;
                start >>= 3;
                end >>= 3;
            }
        } else if (c.argc() == 3) {
            start = 0;
            end = p.length - 1;
        } else {
            c.addErrorSyntax();
            return;
        }
        // An empty range contains neither a 0 nor a 1.
        if (start > end) { c.addLong(-1); return; }
        long bytes = end - start + 1;
        long pos;
        byte[] tmp = new byte[1];
        found:
        {
            if (firstByteNegMask != 0) {
                int t = bit == 1 ? p[(int) start] & ~firstByteNegMask : p[(int) start] | firstByteNegMask;
                if (lastByteNegMask != 0 && bytes == 1) {
                    t = bit == 1 ? t & ~lastByteNegMask : t | lastByteNegMask;
                }
                tmp[0] = (byte) t;
                pos = redisBitpos(tmp, 0, 1, bit);
                if (bytes == 1 || (pos != -1 && pos != 8)) break found;
                start++;
                bytes--;
            }
            long curbytes = bytes - (lastByteNegMask != 0 ? 1 : 0);
            if (curbytes > 0) {
                pos = redisBitpos(p, (int) start, (int) curbytes, bit);
                if (bytes == curbytes || (pos != -1 && pos != curbytes << 3)) break found;
                start += curbytes;
                bytes -= curbytes;
            }
            int t = bit == 1 ? p[(int) end] & ~lastByteNegMask : p[(int) end] | lastByteNegMask;
            tmp[0] = (byte) t;
            pos = redisBitpos(tmp, 0, 1, bit);
        }
        // With an explicit end the right of the range is not zero padding: no 0 found is -1.
        if (endGiven && bit == 0 && pos == bytes << 3) { c.addLong(-1); return; }
        if (pos != -1) pos += start << 3;
        c.addLong(pos);
    }

    // ---------------------------------------------------------------- BITOP

    /**
     * BITOP AND|OR|XOR|NOT destkey key [key ...] (bitopCommand): missing keys and the missing tail
     * of shorter strings are zeros; the result is as long as the longest input, stored {@code raw},
     * and an all-empty result deletes the destination. Replies the result's length.
     */
    static void bitop(Client c) {
        final int AND = 0, OR = 1, XOR = 2, NOT = 3;
        int op;
        if (c.argIs(1, "and")) op = AND;
        else if (c.argIs(1, "or")) op = OR;
        else if (c.argIs(1, "xor")) op = XOR;
        else if (c.argIs(1, "not")) op = NOT;
        else { c.addErrorSyntax(); return; }
        if (op == NOT && c.argc() != 4) {
            c.addError("BITOP NOT must be called with a single source key.");
            return;
        }
        RedisDb db = c.db();
        int numkeys = c.argc() - 3;
        byte[][] src = new byte[numkeys][];
        int maxlen = 0;
        for (int j = 0; j < numkeys; j++) {
            RedisObject o = db.lookupKeyRead(c.arg(j + 3));
            if (o == null) { src[j] = new byte[0]; continue; }
            if (o.type != RedisObject.TYPE_STRING) { c.addErrorWrongType(); return; }
            src[j] = StringObjects.bytes(o);
            maxlen = Math.max(maxlen, src[j].length);
        }
        byte[] targetkey = c.arg(2);
        if (maxlen > 0) {
            byte[] res = new byte[maxlen];
            for (int i = 0; i < maxlen; i++) {
                int output = i < src[0].length ? src[0][i] : 0;
                if (op == NOT) output = ~output;
                for (int j = 1; j < numkeys; j++) {
                    int b = i < src[j].length ? src[j][i] : 0;
                    if (op == AND) output &= b;
                    else if (op == OR) output |= b;
                    else output ^= b;
                }
                res[i] = (byte) output;
            }
            db.setKey(targetkey, StringObjects.raw(res), false);
            Notify.event(c, Notify.STRING, "set", targetkey);
            c.server().keyspace().stats.dirty++;
        } else if (db.dbDelete(targetkey)) {
            Notify.event(c, Notify.GENERIC, "del", targetkey);
            c.server().keyspace().stats.dirty++;
        }
        c.addLong(maxlen);
    }
}
