package io.glassbox.ds.quicklist;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.glassbox.testkit.Args.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** quicklistRepr as DEBUG QUICKLIST prints it: the header, one line per node, the contents when full. */
@Tag("unit")
class QuicklistReprTest {
    @Test
    void headerAndNodes() {
        Quicklist q = new Quicklist(2, 0);
        for (String s : new String[]{"a", "b", "c"}) q.pushTail(b(s));
        String r = q.repr(0);
        assertTrue(r.startsWith("{count : 3}\n{len : 2}\n{fill : 2}\n{compress : 0}\n{bookmark_count : 0}\n"), r);
        assertTrue(r.contains("{quicklist node(0)\n{container : PACKED, encoding: RAW, size: 13, count: 2, recompress: 0, attempted_compress: 0}\n"), r);
        assertTrue(r.contains("{quicklist node(1)\n{container : PACKED, encoding: RAW, size: 10, count: 1"), r);
        assertFalse(r.contains("listpack:"), r);
        String full = q.repr(1);
        assertTrue(full.contains("{ listpack:\n{total bytes 13} {num entries 2}\n"), full);
        assertTrue(full.contains("\t[str]c\n}\n{end}\n}\n}\n"), full);
    }

    @Test
    void plainNodesShowTheirValueAndCompressedNodesStayCompressed() {
        PackedThreshold threshold = new PackedThreshold();
        assertTrue(threshold.set(5));
        Quicklist q = new Quicklist(-2, 1, threshold);
        q.pushTail(b("head"));
        q.pushTail(b("y".repeat(100))); // plain: at or above the threshold
        q.pushTail(b("tail"));
        String full = q.repr(1);
        assertTrue(full.contains("{container : PLAIN, encoding: LZF, size: 100, count: 1"), full);
        assertTrue(full.contains("{ entry : " + "y".repeat(100) + " }\n"), full);
        assertEquals(full, q.repr(1), "printing decompresses a copy, never the node");
    }
}
