package io.glassbox.command.geo;

import java.util.Comparator;

/**
 * Redis's {@code pqsort.c}: Bentley and McIlroy's quicksort (as in NetBSD's qsort) that only
 * recurses into partitions overlapping the index range [lrange, rrange], so GEOSEARCH ... COUNT N
 * sorts just enough to know the N closest members.
 *
 * <p>Why copy it rather than sort everything: it is not stable, so members at equal distance
 * (the same position) come out in the order this exact algorithm leaves them. Matching Redis's
 * replies byte for byte means running the same swaps. Addresses are modelled as C's byte
 * pointers: element {@code i} spans bytes {@code [i*ES, i*ES+ES-1]}.
 */
final class Pqsort {
    private Pqsort() {}

    private static final long ES = 8;

    /** pqsort: sorts {@code x[0..n)} enough that positions lrange..rrange hold their final elements. */
    static <T> void pqsort(T[] x, int n, Comparator<? super T> cmp, int lrange, int rrange) {
        sort(x, 0, n, cmp, lrange * ES, (rrange + 1) * ES - 1);
    }

    private static <T> void swap(T[] x, int i, int j) {
        T t = x[i];
        x[i] = x[j];
        x[j] = t;
    }

    private static <T> void vecswap(T[] x, int a, int b, int n) {
        for (int i = 0; i < n; i++) swap(x, a + i, b + i);
    }

    private static <T> int med3(T[] x, int a, int b, int c, Comparator<? super T> cmp) {
        return cmp.compare(x[a], x[b]) < 0
                ? (cmp.compare(x[b], x[c]) < 0 ? b : (cmp.compare(x[a], x[c]) < 0 ? c : a))
                : (cmp.compare(x[b], x[c]) > 0 ? b : (cmp.compare(x[a], x[c]) < 0 ? a : c));
    }

    private static <T> void insertionSort(T[] x, int a, int n, Comparator<? super T> cmp) {
        for (int pm = a + 1; pm < a + n; pm++) {
            for (int pl = pm; pl > a && cmp.compare(x[pl - 1], x[pl]) > 0; pl--) swap(x, pl, pl - 1);
        }
    }

    /** _pqsort on x[a..a+n), with the byte-address range [lr, rr] that matters. */
    private static <T> void sort(T[] x, int a, int n, Comparator<? super T> cmp, long lr, long rr) {
        while (true) {
            if (n < 7) { insertionSort(x, a, n, cmp); return; }
            int pm = a + n / 2;
            if (n > 7) {
                int pl = a, pn = a + n - 1;
                if (n > 40) {
                    int d = n / 8;
                    pl = med3(x, pl, pl + d, pl + 2 * d, cmp);
                    pm = med3(x, pm - d, pm, pm + d, cmp);
                    pn = med3(x, pn - 2 * d, pn - d, pn, cmp);
                }
                pm = med3(x, pl, pm, pn, cmp);
            }
            swap(x, a, pm);
            int pa = a + 1, pb = a + 1, pc = a + n - 1, pd = a + n - 1;
            boolean swapped = false;
            for (;;) {
                int r;
                while (pb <= pc && (r = cmp.compare(x[pb], x[a])) <= 0) {
                    if (r == 0) { swapped = true; swap(x, pa, pb); pa++; }
                    pb++;
                }
                while (pb <= pc && (r = cmp.compare(x[pc], x[a])) >= 0) {
                    if (r == 0) { swapped = true; swap(x, pc, pd); pd--; }
                    pc--;
                }
                if (pb > pc) break;
                swap(x, pb, pc);
                swapped = true;
                pb++;
                pc--;
            }
            if (!swapped) { insertionSort(x, a, n, cmp); return; } // already partitioned: finish by insertion
            int pn = a + n;
            int r = Math.min(pa - a, pb - pa);
            vecswap(x, a, pb - r, r);
            r = Math.min(pd - pc, pn - pd - 1);
            vecswap(x, pb, pn - r, r);
            if ((r = pb - pa) > 1) {
                long l = a * ES, rEnd = (a + r) * ES - 1;
                if (!((lr < l && rr < l) || (lr > rEnd && rr > rEnd))) sort(x, a, r, cmp, lr, rr);
            }
            if ((r = pd - pc) > 1) {
                a = pn - r;
                n = r;
                long l = a * ES, rEnd = (a + r) * ES - 1;
                if (!((lr < l && rr < l) || (lr > rEnd && rr > rEnd))) continue;
            }
            return;
        }
    }
}
