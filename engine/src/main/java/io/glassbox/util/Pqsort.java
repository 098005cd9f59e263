package io.glassbox.util;

import java.util.Comparator;

/**
 * Redis's {@code pqsort.c}: the NetBSD libc quicksort (Bentley and McIlroy's "Engineering a Sort
 * Function") changed to sort only what a range needs. After {@code pqsort(a, cmp, lrange, rrange)}
 * the positions {@code lrange..rrange} hold exactly what a full sort would put there; the rest
 * is partitioned around them but not ordered. SORT uses it when BY and LIMIT are both given,
 * so a LIMIT 0 10 over a million elements skips most of the work.
 *
 * <p>How: after each partition step (pivot by median of three, or "ninther" above 40 elements;
 * elements equal to the pivot gathered at both ends and then swapped to the middle), a side is
 * only recursed into if it overlaps the wanted range. Below 7 elements, or when a partition
 * moved nothing, it finishes with insertion sort.
 *
 * <p>Like every quicksort it is not stable: elements the comparator calls equal may come out in
 * any order, and only a faithful port puts them where Redis does. Pointer arithmetic of the C
 * code is element indexes here; the comparison calls happen in the same order.
 */
public final class Pqsort {
    private Pqsort() {}

    /** Sorts {@code a} so that {@code a[lrange..rrange]} is in final order. */
    public static <T> void pqsort(T[] a, Comparator<? super T> cmp, long lrange, long rrange) {
        sort(a, 0, a.length, cmp, lrange, rrange);
    }

    private static <T> void sort(T[] a, int lo, int n, Comparator<? super T> cmp, long lrange, long rrange) {
        while (true) {
            boolean swapped = false;
            if (n < 7) {
                insertionSort(a, lo, n, cmp);
                return;
            }
            int pm = lo + n / 2;
            if (n > 7) {
                int pl = lo;
                int pn = lo + n - 1;
                if (n > 40) {
                    int d = n / 8;
                    pl = med3(a, pl, pl + d, pl + 2 * d, cmp);
                    pm = med3(a, pm - d, pm, pm + d, cmp);
                    pn = med3(a, pn - 2 * d, pn - d, pn, cmp);
                }
                pm = med3(a, pl, pm, pn, cmp);
            }
            swap(a, lo, pm);
            int pa = lo + 1, pb = lo + 1;
            int pc = lo + n - 1, pd = lo + n - 1;
            for (;;) {
                int r;
                while (pb <= pc && (r = cmp.compare(a[pb], a[lo])) <= 0) {
                    if (r == 0) {
                        swapped = true;
                        swap(a, pa, pb);
                        pa++;
                    }
                    pb++;
                }
                while (pb <= pc && (r = cmp.compare(a[pc], a[lo])) >= 0) {
                    if (r == 0) {
                        swapped = true;
                        swap(a, pc, pd);
                        pd--;
                    }
                    pc--;
                }
                if (pb > pc) break;
                swap(a, pb, pc);
                swapped = true;
                pb++;
                pc--;
            }
            if (!swapped) { // switch to insertion sort
                insertionSort(a, lo, n, cmp);
                return;
            }

            int pn = lo + n;
            int r = Math.min(pa - lo, pb - pa);
            vecswap(a, lo, pb - r, r);
            r = Math.min(pd - pc, pn - pd - 1);
            vecswap(a, pb, pn - r, r);
            if ((r = pb - pa) > 1 && overlaps(lo, lo + r - 1, lrange, rrange)) {
                sort(a, lo, r, cmp, lrange, rrange);
            }
            if ((r = pd - pc) > 1) {
                // iterate rather than recurse on the right part
                lo = pn - r;
                n = r;
                if (overlaps(lo, lo + r - 1, lrange, rrange)) continue;
            }
            return;
        }
    }

    /** Whether the part lo..hi is not entirely left or entirely right of the wanted range. */
    private static boolean overlaps(int lo, int hi, long lrange, long rrange) {
        return !((lrange < lo && rrange < lo) || (lrange > hi && rrange > hi));
    }

    private static <T> void insertionSort(T[] a, int lo, int n, Comparator<? super T> cmp) {
        for (int pm = lo + 1; pm < lo + n; pm++) {
            for (int pl = pm; pl > lo && cmp.compare(a[pl - 1], a[pl]) > 0; pl--) swap(a, pl, pl - 1);
        }
    }

    private static <T> int med3(T[] a, int x, int y, int z, Comparator<? super T> cmp) {
        return cmp.compare(a[x], a[y]) < 0
                ? (cmp.compare(a[y], a[z]) < 0 ? y : (cmp.compare(a[x], a[z]) < 0 ? z : x))
                : (cmp.compare(a[y], a[z]) > 0 ? y : (cmp.compare(a[x], a[z]) < 0 ? x : z));
    }

    private static <T> void swap(T[] a, int i, int j) {
        T t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    private static <T> void vecswap(T[] a, int i, int j, int n) {
        for (; n > 0; n--) swap(a, i++, j++);
    }
}
