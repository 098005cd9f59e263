package io.glassbox.repl;

import io.glassbox.ds.dict.DictSnapshot;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Tag("unit")
class DictTextTest {
    private static byte[] k(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void midRehashShowsBothTablesAndTheCursor() {
        // Buckets 0 and 1 of table 0 have moved to table 1; the cursor stands at bucket 2.
        DictSnapshot.Table<byte[]> ht0 = new DictSnapshot.Table<>(4, 2, new int[] {0, 0, 2, 0},
                List.of(List.of(), List.of(), List.of(k("c"), k("d")), List.of()));
        DictSnapshot.Table<byte[]> ht1 = new DictSnapshot.Table<>(8, 2, new int[] {1, 0, 0, 0, 1, 0, 0, 0},
                List.of(List.of(k("a")), List.of(), List.of(), List.of(), List.of(k("b\n")), List.of(), List.of(), List.of()));
        String got = DictText.render(0, new DictSnapshot<>(ht0, ht1, 2, 0));
        assertEquals("""
                db 0: 4 keys, rehashing table 0 -> table 1, rehashidx=2
                table 0: size 4, used 2
                  [0] 0
                  [1] 0
                  [2] 2  "c" -> "d"  <- rehashidx
                  [3] 0
                table 1: size 8, used 2
                  [0] 1  "a"
                  [1] 0
                  [2] 0
                  [3] 0
                  [4] 1  "b\\n"
                  [5] 0
                  [6] 0
                  [7] 0
                """, got);
    }

    @Test
    void emptyDbHasNoBuckets() {
        DictSnapshot.Table<byte[]> none = new DictSnapshot.Table<>(0, 0, new int[0], List.of());
        assertEquals("db 3: 0 keys, not rehashing (rehashidx=-1)\ntable 0: size 0, used 0\n  (no buckets allocated)\n",
                DictText.render(3, new DictSnapshot<>(none, none, -1, 0)));
    }
}
