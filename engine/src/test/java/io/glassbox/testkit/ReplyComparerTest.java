package io.glassbox.testkit;

import io.glassbox.engine.Engine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The comparer cannot be forgotten: closing it fails when replies differed or when nothing was
 * compared. Two Glassbox engines that encode small hashes differently stand in for the two servers.
 */
@Tag("unit")
class ReplyComparerTest {
    @Test
    void closingFailsWhenRepliesDiffered() throws Exception {
        try (Engine listpack = EngineFixture.builder().listening().startEngine();
             Engine hashtable = EngineFixture.builder().listening().config("hash-max-listpack-entries 0").startEngine()) {
            ReplyComparer cmp = new ReplyComparer(listpack.port(), hashtable.port());
            cmp.send("HSET", "h", "f", "v");
            cmp.send("OBJECT", "ENCODING", "h");
            cmp.flush(); // collects, does not throw yet
            assertEquals(1, cmp.mismatches());
            AssertionError e = assertThrows(AssertionError.class, cmp::close);
            assertTrue(e.getMessage().startsWith("1 of 2 replies differ"), e.getMessage());
            assertTrue(e.getMessage().contains("`OBJECT ENCODING h`"), e.getMessage());

            ReplyComparer tolerant = ReplyComparer.tolerating(2, listpack.port(), hashtable.port());
            for (int i = 0; i < 3; i++) tolerant.send("HSET", "h" + i, "f", "v");
            tolerant.send("OBJECT", "ENCODING", "h0");
            tolerant.close(); // 1 of 4 differs: fewer than 1 in 2
        }
    }

    @Test
    void closingFailsWhenNothingWasCompared() throws Exception {
        try (Engine a = EngineFixture.builder().listening().startEngine()) {
            ReplyComparer cmp = new ReplyComparer(a.port(), a.port());
            AssertionError e = assertThrows(AssertionError.class, cmp::close);
            assertEquals("no reply was compared", e.getMessage());
        }
    }
}
