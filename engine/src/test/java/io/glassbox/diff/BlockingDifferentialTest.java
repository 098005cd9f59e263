package io.glassbox.diff;

import io.glassbox.testkit.Conversation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Blocking commands compared byte for byte with redis-server, with several clients at once: what a
 * one-connection script ({@link DifferentialTest}) cannot show. In each scenario client A sends a
 * blocking command on a key that does not exist and gets no reply; once the server counts it as
 * blocked ({@code INFO clients}' {@code blocked_clients}), client B writes the key. B's reply comes
 * first (Redis serves blocked clients in {@code handleClientsBlockedOnKeys}, after the command that
 * made the key ready has replied), then A's. The same steps run against both servers and the list of
 * replies must be identical: B's reply, then A's, then whatever the scenario reads afterwards (the
 * key's remaining content shows what the served client took).
 */
@Tag("differential")
class BlockingDifferentialTest extends AgainstRealRedis {
    private static void compare(String name, Conversation.Scenario s) throws Exception {
        Conversation.compare(name, redis.port(), glassbox.port(), s);
    }

    // Clients: 0 = A (blocks), 1 = B (writes), 2 = C (blocks after A).

    @Test
    void blpopServedByLpush() throws Exception {
        compare("BLPOP/LPUSH", c -> {
            c.block(0, "BLPOP missing other 0");
            c.call(1, "LPUSH missing x y");
            c.read(0, 1);
            c.call(1, "LRANGE missing 0 -1");
        });
    }

    @Test
    void brpopServedByRpush() throws Exception {
        compare("BRPOP/RPUSH", c -> {
            c.block(0, "BRPOP missing 0");
            c.call(1, "RPUSH missing x y z");
            c.read(0, 1);
            c.call(1, "LRANGE missing 0 -1");
        });
    }

    @Test
    void blmoveServedByRpush() throws Exception {
        compare("BLMOVE", c -> {
            c.block(0, "BLMOVE src dst RIGHT LEFT 0");
            c.call(1, "RPUSH src a b");
            c.read(0, 1);
            c.call(1, "LRANGE src 0 -1");
            c.call(1, "LRANGE dst 0 -1");
        });
    }

    @Test
    void blmpopServedByLpush() throws Exception {
        compare("BLMPOP", c -> {
            c.block(0, "BLMPOP 0 2 k1 k2 LEFT COUNT 5");
            c.call(1, "LPUSH k2 a b c");
            c.read(0, 1);
            c.call(1, "EXISTS k2");
        });
    }

    @Test
    void bzpopminServedByZadd() throws Exception {
        compare("BZPOPMIN", c -> {
            c.block(0, "BZPOPMIN z 0");
            c.call(1, "ZADD z 3 c 1 a 2 b");
            c.read(0, 1);
            c.call(1, "ZRANGE z 0 -1 WITHSCORES");
        });
    }

    @Test
    void bzpopmaxServedByZadd() throws Exception {
        compare("BZPOPMAX", c -> {
            c.block(0, "BZPOPMAX z1 z 0");
            c.call(1, "ZADD z 1.5 a 2.25 b");
            c.read(0, 1);
            c.call(1, "ZRANGE z 0 -1 WITHSCORES");
        });
    }

    @Test
    void bzmpopServedByZadd() throws Exception {
        compare("BZMPOP", c -> {
            c.block(0, "BZMPOP 0 1 z MAX COUNT 2");
            c.call(1, "ZADD z 1 a 2 b 3 c");
            c.read(0, 1);
            c.call(1, "ZRANGE z 0 -1 WITHSCORES");
        });
    }

    @Test
    void twoBlockedClientsServedFirstComeFirstServed() throws Exception {
        // A blocked first, so A gets the first element; C gets the second; nothing is left.
        compare("FIFO BLPOP", c -> {
            c.block(0, "BLPOP q 0");
            c.block(2, "BLPOP q 0");
            c.call(1, "RPUSH q first second");
            c.read(0, 1);
            c.read(2, 1);
            c.call(1, "EXISTS q");
        });
        // One element for two waiters: A (first) takes it, C stays blocked until the next push.
        compare("FIFO one element", c -> {
            c.block(0, "BRPOP q 0");
            c.block(2, "BRPOP q 0");
            c.call(1, "LPUSH q only");
            c.read(0, 1);
            c.call(1, "LPUSH q next");
            c.read(2, 1);
        });
        compare("FIFO BZPOPMIN", c -> {
            c.block(0, "BZPOPMIN z 0");
            c.block(2, "BZPOPMIN z 0");
            c.call(1, "ZADD z 2 b 1 a");
            c.read(0, 1);
            c.read(2, 1);
        });
    }

    @Test
    void timeoutGivesNullArray() throws Exception {
        compare("timeouts", c -> {
            c.call(0, "BLPOP nokey 0.1");
            c.call(0, "BRPOP nokey 0.1");
            c.call(0, "BLMOVE nokey dst LEFT RIGHT 0.1");
            c.call(0, "BLMPOP 0.1 1 nokey LEFT");
            c.call(0, "BZPOPMIN nokey 0.1");
            c.call(0, "BZPOPMAX nokey 0.1");
            c.call(0, "BZMPOP 0.1 1 nokey MIN");
            c.call(1, "EXISTS dst");
        });
    }

    @Test
    void wrongTypePushWakesNobody() throws Exception {
        // B makes the key a string: A stays blocked; B then deletes it and pushes a list, which serves A.
        compare("wrong type", c -> {
            c.block(0, "BLPOP k 0");
            c.call(1, "SET k v");
            c.call(1, "DEL k");
            c.call(1, "RPUSH k x");
            c.read(0, 1);
        });
    }
}
