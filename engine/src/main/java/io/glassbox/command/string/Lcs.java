package io.glassbox.command.string;

import io.glassbox.db.RedisObject;
import io.glassbox.db.StringObjects;
import io.glassbox.server.Client;
import io.glassbox.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;

/**
 * LCS: the longest common subsequence of two strings (Redis's {@code lcsCommand}), by the classic
 * dynamic-programming table of (len(a)+1) x (len(b)+1) lengths, then a walk back from the corner
 * that collects the matching ranges. The table is bounded by {@code proto-max-bulk-len}, as in Redis.
 */
final class Lcs {
    private Lcs() {}

    static void lcs(Client c) {
        RedisObject oa = c.db().lookupKeyRead(c.arg(1));
        RedisObject ob = c.db().lookupKeyRead(c.arg(2));
        if ((oa != null && oa.type != RedisObject.TYPE_STRING) || (ob != null && ob.type != RedisObject.TYPE_STRING)) {
            c.addError("The specified keys must contain string values");
            return;
        }
        byte[] a = oa == null ? new byte[0] : StringObjects.bytes(oa);
        byte[] b = ob == null ? new byte[0] : StringObjects.bytes(ob);
        boolean getIdx = false, getLen = false, withMatchLen = false;
        long minMatchLen = 0;
        long[] out = new long[1];
        for (int j = 3; j < c.argc(); j++) {
            int moreArgs = c.argc() - 1 - j;
            if (c.argIs(j, "idx")) getIdx = true;
            else if (c.argIs(j, "len")) getLen = true;
            else if (c.argIs(j, "withmatchlen")) withMatchLen = true;
            else if (c.argIs(j, "minmatchlen") && moreArgs > 0) {
                if (!RedisNumbers.string2ll(c.arg(j + 1), out)) { c.addErrorNotInteger(); return; }
                minMatchLen = Math.max(0, out[0]);
                j++;
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        if (getIdx && getLen) {
            c.addError("If you want both the length and indexes, please just use IDX.");
            return;
        }
        int alen = a.length, blen = b.length;
        long cells = (long) (alen + 1) * (blen + 1);
        if (cells * 4 > c.server().settings().protoMaxBulkLen || cells > Integer.MAX_VALUE - 16) {
            c.addError("Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
            return;
        }
        int w = blen + 1;
        int[] t = new int[(int) cells];
        for (int i = 1; i <= alen; i++) {
            for (int j = 1; j <= blen; j++) {
                if (a[i - 1] == b[j - 1]) t[i * w + j] = t[(i - 1) * w + j - 1] + 1;
                else t[i * w + j] = Math.max(t[(i - 1) * w + j], t[i * w + j - 1]);
            }
        }
        int idx = t[alen * w + blen];
        boolean computeLcs = getIdx || !getLen;
        byte[] result = computeLcs ? new byte[idx] : null;
        List<long[]> matches = new ArrayList<>();
        int arangeStart = alen, arangeEnd = 0, brangeStart = 0, brangeEnd = 0;
        int i = alen, j = blen;
        while (computeLcs && i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                result[idx - 1] = a[i - 1];
                if (arangeStart == alen) {
                    arangeStart = i - 1; arangeEnd = i - 1;
                    brangeStart = j - 1; brangeEnd = j - 1;
                } else if (arangeStart == i && brangeStart == j) {
                    arangeStart--; brangeStart--;
                } else {
                    emit = true;
                }
                if (arangeStart == 0 || brangeStart == 0) emit = true;
                idx--; i--; j--;
            } else {
                int l1 = t[(i - 1) * w + j], l2 = t[i * w + j - 1];
                if (l1 > l2) i--; else j--;
                if (arangeStart != alen) emit = true;
            }
            long matchLen = arangeEnd - arangeStart + 1;
            if (emit) {
                if (minMatchLen == 0 || matchLen >= minMatchLen) {
                    matches.add(new long[]{arangeStart, arangeEnd, brangeStart, brangeEnd, matchLen});
                }
                arangeStart = alen;
            }
        }
        if (getIdx) {
            c.addMapLen(2);
            c.addBulk("matches");
            c.addArrayLen(matches.size());
            for (long[] m : matches) {
                c.addArrayLen(withMatchLen ? 3 : 2);
                c.addArrayLen(2); c.addLong(m[0]); c.addLong(m[1]);
                c.addArrayLen(2); c.addLong(m[2]); c.addLong(m[3]);
                if (withMatchLen) c.addLong(m[4]);
            }
            c.addBulk("len");
            c.addLong(t[alen * w + blen]);
        } else if (getLen) {
            c.addLong(idx);
        } else {
            c.addBulk(result);
        }
    }
}
