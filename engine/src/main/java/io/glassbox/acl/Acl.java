package io.glassbox.acl;

import io.glassbox.command.CommandTable;
import io.glassbox.command.KeySpec;
import io.glassbox.command.RedisCommand;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.config.EnumConfig;
import io.glassbox.config.NumericConfig;
import io.glassbox.config.StringConfig;
import io.glassbox.server.AccessControl;
import io.glassbox.server.AclUser;
import io.glassbox.server.Client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.TreeMap;

/**
 * The ACL subsystem of one engine (Redis's {@code acl.c}): the users, the default user every
 * connection starts as, the permission check {@code processCommand}, EXEC and scripts call, AUTH,
 * the ACL LOG, and loading and saving the ACL file.
 *
 * <p>Cost when nobody set up ACL: the default user may run everything ({@link AclUser#unrestricted}),
 * so {@code processCommand} reads one field and never calls {@link #check}. A restricted user
 * costs a bit test for the command, a walk of the key specs for the keys and a glob match per
 * key and pattern, as in Redis.
 *
 * <p>Names, passwords and patterns are binary-safe: rules travel as the Latin-1 text of their
 * bytes, one char per byte, and go back to bytes unchanged in replies.
 */
public final class Acl implements AccessControl {
    /** What ACL needs of the server: its clients, their CLIENT LIST line, closing them, the log and the clock. */
    public interface Host {
        ConfigRegistry config();

        Collection<Client> clients();

        /** catClientInfoString: the client's CLIENT LIST line (ACL LOG's client-info). */
        String clientInfo(Client c);

        /** Closes a client; the one running the command ({@code current}) only after its reply. */
        void killClient(Client c, Client current);

        long nowMillis();

        void log(String level, String msg);

        /**
         * A refusal was just logged (ACL LOG's fields: reason, context, object, username), for the
         * hooks: {@code c} ran {@code command}. Called on the thread that checked (a script's own).
         */
        default void denied(Client c, String command, String reason, String context, String object, String username) {}
    }

    private final Host host;
    final CommandIndex commands;
    /** Users by name, in byte order as Redis's rax keeps them (ACL USERS and LIST order). */
    private TreeMap<String, User> users = new TreeMap<>();
    private final User defaultUser;
    private final LinkedList<LogEntry> log = new LinkedList<>();
    private final NumericConfig logMaxLen;
    private final StringConfig aclFile;
    /**
     * What one check works with: the keys of the command, computed once for all selectors, and
     * where the refusal was. One per thread, reused: a script's commands are checked on the script
     * thread while a long script lets the command thread check AUTH and friends.
     */
    private static final class Scratch {
        final KeySpec.IntList keyPos = new KeySpec.IntList(), keyFlags = new KeySpec.IntList();
        boolean keysComputed;
        int errPos;
    }

    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    public Acl(Host host, CommandTable table) {
        this.host = host;
        EnumConfig pubsubDefault = host.config().enumConfig("acl-pubsub-default");
        this.commands = new CommandIndex(table, () -> "allchannels".equals(pubsubDefault.getName()));
        this.logMaxLen = host.config().numeric("acllog-max-len");
        this.aclFile = host.config().string("aclfile");
        this.defaultUser = createDefaultUser();
        users.put("default", defaultUser);
        String pass = host.config().string("requirepass").get();
        requirePassChanged(pass == null ? "" : pass);
        host.config().setUserLinesForRewrite(this::userLinesForRewrite);
    }

    /** rewriteConfigUserOption: "user name rules" for every user, or null when the ACL file keeps them. */
    private List<String> userLinesForRewrite() {
        if (!aclFile().isEmpty()) return null;
        List<String> out = new ArrayList<>();
        for (User u : users.values()) out.add("user " + u.name + " " + u.describe());
        return out;
    }

    /** ACLCreateDefaultUser: may do everything, no password. */
    private User createDefaultUser() {
        User u = new User("default", commands);
        for (String op : new String[]{"+@all", "~*", "&*", "on", "nopass"}) u.apply(op);
        return u;
    }

