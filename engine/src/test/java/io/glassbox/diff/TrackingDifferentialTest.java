package io.glassbox.diff;

import io.glassbox.testkit.Args;
import io.glassbox.testkit.Conversation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Client-side caching against redis-server, byte for byte, with several clients: invalidations as
 * Pub/Sub messages to a RESP2 redirect client and as RESP3 pushes, after the reply when a client
 * changes a key it tracks itself (also inside MULTI), BCAST with prefixes, NOLOOP, OPTIN/OPTOUT
 * with CLIENT CACHING, a flush's null, a redirection that breaks, the table's key limit, CLIENT
 * TRACKING's errors word for word, TRACKINGINFO, GETREDIR, CLIENT INFO's flags and INFO's fields.
 * Client ids differ between the two servers, so replies that carry one are recorded with the id
 * replaced by "ID".
 */
@Tag("differential")
class TrackingDifferentialTest extends AgainstRealRedis {
    private static void compare(String name, Conversation.Scenario s) throws Exception {
        Conversation.compare(name, redis.port(), glassbox.port(), s);
    }

    /** Client i's id on the server the scenario runs against. */
    private static long id(Conversation c, int i) throws IOException {
        String r = new String(c.client(i).call(Args.line("CLIENT ID")), StandardCharsets.US_ASCII);
        return Long.parseLong(r.substring(1).trim());
    }

    /** Client i sends cmd; the reply is recorded with the integer {@code id} shown as ID. */
    private static void callMasked(Conversation c, int i, String cmd, long id) throws IOException {
        c.note(mask(c.client(i).call(Args.line(cmd)), id));
    }

    /** Client i's next frame, recorded with the integer {@code id} shown as ID. */
    private static void readMasked(Conversation c, int i, long id) throws IOException {
        c.note(mask(c.client(i).readReply(), id));
    }

