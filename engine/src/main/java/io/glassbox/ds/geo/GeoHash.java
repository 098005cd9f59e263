package io.glassbox.ds.geo;

/**
 * Encoding, decoding and neighbours of geohash cells: Redis's {@code geohash.c}.
 *
 * <p>A cell is {@code bits} (2*step bits, longitude and latitude interleaved, longitude in the odd
 * positions) at a {@code step} (bits per coordinate, 1..32). {@link #align52Bits} shifts a coarser
 * cell to 52 bits, which is how a cell becomes a range of sorted-set scores.
 */
public final class GeoHash {
    private GeoHash() {}

    public static final double GEO_LAT_MIN = -85.05112878;
    public static final double GEO_LAT_MAX = 85.05112878;
    public static final double GEO_LONG_MIN = -180;
    public static final double GEO_LONG_MAX = 180;
    /** 26 bits per coordinate: 52 bits, exactly what a double's mantissa holds, so a score is exact. */
    public static final int GEO_STEP_MAX = 26;

    /** GeoHashBits. The zero cell (bits 0, step 0) marks a neighbour that was dropped (GZERO). */
    public record Bits(long bits, int step) {
        public static final Bits ZERO = new Bits(0, 0);
        public boolean isZero() { return bits == 0 && step == 0; }
    }

    /** GeoHashArea: a cell and its longitude/latitude bounds. */
    public record Area(Bits hash, double lonMin, double lonMax, double latMin, double latMax) {}

    /** GeoHashNeighbors. */
    public record Neighbors(Bits north, Bits east, Bits west, Bits south,
                            Bits northEast, Bits southEast, Bits northWest, Bits southWest) {}

    /** interleave64: x's bits in the even positions, y's in the odd ones. */
    static long interleave64(long xlo, long ylo) {
        long r = 0;
        for (int i = 0; i < 32; i++) {
            r |= ((xlo >>> i) & 1L) << (2 * i);
            r |= ((ylo >>> i) & 1L) << (2 * i + 1);
        }
        return r;
    }

    /** deinterleave64: the even bits in the low 32 bits of the result, the odd ones in the high 32. */
    static long deinterleave64(long interleaved) {
        long x = 0, y = 0;
        for (int i = 0; i < 32; i++) {
            x |= ((interleaved >>> (2 * i)) & 1L) << i;
            y |= ((interleaved >>> (2 * i + 1)) & 1L) << i;
        }
        return x | (y << 32);
    }

    /**
     * geohashEncode: the cell of {@code step} bits per coordinate holding the point, within the given
     * ranges; null outside the ranges or the Mercator limits.
     */
    public static Bits encode(double longMin, double longMax, double latMin, double latMax,
                              double longitude, double latitude, int step) {
        if (step > 32 || step == 0) return null;
        if (longitude > GEO_LONG_MAX || longitude < GEO_LONG_MIN || latitude > GEO_LAT_MAX || latitude < GEO_LAT_MIN) {
            return null;
        }
        if (latitude < latMin || latitude > latMax || longitude < longMin || longitude > longMax) return null;
        double latOffset = (latitude - latMin) / (latMax - latMin);
        double longOffset = (longitude - longMin) / (longMax - longMin);
        // Fixed point at the step's precision; C converts to uint32_t by truncation.
        latOffset *= (double) (1L << step);
        longOffset *= (double) (1L << step);
        return new Bits(interleave64((long) latOffset & 0xffffffffL, (long) longOffset & 0xffffffffL), step);
    }

    /** geohashEncodeWGS84: the encoding every GEO score uses. */
    public static Bits encodeWGS84(double longitude, double latitude, int step) {
        return encode(GEO_LONG_MIN, GEO_LONG_MAX, GEO_LAT_MIN, GEO_LAT_MAX, longitude, latitude, step);
    }