    // ---------------------------------------------------------------- AccessControl (what the core asks)

    @Override
    public AclUser defaultUser() { return defaultUser; }

    @Override
    public boolean authRequired() {
        return (defaultUser.flags & User.NOPASS) == 0 || (defaultUser.flags & User.DISABLED) != 0;
    }

    @Override
    public boolean defaultUserNoPass() { return (defaultUser.flags & User.NOPASS) != 0; }

    @Override
    public AclUser authenticate(Client c, byte[] name, byte[] pass, int ctx) {
        User u = users.get(latin1(name));
        if (u != null && u.enabled() && u.passwordMatches(pass)) return u;
        addLogEntry(c, DENIED_AUTH, ctx, latin1(name), latin1(c.arg(0)));
        host.denied(c, latin1(c.arg(0)).toLowerCase(java.util.Locale.ROOT), reasonName(DENIED_AUTH), contextName(ctx), latin1(c.arg(0)), latin1(name));
        return null;
    }

    @Override
    public AclUser user(String name) { return users.get(name); }

    @Override
    public void requirePassChanged(String password) {
        defaultUser.apply("resetpass");
        if (password == null || password.isEmpty()) defaultUser.apply("nopass");
        else defaultUser.apply(">" + latin1(password.getBytes(StandardCharsets.UTF_8)));
    }

    /** ACL_DENIED_AUTH, only for the log (Redis numbers it between KEY and CHANNEL; here it never ranks). */
    static final int DENIED_AUTH = 4;

    @Override
    public int check(Client c, Client logAs, AclUser u, RedisCommand cmd, int ctx) {
        int result = checkAll((User) u, cmd, c.argv);
        if (result != OK) {
            String object = switch (result) {
                case DENIED_CMD -> cmd.fullName;
                default -> latin1(c.argv.get(scratch.get().errPos));
            };
            addLogEntry(logAs, result, ctx, u.name(), object);
            host.denied(logAs, cmd.fullName, reasonName(result), contextName(ctx), object, u.name());
        }
        return result;
    }

    @Override
    public boolean allows(AclUser u, RedisCommand cmd, List<byte[]> argv) {
        return u == null || u.unrestricted() || checkAll((User) u, cmd, argv) == OK;
    }

    @Override
    public boolean readsAllKeys(AclUser u, RedisCommand cmd, List<byte[]> argv) {
        if (u == null || u.unrestricted()) return true;
        Scratch t = scratch.get();
        t.keysComputed = false;
        for (Selector s : ((User) u).selectors) {
            if (checkSelector(t, s, cmd, argv) != OK) continue;
            if ((s.flags & Selector.ALLKEYS) != 0) return true;
            for (Selector.KeyPattern p : s.patterns) {
                if ((p.flags & Selector.READ) != 0 && p.pattern.length == 1 && p.pattern[0] == '*') return true;
            }
        }
        return false;
    }

    /**
     * ACLCheckAllUserCommandPerm: OK if some selector allows the command with these arguments;
     * else the most relevant refusal (a key or channel over the command, the last argument that
     * no selector could match), its position in {@link #errPos}.
     */
    int checkAll(User u, RedisCommand cmd, List<byte[]> argv) {
        Scratch t = scratch.get();
        int relevant = DENIED_CMD, lastIdx = 0;
        t.keysComputed = false;
        for (Selector s : u.selectors) {
            t.errPos = 0;
            int r = checkSelector(t, s, cmd, argv);
            if (r == OK) return OK;
            if (r > relevant || (r == relevant && t.errPos > lastIdx)) {
                relevant = r;
                lastIdx = t.errPos;
            }
        }
        t.errPos = lastIdx;
        return relevant;
    }

