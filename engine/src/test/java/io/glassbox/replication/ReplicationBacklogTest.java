package io.glassbox.replication;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.glassbox.testkit.Args.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("unit")
class ReplicationBacklogTest {
    @Test
    void keepsTheLastSizeBytesAcrossTheWrap() {
        ReplicationBacklog bl = new ReplicationBacklog(16 * 1024, 0);
        StringBuilder all = new StringBuilder();
        java.util.Random r = new java.util.Random(1);
        while (all.length() < 50_000) {
            String chunk = "x".repeat(r.nextInt(3000)) + all.length() + ";";
            all.append(chunk);
            bl.append(b(chunk), 0, chunk.length());
        }
        assertEquals(all.length(), bl.offset());
        assertEquals(16 * 1024, bl.histlen());
        assertEquals(all.length() - 16 * 1024 + 1, bl.firstByteOffset());
        long from = bl.firstByteOffset() + 100;
        assertTrue(bl.canServe(from));
        assertArrayEquals(b(all.substring((int) from - 1)), bl.copyFrom(from), "offsets are 1-based: byte N is all[N-1]");
        assertTrue(bl.canServe(bl.offset() + 1), "a replica that has everything gets nothing more");
        assertEquals(0, bl.copyFrom(bl.offset() + 1).length);
        assertFalse(bl.canServe(bl.firstByteOffset() - 1), "what was overwritten needs a full resync");
        assertFalse(bl.canServe(bl.offset() + 2), "a replica cannot be ahead of its master");
    }

    @Test
    void startsAtTheMastersOffset() {
        ReplicationBacklog bl = new ReplicationBacklog(16 * 1024, 1000);
        assertTrue(bl.canServe(1001), "an empty backlog serves a replica that misses nothing (masterTryPartialResynchronization)");
        assertFalse(bl.canServe(1000), "but nothing older");
        bl.append(b("*1\r\n$4\r\nPING\r\n"), 0, 14);
        assertEquals(1014, bl.offset());
        assertEquals(1001, bl.firstByteOffset());
        assertArrayEquals(b("$4\r\nPING\r\n"), bl.copyFrom(1005));
    }

    @Test
    void aResizeKeepsTheNewestBytesThatFit() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) sb.append("*1\r\n$4\r\nPING\r\n".substring(0, 10));
        String all = sb.toString(); // 30000 bytes, more than 16 KB
        ReplicationBacklog bl = new ReplicationBacklog(64 * 1024, 0);
        bl.append(b(all), 0, all.length());
        bl.resize(16 * 1024);
        assertEquals(16 * 1024, bl.size());
        assertEquals(16 * 1024, bl.histlen(), "the ring is full of the newest bytes");
        assertEquals(all.length() - 16 * 1024 + 1, bl.firstByteOffset());
        assertArrayEquals(b(all.substring(all.length() - 100)), bl.copyFrom(bl.offset() - 99));
        bl.resize(32 * 1024);
        assertEquals(16 * 1024, bl.histlen(), "growing keeps everything there was");
        bl.append(b("tail"), 0, 4);
        assertArrayEquals(b(all.substring(all.length() - 10) + "tail"), bl.copyFrom(bl.offset() - 13));
    }
}
