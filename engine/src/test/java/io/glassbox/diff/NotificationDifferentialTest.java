package io.glassbox.diff;

import io.glassbox.testkit.Conversation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Keyspace notifications against redis-server: a subscriber listens on {@code __key*__:*} while
 * another client runs commands of one family; the whole message stream the subscriber receives
 * (both the {@code __keyspace@N__:key} and the {@code __keyevent@N__:event} channel, in order) must
 * be byte-identical. Each scenario ends by publishing a marker, so the stream is complete when it
 * arrives. {@code notify-keyspace-events} is set for the scenario and reset afterwards.
 */
@Tag("differential")
class NotificationDifferentialTest extends AgainstRealRedis {
    private static void events(String name, String classes, String... commands) throws Exception {
        Conversation.compare(name, redis.port(), glassbox.port(), c -> {
            c.quiet(0, "CONFIG SET notify-keyspace-events " + (classes.isEmpty() ? "\"\"" : classes));
            try {
                c.call(1, "PSUBSCRIBE __key*__:*", 1);
                for (String cmd : commands) c.call(0, cmd);
                c.call(0, "PUBLISH __keyevent@0__:end-of-scenario marker");
                c.readUntil(1, "end-of-scenario");
            } finally {
                c.quiet(0, "CONFIG SET notify-keyspace-events \"\"");
            }
        });
    }

    /**
     * A RESP3 client subscribed to its own keyspace's events: the pushes land in its own reply stream,
     * so their order relative to each command's reply (Redis 7.0 pushes at once, during the command)
     * is compared too.
     */
    private static void selfSubscribed(String name, String... commands) throws Exception {
        Conversation.compare(name, redis.port(), glassbox.port(), c -> {
            c.quiet(0, "CONFIG SET notify-keyspace-events KEA");
            try {
                c.quiet(0, "HELLO 3");
                c.call(0, "PSUBSCRIBE __key*__:*", 1);
                for (String cmd : commands) c.send(0, cmd);
                c.send(0, "PUBLISH __keyevent@0__:end-of-scenario marker");
                c.readUntil(0, "end-of-scenario");
                c.read(0, 1); // PUBLISH's own reply
            } finally {
                c.quiet(1, "CONFIG SET notify-keyspace-events \"\"");
            }
        });
    }

    @Test
    void configValidation() throws Exception {
        Conversation.compare("config", redis.port(), glassbox.port(), c -> {
            for (String v : new String[] {"KEA", "Ag$lshzxeKEtmdn", "Kx", "Elg", "KEAmn", "K", "X", "AKEB", ""}) {
                c.call(0, "CONFIG SET notify-keyspace-events \"" + v + "\"");
                c.call(0, "CONFIG GET notify-keyspace-events");
            }
            c.quiet(0, "CONFIG SET notify-keyspace-events \"\"");
        });
    }

    static final String[] STRINGS = {
                "SET s v", "SET s v2 EX 100", "SET s v3 KEEPTTL", "SET s v4 PX 100000 GET", "SET s v NX", "SET s v XX",
                "SETNX n v", "SETNX n v", "SETEX e 100 v", "PSETEX p 100000 v", "GETSET s new", "MSET a 1 b 2",
                "MSETNX c 1 d 2", "MSETNX c 1 z 2", "APPEND s more", "APPEND fresh x", "INCR i", "DECR i", "INCRBY i 5",
                "DECRBY i 2", "INCRBYFLOAT f 1.5", "SETRANGE s 1 XY", "SETRANGE r 3 abc", "SETRANGE r 0 \"\"",
                "GETEX s EX 50", "GETEX s PERSIST", "GETEX s PERSIST", "GETEX s PXAT 1", "GETDEL a", "GETDEL nokey",
                "GET s", "INCR s"};

    @Test
    void strings() throws Exception {
        events("strings", "KEA", STRINGS);
        selfSubscribed("strings resp3 self", STRINGS);
    }

