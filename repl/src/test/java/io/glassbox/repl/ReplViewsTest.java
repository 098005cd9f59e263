package io.glassbox.repl;

import io.glassbox.ds.skiplist.SkipList;
import io.glassbox.testkit.EngineFixture;
import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The internals views (:skiplist, :encoding, :dict, :loop), the loop controls and the demos, typed into the real LineReader. */
@Tag("unit")
class ReplViewsTest {
    @TempDir Path tmp;
    private EngineFixture f;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.start();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private String type(String input) throws Exception {
        return TypedSession.type(f.engine, f.client, tmp.resolve("history"), input);
    }

    private String script(String input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Repl(f.engine, f.client, "127.0.0.1").script(new BufferedReader(new StringReader(input)), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Levels drawn from a script instead of random(): 0 climbs a level, RAND_MAX stops. */
    private static SkipList withLevels(int... levels) {
        Deque<Integer> draws = new ArrayDeque<>();
        for (int l : levels) {
            for (int i = 1; i < l; i++) draws.add(0);
            draws.add(SkipList.RAND_MAX);
        }
        return new SkipList(draws::pop);
    }

    @Test
    void skiplistTowersSpansAndTheSearchPathWithAFixedLevelSource() {
        SkipList zsl = withLevels(1, 3, 1, 2);
        zsl.insert(1, b("a"));
        zsl.insert(2, b("b"));
        zsl.insert(3, b("c"));
        zsl.insert(4, b("d"));
        String out = SkipListText.render("\"z\"", zsl.snapshot(), b("d"));
        assertEquals("""
                zset "z": skiplist, 4 members, level 3
                L2  {H}-2-------->{b}->NULL
                L1  {H}-2-------->{b}-2-------->{d}->NULL
                L0  {H}-1->[a]-1->{b}-1->[c]-1->{d}->NULL
                score       1      2      3      4
                search path to "d":
                  L2: H -> b  (next is NULL: down)
                  L1: b -> d  found: rank 4 (ZRANK 3)
                """, out);
    }

    @Test
    void aclShowsWhoRunsAsWhomTheRulesAndTheRefusals() throws Exception {
        String out = type("ACL SETUSER alice on >pw ~cache:* +get +client|list +acl|whoami +acl|log +acl|getuser (+set ~tmp:*)\n"
                + "AUTH alice pw\nGET other\nDEL cache:1\n:acl\n:acl default\n");
        assertTrue(out.contains("This connection runs as: alice\n"), out);
        assertTrue(out.contains(" alice        client|list\n"), out);
        assertTrue(out.contains("What 'alice' may do:\n"), out);
        assertTrue(out.contains("  commands   -@all +"), out);
        assertTrue(out.contains(" +acl|log"), out);
        assertTrue(out.contains("  keys       ~cache:*\n"), out);
        assertTrue(out.contains("  selector 1: -@all +set ~tmp:* \n"), out);
        assertTrue(out.contains("1x alice refused to key: other (toplevel, "), out);
        assertTrue(out.contains("1x alice refused to command: del (toplevel, "), out);
    }

    @Test
    void skiplistThroughTheRepl() throws Exception {
        String out = type("CONFIG SET zset-max-listpack-entries 0\nZADD z 1 a 2 b 3 c\n:skiplist z b\n:skiplist nokey\n"
                + "CONFIG SET zset-max-listpack-entries 128\nZADD small 1 x\n:skiplist small\n");
        assertTrue(out.contains("zset \"z\": skiplist, 3 members, level "), out);
        assertTrue(out.contains("found: rank 2 (ZRANK 1)"), out);
        assertTrue(out.contains("score       1      2      3\n"), out);
        assertTrue(out.contains("(no key \"nokey\" in db 0)"), out);
        assertTrue(out.contains("zset \"small\" is listpack-encoded"), out);
    }

    @Test
    void encodingShowsListpackBytesIntsetAndQuicklist() throws Exception {
        String out = type("HSET h f 7\n:encoding h\nSADD s 1 2\n:encoding s\nRPUSH l a\n:encoding l\nSET n 12\n:encoding n\n");
        assertTrue(out.contains("""
                hash "h": listpack, 12 bytes, 2 entries (field, value, field, value...)
                  header: total-bytes 12 (4 bytes), num-elements 2 (2 bytes)
                  @6    81 66 02                 6-bit str (len 1) = "f", backlen 2
                  @9    07 01                    7-bit uint = 7, backlen 1
                  @11   ff                       end of listpack
                """), out);
        assertTrue(out.contains("set \"s\": intset, 2 integers of 2 bytes each (INTSET_ENC_INT16), 12 bytes"), out);
        assertTrue(out.contains("  [1] 02 00                    2\n"), out);
        assertTrue(out.contains("list \"l\": quicklist, 1 entries in 1 node"), out);
        assertTrue(out.contains("string \"n\": int (the number is stored in the object itself"), out);
    }

    @Test
    void theDictViewMidRehashShowsTheCursorMoving() throws Exception {
        String out = type("CONFIG SET activerehashing no\nSET k1 a\nSET k2 b\nSET k3 c\nSET k4 d\nSET k5 e\n:dict\nGET k1\n:dict\n");
        Matcher m = Pattern.compile("rehashing table 0 -> table 1, rehashidx=(\\d+)").matcher(out);
        assertTrue(m.find(), out);
        assertEquals("0", m.group(1), "the fifth key started the rehash; nothing moved yet");
        assertTrue(out.contains("table 0: size 4, used 5\n") || out.contains("table 0: size 4, used 4\n"), out);
        assertTrue(out.contains("table 1: size 8, used "), out);
        // the GET moved one bucket: the cursor advanced (or the rehash already finished)
        String after = out.substring(out.lastIndexOf("db 0: 5 keys"));
        Matcher m2 = Pattern.compile("rehashidx=(-?\\d+)").matcher(after);
        assertTrue(m2.find(), after);
        assertNotEquals("0", m2.group(1), after);
    }

    @Test
    void theDictOfAHashOrASetByKey() throws Exception {
        String out = type("CONFIG SET hash-max-listpack-entries 0\nHSET h f1 a f2 b\n:dict h\nSADD s x\n:dict s\n"
                + "SADD nums 1\n:dict nums\n:dict nokey\n");
        assertTrue(out.contains("hash \"h\": 2 fields, not rehashing (rehashidx=-1)\n"), out);
        assertTrue(out.contains("set \"s\": 1 members, not rehashing"), out);
        assertTrue(out.contains("set \"nums\" is intset-encoded: no dict (see :encoding nums)"), out);
        assertTrue(out.contains("(no key \"nokey\" in db 0)"), out);
    }

    @Test
    void pauseHoldsACommandAndStepRunsIt() throws Exception {
        String out = type(":pause\nSET a 1\n:step\n:resume\nGET a\n:loop 3\n:slow 5\n:slow off\n");
        assertTrue(out.contains("Loop paused after the current tick"), out);
        assertTrue(out.contains("(held: the loop is paused"), out);
        assertTrue(out.contains("SET a 1 -> OK\n"), out);
        assertTrue(out.contains("\"1\"\n"), out);
        assertTrue(out.contains("event loop: running; last "), out);
        assertTrue(out.contains("Slow motion: 5 ms after every tick"), out);
        assertTrue(out.contains("Slow motion off"), out);
    }

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