    /** geohashDecode: the bounds of a cell, with the WGS84 ranges Redis uses; null for the zero cell. */
    public static Area decode(Bits hash) {
        if (hash.isZero()) return null;
        long sep = deinterleave64(hash.bits);
        double latScale = GEO_LAT_MAX - GEO_LAT_MIN;
        double longScale = GEO_LONG_MAX - GEO_LONG_MIN;
        long ilato = sep & 0xffffffffL;
        long ilono = sep >>> 32;
        double div = (double) (1L << hash.step);
        // (ilato + 1) is a uint32_t sum in C: it wraps at 2^32.
        long ilato1 = (ilato + 1) & 0xffffffffL, ilono1 = (ilono + 1) & 0xffffffffL;
        return new Area(hash,
                GEO_LONG_MIN + (ilono * 1.0 / div) * longScale,
                GEO_LONG_MIN + (ilono1 * 1.0 / div) * longScale,
                GEO_LAT_MIN + (ilato * 1.0 / div) * latScale,
                GEO_LAT_MIN + (ilato1 * 1.0 / div) * latScale);
    }

    /** geohashDecodeAreaToLongLat: the cell's centre, clamped to the valid ranges: {lon, lat}. */
    public static double[] areaToLongLat(Area a) {
        double x = (a.lonMin() + a.lonMax()) / 2;
        if (x > GEO_LONG_MAX) x = GEO_LONG_MAX;
        if (x < GEO_LONG_MIN) x = GEO_LONG_MIN;
        double y = (a.latMin() + a.latMax()) / 2;
        if (y > GEO_LAT_MAX) y = GEO_LAT_MAX;
        if (y < GEO_LAT_MIN) y = GEO_LAT_MIN;
        return new double[]{x, y};
    }

    /**
     * decodeGeohash (geo.c): a sorted-set score read as a 52-bit cell, decoded to its centre
     * {lon, lat}.
     */
    public static double[] decodeScore(double score) {
        return areaToLongLat(decode(new Bits((long) score, GEO_STEP_MAX)));
    }

    /** geohashAlign52Bits: a cell's bits shifted to 52 bits, the first score inside it. */
    public static long align52Bits(Bits hash) {
        return hash.bits << (52 - hash.step * 2);
    }

    /** geohash_move_x: one cell east (d &gt; 0) or west, wrapping around. */
    static Bits moveX(Bits hash, int d) {
        if (d == 0) return hash;
        long x = hash.bits & 0xaaaaaaaaaaaaaaaaL;
        long y = hash.bits & 0x5555555555555555L;
        long zz = 0x5555555555555555L >>> (64 - hash.step * 2);
        if (d > 0) {
            x = x + (zz + 1);
        } else {
            x = x | zz;
            x = x - (zz + 1);
        }
        x &= (0xaaaaaaaaaaaaaaaaL >>> (64 - hash.step * 2));
        return new Bits(x | y, hash.step);
    }

    /** geohash_move_y: one cell north (d &gt; 0) or south. */
    static Bits moveY(Bits hash, int d) {
        if (d == 0) return hash;
        long x = hash.bits & 0xaaaaaaaaaaaaaaaaL;
        long y = hash.bits & 0x5555555555555555L;
        long zz = 0xaaaaaaaaaaaaaaaaL >>> (64 - hash.step * 2);
        if (d > 0) {
            y = y + (zz + 1);
        } else {
            y = y | zz;
            y = y - (zz + 1);
        }
        y &= (0x5555555555555555L >>> (64 - hash.step * 2));
        return new Bits(x | y, hash.step);
    }

    /** geohashNeighbors: the 8 cells around one, at the same step. */
    public static Neighbors neighbors(Bits h) {
        return new Neighbors(moveY(h, 1), moveX(h, 1), moveX(h, -1), moveY(h, -1),
                moveY(moveX(h, 1), 1), moveY(moveX(h, 1), -1), moveY(moveX(h, -1), 1), moveY(moveX(h, -1), -1));
    }
}
