package io.glassbox.command.bitops;

import io.glassbox.db.RedisObject;
import io.glassbox.db.StringObjects;
import io.glassbox.server.Notify;
import io.glassbox.server.Client;
import io.glassbox.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;

/**
 * BITFIELD and BITFIELD_RO: a string read as an array of integers of any width from 1 to 64 bits
 * (signed) or 63 bits (unsigned: a reply is a signed 64-bit integer, so u64 could not be
 * returned), at any bit offset, big-endian. Redis's {@code bitfieldGeneric} in {@code bitops.c}.
 *
 * <p>The command is parsed completely before anything runs, so a bad type or offset in the last
 * operation changes nothing. Then the string is grown once to the highest bit any write touches,
 * and the operations run in order. OVERFLOW applies to the SET and INCRBY operations after it:
 * WRAP (modular arithmetic, the default), SAT (clamp to the type's minimum or maximum) or FAIL
 * (do not write, reply nil).
 */
final class Bitfield {
    private Bitfield() {}

    static final int OP_GET = 0, OP_SET = 1, OP_INCRBY = 2;
    static final int OVERFLOW_WRAP = 0, OVERFLOW_SAT = 1, OVERFLOW_FAIL = 2;

    static final String ERR_TYPE =
            "Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

    /** One parsed operation (struct bitfieldOp). */
    record Op(long offset, long i64, int opcode, int owtype, int bits, boolean sign) {}

    static void bitfieldGeneric(Client c, boolean readonlyCommand) {
        List<Op> ops = new ArrayList<>();
        int owtype = OVERFLOW_WRAP;
        boolean readonly = true;
        long highestWriteOffset = 0;
        for (int j = 2; j < c.argc(); j++) {
            int remargs = c.argc() - j - 1;
            int opcode;
            if (c.argIs(j, "get") && remargs >= 2) opcode = OP_GET;
            else if (c.argIs(j, "set") && remargs >= 3) opcode = OP_SET;
            else if (c.argIs(j, "incrby") && remargs >= 3) opcode = OP_INCRBY;
            else if (c.argIs(j, "overflow") && remargs >= 1) {
                j++;
                if (c.argIs(j, "wrap")) owtype = OVERFLOW_WRAP;
                else if (c.argIs(j, "sat")) owtype = OVERFLOW_SAT;
                else if (c.argIs(j, "fail")) owtype = OVERFLOW_FAIL;
                else { c.addError("Invalid OVERFLOW type specified"); return; }
                continue;
            } else {
                c.addErrorSyntax();
                return;
            }
            // getBitfieldTypeFromArgument: i1..i64 or u1..u63, lower case only.
            byte[] t = c.arg(j + 1);
            long[] out = new long[1];
            boolean sign;
            if (t.length > 0 && t[0] == 'i') sign = true;
            else if (t.length > 0 && t[0] == 'u') sign = false;
            else { c.addError(ERR_TYPE); return; }
            if (!RedisNumbers.string2ll(t, 1, t.length - 1, out) || out[0] < 1
                    || (sign && out[0] > 64) || (!sign && out[0] > 63)) {
                c.addError(ERR_TYPE);
                return;
            }
            int bits = (int) out[0];
            long bitoffset = BitopsCommands.getBitOffsetFromArgument(c, c.arg(j + 2), true, bits);
            if (bitoffset < 0) return;
            long i64 = 0;
            if (opcode != OP_GET) {
                readonly = false;
                highestWriteOffset = Math.max(highestWriteOffset, bitoffset + bits - 1);
                if (!RedisNumbers.string2ll(c.arg(j + 3), out)) { c.addErrorNotInteger(); return; }
                i64 = out[0];
            }
            ops.add(new Op(bitoffset, i64, opcode, owtype, bits, sign));
            j += 3 - (opcode == OP_GET ? 1 : 0);
        }

        RedisObject o;
        boolean[] grew = {false};
        if (readonly) {
            o = c.db().lookupKeyRead(c.arg(1));
            if (o != null && o.type != RedisObject.TYPE_STRING) { c.addErrorWrongType(); return; }
        } else {
            if (readonlyCommand) { c.addError("BITFIELD_RO only supports the GET subcommand"); return; }
            o = BitopsCommands.lookupStringForBitCommand(c, highestWriteOffset, grew);
            if (o == null) return;
        }

        c.addArrayLen(ops.size());
        int changes = 0;
        long[] wrapped = new long[1];
        for (Op op : ops) {
            if (op.opcode != OP_GET) {
                byte[] p = StringObjects.buffer(o); // the key's own Sds, long enough for the field
                long oldval, newval, retval;
                int overflow;
                if (op.sign) {
                    oldval = getSignedBitfield(p, op.offset, op.bits);
                    if (op.opcode == OP_INCRBY) {
                        overflow = checkSignedBitfieldOverflow(oldval, op.i64, op.bits, op.owtype, wrapped);
                        newval = overflow != 0 ? wrapped[0] : oldval + op.i64;
                        retval = newval;
                    } else {
                        newval = op.i64;
                        overflow = checkSignedBitfieldOverflow(newval, 0, op.bits, op.owtype, wrapped);
                        if (overflow != 0) newval = wrapped[0];
                        retval = oldval;
                    }
                } else {
                    oldval = getUnsignedBitfield(p, op.offset, op.bits);
                    if (op.opcode == OP_INCRBY) {
                        newval = oldval + op.i64;
                        overflow = checkUnsignedBitfieldOverflow(oldval, op.i64, op.bits, op.owtype, wrapped);
                        if (overflow != 0) newval = wrapped[0];
                        retval = newval;
                    } else {
                        newval = op.i64;
                        overflow = checkUnsignedBitfieldOverflow(newval, 0, op.bits, op.owtype, wrapped);
                        if (overflow != 0) newval = wrapped[0];
                        retval = oldval;
                    }
                }
                // OVERFLOW FAIL: leave the bits alone and reply nil.
                if (overflow != 0 && op.owtype == OVERFLOW_FAIL) {
                    c.addNull();
                } else {
                    c.addLong(retval);
                    setUnsignedBitfield(p, op.offset, op.bits, newval);
                    // Redis 7.0 counts a write only if the key was created or grew, or the bits changed
                    if (grew[0] || oldval != newval) changes++;
                }
            } else {
                // GET reads through a 9-byte zero-padded window, so a field may run past the end.
                byte[] src = o == null ? null : StringObjects.buffer(o);
                long srcLen = o == null ? 0 : StringObjects.length(o);
                byte[] buf = new byte[9];
                long byteIdx = op.offset >>> 3;
                for (int i = 0; i < 9; i++) {
                    if (src == null || i + byteIdx >= srcLen) break;
                    buf[i] = src[(int) (i + byteIdx)];
                }
                long off = op.offset - byteIdx * 8;
                c.addLong(op.sign ? getSignedBitfield(buf, off, op.bits) : getUnsignedBitfield(buf, off, op.bits));
            }
        }
        if (changes > 0) {
            c.db().signalModifiedKey(c.arg(1));
            Notify.event(c, Notify.STRING, "setbit", c.arg(1));
            c.server().keyspace().stats.dirty += changes;
        }
    }

