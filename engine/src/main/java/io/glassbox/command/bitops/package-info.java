/**
 * Bitmaps and bitfields: Redis's {@code bitops.c}. There is no bitmap type: a bitmap is a string
 * read as an array of bits, bit 0 being the most significant bit of byte 0. Writing commands
 * (SETBIT, BITFIELD SET/INCRBY) grow the string with zero bytes up to the highest bit they touch
 * and leave it {@code raw}, as Redis's {@code lookupStringForBitCommand} does; reading commands
 * treat missing bytes (and missing keys) as zeros.
 */
package io.glassbox.command.bitops;
