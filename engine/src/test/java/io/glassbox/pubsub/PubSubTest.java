package io.glassbox.pubsub;

import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pub/Sub and keyspace notifications in-process: a subscriber's messages arrive on its push
 * listener. (Byte-exact comparisons with redis-server are in {@code diff/PubSubDifferentialTest}
 * and {@code diff/NotificationDifferentialTest}.)
 */
@Tag("unit")
class PubSubTest {
    final EngineFixture f;
    final LocalClient pub, sub;
    final LinkedBlockingQueue<RespValue> pushes = new LinkedBlockingQueue<>();

    PubSubTest() throws Exception {
        f = EngineFixture.start();
        pub = f.client;
        sub = f.newClient();
        sub.onPush(pushes::add);
    }

    @AfterEach
    void close() { f.close(); }

    static List<String> texts(RespValue v) {
        List<String> out = new ArrayList<>();
        for (RespValue i : ((RespValue.Array) v).items()) out.add(i instanceof RespValue.Int n ? Long.toString(n.value()) : i.asText());
        return out;
    }

    List<String> nextPush() throws InterruptedException {
        RespValue v = pushes.poll(5, TimeUnit.SECONDS);
        if (v == null) throw new AssertionError("no message arrived");
        return texts(v);
    }

    @Test
    void aMessageReachesChannelAndPatternSubscribers() throws Exception {
        assertEquals(List.of("subscribe", "news", "1"), texts(sub.call("SUBSCRIBE", "news")));
        assertEquals(List.of("psubscribe", "n*", "2"), texts(sub.call("PSUBSCRIBE", "n*")));
        // one delivery for the channel, one for the pattern
        assertEquals(new RespValue.Int(2), pub.call("PUBLISH", "news", "hello"));
        assertEquals(List.of("message", "news", "hello"), nextPush());
        assertEquals(List.of("pmessage", "n*", "news", "hello"), nextPush());
        assertEquals(new RespValue.Int(0), pub.call("PUBLISH", "weather", "x"));
    }

    @Test
    void resp3MessagesNeverAnswerACall() throws Exception {
        sub.call("HELLO", "3");
        sub.call("SUBSCRIBE", "c");
        for (int i = 0; i < 50; i++) {
            pub.send(List.of("PUBLISH".getBytes(), "c".getBytes(), ("m" + i).getBytes()));
            assertEquals(new RespValue.SimpleString("PONG"), sub.call("PING")); // RESP3 subscribers may run anything
        }
        for (int i = 0; i < 50; i++) assertEquals(List.of("message", "c", "m" + i), nextPush());
    }

    @Test
    void subscribedModeRefusesOtherCommandsInResp2() {
        sub.call("SUBSCRIBE", "c");
        RespValue r = sub.call("GET", "k");
        assertInstanceOf(RespValue.Error.class, r);
        assertTrue(((RespValue.Error) r).message().startsWith("ERR Can't execute 'get'"), r.toString());
        assertEquals(List.of("pong", ""), texts(sub.call("PING")));
    }

    @Test
    void closingASubscriberRemovesItsSubscriptions() throws Exception {
        LocalClient c = f.engine.newClient();
        c.call("SUBSCRIBE", "gone");
        c.call("PSUBSCRIBE", "g*");
        assertEquals(List.of("gone", "1"), texts(pub.call("PUBSUB", "NUMSUB", "gone")));
        c.close();
        for (int i = 0; i < 500 && !texts(pub.call("PUBSUB", "NUMSUB", "gone")).get(1).equals("0"); i++) Thread.sleep(2);
        assertEquals(List.of("gone", "0"), texts(pub.call("PUBSUB", "NUMSUB", "gone")));
        assertEquals(new RespValue.Int(0), pub.call("PUBSUB", "NUMPAT"));
    }

    @Test
    void keyspaceNotificationsArriveOnBothChannelsInOrder() throws Exception {
        pub.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
        sub.call("PSUBSCRIBE", "__key*__:*");
        pub.call("RPUSH", "l", "a");
        pub.call("LPOP", "l");
        assertEquals(List.of("pmessage", "__key*__:*", "__keyspace@0__:l", "rpush"), nextPush());
        assertEquals(List.of("pmessage", "__key*__:*", "__keyevent@0__:rpush", "l"), nextPush());
        assertEquals(List.of("pmessage", "__key*__:*", "__keyspace@0__:l", "lpop"), nextPush());
        assertEquals(List.of("pmessage", "__key*__:*", "__keyevent@0__:lpop", "l"), nextPush());
        assertEquals(List.of("pmessage", "__key*__:*", "__keyspace@0__:l", "del"), nextPush());
        assertEquals(List.of("pmessage", "__key*__:*", "__keyevent@0__:del", "l"), nextPush());
    }

    @Test
    void noNotificationsByDefault() throws Exception {
        sub.call("PSUBSCRIBE", "__key*__:*");
        pub.call("SET", "k", "v");
        pub.call("PUBLISH", "__keyevent@0__:marker", "end");
        assertEquals(List.of("pmessage", "__key*__:*", "__keyevent@0__:marker", "end"), nextPush());
    }
}
