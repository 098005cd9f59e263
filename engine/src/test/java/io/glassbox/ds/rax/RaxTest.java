package io.glassbox.ds.rax;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.glassbox.testkit.Args.latin1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rax against a TreeMap as the oracle: random inserts and removes, then every seek operator. */
@Tag("unit")
class RaxTest {
    private static final class Key implements Comparable<Key> {
        final byte[] k;
        Key(byte[] k) { this.k = k; }
        public int compareTo(Key o) { return Arrays.compareUnsigned(k, o.k); }
        @Override public boolean equals(Object o) { return o instanceof Key x && Arrays.equals(k, x.k); }
        @Override public int hashCode() { return Arrays.hashCode(k); }
    }

    @Test
    void fooAndFoobarShareACompressedPrefix() {
        Rax<String> r = new Rax<>();
        r.insert(latin1("foo"), "1");
        assertEquals(2, r.numNodes()); // ["foo"] -> [] key
        r.insert(latin1("foobar"), "2");
        assertEquals(3, r.numNodes());
        r.insert(latin1("footer"), "3"); // splits "bar" into a plain node with edges b and t
        r.verify();
        assertEquals("3", r.get(latin1("footer")));
        r.remove(latin1("footer"));
        r.verify();
        // As in Redis, a key node left with one child is not merged with it (raxRemove compresses
        // only non-key nodes): head ["foo"] -> key foo ['b'] -> ["ar"] -> key foobar.
        assertEquals(4, r.numNodes());
        assertSame(Rax.NOT_FOUND, r.find(latin1("fo")));
        r.insert(latin1("fo"), null); // ALGO 2: the key ends inside "foo"
        r.verify();
        assertTrue(r.contains(latin1("fo")));
        assertEquals(null, r.find(latin1("fo")));
        r.remove(latin1("fo"));
        r.remove(latin1("foo"));
        r.remove(latin1("foobar"));
        r.verify();
        assertEquals(1, r.numNodes());
        assertEquals(0, r.size());
    }

    @Test
    void randomAgainstTreeMap() {
        for (int seed = 0; seed < 20; seed++) {
            Random rnd = new Random(seed);
            Rax<Integer> rax = new Rax<>();
            TreeMap<Key, Integer> oracle = new TreeMap<>();
            int alphabet = 2 + rnd.nextInt(6);
            for (int op = 0; op < 3000; op++) {
                byte[] k = new byte[rnd.nextInt(seed % 2 == 0 ? 6 : 17)];
                for (int i = 0; i < k.length; i++) k[i] = (byte) (rnd.nextInt(alphabet) * (seed % 3 == 0 ? 97 : 1));
                if (rnd.nextInt(3) > 0) {
                    boolean isNew = rax.insert(k, op);
                    assertEquals(!oracle.containsKey(new Key(k)), isNew);
                    oracle.put(new Key(k), op);
                } else {
                    Object old = rax.remove(k);
                    Integer o = oracle.remove(new Key(k));
                    assertEquals(o == null ? Rax.NOT_FOUND : o, old);
                }
                if (op % 100 == 0) rax.verify();
                assertEquals(oracle.size(), rax.size());
            }
            rax.verify();
            for (Map.Entry<Key, Integer> e : oracle.entrySet()) assertEquals(e.getValue(), rax.get(e.getKey().k));
            checkSeeks(rax, oracle, rnd, alphabet, seed);
            // walk all forwards and backwards
            RaxIterator<Integer> it = rax.iterator();
            it.seek("^", null);
            for (Key k : oracle.keySet()) { assertTrue(it.next()); assertArrayEquals(k.k, it.key()); }
            assertFalse(it.next());
            it.seek("$", null);
            for (Key k : oracle.descendingKeySet()) { assertTrue(it.prev()); assertArrayEquals(k.k, it.key()); }
            assertFalse(it.prev());
            // remove everything: back to a lone root
            for (Key k : oracle.keySet()) rax.remove(k.k);
            rax.verify();
            assertEquals(1, rax.numNodes());
        }
    }

    private static void checkSeeks(Rax<Integer> rax, TreeMap<Key, Integer> oracle, Random rnd, int alphabet, int seed) {
        RaxIterator<Integer> it = rax.iterator();
        for (int q = 0; q < 500; q++) {
            byte[] k = new byte[rnd.nextInt(8)];
            for (int i = 0; i < k.length; i++) k[i] = (byte) (rnd.nextInt(alphabet + 1) * (seed % 3 == 0 ? 97 : 1));
            Key key = new Key(k);
            expect(it, it.seek(">=", k), oracle.ceilingKey(key), oracle);
            expect(it, it.seek(">", k), oracle.higherKey(key), oracle);
            expect(it, it.seek("<=", k), oracle.floorKey(key), oracle);
            expect(it, it.seek("<", k), oracle.lowerKey(key), oracle);
            expect(it, it.seek("==", k), oracle.containsKey(key) ? key : null, oracle);
            // next after a seek continues in order
            if (it.seek(">=", k)) {
                it.next();
                Key after = oracle.higherKey(new Key(it.key()));
                assertEquals(after != null, it.next());
                if (after != null) assertArrayEquals(after.k, it.key());
            }
        }
        expect(it, it.seek("^", null), oracle.isEmpty() ? null : oracle.firstKey(), oracle);
        expect(it, it.seek("$", null), oracle.isEmpty() ? null : oracle.lastKey(), oracle);
    }

    private static void expect(RaxIterator<Integer> it, boolean found, Key want, TreeMap<Key, Integer> oracle) {
        assertEquals(want != null, found);
        if (want == null) return;
        if (it.eof()) throw new AssertionError("eof");
        // the first next() after a seek returns the sought element
        it.next();
        assertArrayEquals(want.k, it.key());
        assertEquals(oracle.get(want), it.data());
    }

    @Test
    void randomKeyReturnsKeysOfTheTreeAndReachesThemAll() {
        Rax<Integer> r = new Rax<>();
        Random rnd = new Random(7);
        assertEquals(null, r.randomKey(rnd));
        String[] keys = {"", "a", "ab", "abc", "abd", "b", "key:1", "key:2", "key:10", "zzzz"};
        for (int i = 0; i < keys.length; i++) r.insert(latin1(keys[i]), i);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 5000; i++) {
            byte[] k = r.randomKey(rnd);
            assertTrue(r.contains(k), "a key of the tree");
            seen.add(new String(k, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        assertEquals(java.util.Set.of(keys), seen, "every key is picked sometimes");
    }
}
