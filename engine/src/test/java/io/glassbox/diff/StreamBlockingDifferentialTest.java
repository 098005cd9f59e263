package io.glassbox.diff;

import io.glassbox.testkit.Conversation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Blocking XREAD and XREADGROUP compared byte for byte with redis-server, with several clients (as
 * {@link BlockingDifferentialTest} does for lists): A and C block, B writes, then the replies A and C
 * got are read in order. Explicit IDs keep every reply deterministic.
 */
@Tag("differential")
class StreamBlockingDifferentialTest extends AgainstRealRedis {
    private static void compare(String name, Conversation.Scenario s) throws Exception {
        Conversation.compare(name, redis.port(), glassbox.port(), s);
    }

    // Clients: 0 = A (blocks), 1 = B (writes), 2 = C (blocks after A).

    @Test
    void xreadServedByXadd() throws Exception {
        compare("XREAD $", c -> {
            c.block(0, "XREAD BLOCK 0 STREAMS s $");
            c.call(1, "XADD s 1-1 a 1");
            c.read(0, 1);
        });
        compare("XREAD two keys", c -> {
            c.block(0, "XREAD BLOCK 0 STREAMS s1 s2 $ $");
            c.call(1, "XADD s2 1-1 a 1");
            c.read(0, 1);
        });
        compare("XREAD after an ID", c -> {
            c.call(1, "XADD s 5-1 a 1");
            c.block(0, "XREAD BLOCK 0 COUNT 10 STREAMS s 5-1");
            c.call(1, "XADD s 6-1 b 2");
            c.read(0, 1);
        });
    }

    @Test
    void everyXreadClientGetsTheSameEntry() throws Exception {
        compare("two XREAD", c -> {
            c.block(0, "XREAD BLOCK 0 STREAMS s $");
            c.block(2, "XREAD BLOCK 0 STREAMS s 0");
            c.call(1, "XADD s 1-1 a 1");
            c.read(0, 1);
            c.read(2, 1);
        });
    }

    @Test
    void xreadgroupServedByXaddOnePerConsumer() throws Exception {
        compare("XREADGROUP", c -> {
            c.call(1, "XGROUP CREATE s g $ MKSTREAM");
            c.block(0, "XREADGROUP GROUP g alice BLOCK 0 STREAMS s >");
            c.call(1, "XADD s 1-1 a 1");
            c.read(0, 1);
            c.call(1, "XPENDING s g");
            c.call(1, "XINFO GROUPS s");
        });
        // The first XADD goes to A; the group's last ID moved, so C waits for the second.
        compare("XREADGROUP FIFO", c -> {
            c.call(1, "XGROUP CREATE s g $ MKSTREAM");
            c.block(0, "XREADGROUP GROUP g alice BLOCK 0 STREAMS s >");
            c.block(2, "XREADGROUP GROUP g carol BLOCK 0 COUNT 5 STREAMS s >");
            c.call(1, "XADD s 1-1 a 1");
            c.read(0, 1);
            c.call(1, "XADD s 2-1 b 2");
            c.read(2, 1);
            c.call(1, "XPENDING s g");
        });
        compare("XREADGROUP NOACK", c -> {
            c.call(1, "XGROUP CREATE s g $ MKSTREAM");
            c.block(0, "XREADGROUP GROUP g alice BLOCK 0 NOACK STREAMS s >");
            c.call(1, "XADD s 1-1 a 1");
            c.read(0, 1);
            c.call(1, "XPENDING s g");
        });
    }

    @Test
    void deletedKeyOrDestroyedGroupUnblocksWithError() throws Exception {
        compare("DEL", c -> {
            c.call(1, "XGROUP CREATE s g $ MKSTREAM");
            c.block(0, "XREADGROUP GROUP g alice BLOCK 0 STREAMS s >");
            c.call(1, "DEL s");
            c.read(0, 1);
        });
        compare("DESTROY", c -> {
            c.call(1, "XGROUP CREATE s g $ MKSTREAM");
            c.block(0, "XREADGROUP GROUP g alice BLOCK 0 STREAMS s >");
            c.call(1, "XGROUP DESTROY s g");
            c.read(0, 1);
        });
        compare("SET over the stream", c -> {
            c.call(1, "XGROUP CREATE s g $ MKSTREAM");
            c.block(0, "XREADGROUP GROUP g alice BLOCK 0 STREAMS s >");
            c.call(1, "SET s x");
            c.read(0, 1);
        });
        compare("FLUSHALL", c -> {
            c.call(1, "XGROUP CREATE s g $ MKSTREAM");
            c.block(0, "XREADGROUP GROUP g alice BLOCK 0 STREAMS s >");
            c.call(1, "FLUSHALL");
            c.read(0, 1);
        });
        // XREAD keeps waiting through a type change and a delete, and is served by the next XADD.
        compare("XREAD waits", c -> {
            c.block(0, "XREAD BLOCK 0 STREAMS s $");
            c.call(1, "SET s x");
            c.call(1, "DEL s");
            c.call(1, "XADD s 1-1 a 1");
            c.read(0, 1);
        });
    }

