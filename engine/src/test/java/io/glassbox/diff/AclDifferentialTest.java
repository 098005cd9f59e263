package io.glassbox.diff;

import io.glassbox.testkit.Args;
import io.glassbox.testkit.Conversation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ACL against redis-server: SETUSER / GETUSER / LIST round trips for many rule sets, their errors,
 * NOPERM for commands, keys (with %R / %W and the key specs' flags) and channels, AUTH and HELLO
 * AUTH, MULTI/EXEC, scripts, DRYRUN, ACL LOG entries, and clients dropped with their user.
 *
 * <p>Two things differ between any two Redis runs and are normalised before comparing: the order
 * of single-command rules in a description (Redis walks its command dict in hash order, seeded at
 * random at start-up), and in ACL LOG the age and the connection's address and id.
 */
@Tag("differential")
class AclDifferentialTest extends AgainstRealRedis {
    private static void compare(String name, Conversation.Scenario s) throws Exception {
        Conversation.compare(name, redis.port(), glassbox.port(), s);
    }

    /** Each scenario starts from the default user alone and an empty log. */
    private static void clean(Conversation c) throws Exception {
        String users = new String(c.client(9).call(Args.line("ACL USERS")), StandardCharsets.ISO_8859_1);
        for (String line : users.split("\r\n")) {
            if (!line.isEmpty() && !line.startsWith("*") && !line.startsWith("$") && !line.equals("default")) {
                c.client(9).call(Args.line("ACL DELUSER " + line));
            }
        }
        c.client(9).call(Args.line("ACL SETUSER default reset on nopass ~* &* +@all"));
        c.client(9).call(Args.line("ACL LOG RESET"));
    }

    private static final Pattern SINGLE_RULES = Pattern.compile("[+-][^@\\s()][^\\s()]*(?: [+-][^@\\s()][^\\s()]*)*");

    /** The reply with every run of single-command rules sorted: their order is Redis's dict order. */
    static String sortSingleRules(byte[] reply) {
        String s = new String(reply, StandardCharsets.ISO_8859_1);
        Matcher m = SINGLE_RULES.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String[] tokens = m.group().split(" ");
            Arrays.sort(tokens);
            m.appendReplacement(out, Matcher.quoteReplacement(String.join(" ", tokens)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Client i runs a command whose reply describes rules; recorded with single rules sorted. */
    private static void describe(Conversation c, int i, String cmd) throws Exception {
        c.note(sortSingleRules(c.client(i).call(Args.line(cmd))));
    }

    /**
     * ACL LOG as text without what differs per run: the age, and of client-info only the fields
     * that do not depend on the connection (name, db, cmd, user, flags, multi).
     */
    private static void aclLog(Conversation c, int i, String cmd) throws Exception {
        String raw = new String(c.client(i).call(Args.line(cmd)), StandardCharsets.ISO_8859_1);
        String[] lines = raw.split("\r\n");
        List<String> out = new ArrayList<>();
        for (int j = 0; j < lines.length; j++) {
            String l = lines[j];
            if (l.startsWith("$")) continue;
            out.add(l);
            if (l.equals("age-seconds")) {
                j += 2;
                out.add("<age>");
            } else if (l.equals("client-info")) {
                j += 2;
                StringBuilder kept = new StringBuilder();
                for (String f : lines[j].split(" ")) {
                    String k = f.substring(0, f.indexOf('='));
                    if (List.of("name", "db", "cmd", "user", "flags", "multi", "sub", "psub").contains(k)) kept.append(f).append(' ');
                }
                out.add(kept.toString().trim());
            }
        }
        c.note(String.join("|", out));
    }

    private static final String[] RULE_SETS = {
        "",
        "on",
        "on >p1 ~cached:* +get +set",
        "on nopass +@read -@dangerous %R~r:* %W~w:* %RW~rw:* &chan*",
        "on +@all -flushall -config|set allkeys allchannels",
        "on -@all +@hash +@string +client|id +select|0 +select|1 ~* resetchannels &x",
        "on +@all -@write +set",
        "+ping (+get ~key*) (+set ~other*)",
        "on +@all -@keyspace -@read +@fast",
        "on -@all +@read +@write -@dangerous +@scripting",
        "on -@all +@pubsub +@connection +@transaction",
        "on allcommands -@slow",
        "on -@all +@admin",
        "on +@all -@admin +config|get",
        "off nocommands +acl|whoami +acl|getuser resetkeys ~a ~b %R~a &c &d",
        "on >a >b >a <b",
        "on #5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
        "on +@all -@all +get",
        "on -@all +@list -blpop -brpop -blmove -brpoplpush +lpush",
        "on +@geo +@stream -xadd (+@hyperloglog %W~hll*) (~x &y +@bitmap)",
        "on skip-sanitize-payload +debug|object +debug|digest",
        "on +@all -@all clearselectors reset",
    };

    @Test
    void setuserGetuserListRoundTrips() throws Exception {
        compare("round trips", c -> {
            clean(c);
            int n = 0;
            for (String rules : RULE_SETS) {
                String name = "u" + (n++);
                c.call(0, "ACL SETUSER " + name + " " + rules);
                describe(c, 0, "ACL GETUSER " + name);
                // the rules ACL LIST shows rebuild the same user
                String listed = new String(c.client(0).call(Args.line("ACL LIST")), StandardCharsets.ISO_8859_1);
                for (String line : listed.split("\r\n")) {
                    if (line.startsWith("user " + name + " ")) {
                        c.call(0, "ACL SETUSER " + name + "copy reset " + line.substring(("user " + name + " ").length()));
                        describe(c, 0, "ACL GETUSER " + name + "copy");
                    }
                }
            }
            describe(c, 0, "ACL LIST");
            c.call(0, "ACL USERS");
        });
    }

    @Test
    void setuserErrors() throws Exception {
        compare("setuser errors", c -> {
            clean(c);
            for (String bad : new String[]{"+get|foo +config|get|x", "+config|nosuch", "+nosuch", "+@nosuch", "~* ~foo",
                    "&* &foo", "bad", "<nopw", "#abc", "(+get", "(+get ~x", "%X~foo", "%RR~foo", "+config|", "+client|kill|x",
                    "\" () \"", ")", "on >pw (~x +get) oops", "on !0000", "-@all +select|0 -select"}) {
                c.call(0, "ACL SETUSER e " + bad);
                describe(c, 0, "ACL GETUSER e");
            }
            c.call(0, "ACL SETUSER \"with space\"");
            c.call(0, "ACL GETUSER nosuch");
            c.call(0, "ACL DELUSER default");
            c.call(0, "ACL DELUSER e nosuch e");
            c.call(0, "ACL CAT nosuch");
            c.call(0, "ACL GENPASS 0");
            c.call(0, "ACL GENPASS 5000");
            c.call(0, "ACL GENPASS abc");
            c.call(0, "ACL LOG abc");
            c.call(0, "ACL LOG 1 2");
            c.call(0, "ACL HELP");
            c.call(0, "ACL");
            c.call(0, "ACL FOO");
            c.call(0, "ACL LIST x");
            c.call(0, "ACL WHOAMI x");
            c.call(0, "ACL LOAD");
            c.call(0, "ACL SAVE");
            c.call(0, "ACL WHOAMI");
            c.call(0, "ACL CAT");
        });
    }

    @Test
    void nopermForCommandsKeysAndChannels() throws Exception {
        compare("noperm", c -> {
            clean(c);
            c.call(0, "ACL SETUSER alice on >p1 ~cached:* %R~ro:* %W~wo:* &news.* +@all -flushall -config|set");
            c.call(1, "AUTH alice p1");
            c.call(1, "ACL WHOAMI");
            for (String cmd : new String[]{"GET cached:1", "GET other", "SET ro:1 v", "GET ro:1", "SET wo:1 v", "GET wo:1",
                    "SET wo:1 v GET", "COPY ro:1 wo:2", "COPY wo:1 ro:2", "LMOVE ro:l wo:l LEFT RIGHT", "LMOVE wo:l ro:l LEFT RIGHT",
                    "APPEND wo:s x", "GETDEL ro:1", "DEL ro:1", "EXISTS ro:1 wo:1", "SORT ro:l STORE wo:x", "SORT ro:l STORE ro:x",
                    "MSET cached:1 a cached:2 b", "MSET cached:1 a other b", "FLUSHALL", "CONFIG SET maxmemory 0", "CONFIG GET maxmemory",
                    "PUBLISH news.tech hi", "PUBLISH sport hi", "SPUBLISH sport hi", "BITFIELD ro:b GET u4 0", "BITFIELD ro:b SET u4 0 1",
                    "ZUNIONSTORE wo:z 2 ro:a ro:b", "ZUNIONSTORE wo:z 2 ro:a other", "XREAD STREAMS ro:s other 0 0",
                    "OBJECT ENCODING other", "PING", "ECHO x"}) {
                c.call(1, cmd);
            }
            c.call(1, "PSUBSCRIBE news.t*");
            c.call(1, "SUBSCRIBE news.a sport");
            c.call(1, "PSUBSCRIBE news.*");
            c.call(1, "UNSUBSCRIBE");
            aclLog(c, 0, "ACL LOG");
            aclLog(c, 0, "ACL LOG 2");
            c.call(0, "ACL LOG RESET");
            c.call(0, "ACL LOG");
        });
    }

    @Test
    void authAndHello() throws Exception {
        compare("auth", c -> {
            clean(c);
            c.call(0, "AUTH x");
            c.call(0, "AUTH default x");
            c.call(0, "AUTH a b c");
            c.call(0, "ACL SETUSER bob on >pw +@all ~*");
            c.call(0, "ACL SETUSER carl off >pw +@all ~*");
            c.call(1, "AUTH bob wrong");
            c.call(1, "AUTH nosuch pw");
            c.call(1, "AUTH carl pw");
            c.call(1, "AUTH bob pw");
            c.call(1, "ACL WHOAMI");
            c.quiet(2, "HELLO 2 AUTH bob wrong");
            c.call(2, "HELLO 2 AUTH bob wrong");
            c.call(2, "HELLO 3 AUTH nosuch x");
            c.quiet(2, "HELLO 2 AUTH bob pw");
            c.call(2, "ACL WHOAMI");
            c.call(0, "CONFIG SET requirepass secret");
            // clients 0-9 connected while the default user needed no password (clean() opened them): a new one
            c.call(11, "PING");
            c.call(11, "HELLO 2");
            c.call(11, "AUTH wrong");
            c.call(11, "AUTH secret");
            c.call(11, "ACL WHOAMI");
            describe(c, 0, "ACL GETUSER default");
            c.call(0, "CONFIG SET requirepass \"\"");
            describe(c, 0, "ACL GETUSER default");
            c.call(0, "MULTI");
            c.call(0, "AUTH bob wrong");
            c.call(0, "EXEC");
            aclLog(c, 0, "ACL LOG");
            c.call(0, "CLIENT KILL USER nosuch");
            c.call(0, "CLIENT KILL USER bob");
            c.expectSilence(1);
            c.call(0, "RESET");
            c.call(0, "ACL WHOAMI");
        });
    }

    @Test
    void multiAndScripts() throws Exception {
        compare("multi and scripts", c -> {
            clean(c);
            c.call(0, "ACL SETUSER alice on >p1 ~k* +@all -del");
            c.call(1, "AUTH alice p1");
            c.call(1, "MULTI");
            c.call(1, "SET k1 v");
            c.call(1, "SET other v");
            c.call(1, "EXEC");
            c.call(1, "MULTI");
            c.call(1, "SET k1 v");
            c.call(1, "GET k2");
            c.call(0, "ACL SETUSER alice resetkeys ~k1");
            c.call(1, "EXEC");
            c.call(1, "EVAL \"return redis.call('get','other')\" 0");
            c.call(1, "EVAL \"return redis.call('del','k1')\" 0");
            c.call(1, "EVAL \"return redis.pcall('get','other')\" 0");
            c.call(1, "EVAL \"return redis.acl_check_cmd('get','other')\" 0");
            c.call(1, "EVAL \"return redis.acl_check_cmd('get','k1')\" 0");
            c.call(1, "EVAL \"return redis.acl_check_cmd('nosuch')\" 0");
            c.call(0, "FUNCTION LOAD REPLACE \"#!lua name=acllib\\nredis.register_function('g', function(k) return redis.call('get', k[1]) end)\"");
            c.call(1, "FCALL g 1 k1");
            c.call(1, "FCALL g 1 other");
            aclLog(c, 0, "ACL LOG");
            c.call(0, "FUNCTION DELETE acllib");
        });
    }

    @Test
    void dryrun() throws Exception {
        compare("dryrun", c -> {
            clean(c);
            c.call(0, "ACL SETUSER alice on >p1 ~cached:* +get +set");
            c.call(0, "ACL SETUSER bob on nopass +@read +@write %R~r:* %W~w:* ~rw:* &chan* +publish +subscribe +psubscribe");
            c.call(0, "ACL SETUSER frank on (+get ~key*) (+set ~other*) +select|0");
            for (String d : new String[]{"alice get cached:1", "alice get other", "alice del cached:1", "bob get r:1", "bob set r:1 x",
                    "bob set w:1 x", "bob get w:1", "bob getset rw:1 x", "bob copy r:1 w:2", "bob copy w:1 r:2",
                    "bob publish chanx m", "bob publish other m", "bob subscribe chan1 other", "bob psubscribe chan*",
                    "bob psubscribe chan1*", "nosuch get x", "alice nosuchcmd", "alice get", "alice config", "alice config get x",
                    "alice config nosuch", "frank get key1", "frank set key1 v", "frank set other1 v", "frank get other1",
                    "frank select 0", "frank select 1", "bob migrate h 1 rw:1 0 5", "bob migrate h 1 \"\" 0 5 KEYS rw:1 r:1"}) {
                c.call(0, "ACL DRYRUN " + d);
            }
            c.call(0, "ACL LOG");
        });
    }

    @Test
    void clientsGoWithTheirUserAndSubscribersWithTheirChannels() throws Exception {
        compare("kills", c -> {
            clean(c);
            c.call(0, "ACL SETUSER temp on >p +@all ~* &*");
            c.call(1, "AUTH temp p");
            c.call(2, "AUTH temp p");
            c.call(0, "ACL DELUSER temp");
            c.expectSilence(1);
            c.expectSilence(2);
            c.call(0, "ACL SETUSER psub on >p +@all ~* resetchannels &foo &bar:*");
            c.call(3, "AUTH psub p");
            c.call(3, "SUBSCRIBE foo");
            c.call(4, "AUTH psub p");
            c.call(4, "PSUBSCRIBE bar:*");
            c.call(0, "ACL SETUSER psub &baz");   // more channels: nobody goes
            c.call(0, "PUBLISH foo 1");
            c.read(3, 1);
            c.call(0, "ACL SETUSER psub resetchannels &bar:*");  // foo revoked: the SUBSCRIBE client goes
            c.expectSilence(3);
            c.call(0, "PUBLISH bar:x 2");
            c.read(4, 1);
            c.call(0, "ACL SETUSER psub resetchannels &bar:x");  // the pattern is not literally allowed any more
            c.expectSilence(4);
            c.call(0, "ACL SETUSER self on >p +@all ~*");
            c.call(5, "AUTH self p");
            c.call(5, "ACL DELUSER self");
            c.expectSilence(5);
        });
    }

    @Test
    void passwordsAreRedactedInTheSlowLog() throws Exception {
        compare("redaction", c -> {
            clean(c);
            c.call(0, "CONFIG SET slowlog-log-slower-than 0");
            c.call(0, "SLOWLOG RESET");
            c.call(0, "ACL SETUSER zed on >secret +get ~*");
            c.call(1, "AUTH zed secret");
            c.call(1, "AUTH zed wrong extra");
            c.quiet(2, "HELLO 2 AUTH zed secret SETNAME n");
            c.call(1, "GET k");
            // the entries without id, time, duration and address
            String log = new String(c.client(0).call(Args.line("SLOWLOG GET 5")), StandardCharsets.ISO_8859_1);
            c.note(log.replaceAll(":\\d+\r\n", "").replaceAll("\\$\\d+\r\n127\\.0\\.0\\.1:\\d+\r\n", ""));
            c.call(0, "CONFIG SET slowlog-log-slower-than 10000");
        });
    }

    @Test
    void categoriesListTheSameCommands() throws Exception {
        // ACL CAT's commands come in dict order in Redis: compare as sorted sets, without GLASSBOX.*
        try (io.glassbox.testkit.RawRespClient r = new io.glassbox.testkit.RawRespClient(redis.port());
             io.glassbox.testkit.RawRespClient g = new io.glassbox.testkit.RawRespClient(glassbox.port())) {
            assertEquals(new String(r.call(Args.line("ACL CAT"))), new String(g.call(Args.line("ACL CAT"))));
            for (String cat : io.glassbox.command.AclCategory.NAMES) {
                assertEquals(sortedNames(r.call(Args.line("ACL CAT " + cat))), sortedNames(g.call(Args.line("ACL CAT " + cat))), cat);
            }
        }
    }

    private static List<String> sortedNames(byte[] reply) {
        List<String> names = new ArrayList<>();
        for (String l : new String(reply, StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (l.isEmpty() || l.startsWith("*") || l.startsWith("$") || l.startsWith("glassbox.")) continue;
            // client|setinfo is Redis 7.2's, added for client libraries' handshakes
            if (l.equals("client|setinfo")) continue;
            names.add(l);
        }
        names.sort(null);
        return names;
    }
}