    /** ACLSelectorCheckCmd: the command, then every key with the access its key spec needs, then channels. */
    private int checkSelector(Scratch t, Selector s, RedisCommand cmd, List<byte[]> argv) {
        if (!s.commandAllowed(cmd, argv)) return DENIED_CMD;
        if ((s.flags & Selector.ALLKEYS) == 0 && cmd.hasKeys()) {
            if (!t.keysComputed) {
                KeySpec.keys(cmd, argv, t.keyPos, t.keyFlags);
                t.keysComputed = true;
            }
            for (int j = 0; j < t.keyPos.size(); j++) {
                int idx = t.keyPos.get(j);
                if (!s.checkKey(argv.get(idx), t.keyFlags.get(j))) {
                    t.errPos = idx;
                    return DENIED_KEY;
                }
            }
        }
        if ((s.flags & Selector.ALLCHANNELS) == 0) {
            // getChannelsFromCommand: only publishing and subscribing are checked, not unsubscribing
            byte kind = commands.channelKind(cmd);
            boolean pattern = kind == CommandIndex.PSUBSCRIBE;
            int first = 1, last = kind == 0 ? 0 : kind == CommandIndex.PUBLISH ? 1 : argv.size() - 1;
            for (int i = first; i <= last && i < argv.size(); i++) {
                if (!Selector.channelAllowed(s.channels, argv.get(i), pattern)) {
                    t.errPos = i;
                    return DENIED_CHANNEL;
                }
            }
        }
        return OK;
    }

    /** The argument position of the last refusal of {@link #checkAll} (ACL DRYRUN names it). */
    int errPos() { return scratch.get().errPos; }

    // ---------------------------------------------------------------- users

    User getUser(String name) { return users.get(name); }

    Collection<User> users() { return users.values(); }

    /**
     * ACLStringSetUser: merges selectors spread over several arguments, stages every rule on a copy
     * (so an error changes nothing), kills subscribers whose channels were revoked, then applies.
     * Returns null, or Redis's error text.
     */
    String setUser(String name, List<String> args, Client current) {
        List<String> merged = mergeSelectorArguments(args);
        if (merged == null) {
            return "Unmatched parenthesis in acl selector starting at '" + unmatchedStart(args) + "'.";
        }
        User existing = users.get(name);
        User staged = existing != null ? existing.copy() : new User(name, commands);
        for (String op : merged) {
            try {
                staged.apply(op);
            } catch (AclRuleException e) {
                return "Error in ACL SETUSER modifier '" + op + "': " + e.getMessage();
            }
        }
        if (existing != null) {
            killPubsubClientsIfNeeded(staged, existing, current);
            existing.copyFrom(staged);
        } else {
            users.put(name, staged);
        }
        return null;
    }

    /** ACLMergeSelectorArguments: "(+get" "~key)" become "(+get ~key)"; null if a parenthesis stays open. */
    static List<String> mergeSelectorArguments(List<String> args) {
        List<String> out = new ArrayList<>();
        StringBuilder selector = null;
        for (String op : args) {
            if (selector == null && !op.isEmpty() && op.charAt(0) == '(' && op.charAt(op.length() - 1) != ')') {
                selector = new StringBuilder(op);
                continue;
            }
            if (selector != null) {
                selector.append(' ').append(op);
                if (!op.isEmpty() && op.charAt(op.length() - 1) == ')') {
                    out.add(selector.toString());
                    selector = null;
                }
                continue;
            }
            out.add(op);
        }
        return selector == null ? out : null;
    }

    private static String unmatchedStart(List<String> args) {
        String start = null;
        boolean open = false;
        for (String op : args) {
            if (!open && !op.isEmpty() && op.charAt(0) == '(' && op.charAt(op.length() - 1) != ')') { start = op; open = true; continue; }
            if (open && !op.isEmpty() && op.charAt(op.length() - 1) == ')') open = false;
        }
        return start;
    }

    /** ACL DELUSER: removes the users and closes their connections (ACLFreeUserAndKillClients). */
    int delUsers(List<String> names, Client current) {
        int deleted = 0;
        for (String n : names) {
            User u = users.remove(n);
            if (u != null) {
                killClientsOf(u, current);
                deleted++;
            }
        }
        return deleted;
    }

