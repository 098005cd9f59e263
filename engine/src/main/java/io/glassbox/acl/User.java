package io.glassbox.acl;

import io.glassbox.command.AclCategory;
import io.glassbox.command.RedisCommand;
import io.glassbox.server.AclUser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * An ACL user (Redis's {@code user}, {@code acl.c}): on or off, its passwords (kept only as SHA-256
 * hex digests, as Redis keeps them), and its selectors, the root one first. {@link #apply} is
 * ACLSetUser: one rule at a time; a failing rule throws and leaves the caller to drop the staged
 * copy ({@link #copy}), so ACL SETUSER applies all its rules or none.
 */
final class User extends AclUser {
    static final int ENABLED = 1, DISABLED = 1 << 1, NOPASS = 1 << 2, SKIP_SANITIZE = 1 << 3, SANITIZE = 1 << 4;
    /** ACLUserFlags, in the order ACL LIST and ACL GETUSER show them. */
    private static final String[] FLAG_NAMES = {"on", "off", "nopass", "skip-sanitize-payload", "sanitize-payload"};

    final String name;
    int flags = DISABLED;
    final List<String> passwords = new ArrayList<>();
    final List<Selector> selectors = new ArrayList<>();
    private final CommandIndex commands;
    /** ACLDescribeUser's cached string (acl_string), dropped by any change. */
    private String described;

    User(String name, CommandIndex commands) {
        this.name = name;
        this.commands = commands;
        selectors.add(newSelector(Selector.ROOT));
    }

    @Override
    public String name() { return name; }

    Selector newSelector(int flags) { return new Selector(commands, flags | commands.pubsubDefault()); }

    Selector root() { return selectors.get(0); }

    boolean enabled() { return (flags & ENABLED) != 0; }

    /** An unlinked copy with the same rules (ACLCopyUser into a fake user). */
    User copy() {
        User u = new User(name, commands);
        u.copyFrom(this);
        return u;
    }

    /** ACLCopyUser: this user takes the other's rules, keeping its name. */
    void copyFrom(User src) {
        flags = src.flags;
        passwords.clear();
        passwords.addAll(src.passwords);
        selectors.clear();
        for (Selector s : src.selectors) selectors.add(s.copy());
        described = null;
        refresh();
    }

    /** Recomputes {@link AclUser#unrestricted}: some selector may run every command on every key and channel. */
    void refresh() {
        boolean all = false;
        for (Selector s : selectors) {
            int need = Selector.ALLCOMMANDS | Selector.ALLKEYS | Selector.ALLCHANNELS;
            if ((s.flags & need) == need) { all = true; break; }
        }
        unrestricted = all;
    }

    /** ACLSetUser: applies one rule (Latin-1 text of its bytes); throws {@link AclRuleException}. */
    void apply(String op) {
        described = null;
        try {
            applyRule(op);
        } finally {
            refresh();
        }
    }

    private void applyRule(String op) {
        if (op.isEmpty()) return;
        if (op.equalsIgnoreCase("on")) {
            flags = (flags | ENABLED) & ~DISABLED;
        } else if (op.equalsIgnoreCase("off")) {
            flags = (flags | DISABLED) & ~ENABLED;
        } else if (op.equalsIgnoreCase("skip-sanitize-payload")) {
            flags = (flags | SKIP_SANITIZE) & ~SANITIZE;
        } else if (op.equalsIgnoreCase("sanitize-payload")) {
            flags = (flags | SANITIZE) & ~SKIP_SANITIZE;
        } else if (op.equalsIgnoreCase("nopass")) {
            flags |= NOPASS;
            passwords.clear();
        } else if (op.equalsIgnoreCase("resetpass")) {
            flags &= ~NOPASS;
            passwords.clear();
        } else if (op.charAt(0) == '>' || op.charAt(0) == '#') {
            String hash;
            if (op.charAt(0) == '>') {
                hash = hashPassword(op.substring(1).getBytes(StandardCharsets.ISO_8859_1));
            } else {
                hash = op.substring(1);
                if (!validHash(hash)) throw new AclRuleException(AclRuleException.EBADMSG);
            }
            if (!passwords.contains(hash)) passwords.add(hash);
            flags &= ~NOPASS;
        } else if (op.charAt(0) == '<' || op.charAt(0) == '!') {
            String hash;
            if (op.charAt(0) == '<') {
                hash = hashPassword(op.substring(1).getBytes(StandardCharsets.ISO_8859_1));
            } else {
                hash = op.substring(1);
                if (!validHash(hash)) throw new AclRuleException(AclRuleException.EBADMSG);
            }
            if (!passwords.remove(hash)) throw new AclRuleException(AclRuleException.ENODEV);
        } else if (op.charAt(0) == '(' && op.charAt(op.length() - 1) == ')') {
            // aclCreateSelectorFromOpSet: the rules inside, split as sdssplitargs splits
            Selector s = newSelector(0);
            // unbalanced quotes leave sdssplitargs with nothing: Redis then adds an empty selector
            List<byte[]> ops = io.glassbox.resp.SplitArgs.split(op.substring(1, op.length() - 1).getBytes(StandardCharsets.ISO_8859_1));
            if (ops != null) for (byte[] o : ops) s.apply(new String(o, StandardCharsets.ISO_8859_1));
            selectors.add(s);
        } else if (op.equalsIgnoreCase("clearselectors")) {
            while (selectors.size() > 1) selectors.remove(selectors.size() - 1);
        } else if (op.equalsIgnoreCase("reset")) {
            applyRule("resetpass");
            applyRule("resetkeys");
            applyRule("resetchannels");
            if ((commands.pubsubDefault() & Selector.ALLCHANNELS) != 0) applyRule("allchannels");
            applyRule("off");
            applyRule("sanitize-payload");
            applyRule("clearselectors");
            applyRule("-@all");
        } else {
            root().apply(op);
        }
    }

    /** ACLCheckPasswordHash: 64 lowercase hex digits. */
    private static boolean validHash(String h) {
        if (h.length() != 64) return false;
        for (int i = 0; i < h.length(); i++) {
            char ch = h.charAt(i);
            if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return false;
        }
        return true;
    }

    /** ACLHashPassword: SHA-256, as lowercase hex. */
    static String hashPassword(byte[] cleartext) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cleartext);
            StringBuilder sb = new StringBuilder(64);
            for (byte b : d) sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            return sb.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ACLCheckUserCredentials' password part, comparing every stored digest in constant time. */
    boolean passwordMatches(byte[] pass) {
        if ((flags & NOPASS) != 0) return true;
        byte[] h = hashPassword(pass).getBytes(StandardCharsets.US_ASCII);
        boolean ok = false;
        for (String p : passwords) ok |= MessageDigest.isEqual(h, p.getBytes(StandardCharsets.US_ASCII));
        return ok;
    }

    // ---------------------------------------------------------------- descriptions

    /** The flag names set, in ACLUserFlags' order (ACL GETUSER's flags). */
    List<String> flagNames() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < FLAG_NAMES.length; i++) if ((flags & (1 << i)) != 0) out.add(FLAG_NAMES[i]);
        return out;
    }

    /** ACLDescribeUser: the rules that rebuild this user, as ACL LIST and the ACL file show them. */
    String describe() {
        if (described != null) return described;
        StringBuilder sb = new StringBuilder();
        for (String f : flagNames()) sb.append(f).append(' ');
        for (String p : passwords) sb.append('#').append(p).append(' ');
        for (Selector s : selectors) {
            String d = describeSelector(s);
            if ((s.flags & Selector.ROOT) != 0) sb.append(d);
            else sb.append(" (").append(d).append(')');
        }
        described = sb.toString();
        return described;
    }

    /** ACLDescribeSelector: keys, channels, then the command rules. */
    String describeSelector(Selector s) {
        StringBuilder sb = new StringBuilder();
        if ((s.flags & Selector.ALLKEYS) != 0) {
            sb.append("~* ");
        } else {
            for (Selector.KeyPattern p : s.patterns) sb.append(p.describe()).append(' ');
        }
        if ((s.flags & Selector.ALLCHANNELS) != 0) {
            sb.append("&* ");
        } else {
            sb.append("resetchannels ");
            for (byte[] ch : s.channels) sb.append('&').append(new String(ch, StandardCharsets.ISO_8859_1)).append(' ');
        }
        sb.append(describeCommandRules(s));
        return sb.toString();
    }

    /**
     * ACLDescribeSelectorCommandRules: +@all or -@all, then the categories that best fit the bitmap
     * (each round picks the category with the fewest differences, ties to the one with most in
     * common), then single commands to fix the rest, then the allowed first arguments. Redis walks
     * its command dict in hash order for the single commands, so their order differs from run to
     * run there; here it is the table's order.
     */
    String describeCommandRules(Selector s) {
        StringBuilder rules = new StringBuilder();
        Selector fake = new Selector(commandsIndex(), 0);
        boolean additive;
        if (s.canRunFutureCommands()) {
            additive = false;
            rules.append("+@all ");
            fake.apply("+@all");
        } else {
            additive = true;
            rules.append("-@all ");
            fake.apply("-@all");
        }
        Selector temp = new Selector(commandsIndex(), 0);
        temp.allowed = s.allowed.clone();
        boolean[] applied = new boolean[AclCategory.NAMES.size()];
        while (true) {
            int best = -1;
            long minDiff = Integer.MAX_VALUE, maxSame = 0;
            for (int j = 0; j < applied.length; j++) {
                if (applied[j]) continue;
                long[] onOff = temp.countCategory(1L << j);
                long diff = additive ? onOff[1] : onOff[0];
                long same = additive ? onOff[0] : onOff[1];
                if (same > diff && (diff < minDiff || (diff == minDiff && same > maxSame))) {
                    best = j;
                    minDiff = diff;
                    maxSame = same;
                }
            }
            if (best == -1) break;
            String cat = AclCategory.NAMES.get(best);
            fake.apply((additive ? "+@" : "-@") + cat);
            temp.apply((additive ? "-@" : "+@") + cat);
            rules.append(additive ? "+@" : "-@").append(cat).append(' ');
            applied[best] = true;
        }
        for (RedisCommand cmd : commandsIndex().all()) singleCommand(s, fake, cmd, rules);
        if (rules.length() > 0) rules.setLength(rules.length() - 1);
        return rules.toString();
    }

    /** ACLDescribeSelectorCommandRulesSingleCommands for one command and its subcommands. */
    private static void singleCommand(Selector s, Selector fake, RedisCommand cmd, StringBuilder rules) {
        boolean userBit = s.bit(cmd.id);
        if (userBit != fake.bit(cmd.id)) {
            rules.append(userBit ? '+' : '-').append(cmd.fullName).append(' ');
            fake.changePerm(cmd, userBit);
        }
        for (RedisCommand sub : cmd.subcommands().values()) singleCommand(s, fake, sub, rules);
        if (!userBit && s.firstArgs != null) {
            List<String> args = s.firstArgs.get(cmd.id);
            if (args != null) for (String a : args) rules.append('+').append(cmd.fullName).append('|').append(a).append(' ');
        }
    }

    private CommandIndex commandsIndex() { return commands; }
}
