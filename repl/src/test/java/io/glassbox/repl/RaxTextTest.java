package io.glassbox.repl;

import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code :rax key} draws the radix tree of a stream: nodes by depth, and the listpack of each key node. */
@Tag("unit")
class RaxTextTest {
    private EngineFixture f;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.start();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private String run(String lines) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Repl(f.engine, f.client, "127.0.0.1").script(new BufferedReader(new StringReader(lines)), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void twoNodesShareTheirPrefix() throws Exception {
        // One entry per node (deleted entries count too), so 2-2 starts a node; XDEL 2-1 freed its node.
        // Master IDs 1-1 and 2-2 share 7 bytes of milliseconds: one compressed run, then a plain
        // node with the edges 01 and 02, then each ID's last 8 bytes (the sequence) compressed.
        // 29 bytes = 6 header + count, deleted, num-fields (2 each) + "f" (3) + terminator (2)
        //          + flags, ms-diff, seq-diff (2 each) + "v" (3) + lp-count (2) + end byte (1).
        String out = run("CONFIG SET stream-node-max-entries 1\nXADD s 1-1 f v\nXADD s 2-1 f v\nXDEL s 2-1\nXADD s 2-2 f v\n:rax s\n");
        String want = """
                stream s: 2 entries in 2 listpack nodes, rax of 6 nodes, last id 2-2, 0 groups
                "00000000000000"
                  [01 02]
                    "0000000000000001"
                      []  => listpack 1-1: 29 bytes, 1 live, 0 deleted, 1 master fields
                    "0000000000000002"
                      []  => listpack 2-2: 29 bytes, 1 live, 0 deleted, 1 master fields
                """;
        assertEquals("OK\n1-1\n2-1\n1\n2-2\n" + want, out);
        assertEquals("No stream at key 'nope' in db 0\n", run(":rax nope\n"));
        assertEquals("Usage: :rax key\n", run(":rax\n"));
    }
}
