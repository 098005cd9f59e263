package io.glassbox.acl;

import io.glassbox.command.CommandTable;
import io.glassbox.command.RedisCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule parser (ACLSetUser / ACLSetSelector), the rule descriptions (ACLDescribeUser) and the
 * selector checks (ACLSelectorCheckCmd with key specs), on users with no server around them.
 */
@Tag("unit")
class AclRulesTest {
    private static CommandTable table;
    private static CommandIndex commands;

    @BeforeAll
    static void table() {
        table = new CommandTable();
        commands = new CommandIndex(table, () -> false);
    }

    private static User user(String... rules) {
        User u = new User("u", commands);
        for (String r : rules) u.apply(r);
        return u;
    }

    private static List<byte[]> argv(String... a) {
        List<byte[]> l = new ArrayList<>();
        for (String s : a) l.add(s.getBytes(StandardCharsets.UTF_8));
        return l;
    }

    private static RedisCommand cmd(String fullName) { return table.lookupKnown(fullName); }

    /** The check with an Acl-free path: the same loop Acl.checkAll runs, without logging. */
    private static int check(User u, String... args) {
        Acl acl = new Acl(new FakeHost(), table);
        RedisCommand c = cmd(args[0]);
        if (!c.subcommands().isEmpty() && args.length > 1) c = c.subcommand(args[1].toLowerCase());
        return acl.checkAll(u, c, argv(args));
    }

    @Test
    void newUserIsOffWithNothing() {
        User u = user();
        assertEquals("off resetchannels -@all", u.describe());
        assertFalse(u.unrestricted());
    }

    @Test
    void defaultLikeUserIsUnrestrictedAndAnyRestrictionClearsIt() {
        User u = user("on", "nopass", "+@all", "~*", "&*");
        assertEquals("on nopass ~* &* +@all", u.describe());
        assertTrue(u.unrestricted());
        u.apply("-flushall");
        assertFalse(u.unrestricted());
        assertEquals("on nopass ~* &* +@all -flushall", u.describe());
        u.apply("+flushall");
        // the bits are all set again, but only +@all itself restores ALLCOMMANDS (as in Redis)
        assertEquals("on nopass ~* &* +@all", u.describe());
    }