    static final String[] GENERIC = {
                "SET k v", "EXPIRE k 100", "PEXPIRE k 100000", "EXPIREAT k 99999999999", "PERSIST k", "PERSIST k",
                "EXPIRE k 100 NX", "EXPIRE k 10 GT", "EXPIRE k -1", "SET k v", "RENAME k k2", "SET other x",
                "RENAME other k2", "RENAMENX k2 k3", "SET k4 v", "RENAMENX k3 k4", "MOVE k3 1", "MOVE nokey 1",
                "COPY k4 k5", "COPY k4 k5 REPLACE", "COPY k4 k5 DB 2", "DEL k4 k5 nokey", "UNLINK k2",
                "RPUSH l 3 1 2", "SORT l STORE dst", "SORT nolist STORE dst", "TOUCH dst", "SELECT 1", "SET k v",
                "SELECT 2", "DEL k5", "SELECT 0", "FLUSHALL"};

    @Test
    void generic() throws Exception {
        events("generic", "KEA", GENERIC);
        selfSubscribed("generic resp3 self", GENERIC);
    }

    static final String[] LISTS = {
                "LPUSH l a b c", "RPUSH l d", "LPUSHX l x", "RPUSHX nol x", "LINSERT l BEFORE a z", "LINSERT l BEFORE nope z",
                "LSET l 0 q", "LPOP l", "RPOP l 2", "LREM l 0 zz", "LREM l 1 z", "LTRIM l 0 0", "LTRIM l 5 10",
                "RPUSH src 1 2", "RPOPLPUSH src dst", "LMOVE src dst LEFT RIGHT", "LMOVE dst dst LEFT RIGHT",
                "LMPOP 2 none dst LEFT COUNT 5", "RPUSH m 1", "BLPOP m 0", "RPUSH m 1 2", "BRPOP m 0", "BLMOVE m m2 LEFT LEFT 0",
                "BLMPOP 0 1 m2 RIGHT", "RPUSH r 1", "LPOP r 5", "RPUSH r 1", "LREM r 0 1"};

    @Test
    void lists() throws Exception {
        events("lists", "KEA", LISTS);
        selfSubscribed("lists resp3 self", LISTS);
    }

    static final String[] HASHES = {
                "HSET h a 1 b 2", "HSET h a 1", "HMSET h c 3", "HSETNX h a 9", "HSETNX h d 4", "HINCRBY h a 5",
                "HINCRBYFLOAT h b 0.5", "HDEL h nofield", "HDEL h a b", "HDEL h c d", "HGET h a"};

    @Test
    void hashes() throws Exception {
        events("hashes", "KEA", HASHES);
        selfSubscribed("hashes resp3 self", HASHES);
    }

    static final String[] SETS = {
                "SADD s a b c", "SADD s a", "SREM s nope", "SREM s a", "SMOVE s t b", "SMOVE s t nope", "SMOVE s t c",
                "SADD u 1", "SPOP u", "SADD u 1 2 3", "SPOP u 0", "SPOP u 5", "SADD v 1 2", "SADD w 2 3",
                "SINTERSTORE i v w", "SUNIONSTORE un v w", "SDIFFSTORE d v w", "SINTERSTORE i v none", "SDIFFSTORE d v v",
                "SREM w 2 3", "SADD x 1", "SREM x 1 2"};

    @Test
    void sets() throws Exception {
        events("sets", "KEA", SETS);
        selfSubscribed("sets resp3 self", SETS);
    }

    static final String[] ZSETS = {
                "ZADD z 1 a 2 b 3 c 4 d 5 e", "ZADD z 1 a", "ZADD z XX 9 nope", "ZADD z INCR 1 a", "ZINCRBY z 1 b",
                "ZREM z nope", "ZREM z a", "ZREMRANGEBYRANK z 0 0", "ZREMRANGEBYSCORE z 4 4", "ZREMRANGEBYLEX z - +",
                "ZADD y 1 a 2 b 3 c", "ZPOPMIN y", "ZPOPMAX y 1", "ZPOPMIN y 9", "ZADD y 1 a 2 b", "ZMPOP 1 y MIN COUNT 5",
                "ZADD p 1 a 2 b", "ZADD q 2 b 3 c", "ZUNIONSTORE u 2 p q", "ZINTERSTORE i 2 p q", "ZDIFFSTORE d 2 p q",
                "ZINTERSTORE i 2 p none", "ZRANGESTORE rs p 0 -1", "ZRANGESTORE rs p 5 6", "BZPOPMIN p 0", "BZPOPMAX p 0",
                "ZADD b 1 x", "BZMPOP 0 1 b MAX"};

