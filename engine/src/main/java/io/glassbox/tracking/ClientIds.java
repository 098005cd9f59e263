package io.glassbox.tracking;

import java.util.Arrays;

/**
 * The clients that may cache one key: the inner rax of client ids of Redis's tracking table
 * ({@code raxTryInsert(ids, &c->id, ...)}), kept here as a sorted array of ids. Most keys are
 * cached by one or a few clients, so an insert's shift costs less than a tree's nodes would.
 */
final class ClientIds {
    private long[] ids = new long[1];
    private int size;

    /** Adds the id; false if it was already there (raxTryInsert). */
    boolean add(long id) {
        int i = Arrays.binarySearch(ids, 0, size, id);
        if (i >= 0) return false;
        i = -i - 1;
        if (size == ids.length) ids = Arrays.copyOf(ids, size * 2);
        System.arraycopy(ids, i, ids, i + 1, size - i);
        ids[i] = id;
        size++;
        return true;
    }

    int size() { return size; }

    long get(int i) { return ids[i]; }
}