    /** ACLFreeUserAndKillClients: the user's connections go back to the default user, unauthenticated, and close. */
    private void killClientsOf(User u, Client current) {
        for (Client c : new ArrayList<>(host.clients())) {
            if (c.user != u) continue;
            c.user = defaultUser;
            c.authenticated = false;
            host.killClient(c, current);
        }
    }

    /**
     * ACLKillPubsubClientsIfNeeded: when a user's channel rules shrink, its subscribers whose
     * channels or patterns the new rules no longer allow are disconnected (Redis 7.0's way).
     */
    private void killPubsubClientsIfNeeded(User updated, User original, Client current) {
        for (Selector s : updated.selectors) if ((s.flags & Selector.ALLCHANNELS) != 0) return;
        List<byte[]> upcoming = new ArrayList<>();
        for (Selector s : updated.selectors) upcoming.addAll(s.channels);
        boolean match = true;
        outer:
        for (Selector s : original.selectors) {
            if ((s.flags & Selector.ALLCHANNELS) != 0) { match = false; break; }
            for (byte[] ch : s.channels) {
                boolean found = false;
                for (byte[] up : upcoming) if (java.util.Arrays.equals(up, ch)) { found = true; break; }
                if (!found) { match = false; break outer; }
            }
        }
        if (match) return;
        for (Client c : new ArrayList<>(host.clients())) {
            if (c.user != original || !c.pubsub.pubsubMode()) continue;
            boolean kill = false;
            for (byte[] p : c.pubsub.patterns) {
                if (!Selector.channelAllowed(upcoming, p, true)) { kill = true; break; }
            }
            if (!kill) kill = anyDenied(c.pubsub.channels, upcoming) || anyDenied(c.pubsub.shardChannels, upcoming);
            if (kill) host.killClient(c, current);
        }
    }