    @Test
    void zsets() throws Exception {
        events("zsets", "KEA", ZSETS);
        selfSubscribed("zsets resp3 self", ZSETS);
    }

    static final String[] STREAMS = {
                "XADD s 1-1 a 1", "XADD s 2-1 b 2", "XADD s MAXLEN 1 3-1 c 3", "XADD s MAXLEN 5 4-1 d 4",
                "XADD nos NOMKSTREAM * a 1", "XDEL s 9-9", "XDEL s 3-1", "XADD s 5-1 e 5", "XTRIM s MAXLEN 10",
                "XTRIM s MAXLEN 0", "XSETID s 10-0", "XGROUP CREATE s g 0", "XGROUP CREATE s g 0",
                "XGROUP CREATE m g $ MKSTREAM", "XGROUP SETID s g 0", "XGROUP CREATECONSUMER s g alice",
                "XGROUP CREATECONSUMER s g alice", "XADD s 11-1 f 6", "XADD s 12-1 g 7", "XREADGROUP GROUP g bob COUNT 1 STREAMS s >",
                "XREADGROUP GROUP g bob COUNT 1 STREAMS s >", "XACK s g 11-1", "XCLAIM s g carol 0 12-1",
                "XCLAIM s g carol 0 12-1", "XAUTOCLAIM s g dave 0 0-0", "XGROUP DELCONSUMER s g nobody",
                "XGROUP DELCONSUMER s g alice", "XGROUP DESTROY s g", "XGROUP DESTROY s g", "XLEN s", "DEL s"};

    @Test
    void streams() throws Exception {
        events("streams", "KEA", STREAMS);
        events("streams with new-key events", "KEAn", "XADD s 1-1 a 1", "XGROUP CREATE m g $ MKSTREAM",
                "XADD nos NOMKSTREAM * a 1", "DEL s m");
        selfSubscribed("streams resp3 self", STREAMS);
    }

    static final String[] BITS_HLL_GEO = {
                "SETBIT b 7 1", "SETBIT b 7 1", "SETBIT b 100 0", "BITFIELD b SET u8 0 255", "BITFIELD b GET u8 0",
                "BITFIELD b INCRBY u8 0 0", "SET x abc", "BITOP AND dst b x", "BITOP OR dst none1 none2",
                "BITOP NOT dst2 b", "PFADD h a b c", "PFADD h a", "PFADD h2 z", "PFMERGE h3 h h2", "PFCOUNT h3",
                "GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania", "GEOADD g 13.361389 38.115556 Palermo",
                "GEOADD g XX 1 1 nobody", "GEORADIUS g 15 37 200 km STORE gs", "GEORADIUS g 0 0 1 km STORE gs",
                "GEOSEARCHSTORE gs2 g FROMLONLAT 15 37 BYRADIUS 200 km", "GEOSEARCHSTORE gs2 none FROMLONLAT 15 37 BYRADIUS 200 km",
                "GEORADIUSBYMEMBER g Palermo 500 km STOREDIST gd"};

    @Test
    void bitmapsHyperLogLogGeo() throws Exception {
        events("bits hll geo", "KEA", BITS_HLL_GEO);
        selfSubscribed("bits hll geo resp3 self", BITS_HLL_GEO);
    }

    @Test
    void expiredAndNewKeys() throws Exception {
        events("expired", "KEAn",
                "SET k v PX 20", "DEBUG SLEEP 0.05", "GET k", "SET k2 v", "SET k2 v2", "RPUSH l a", "RPUSH l b",
                "SET gone v PX 1", "DEBUG SLEEP 0.01", "EXISTS gone");
    }

