package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.Verifier;
import io.glassbox.course.View;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;

import java.util.ArrayList;
import java.util.List;

/**
 * An extra lesson, no chapter of the course (ACLs came with Redis 6.0, after the course's
 * chapters on 5.0): a restricted user refused with NOPERM, the refusals in ACL LOG, ACL DRYRUN.
 * Users and the ACL LOG are the server's, not a database's, so the lesson runs a server of its own.
 */
final class AclLesson {
    private AclLesson() {}

    static Lesson lesson() {
        return Lesson.builder("acl")
                .step(r -> {
                    LessonRun.Node s = r.startEngine("server");
                    r.view(View.Kind.ACCESS, s);
                    r.call(s, "ACL", "SETUSER", "reader", "on", ">s3cret", "~cache:*", "+get", "+ping");
                    LocalClient c = reader(r, s);
                    String auth = LessonRun.text(r.call("reader", c, "AUTH", "reader", "s3cret"));
                    String get = LessonRun.text(r.call("reader", c, "GET", "cache:a"));
                    String set = LessonRun.text(r.call("reader", c, "SET", "cache:a", "1"));
                    String other = LessonRun.text(r.call("reader", c, "GET", "secret"));
                    r.caption("lacl.s1.user", s.engine().port(), "reader", auth, get);
                    r.caption("lacl.s1.refused", set, other);
                    r.caption("lacl.s1.why");
                    r.cite("server.c", "processCommand", "acl.Acl.check");
                    r.cite("acl.c", "ACLCheckAllUserCommandPerm", "acl.Acl.checkAll");
                    r.fact("log", log(s).size());
                }, AclLesson::checkLog)
                .step(r -> {
                    LessonRun.Node s = ReplicationLesson.node(r, "server");
                    RespValue log = r.call(s, "ACL", "LOG");
                    List<String> entries = new ArrayList<>();
                    for (List<String> e : entries(log)) entries.add(e.get(0) + "/" + e.get(1) + " " + e.get(2));
                    r.caption("lacl.s2.log", entries.size(), entries);
                    r.caption("lacl.s2.why");
                    r.cite("acl.c", "addACLLogEntry", "acl.Acl.addLogEntry");
                    r.fact("log", log(s).size());
                }, AclLesson::checkLog)
                .step(r -> {
                    LessonRun.Node s = ReplicationLesson.node(r, "server");
                    String set = LessonRun.text(r.call(s, "ACL", "DRYRUN", "reader", "SET", "cache:a", "1"));
                    String get = LessonRun.text(r.call(s, "ACL", "DRYRUN", "reader", "GET", "cache:b"));
                    r.caption("lacl.s3.dryrun", set, get);
                    r.caption("lacl.s3.why");
                    r.cite("acl.c", "aclCommand", "acl.AclCommands.dryrun");
                    r.fact("log", log(s).size());
                }, AclLesson::checkLog)
                .build();
    }

    /** The lesson's client logged in as reader on its server (opened once, closed with the server). */
    private static LocalClient reader(LessonRun r, LessonRun.Node s) {
        return s.engine().newClient();
    }

    /** ACL LOG's entries as [reason, context, object, username]. */
    static List<List<String>> entries(RespValue log) {
        List<List<String>> out = new ArrayList<>();
        if (!(log instanceof RespValue.Array a)) return out;
        for (RespValue e : a.items()) {
            List<String> kv = LessonRun.strings(e);
            String reason = "", context = "", object = "", user = "";
            for (int i = 0; i + 1 < kv.size(); i += 2) {
                switch (kv.get(i)) {
                    case "reason" -> reason = kv.get(i + 1);
                    case "context" -> context = kv.get(i + 1);
                    case "object" -> object = kv.get(i + 1);
                    case "username" -> user = kv.get(i + 1);
                    default -> { }
                }
            }
            out.add(List.of(reason, context, object, user));
        }
        return out;
    }

    static List<List<String>> log(LessonRun.Node s) { return entries(s.client().call("ACL", "LOG")); }

    static void checkLog(Verifier v) {
        v.expect("ACL LOG entries", v.fact("log"), log(ReplicationLesson.node(v.run(), "server")).size());
    }
}