    private static boolean anyDenied(io.glassbox.ds.dict.Dict<byte[], Boolean> channels, List<byte[]> upcoming) {
        try (io.glassbox.ds.dict.DictIterator<byte[], Boolean> it = channels.iterator()) {
            for (io.glassbox.ds.dict.DictEntry<byte[], Boolean> de; (de = it.next()) != null; ) {
                if (!Selector.channelAllowed(upcoming, de.getKey(), false)) return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- the ACL LOG

    /** An ACL LOG entry (ACLLogEntry): 7.0's fields. */
    static final class LogEntry {
        long count = 1;
        final int reason, context;
        final String object, username;
        long ctime;
        String clientInfo;

        LogEntry(int reason, int context, String object, String username, long ctime, String clientInfo) {
            this.reason = reason;
            this.context = context;
            this.object = object;
            this.username = username;
            this.ctime = ctime;
            this.clientInfo = clientInfo;
        }
    }

    /**
     * addACLLogEntry: a refusal within a minute of an equal one (same reason, context, object and
     * user, among the 10 newest) bumps that entry's count and moves it to the front; otherwise a
     * new entry goes in front and the log is trimmed to acllog-max-len.
     */
    synchronized void addLogEntry(Client c, int reason, int context, String username, String object) {
        long now = host.nowMillis();
        String cinfo = host.clientInfo(c);
        int toScan = 10;
        Iterator<LogEntry> it = log.iterator();
        while (toScan-- > 0 && it.hasNext()) {
            LogEntry e = it.next();
            if (e.reason == reason && e.context == context && Math.abs(e.ctime - now) <= 60_000
                    && e.object.equals(object) && e.username.equals(username)) {
                it.remove();
                log.addFirst(e);
                e.clientInfo = cinfo;
                e.ctime = now;
                e.count++;
                return;
            }
        }
        log.addFirst(new LogEntry(reason, context, object, username, now, cinfo));
        while (log.size() > logMaxLen.get()) log.removeLast();
    }

    /** A copy of the log, newest first (AUTH may log from the command thread while a script logs from its own). */
    synchronized List<LogEntry> log() { return new ArrayList<>(log); }

    synchronized void resetLog() { log.clear(); }

    long now() { return host.nowMillis(); }

    // ---------------------------------------------------------------- the ACL file and redis.conf's user lines

    String aclFile() {
        String f = aclFile.get();
        return f == null ? "" : f;
    }

    /** The ACL file's path: a relative name is under {@code dir}, where Redis (having chdir'ed there) opens it. */
    private Path aclPath() {
        io.glassbox.config.SpecialConfigs.Dir dir = host.config().special(io.glassbox.config.SpecialConfigs.Dir.class);
        return dir.get().resolve(aclFile());
    }

    /**
     * ACLAppendUserForLoading's check of a redis.conf {@code user} line (argv[0] is "user"): null
     * if its rules apply (unknown commands pass, as modules may add them), else the error
     * ConfigLoader shows, "Error in user declaration '...': ...".
     */
    public static String checkUserLine(List<String> argv, List<List<String>> seen) {
        // a table of its own: the config is read before any engine exists (unknown commands pass anyway)
        CommandIndex commands = new CommandIndex(new CommandTable(), () -> false);
        for (List<String> prev : seen) {
            if (prev.get(1).equals(argv.get(1))) {
                return "Error in user declaration '" + argv.get(1) + "': " + AclRuleException.message(AclRuleException.EALREADY);
            }
        }
        List<String> merged = mergeSelectorArguments(argv.subList(2, argv.size()));
        // Redis prints argv[argc_err] with argc_err counted from the rules: it names an argument two places early
        if (merged == null) return "Error in user declaration '" + argv.get(0) + "': " + AclRuleException.message(AclRuleException.EINVAL);
        User fake = new User(argv.get(1), commands);
        for (int j = 0; j < merged.size(); j++) {
            try {
                fake.apply(merged.get(j));
            } catch (AclRuleException e) {
                if (e.errno != AclRuleException.ENOENT) return "Error in user declaration '" + argv.get(j) + "': " + e.getMessage();
            }
        }
        return null;
    }

    /**
     * ACLLoadUsersAtStartup: the redis.conf user lines (each "user name rules...") or the ACL file;
     * both at once is refused. Returns null, or the lines Redis logs before exiting.
     */
    public String loadAtStartup(List<List<String>> userLines) {
        if (!aclFile().isEmpty() && !userLines.isEmpty()) {
            return "Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. "
                    + "This setup is very likely to lead to configuration errors and security holes, please define either "
                    + "an ACL file or declare users directly in your redis.conf, but not both.";
        }
        for (List<String> line : userLines) {
            String name = line.get(1);
            if (Selector.hasSpaces(name)) return "Spaces not allowed in ACL usernames\nCritical error while loading ACLs. Exiting.";
            User u = users.get(name);
            if (u == null) {
                u = new User(name, commands);
                users.put(name, u);
            } else {
                u.apply("reset");
            }
            List<String> merged = mergeSelectorArguments(line.subList(2, line.size()));
            for (String op : merged == null ? List.<String>of() : merged) {
                try {
                    u.apply(op);
                } catch (AclRuleException e) {
                    return "Error loading ACL rule '" + op + "' for the user named '" + name + "': " + e.getMessage()
                            + "\nCritical error while loading ACLs. Exiting.";
                }
            }
            if (!u.enabled()) {
                host.log("notice", "The user '" + name + "' is disabled (there is no 'on' modifier in the user description). "
                        + "Make sure this is not a configuration error.");
            }
        }
        if (!aclFile().isEmpty()) {
            String errors = loadFromFile(null);
            if (errors != null) return "Aborting Redis startup because of ACL errors: " + errors;
        }
        return null;
    }

    /**
     * ACLLoadFromFile: every line is "user name rules..." (blank lines allowed); all lines are
     * checked and, if any is wrong, nothing changes and the errors come back in one line. On
     * success the users are replaced (the default user in place); connections of the old users close.
     */
    String loadFromFile(Client current) {
        String filename = aclFile();
        String text;
        try {
            text = Files.readString(aclPath(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "Error loading ACLs, opening file '" + filename + "': " + ioMessage(e);
        }
        TreeMap<String, User> fresh = new TreeMap<>();
        StringBuilder errors = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int linenum = i + 1;
            String line = trim(lines[i], " \t\r\n");
            if (line.isEmpty()) continue;
            List<String> argv = new ArrayList<>();
            for (String part : line.split(" ", -1)) argv.add(part);
            if (!argv.get(0).equals("user") || argv.size() < 2) {
                errors.append(filename).append(':').append(linenum)
                        .append(" should start with user keyword followed by the username. ");
                continue;
            }
            String name = argv.get(1);
            if (Selector.hasSpaces(name)) {
                errors.append('\'').append(filename).append(':').append(linenum).append(": username '").append(name)
                        .append("' contains invalid characters. ");
                continue;
            }
            if (fresh.containsKey(name)) {
                errors.append("WARNING: Duplicate user '").append(name).append("' found on line ").append(linenum).append(". ");
                continue;
            }
            User u = new User(name, commands);
            fresh.put(name, u);
            List<String> merged = mergeSelectorArguments(argv.subList(2, argv.size()));
            if (merged == null) {
                errors.append(filename).append(':').append(linenum).append(": Unmatched parenthesis in selector definition.");
                continue;
            }
            boolean syntaxError = false;
            for (String op : merged) {
                op = trim(op, "\t\r\n");
                try {
                    u.apply(op);
                } catch (AclRuleException e) {
                    if (e.errno == AclRuleException.ENOENT) {
                        errors.append(filename).append(':').append(linenum).append(": Error in applying operation '")
                                .append(op).append("': ").append(e.getMessage()).append(". ");
                    } else if (!syntaxError) {
                        errors.append(filename).append(':').append(linenum).append(": ").append(e.getMessage()).append(". ");
                        syntaxError = true;
                    }
                }
            }
        }
        if (errors.length() > 0) {
            return errors + "WARNING: ACL errors detected, no change to the previously active ACL rules was performed";
        }
        User newDefault = fresh.get("default");
        defaultUser.copyFrom(newDefault != null ? newDefault : createDefaultUser());
        fresh.put("default", defaultUser);
        TreeMap<String, User> old = users;
        users = fresh;
        for (User u : old.values()) if (u != defaultUser) killClientsOf(u, current);
        return null;
    }

    /** ACLSaveToFile: every user as "user name rules", written to a temporary file and renamed over the ACL file. */
    boolean saveToFile() {
        StringBuilder sb = new StringBuilder();
        for (User u : users.values()) sb.append("user ").append(u.name).append(' ').append(u.describe()).append('\n');
        Path target = aclPath();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + host.nowMillis());
        try {
            Files.write(tmp, sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            host.log("warning", "Writing ACL file for ACL SAVE: " + ioMessage(e));
            try { Files.deleteIfExists(tmp); } catch (IOException ignored) { }
            return false;
        }
    }

    private static String ioMessage(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "No such file or directory";
        if (e instanceof java.nio.file.AccessDeniedException) return "Permission denied";
        return e.getMessage();
    }

    /** sdstrim: strips the characters of {@code set} from both ends. */
    private static String trim(String s, String set) {
        int a = 0, b = s.length();
        while (a < b && set.indexOf(s.charAt(a)) >= 0) a++;
        while (b > a && set.indexOf(s.charAt(b - 1)) >= 0) b--;
        return s.substring(a, b);
    }

    /** ACL LOG's reason: "command", "key", "channel", "auth". */
    static String reasonName(int reason) {
        return switch (reason) {
            case DENIED_CMD -> "command";
            case DENIED_KEY -> "key";
            case DENIED_CHANNEL -> "channel";
            case DENIED_AUTH -> "auth";
            default -> "unknown";
        };
    }

    /** ACL LOG's context: "toplevel", "multi", "lua". */
    static String contextName(int context) {
        return switch (context) {
            case CTX_TOPLEVEL -> "toplevel";
            case CTX_MULTI -> "multi";
            case CTX_LUA -> "lua";
            default -> "unknown";
        };
    }

    static String latin1(byte[] b) { return new String(b, StandardCharsets.ISO_8859_1); }

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }
}
