/**
 * Bitmaps and bitfields: Redis's {@code bitops.c} (SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP,
 * BITFIELD, BITFIELD_RO).
 *
 * <p>There is no bitmap type: a bitmap is a string read as an array of bits, bit 0 being the most
 * significant bit of byte 0, so GET returns the same bytes Redis would. BITFIELD reads the same
 * string as integers of any width (1 to 64 bits signed, 1 to 63 unsigned) at any bit offset.
 *
 * <p>Invariants. Writing commands (SETBIT, BITFIELD SET/INCRBY) grow the string with zero bytes
 * up to the highest bit they touch and leave it {@code raw} and owned by its key, as Redis's
 * {@code lookupStringForBitCommand}; reading commands treat missing bytes and missing keys as
 * zeros. BITFIELD parses every operation before running any, so a bad last operation changes
 * nothing; OVERFLOW WRAP, SAT or FAIL applies to the operations after it.
 *
 * <p>Bounds: a bit offset's byte must stay below {@code proto-max-bulk-len} (512 MB), so one SETBIT
 * allocates at most that much. BITCOUNT and BITPOS are O(N) in the bytes of the range (BIT ranges
 * become a byte range plus two edge masks, so counting still goes a byte at a time); BITOP is O(N)
 * in the longest input.
 *
 * <p>Difference from the C code: Redis counts bits with a lookup table and 28-byte unrolled popcount
 * loops; here {@link Long#bitCount} over 8-byte words does the same job, with the same results.
 */
package io.glassbox.command.bitops;
