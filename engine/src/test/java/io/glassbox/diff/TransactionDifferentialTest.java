package io.glassbox.diff;

import io.glassbox.testkit.Conversation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Transactions with two clients, compared byte for byte with redis-server: the WATCH races a
 * single-connection script cannot show (another client's write between WATCH and EXEC), isolation
 * (EXEC's commands run with nothing in between), and the RESP3 form of an aborted EXEC.
 */
@Tag("differential")
class TransactionDifferentialTest extends AgainstRealRedis {
    private static void compare(String name, Conversation.Scenario s) throws Exception {
        Conversation.compare(name, redis.port(), glassbox.port(), s);
    }

    @Test
    void anotherClientsWriteAbortsTheTransaction() throws Exception {
        compare("WATCH race", c -> {
            c.call(0, "SET balance 100");
            c.call(0, "WATCH balance");
            c.call(0, "GET balance");
            c.call(1, "INCRBY balance 5");
            c.call(0, "MULTI");
            c.call(0, "DECRBY balance 10");
            c.call(0, "EXEC");
            c.call(0, "GET balance");
            // the retry, with nobody interfering, goes through
            c.call(0, "WATCH balance");
            c.call(0, "MULTI");
            c.call(0, "DECRBY balance 10");
            c.call(0, "EXEC");
        });
    }

    @Test
    void writeAfterMultiBeforeExecAlsoAborts() throws Exception {
        compare("write while queued", c -> {
            c.call(0, "WATCH k");
            c.call(0, "MULTI");
            c.call(0, "SET k mine");
            c.call(1, "SET k theirs");
            c.call(0, "EXEC");
            c.call(0, "GET k");
        });
    }

    @Test
    void otherDatabaseAndOtherKeysDoNotAbort() throws Exception {
        compare("unrelated writes", c -> {
            c.call(0, "WATCH k");
            c.call(1, "SELECT 1");
            c.call(1, "SET k other-db");
            c.call(1, "SELECT 0");
            c.call(1, "SET unrelated 1");
            c.call(1, "GET k");
            c.call(0, "MULTI");
            c.call(0, "SET k mine");
            c.call(0, "EXEC");
        });
    }

    @Test
    void flushAndSwapByAnotherClient() throws Exception {
        compare("flush by another", c -> {
            c.call(0, "SET k 1");
            c.call(0, "WATCH k");
            c.call(1, "FLUSHALL");
            c.call(0, "MULTI");
            c.call(0, "PING");
            c.call(0, "EXEC");
            c.call(0, "WATCH k");
            c.call(1, "SELECT 3");
            c.call(1, "SET k 1");
            c.call(1, "SWAPDB 0 3");
            c.call(0, "MULTI");
            c.call(0, "PING");
            c.call(0, "EXEC");
        });
    }

    @Test
    void twoClientsCompeteOnlyOneWins() throws Exception {
        compare("compete", c -> {
            c.call(0, "SET lock free");
            c.call(0, "WATCH lock");
            c.call(1, "WATCH lock");
            c.call(0, "MULTI");
            c.call(1, "MULTI");
            c.call(0, "SET lock A");
            c.call(1, "SET lock B");
            c.call(0, "EXEC");
            c.call(1, "EXEC");
            c.call(0, "GET lock");
        });
    }

    @Test
    void queuedStateIsPerClient() throws Exception {
        compare("per client", c -> {
            c.call(0, "MULTI");
            c.call(0, "SET a 1");
            c.call(1, "GET a");
            c.call(1, "EXEC");
            c.call(0, "EXEC");
            c.call(1, "GET a");
        });
    }

    @Test
    void resp3AbortedExecIsNull() throws Exception {
        compare("resp3", c -> {
            c.quiet(0, "HELLO 3");
            c.call(0, "SET k 1");
            c.call(0, "WATCH k");
            c.call(1, "SET k 2");
            c.call(0, "MULTI");
            c.call(0, "HGETALL nohash");
            c.call(0, "EXEC");
            c.call(0, "HSET h f v");
            c.call(0, "MULTI");
            c.call(0, "HGETALL h");
            c.call(0, "ZSCORE nozset m");
            c.call(0, "EXEC");
        });
    }

    @Test
    void resetAndQuitEndTheTransaction() throws Exception {
        compare("reset", c -> {
            c.call(0, "SET k 1");
            c.call(0, "WATCH k");
            c.call(0, "MULTI");
            c.call(0, "SET k 2");
            c.call(0, "RESET");
            c.call(0, "EXEC");
            c.call(0, "GET k");
            c.call(1, "SET k 3");
            c.call(0, "MULTI");
            c.call(0, "GET k");
            c.call(0, "EXEC");
        });
    }

    @Test
    void clientListShowsTheTransaction() throws Exception {
        compare("client list", c -> {
            c.quiet(0, "CLIENT SETNAME t");
            c.clientInfo(0, "flags", "multi");
            c.call(0, "WATCH k");
            c.clientInfo(0, "flags", "multi");
            c.call(1, "SET k 1");
            c.clientInfo(0, "flags", "multi");
            c.call(0, "MULTI");
            c.call(0, "PING");
            c.call(0, "PING");
            c.call(0, "EXEC");
            c.clientInfo(0, "flags", "multi");
            c.call(0, "MULTI");
            c.call(0, "GET k");
            c.call(0, "PING");
            c.clientListEntry(1, "t", "flags", "multi");
            c.clientInfo(1, "flags", "multi"); // the other client is not in MULTI
            c.call(0, "EXEC");
            c.clientInfo(0, "flags", "multi");
        });
    }

    /** unit/multi: EXEC is judged by what it will run, against the server's state now (NOREPLICAS, MASTERDOWN). */
    @Test
    void execIsRefusedWhenTheServerChangedSinceQueueing() throws Exception {
        compare("exec state", c -> {
            c.call(0, "SET xx 1");
            c.call(0, "MULTI");
            c.call(0, "INCR xx");
            c.call(1, "CONFIG SET min-replicas-to-write 2");
            c.call(0, "EXEC");
            c.call(0, "GET xx");
            c.call(0, "MULTI");
            c.call(0, "GET xx");
            c.call(0, "EXEC"); // a read-only transaction still runs
            c.call(1, "CONFIG SET min-replicas-to-write 0");
            c.call(0, "CONFIG SET replica-serve-stale-data no");
            c.call(0, "MULTI");
            c.call(0, "GET xx");
            c.call(1, "REPLICAOF localhsot 0");
            c.call(0, "EXEC");
            c.call(0, "MULTI");
            c.call(0, "INFO server");
            c.call(0, "DISCARD");
            c.call(1, "REPLICAOF NO ONE");
            c.call(0, "CONFIG SET replica-serve-stale-data yes");
        });
    }

    @Test
    void clientPauseWriteHoldsWritesInsideMulti() throws Exception {
        compare("pause", c -> {
            c.call(0, "SET k 1");
            c.call(0, "MULTI");
            c.call(0, "GET k");
            c.call(1, "CLIENT PAUSE 300 WRITE");
            // a read-only transaction runs during the pause
            c.call(0, "EXEC");
            c.call(0, "MULTI");
            c.call(0, "GET k");
            // a write is held before it is even queued; its QUEUED comes when the pause ends
            c.send(0, "INCR k");
            c.read(0, 1);
            c.call(1, "CLIENT PAUSE 300 WRITE");
            c.call(0, "PING");
            // EXEC of a write transaction waits for the end of the pause too
            c.send(0, "EXEC");
            c.read(0, 1);
            c.call(1, "GET k");
        });
    }

    @Test
    void blockedClientServedInsideAnotherClientsExec() throws Exception {
        compare("blocked", c -> {
            c.block(2, "BLPOP q 0");
            c.call(0, "MULTI");
            c.call(0, "RPUSH q a b");
            c.call(0, "LLEN q");
            c.call(0, "EXEC");
            c.read(2, 1);
            c.call(0, "LRANGE q 0 -1");
        });
    }

    @Test
    void commandStatsCountQueuedCommandsNotExecTwice() throws Exception {
        compare("commandstats", c -> {
            c.quiet(0, "CONFIG RESETSTAT");
            c.call(0, "MULTI");
            c.call(0, "SET a 1");
            c.call(0, "SET b");
            c.call(0, "EXEC");
            c.call(0, "MULTI");
            c.call(0, "INCR a");
            c.call(0, "LPUSH a x");
            c.call(0, "EXEC");
            c.call(0, "EXEC");
            c.call(0, "DISCARD");
            c.commandstats(0);
            c.infoFields(0, "total_error_replies");
        });
    }
}
