package io.glassbox.ds.geo;

/**
 * sin, cos and asin rounded correctly to the nearest double, for the distance formula.
 *
 * <p>Why: Redis calls glibc, whose sin/cos/asin return the correctly rounded result in all but
 * astronomically rare cases; Java's Math and StrictMath are only within one ulp and differ from it
 * on roughly 0.1% (Math) to 2% (StrictMath) of inputs. One ulp in a distance shows in STOREDIST
 * scores (17 digits) and can reorder members in a sorted reply, so the results are computed here
 * in double-double arithmetic (about 106 bits) and rounded once.
 *
 * <p>Method: Taylor series in double-double for |x| &lt;= pi/2 (the only range the haversine
 * formula needs: half differences of latitudes and longitudes in radians, and latitudes), larger
 * arguments fall back to {@link Math}. asin is one Newton step on the double-double sine from
 * Math.asin. Each call costs a few hundred floating-point operations.
 */
final class GeoMath {
    private GeoMath() {}

    private static final double SPLITTER = 134217729.0; // 2^27 + 1, Dekker's split

    // A double-double is (hi, lo) with |lo| <= ulp(hi)/2; results go through these two fields.
    private double hi, lo;

    private static final ThreadLocal<GeoMath> TMP = ThreadLocal.withInitial(GeoMath::new);

    /** Exact product a*b as hi+lo (Dekker), avoiding Math.fma's slow path on CPUs without FMA. */
    private void twoProd(double a, double b) {
        double p = a * b;
        double t = SPLITTER * a;
        double ah = t - (t - a), al = a - ah;
        t = SPLITTER * b;
        double bh = t - (t - b), bl = b - bh;
        hi = p;
        lo = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
    }

    /** (hi,lo) = (ah,al) * (bh,bl). */
    private void mul(double ah, double al, double bh, double bl) {
        twoProd(ah, bh);
        double l = lo + (ah * bl + al * bh);
        double s = hi + l;
        lo = l - (s - hi);
        hi = s;
    }

    /** (hi,lo) = (ah,al) + (bh,bl). */
    private void add(double ah, double al, double bh, double bl) {
        double s = ah + bh, bb = s - ah;
        double e = (ah - (s - bb)) + (bh - bb);
        double t = al + bl, tb = t - al;
        double f = (al - (t - tb)) + (bl - tb);
        e += t;
        double s2 = s + e;
        e = e - (s2 - s);
        e += f;
        hi = s2 + e;
        lo = e - (hi - s2);
    }

    /** (hi,lo) = (ah,al) / d for a small integer d. */
    private void divInt(double ah, double al, double d) {
        double q1 = ah / d;
        twoProd(q1, d);
        double rh = (ah - hi) - lo + al; // the remainder, small
        double q2 = rh / d;
        hi = q1 + q2;
        lo = q2 - (hi - q1);
    }

    /** sin(x) (cosine when {@code cos}) as a double-double, by its Taylor series; |x| <= pi/2. */
    private void series(double x, boolean cos) {
        twoProd(x, x);
        double x2h = hi, x2l = lo;
        double th = cos ? 1 : x, tl = 0, sh = th, sl = 0;
        for (int k = 1; k < 60; k++) {
            double d = cos ? (2.0 * k - 1) * (2.0 * k) : (2.0 * k) * (2.0 * k + 1);
            mul(th, tl, x2h, x2l);
            divInt(hi, lo, d);
            th = -hi;
            tl = -lo;
            add(sh, sl, th, tl);
            sh = hi;
            sl = lo;
            if (Math.abs(th) < 1e-36 * Math.abs(sh) || th == 0) break;
        }
        hi = sh;
        lo = sl;
    }

    static double sin(double x) {
        if (!(Math.abs(x) <= Math.PI / 2) || x == 0) return Math.sin(x);
        GeoMath m = TMP.get();
        m.series(x, false);
        return m.hi;
    }

    static double cos(double x) {
        if (!(Math.abs(x) <= Math.PI / 2)) return Math.cos(x);
        GeoMath m = TMP.get();
        m.series(x, true);
        return m.hi;
    }

    /** asin(y) for 0 <= y < 1: a Newton step z - (sin z - y)/cos z from Math.asin, rounded once. */
    static double asin(double y) {
        if (!(y > 0 && y < 0.9999)) return Math.asin(y);
        double z = Math.asin(y);
        GeoMath m = TMP.get();
        m.series(z, false);
        double d = (m.hi - y) + m.lo;
        double corr = d / Math.cos(z);
        // z - corr, rounded to the nearest double: corr is below an ulp or two of z.
        return z - corr;
    }
}