    /** DUMP of the string "x" and of a stream holding 1-1 {a 1}, as redis-server 7.0 makes them. */
    private static final String STRING_PAYLOAD = "\"\\x00\\x01x\\n\\x00\\\"\\x80\\x86_\\xbd\\xe8H\\xd0\"";
    private static final String STREAM_PAYLOAD = "\"\\x13\\x01\\x10\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x01\\x00\\x00"
            + "\\x00\\x00\\x00\\x00\\x00\\x01\\x1c\\x1c\\x00\\x00\\x00\\n\\x00\\x01\\x01\\x00\\x01\\x01\\x01\\x81a\\x02\\x00"
            + "\\x01\\x02\\x01\\x00\\x01\\x00\\x01\\x01\\x01\\x04\\x01\\xff\\x01\\x01\\x01\\x01\\x01\\x00\\x00\\x01\\x00\\n"
            + "\\x00)}x\\x0f\\xd8\\x8a\\xa6,\"";

    /** The stream key replaced or taken away by RENAME, MOVE, RESTORE REPLACE, COPY REPLACE or SWAPDB, not by DEL or SET. */
    @Test
    void streamReplacedByRenameMoveOrRestore() throws Exception {
        String create = "XGROUP CREATE s g $ MKSTREAM", block = "XREADGROUP GROUP g alice BLOCK 0 STREAMS s >";
        compare("RENAME away", c -> {
            c.call(1, create);
            c.block(0, block);
            c.call(1, "RENAME s s2");
            c.read(0, 1);
            c.call(1, "EXISTS s s2");
        });
        compare("RENAME a string over", c -> {
            c.call(1, create);
            c.call(1, "SET str v");
            c.block(0, block);
            c.call(1, "RENAME str s");
            c.read(0, 1);
        });
        compare("RENAME a groupless stream over", c -> {
            c.call(1, create);
            c.call(1, "XADD other 1-1 a 1");
            c.block(0, block);
            c.call(1, "RENAME other s");
            c.read(0, 1);
        });
        compare("RENAME a stream with the group over", c -> {
            c.call(1, create);
            c.call(1, "XGROUP CREATE other g $ MKSTREAM");
            c.block(0, block);
            c.call(1, "RENAME other s");
            c.call(1, "XADD s 5-1 z 9");
            c.read(0, 1);
        });
        compare("RENAME to itself", c -> {
            c.call(1, create);
            c.block(0, block);
            c.call(1, "RENAME s s");
            c.call(1, "XADD s 5-1 z 9");
            c.read(0, 1);
        });
        compare("MOVE", c -> {
            c.call(1, create);
            c.block(0, block);
            c.call(1, "MOVE s 9");
            c.read(0, 1);
            c.call(1, "SELECT 9");
            c.call(1, "XLEN s");
            c.call(1, "FLUSHALL");
        });
        compare("RESTORE REPLACE a string", c -> {
            c.call(1, create);
            c.block(0, block);
            c.call(1, "RESTORE s 0 " + STRING_PAYLOAD + " REPLACE");
            c.read(0, 1);
        });
        compare("RESTORE REPLACE a stream", c -> {
            c.call(1, create);
            c.block(0, block);
            c.call(1, "RESTORE s 0 " + STREAM_PAYLOAD + " REPLACE");
            c.read(0, 1);
        });
        compare("COPY REPLACE a string over", c -> {
            c.call(1, create);
            c.call(1, "SET str v");
            c.block(0, block);
            c.call(1, "COPY str s REPLACE");
            c.read(0, 1);
        });
        compare("COPY REPLACE a groupless stream over", c -> {
            c.call(1, create);
            c.call(1, "XADD other 1-1 a 1");
            c.block(0, block);
            c.call(1, "COPY other s REPLACE");
            c.read(0, 1);
        });
        compare("SWAPDB with an empty db", c -> {
            c.call(1, create);
            c.block(0, block);
            c.call(1, "SWAPDB 0 9");
            c.read(0, 1);
            c.call(1, "FLUSHALL");
        });
        compare("SWAPDB with a string there", c -> {
            c.call(1, create);
            c.call(1, "SELECT 9");
            c.call(1, "SET s x");
            c.call(1, "SELECT 0");
            c.block(0, block);
            c.call(1, "SWAPDB 0 9");
            c.read(0, 1);
            c.call(1, "FLUSHALL");
        });
        compare("SWAPDB with a stream with the group there", c -> {
            c.call(1, create);
            c.call(1, "SELECT 9");
            c.call(1, create);
            c.call(1, "SELECT 0");
            c.block(0, block);
            c.call(1, "SWAPDB 9 0");
            c.call(1, "XADD s 5-1 z 9");
            c.read(0, 1);
            c.call(1, "FLUSHALL");
        });
        compare("XREAD waits through RENAME", c -> {
            c.block(0, "XREAD BLOCK 0 STREAMS s $");
            c.call(1, "XADD other 1-1 a 1");
            c.call(1, "RENAME other s");
            c.call(1, "XADD s 2-1 b 2");
            c.read(0, 1);
        });
    }

    @Test
    void timeoutsGiveNullArray() throws Exception {
        compare("timeouts", c -> {
            c.call(0, "XREAD BLOCK 50 STREAMS nokey $");
            c.call(1, "XGROUP CREATE s g $ MKSTREAM");
            c.call(0, "XREADGROUP GROUP g alice BLOCK 50 STREAMS s >");
            c.call(1, "XINFO GROUPS s");
        });
    }
}