    /** Client i's CLIENT INFO flags and redir fields, the redirection's id shown as ID. */
    private static void flagsAndRedir(Conversation c, int i, long id) throws IOException {
        String line = new String(c.client(i).call(Args.line("CLIENT INFO")), StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher f = java.util.regex.Pattern.compile(" flags=(\\S*)").matcher(line);
        java.util.regex.Matcher r = java.util.regex.Pattern.compile(" redir=(\\S*)").matcher(line);
        c.note("flags=" + (f.find() ? f.group(1) : "?") + " redir="
                + (r.find() ? (r.group(1).equals(Long.toString(id)) ? "ID" : r.group(1)) : "?"));
    }

    private static String mask(byte[] reply, long id) {
        return new String(reply, StandardCharsets.ISO_8859_1).replace(":" + id + "\r\n", ":ID\r\n");
    }

    @Test
    void resp2RedirectGetsPubSubMessages() throws Exception {
        compare("RESP2 redirect", c -> {
            long redir = id(c, 1);
            c.call(1, "SUBSCRIBE __redis__:invalidate", 1);
            c.call(0, "CLIENT TRACKING on REDIRECT " + redir);
            c.call(2, "MSET a 1 b 1");
            c.call(0, "GET a");
            c.call(0, "MGET b c d");
            c.call(2, "INCR a");
            c.read(1, 1);
            c.call(2, "MSET b 2 c 2 zz 1");
            c.read(1, 2);
            c.call(2, "INCR a"); // not read again since the last change: nothing
            c.call(0, "HSET h f v");
            c.call(0, "HGET h f");
            c.call(0, "HDEL h f"); // its own change (no NOLOOP) reaches its redirection too
            c.read(1, 1);
            c.infoFields(0, "tracking_clients", "tracking_total_keys", "tracking_total_items", "tracking_total_prefixes");
            c.clientInfo(0, "flags");
            flagsAndRedir(c, 0, redir);
            callMasked(c, 0, "CLIENT GETREDIR", redir);
            callMasked(c, 0, "CLIENT TRACKINGINFO", redir);
            c.call(0, "GET x");
            c.call(2, "FLUSHALL"); // everything invalid: a null instead of the keys
            c.read(1, 1);
            c.call(0, "CLIENT TRACKING off");
            c.call(0, "CLIENT GETREDIR");
            c.call(0, "CLIENT TRACKINGINFO");
            c.clientInfo(0, "flags", "redir");
            c.infoFields(0, "tracking_clients", "tracking_total_keys");
        });
    }

    @Test
    void resp3PushesOnTheSameConnection() throws Exception {
        compare("RESP3 push", c -> {
            c.quiet(0, "HELLO 3");
            c.call(0, "CLIENT TRACKING on");
            c.call(0, "GET k");
            c.call(1, "SET k v");
            c.read(0, 1);
            // its own change: the push follows the reply
            c.call(0, "GET k");
            c.call(0, "SET k w");
            c.read(0, 1);
            // inside a transaction, after EXEC's whole reply
            c.call(0, "MSET a 1 b 2");
            c.call(0, "GET a");
            c.call(0, "MULTI");
            c.call(0, "INCR a");
            c.call(0, "GET b");
            c.call(0, "EXEC");
            c.read(0, 1);
            // a flush inside a transaction: the null after EXEC's reply
            c.call(0, "GET a");
            c.call(0, "MULTI");
            c.call(0, "FLUSHDB");
            c.call(0, "EXEC");
            c.read(0, 1);
            // a RESP2 client gets nothing without a redirection
            c.call(2, "CLIENT TRACKING on");
            c.call(2, "GET q");
            c.call(1, "SET q 1");
            c.call(2, "PING");
            // expiry invalidates too
            c.call(0, "SET e v PX 1");
            c.call(0, "GET e");
            c.call(1, "DEBUG SLEEP 0.01");
            c.call(1, "GET e"); // lazily expired by another client
            c.read(0, 1);
            c.clientInfo(0, "flags", "redir", "resp");
        });
    }

    @Test
    void noloop() throws Exception {
        compare("NOLOOP", c -> {
            c.quiet(0, "HELLO 3");
            c.call(0, "CLIENT TRACKING on NOLOOP");
            c.call(0, "MGET own other");
            c.call(0, "SET own 1"); // its own change: no invalidation
            c.call(1, "SET other 1");
            c.read(0, 1);
            c.call(0, "CLIENT TRACKINGINFO");
        });
    }

    @Test
    void bcastWithPrefixes() throws Exception {
        compare("BCAST", c -> {
            c.quiet(0, "HELLO 3");
            c.call(0, "CLIENT TRACKING on BCAST PREFIX b: PREFIX a:");
            c.call(0, "CLIENT TRACKINGINFO");
            c.infoFields(0, "tracking_total_prefixes", "tracking_total_keys");
            c.call(1, "MSET a:2 1 a:1 1 b:1 1 c:1 1");
            c.read(0, 2); // one message per prefix, in prefix order, keys in order
            c.call(1, "SET c:2 1");
            c.call(0, "PING"); // no c: prefix: nothing came
            c.call(0, "CLIENT TRACKING on BCAST PREFIX c:");
            c.call(1, "INCR c:2");
            c.read(0, 1);
            c.clientInfo(0, "flags");
            // the whole keyspace with the empty prefix, NOLOOP leaves out the client's own keys
            c.quiet(2, "HELLO 3");
            c.call(2, "CLIENT TRACKING on BCAST NOLOOP");
            c.call(2, "SET mine 1");
            c.call(2, "PING");
            c.call(1, "SET theirs 1");
            c.read(2, 1);
            c.infoFields(1, "tracking_clients", "tracking_total_prefixes");
            c.call(0, "CLIENT TRACKING off");
            c.call(2, "CLIENT TRACKING off");
            c.infoFields(1, "tracking_clients", "tracking_total_prefixes");
        });
    }

    @Test
    void optinAndOptout() throws Exception {
        compare("OPTIN/OPTOUT", c -> {
            c.quiet(0, "HELLO 3");
            c.call(0, "CLIENT TRACKING on OPTIN");
            c.call(0, "GET notcached");
            c.call(0, "CLIENT CACHING yes");
            c.call(0, "CLIENT TRACKINGINFO"); // caching-yes: CLIENT itself keeps the flag
            c.call(0, "GET cached");
            c.call(0, "CLIENT TRACKINGINFO"); // gone after the next command
            c.call(1, "MSET notcached 1 cached 1");
            c.read(0, 1);
            c.call(0, "PING");
            // the flag covers a whole transaction
            c.call(0, "CLIENT CACHING yes");
            c.call(0, "MULTI");
            c.call(0, "GET t1");
            c.call(0, "GET t2");
            c.call(0, "EXEC");
            c.call(1, "MSET t1 1 t2 1");
            c.read(0, 2);
            c.call(0, "CLIENT TRACKING on OPTOUT");
            c.call(0, "CLIENT TRACKING off");
            c.call(0, "CLIENT TRACKING on OPTOUT");
            c.call(0, "CLIENT CACHING no");
            c.call(0, "GET skipped");
            c.call(0, "GET kept");
            c.call(1, "MSET skipped 1 kept 1");
            c.read(0, 1);
            c.call(0, "PING");
            c.call(0, "CLIENT CACHING no");
            c.call(0, "CLIENT TRACKINGINFO");
        });
    }

    @Test
    void errorsWordForWord() throws Exception {
        compare("errors", c -> {
            long other = id(c, 1);
            c.call(0, "CLIENT TRACKING");
            c.call(0, "CLIENT TRACKING maybe");
            c.call(0, "CLIENT TRACKING on WHAT");
            c.call(0, "CLIENT TRACKING on REDIRECT");
            c.call(0, "CLIENT TRACKING on REDIRECT abc");
            c.call(0, "CLIENT TRACKING on REDIRECT 0");
            c.call(0, "CLIENT TRACKING on REDIRECT 99999999");
            c.call(0, "CLIENT TRACKING on REDIRECT " + other + " REDIRECT " + other);
            c.call(0, "CLIENT TRACKING on PREFIX a");
            c.call(0, "CLIENT TRACKING on BCAST OPTIN");
            c.call(0, "CLIENT TRACKING on BCAST OPTOUT");
            c.call(0, "CLIENT TRACKING on OPTIN OPTOUT");
            c.call(0, "CLIENT TRACKING on BCAST PREFIX foobar PREFIX foo");
            c.call(0, "CLIENT TRACKING on BCAST PREFIX foo PREFIX foobar");
            c.call(0, "CLIENT TRACKINGINFO");
            c.call(0, "CLIENT CACHING yes");
            c.call(0, "CLIENT CACHING");
            c.call(0, "CLIENT GETREDIR extra");
            c.call(0, "CLIENT TRACKINGINFO extra");
            c.call(0, "CLIENT TRACKING on OPTIN");
            c.call(0, "CLIENT CACHING no");
            c.call(0, "CLIENT CACHING maybe");
            c.call(0, "CLIENT TRACKING on OPTOUT");
            c.call(0, "CLIENT TRACKING on BCAST");
            c.call(0, "CLIENT TRACKING off");
            c.call(0, "CLIENT TRACKING on");
            c.call(0, "CLIENT CACHING yes");
            c.call(0, "CLIENT TRACKING off");
            c.call(0, "CLIENT TRACKING on BCAST PREFIX foo PREFIX bar");
            c.call(0, "CLIENT TRACKING on");
            c.call(0, "CLIENT TRACKING on BCAST PREFIX fo");
            c.call(0, "CLIENT TRACKING on BCAST PREFIX barb");
            c.call(0, "CLIENT TRACKING on BCAST PREFIX foo");
            c.call(0, "CLIENT TRACKINGINFO");
            c.call(0, "CLIENT TRACKING off");
            // Redis 7.0.15 answers twice when the collision is found past the first new prefix:
            // the error, then (tracking turned on all the same) +OK
            c.call(0, "CLIENT TRACKING on BCAST PREFIX x PREFIX a PREFIX ab", 2);
            c.call(0, "CLIENT TRACKINGINFO");
            c.call(0, "CLIENT TRACKING off");
            c.call(0, "RESET");
            c.call(0, "CLIENT TRACKING on OPTIN NOLOOP");
            c.call(0, "RESET"); // tracking ends with RESET
            c.call(0, "CLIENT TRACKINGINFO");
        });
    }

    @Test
    void brokenRedirection() throws Exception {
        compare("broken redirection", c -> {
            long redir = id(c, 1);
            c.quiet(1, "HELLO 3");
            c.quiet(0, "HELLO 3");
            c.call(0, "CLIENT TRACKING on REDIRECT " + redir);
            c.call(0, "GET k");
            c.call(2, "SET k 1");
            c.read(1, 1); // a RESP3 redirection target gets a push
            c.call(0, "GET k");
            c.disconnect(1);
            c.call(2, "SET k 2");
            readMasked(c, 0, redir); // tracking-redir-broken, on the tracking client itself
            flagsAndRedir(c, 0, redir);
            callMasked(c, 0, "CLIENT TRACKINGINFO", redir);
        });
    }

    @Test
    void tableKeyLimitEvictsWithInvalidations() throws Exception {
        compare("tracking-table-max-keys", c -> {
            c.quiet(0, "HELLO 3");
            c.call(0, "CLIENT TRACKING on");
            c.call(0, "MGET k1 k2 k3 k4");
            c.infoFields(1, "tracking_total_keys", "tracking_total_items");
            c.call(1, "CONFIG SET tracking-table-max-keys 1");
            // the next command of anyone brings the table down to one key: which keys go is random,
            // so only the invalidations' shape is compared
            c.call(1, "PING");
            c.infoFields(1, "tracking_total_keys", "tracking_total_items");
            StringBuilder shape = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                String push = new String(c.client(0).readReply(), StandardCharsets.US_ASCII);
                shape.append(push.replaceAll("k\\d", "kN")).append('|');
            }
            c.note(shape.toString());
            c.call(0, "PING");
            c.call(1, "CONFIG SET tracking-table-max-keys 1000000");
        });
    }
}