    @Test
    void passwordsAreStoredAsSha256AndRemovable() {
        User u = user(">secret");
        assertEquals(List.of(User.hashPassword("secret".getBytes(StandardCharsets.UTF_8))), u.passwords);
        assertTrue(u.passwordMatches("secret".getBytes(StandardCharsets.UTF_8)));
        assertFalse(u.passwordMatches("other".getBytes(StandardCharsets.UTF_8)));
        u.apply("<secret");
        assertTrue(u.passwords.isEmpty());
        AclRuleException e = assertThrows(AclRuleException.class, () -> u.apply("<secret"));
        assertEquals("The password you are trying to remove from the user does not exist", e.getMessage());
        assertThrows(AclRuleException.class, () -> u.apply("#ABC"));
        u.apply("nopass");
        assertTrue(u.passwordMatches("anything".getBytes(StandardCharsets.UTF_8)));
        u.apply("resetpass");
        assertFalse(u.passwordMatches("anything".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void ruleErrorsCarryRedisMessages() {
        User u = user();
        assertEquals("Unknown command or category name in ACL",
                assertThrows(AclRuleException.class, () -> u.apply("+nosuchcommand")).getMessage());
        assertEquals("Unknown command or category name in ACL",
                assertThrows(AclRuleException.class, () -> u.apply("-@nosuch")).getMessage());
        assertEquals("Syntax error", assertThrows(AclRuleException.class, () -> u.apply("bogus")).getMessage());
        assertEquals("Allowing first-arg of a subcommand is not supported",
                assertThrows(AclRuleException.class, () -> u.apply("+config|get|x")).getMessage());
        u.apply("allkeys");
        assertTrue(assertThrows(AclRuleException.class, () -> u.apply("~foo")).getMessage().contains("'allkeys'"));
        u.apply("allchannels");
        assertTrue(assertThrows(AclRuleException.class, () -> u.apply("&foo")).getMessage().contains("'allchannels'"));
    }

    @Test
    void categoriesAndSingleCommandsDescribeAsRedisDoes() {
        assertEquals("off resetchannels -@all +@hash", user("+@hash").describe());
        assertEquals("off resetchannels +@all -@dangerous", user("+@all", "-@dangerous").describe());
        User u = user("+@all", "-config|set");
        assertEquals("off resetchannels +@all -config|set", u.describe());
        u.apply("-config");
        assertEquals("off resetchannels +@all -config", u.describe());
        assertEquals("off resetchannels -@all +select|0 +select|1", user("+select|0", "+select|1", "+select|0").describe());
    }

    @Test
    void keyPatternsMergeTheirPermissions() {
        User u = user("%R~a*", "%W~b*", "%RW~c*", "~d*", "%W~a*");
        assertEquals("off ~a* %W~b* ~c* ~d* resetchannels -@all", u.describe());
        assertEquals("Syntax error", assertThrows(AclRuleException.class, () -> u.apply("%X~foo")).getMessage());
        assertEquals("Syntax error", assertThrows(AclRuleException.class, () -> u.apply("%RR~foo")).getMessage());
    }

    @Test
    void selectorsAreAddedAndCleared() {
        User u = user("+ping", "(+get ~k*)", "(+set ~w*)");
        assertEquals(3, u.selectors.size());
        assertEquals("off resetchannels -@all +ping (~k* resetchannels -@all +get) (~w* resetchannels -@all +set)", u.describe());
        u.apply("clearselectors");
        assertEquals(1, u.selectors.size());
        assertEquals(List.of("a", "(b c)", "d"), Acl.mergeSelectorArguments(List.of("a", "(b", "c)", "d")));
        assertEquals(null, Acl.mergeSelectorArguments(List.of("(b", "c")));
    }

    @Test
    void resetReturnsToANewUser() {
        User u = user("on", ">x", "~*", "&*", "+@all", "(+get)");
        u.apply("reset");
        assertEquals("off sanitize-payload resetchannels -@all", u.describe()); // reset also sets sanitize-payload
        assertEquals(1, u.selectors.size());
    }

    @Test
    void commandsKeysAndChannelsAreChecked() {
        User u = user("on", "+get", "+set", "+publish", "+psubscribe", "~k*", "&news.*");
        assertEquals(Acl.OK, check(u, "get", "k1"));
        assertEquals(Acl.DENIED_KEY, check(u, "get", "other"));
        assertEquals(Acl.DENIED_CMD, check(u, "del", "k1"));
        assertEquals(Acl.OK, check(u, "publish", "news.tech", "m"));
        assertEquals(Acl.DENIED_CHANNEL, check(u, "publish", "sport", "m"));
        // a PSUBSCRIBE pattern must equal an ACL pattern literally
        assertEquals(Acl.OK, check(u, "psubscribe", "news.*"));
        assertEquals(Acl.DENIED_CHANNEL, check(u, "psubscribe", "news.t*"));
    }

    @Test
    void readAndWritePermissionsFollowTheKeySpecs() {
        User r = user("on", "+@all", "%R~r*");
        assertEquals(Acl.OK, check(r, "get", "r1"));
        assertEquals(Acl.DENIED_KEY, check(r, "set", "r1", "v"));
        assertEquals(Acl.DENIED_KEY, check(r, "lpush", "r1", "v"));
        User w = user("on", "+@all", "%W~w*");
        assertEquals(Acl.OK, check(w, "lpush", "w1", "v"));
        assertEquals(Acl.OK, check(w, "set", "w1", "v"));         // SET without GET only overwrites
        assertEquals(Acl.DENIED_KEY, check(w, "set", "w1", "v", "GET")); // with GET it reads too
        assertEquals(Acl.DENIED_KEY, check(w, "get", "w1"));
        User rw = user("on", "+@all", "%R~src*", "%W~dst*");
        assertEquals(Acl.OK, check(rw, "copy", "src1", "dst1"));
        assertEquals(Acl.DENIED_KEY, check(rw, "copy", "dst1", "src1"));
        assertEquals(Acl.OK, check(rw, "bitfield", "src1", "GET", "u4", "0"));
        assertEquals(Acl.DENIED_KEY, check(rw, "bitfield", "src1", "SET", "u4", "0", "1"));
        assertEquals(Acl.OK, check(rw, "sort", "src1", "STORE", "dst1"));
        assertEquals(Acl.DENIED_KEY, check(rw, "sort", "src1", "STORE", "src2"));
        assertEquals(Acl.OK, check(rw, "zunionstore", "dst1", "2", "src1", "src2"));
        assertEquals(Acl.DENIED_KEY, check(rw, "zunionstore", "dst1", "2", "src1", "dst2"));
    }

    @Test
    void anySelectorMayAllowButPermissionsDoNotAddUp() {
        User u = user("on", "(%R~read* +@all)", "(%W~write* +@all)");
        assertEquals(Acl.OK, check(u, "get", "read1"));
        assertEquals(Acl.OK, check(u, "lpush", "write1", "x"));
        assertEquals(Acl.DENIED_KEY, check(u, "copy", "read1", "write1")); // no single selector allows both
    }

    @Test
    void firstArgumentsAndSubcommands() {
        User u = user("on", "~*", "+select|0", "+config|get");
        assertEquals(Acl.OK, check(u, "select", "0"));
        assertEquals(Acl.DENIED_CMD, check(u, "select", "1"));
        assertEquals(Acl.OK, check(u, "config", "get", "maxmemory"));
        assertEquals(Acl.DENIED_CMD, check(u, "config", "set", "maxmemory", "1"));
        // commands flagged no-auth (AUTH, HELLO) always run
        assertEquals(Acl.OK, check(u, "auth", "x"));
    }

    /** A host with no clients: enough for the checks. */
    private static final class FakeHost implements Acl.Host {
        private final io.glassbox.config.ConfigRegistry config = io.glassbox.config.ConfigRegistry.createDefault();

        @Override public io.glassbox.config.ConfigRegistry config() { return config; }
        @Override public java.util.Collection<io.glassbox.server.Client> clients() { return List.of(); }
        @Override public String clientInfo(io.glassbox.server.Client c) { return ""; }
        @Override public void killClient(io.glassbox.server.Client c, io.glassbox.server.Client current) { }
        @Override public long nowMillis() { return 0; }
        @Override public void log(String level, String msg) { }
    }
}