    /** getUnsignedBitfield: {@code bits} bits from bit {@code offset}, most significant first. */
    static long getUnsignedBitfield(byte[] p, long offset, int bits) {
        long value = 0;
        for (int j = 0; j < bits; j++, offset++) {
            int bitval = (p[(int) (offset >>> 3)] >> (7 - (int) (offset & 7))) & 1;
            value = (value << 1) | bitval;
        }
        return value;
    }

    /** getSignedBitfield: the same bits read as two's complement, sign-extended to 64 bits. */
    static long getSignedBitfield(byte[] p, long offset, int bits) {
        long value = getUnsignedBitfield(p, offset, bits);
        if (bits < 64 && ((value >> (bits - 1)) & 1) != 0) value |= -1L << bits;
        return value;
    }

    /** setUnsignedBitfield: writes the low {@code bits} bits of {@code value}; signed values write the same bits. */
    static void setUnsignedBitfield(byte[] p, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++, offset++) {
            int bitval = (int) ((value >>> (bits - 1 - j)) & 1);
            int byteIdx = (int) (offset >>> 3);
            int bit = 7 - (int) (offset & 7);
            p[byteIdx] = (byte) ((p[byteIdx] & ~(1 << bit)) | (bitval << bit));
        }
    }

    /**
     * checkUnsignedBitfieldOverflow: 0 if {@code value + incr} fits in {@code bits} unsigned bits,
     * else 1 (too large) or -1 (below zero), with the value to store in {@code limit[0]} under
     * WRAP or SAT.
     */
    static int checkUnsignedBitfieldOverflow(long value, long incr, int bits, int owtype, long[] limit) {
        long max = bits == 64 ? -1L : (1L << bits) - 1;
        long maxincr = max - value;
        long minincr = -value;
        if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxincr)) {
            if (owtype == OVERFLOW_WRAP) return wrapUnsigned(value, incr, bits, limit);
            if (owtype == OVERFLOW_SAT) limit[0] = max;
            return 1;
        } else if (incr < 0 && incr < minincr) {
            if (owtype == OVERFLOW_WRAP) return wrapUnsigned(value, incr, bits, limit);
            if (owtype == OVERFLOW_SAT) limit[0] = 0;
            return -1;
        }
        return 0;
    }

    private static int wrapUnsigned(long value, long incr, int bits, long[] limit) {
        long mask = bits == 64 ? 0 : -1L << bits;
        limit[0] = (value + incr) & ~mask;
        return 1;
    }

    /** checkSignedBitfieldOverflow: as the unsigned check, for a two's complement field of {@code bits} bits. */
    static int checkSignedBitfieldOverflow(long value, long incr, int bits, int owtype, long[] limit) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        // maxincr and minincr may overflow; they are only used once value is known to be in range.
        long maxincr = max - value;
        long minincr = min - value;
        if (value > max || (bits != 64 && incr > maxincr) || (value >= 0 && incr > 0 && incr > maxincr)) {
            if (owtype == OVERFLOW_WRAP) return wrapSigned(value, incr, bits, limit);
            if (owtype == OVERFLOW_SAT) limit[0] = max;
            return 1;
        } else if (value < min || (bits != 64 && incr < minincr) || (value < 0 && incr < 0 && incr < minincr)) {
            if (owtype == OVERFLOW_WRAP) return wrapSigned(value, incr, bits, limit);
            if (owtype == OVERFLOW_SAT) limit[0] = min;
            return -1;
        }
        return 0;
    }

    private static int wrapSigned(long value, long incr, int bits, long[] limit) {
        long msb = 1L << (bits - 1);
        long c = value + incr;
        // Propagate the sign bit of the field to the higher bits, or clear them.
        if (bits < 64) {
            long mask = -1L << bits;
            if ((c & msb) != 0) c |= mask; else c &= ~mask;
        }
        limit[0] = c;
        return 1;
    }
}