    @Test
    void classFilters() throws Exception {
        events("only keyspace and lists", "Kl", "SET s v", "RPUSH l a", "DEL l", "EXPIRE s 100");
        events("only keyevent and generic", "Eg", "SET s v", "RPUSH l a", "DEL l", "EXPIRE s 100");
        events("classes without K or E", "A", "SET s v", "DEL s");
        events("expired only", "Ex", "SET s v PX 1", "DEBUG SLEEP 0.01", "GET s", "DEL s");
        events("key miss", "KEm", "GET nokey", "SET k v", "GET k", "MGET nokey k", "EXISTS nokey", "TYPE nokey",
                "LRANGE nokey 0 1", "HGET nokey f", "SCARD nokey", "ZSCORE nokey m", "TTL nokey", "OBJECT ENCODING nokey",
                "STRLEN nokey", "DEL nokey", "LPUSH nokey2 a", "INCR nokey4", "SORT nokey", "SINTER nokey k2", "LPOP nokey");
        events("other database", "KEA", "SELECT 3", "SET s v", "DEL s", "SELECT 0");
    }

    @Test
    void insideMulti() throws Exception {
        events("multi", "KEA", "MULTI", "SET a 1", "INCR a", "DEL a", "EXEC");
    }

    @Test
    void blockedClientsServedByAnotherClientsPush() throws Exception {
        Conversation.compare("served", redis.port(), glassbox.port(), c -> {
            c.quiet(0, "CONFIG SET notify-keyspace-events KEA");
            try {
                c.call(1, "PSUBSCRIBE __key*__:*", 1);
                c.block(2, "BLPOP q 0");
                c.block(3, "BLMOVE src dst RIGHT LEFT 0");
                c.block(4, "BZPOPMIN z 0");
                c.call(0, "RPUSH q a");
                c.call(0, "RPUSH src x y");
                c.call(0, "ZADD z 1 m");
                c.read(2, 1);
                c.read(3, 1);
                c.read(4, 1);
                c.call(0, "PUBLISH __keyevent@0__:end-of-scenario marker");
                c.readUntil(1, "end-of-scenario");
            } finally {
                c.quiet(0, "CONFIG SET notify-keyspace-events \"\"");
            }
        });
    }

    /** A blocked XREADGROUP served by an XADD creates its consumer then: "xgroup-createconsumer" after "xadd". */
    @Test
    void blockedXreadgroupServedByXadd() throws Exception {
        Conversation.compare("xreadgroup served", redis.port(), glassbox.port(), c -> {
            c.quiet(0, "CONFIG SET notify-keyspace-events KEAn");
            try {
                c.call(0, "XGROUP CREATE s g $ MKSTREAM");
                c.call(1, "PSUBSCRIBE __key*__:*", 1);
                c.block(2, "XREADGROUP GROUP g bob BLOCK 0 STREAMS s >");
                c.call(0, "XADD s 1-1 a 1");
                c.read(2, 1);
                c.call(0, "PUBLISH __keyevent@0__:end-of-scenario marker");
                c.readUntil(1, "end-of-scenario");
            } finally {
                c.quiet(0, "CONFIG SET notify-keyspace-events \"\"");
            }
        });
    }

    @Test
    void activeExpiryPublishesExpired() throws Exception {
        Conversation.compare("active expire", redis.port(), glassbox.port(), c -> {
            c.quiet(0, "CONFIG SET notify-keyspace-events Ex");
            try {
                c.call(1, "SUBSCRIBE __keyevent@0__:expired", 1);
                c.call(0, "SET k1 v PX 30");
                c.read(1, 1); // the cron expires it without anyone touching it (one key: sampling order is random)
                c.call(0, "DBSIZE");
            } finally {
                c.quiet(0, "CONFIG SET notify-keyspace-events \"\"");
            }
        });
    }
}
