package io.glassbox.ds.listpack;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.glassbox.testkit.Args.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** lpRepr as DEBUG LISTPACK prints it: sizes of each entry's parts and its raw bytes. */
@Tag("unit")
class ListpackReprTest {
    @Test
    void describesEveryEntryWithItsParts() {
        Listpack lp = new Listpack();
        lp.append(b("a"));     // 6-bit string: 81 61, backlen 02
        lp.append(b("1000"));  // 13-bit int: c3 e8, backlen 02
        lp.append(b("70000")); // 24-bit int: f2 70 11 01, backlen 04
        String r = lp.repr();
        assertTrue(r.startsWith("{total bytes 18} {num entries 3}\n"), r);
        assertTrue(r.contains("\tindex:  0,\n\toffset: 6,\n\thdr+entrylen+backlen:  3,\n\thdrlen:   1,\n\tbacklen:  1,\n\tpayload: 1\n"
                + "\tbytes: 81|61|02|\n\t[str]a\n}\n"), r);
        assertTrue(r.contains("\tindex:  1,\n\toffset: 9,\n\thdr+entrylen+backlen:  3,\n\thdrlen:   2,\n\tbacklen:  1,\n\tpayload: 0\n"
                + "\tbytes: c3|e8|02|\n\t[str]1000\n}\n"), r);
        assertTrue(r.contains("\tindex:  2,\n\toffset: 12,\n\thdr+entrylen+backlen:  5,\n\thdrlen:   1,\n\tbacklen:  1,\n\tpayload: 3\n"
                + "\tbytes: f2|70|11|01|04|\n\t[str]70000\n}\n"), r);
        assertTrue(r.endsWith("{end}\n"), r);
    }

    @Test
    void longValuesAreCutAtFortyBytes() {
        Listpack lp = new Listpack();
        lp.append(b("x".repeat(50)));
        assertTrue(lp.repr().contains("\t[str]" + "x".repeat(40) + "...\n"));
        assertEquals("{total bytes 7} {num entries 0}\n{end}\n", new Listpack().repr());
    }
}
