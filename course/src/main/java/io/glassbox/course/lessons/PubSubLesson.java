package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.View;
import io.glassbox.resp.RespValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 25, Pub/Sub in failover (pubsub.c, sentinel.c): the channel and pattern subscriptions a
 * sentinel relies on, shown with the messages sentinels really send (a hello on
 * {@code __sentinel__:hello}, a {@code +switch-master} event). Glassbox has no sentinel yet: the
 * lesson plays the sentinels' part with plain PUBLISH. Who received what is read from the replies
 * and the pushes the subscribers got.
 */
final class PubSubLesson {
    private PubSubLesson() {}

    static final String HELLO = "__sentinel__:hello";

    static Lesson lesson() {
        return Lesson.builder("25", 25)
                .step(r -> {
                    LessonRun.Named s = r.client("sentinel-1"), w = r.client("watcher");
                    RespValue a = r.call(s, "SUBSCRIBE", HELLO);
                    RespValue b = r.call(w, "PSUBSCRIBE", "*");
                    long channels = numsub(r);
                    r.view(View.Kind.NONE);
                    r.caption("l25.s1.subscribe", HELLO, LessonRun.strings(a), LessonRun.strings(b), channels);
                    r.caption("l25.s1.why");
                    r.cite("pubsub.c", "pubsubSubscribeChannel", "pubsub.PubSub.subscribeChannel");
                    r.cite("pubsub.c", "pubsubSubscribePattern", "pubsub.PubSub.subscribePattern");
                    r.fact("numsub", channels);
                }, v -> v.expect("PUBSUB NUMSUB " + HELLO, v.fact("numsub"), numsub(v.run())))
                .step(r -> {
                    LessonRun.Named s = r.client("sentinel-1"), w = r.client("watcher");
                    int ps = s.pushes().size(), pw = w.pushes().size();
                    String hello = "127.0.0.1,26379,7c1c6f2a0e0d4b6f9a7e3c5d2b1a0f9e8d7c6b5a,0,mymaster,127.0.0.1,6379,0";
                    long receivers = LessonRun.integer(r.call("PUBLISH", HELLO, hello));
                    LessonRun.await(() -> s.pushes().size() > ps && w.pushes().size() > pw, 5000);
                    r.view(View.Kind.NONE);
                    r.caption("l25.s2.publish", receivers, pushes(s, ps), pushes(w, pw));
                    r.caption("l25.s2.hello");
                    r.cite("pubsub.c", "pubsubPublishMessage", "pubsub.PubSub.publish");
                    r.cite("sentinel.c", "sentinelSendHello", "pubsub.PubSub.publish");
                    r.fact("numsub", numsub(r));
                }, v -> v.expect("PUBSUB NUMSUB " + HELLO, v.fact("numsub"), numsub(v.run())))
                .step(r -> {
                    LessonRun.Named s = r.client("sentinel-1"), w = r.client("watcher");
                    int ps = s.pushes().size(), pw = w.pushes().size();
                    long receivers = LessonRun.integer(r.call("PUBLISH", "+switch-master", "mymaster 127.0.0.1 6379 127.0.0.1 6380"));
                    LessonRun.await(() -> w.pushes().size() > pw, 5000);
                    r.view(View.Kind.NONE);
                    r.caption("l25.s3.event", receivers, pushes(w, pw), s.pushes().size() - ps);
                    r.caption("l25.s3.why");
                    r.cite("sentinel.c", "sentinelEvent", "pubsub.PubSub.publish");
                    r.fact("numpat", LessonRun.integer(r.quiet("PUBSUB", "NUMPAT")));
                }, v -> v.expect("PUBSUB NUMPAT", v.fact("numpat"), LessonRun.integer(v.run().quiet("PUBSUB", "NUMPAT"))))
                .step(r -> {
                    LessonRun.Named s = r.client("sentinel-1"), w = r.client("watcher");
                    r.call(s, "UNSUBSCRIBE", HELLO);
                    int ps = s.pushes().size(), pw = w.pushes().size();
                    long receivers = LessonRun.integer(r.call("PUBLISH", HELLO, "nobody-listens"));
                    LessonRun.await(() -> w.pushes().size() - pw + s.pushes().size() - ps >= receivers, 5000);
                    long channels = numsub(r);
                    r.view(View.Kind.NONE);
                    r.caption("l25.s4.gone", channels, receivers, w.pushes().size() - pw, s.pushes().size() - ps);
                    r.caption("l25.s4.why");
                    r.cite("pubsub.c", "pubsubUnsubscribeChannel", "pubsub.PubSub.unsubscribeChannel");
                    r.fact("numsub", channels);
                }, v -> v.expect("PUBSUB NUMSUB " + HELLO, v.fact("numsub"), numsub(v.run())))
                .build();
    }

    static long numsub(LessonRun r) {
        List<String> l = LessonRun.strings(r.quiet("PUBSUB", "NUMSUB", HELLO));
        return l.size() == 2 ? Long.parseLong(l.get(1)) : -1;
    }

    /** The pushes a client received since the {@code from}-th, each as its items: "[message, ch, payload]". */
    static List<String> pushes(LessonRun.Named n, int from) {
        List<String> out = new ArrayList<>();
        List<RespValue> all = n.pushes();
        for (int i = from; i < all.size(); i++) out.add(String.valueOf(LessonRun.strings(all.get(i))));
        return out;
    }
}
