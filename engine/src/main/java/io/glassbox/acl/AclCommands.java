package io.glassbox.acl;

import io.glassbox.command.AclCategory;
import io.glassbox.command.CommandTable;
import io.glassbox.command.HelpText;
import io.glassbox.command.RedisCommand;
import io.glassbox.server.Client;
import io.glassbox.util.RedisNumbers;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ACL command (Redis's {@code aclCommand}, {@code acl.c}): SETUSER, GETUSER, DELUSER, USERS,
 * LIST, CAT, WHOAMI, DRYRUN, GENPASS, LOG, SAVE, LOAD, HELP, with Redis 7.0's replies and errors.
 */
public final class AclCommands {
    private final Acl acl;
    private final SecureRandom random = new SecureRandom();

    public AclCommands(Acl acl) {
        this.acl = acl;
    }

    public void register(CommandTable t) {
        t.bind("acl|setuser", this::setuser);
        t.bind("acl|getuser", c -> { if (c.argc() == 3) getuser(c); else syntaxError(c); });
        t.bind("acl|deluser", this::deluser);
        t.bind("acl|users", c -> { if (c.argc() == 2) list(c, true); else syntaxError(c); });
        t.bind("acl|list", c -> { if (c.argc() == 2) list(c, false); else syntaxError(c); });
        t.bind("acl|whoami", c -> {
            if (c.argc() != 2) { syntaxError(c); return; }
            if (c.user != null) c.addBulk(Acl.bytes(c.user.name()));
            else c.addNull();
        });
        t.bind("acl|load", c -> fileCommand(c, true));
        t.bind("acl|save", c -> fileCommand(c, false));
        t.bind("acl|cat", this::cat);
        t.bind("acl|genpass", this::genpass);
        t.bind("acl|log", this::log);
        t.bind("acl|dryrun", this::dryrun);
        t.bind("acl|help", c -> { if (c.argc() == 2) HelpText.reply(c, "acl"); else syntaxError(c); });
    }

    /** addReplySubcommandSyntaxError. */
    private static void syntaxError(Client c) {
        String sub = c.argString(1);
        if (sub.length() > 128) sub = sub.substring(0, 128);
        c.addError("unknown subcommand or wrong number of arguments for '" + sub + "'. Try "
                + c.argString(0).toUpperCase(Locale.ROOT) + " HELP.");
    }

    /** ACL SETUSER username [rule ...]: all rules or none. */
    private void setuser(Client c) {
        // the rules may hold passwords: SLOWLOG and MONITOR show none of them
        for (int j = 2; j < c.argc(); j++) c.redactArgument(j);
        String name = Acl.latin1(c.arg(2));
        if (Selector.hasSpaces(name)) {
            c.addError("Usernames can't contain spaces or null characters");
            return;
        }
        List<String> ops = new ArrayList<>();
        for (int i = 3; i < c.argc(); i++) ops.add(Acl.latin1(c.arg(i)));
        String err = acl.setUser(name, ops, c);
        if (err == null) c.addOk();
        else c.addError(safe(err));
    }

    /** addReplyErrorSdsSafe: newlines in an error would break the protocol; they become spaces. */
    private static String safe(String s) { return s.replace('\r', ' ').replace('\n', ' '); }

    /** ACL DELUSER username [...]: the default user cannot go. */
    private void deluser(Client c) {
        List<String> names = new ArrayList<>();
        for (int i = 2; i < c.argc(); i++) {
            String n = Acl.latin1(c.arg(i));
            if (n.equals("default")) {
                c.addError("The 'default' user cannot be removed");
                return;
            }
            names.add(n);
        }
        c.addLong(acl.delUsers(names, c));
    }

    /** ACL GETUSER: flags, passwords, the root selector's commands/keys/channels, then the other selectors. */
    private void getuser(Client c) {
        User u = acl.getUser(Acl.latin1(c.arg(2)));
        if (u == null) {
            c.addNull();
            return;
        }
        c.addMapLen(6);
        c.addBulk("flags");
        List<String> flags = u.flagNames();
        c.addSetLen(flags.size());
        for (String f : flags) c.addBulk(f);
        c.addBulk("passwords");
        c.addArrayLen(u.passwords.size());
        for (String p : u.passwords) c.addBulk(p);
        describeSelector(c, u, u.root());
        c.addBulk("selectors");
        c.addArrayLen(u.selectors.size() - 1);
        for (int i = 1; i < u.selectors.size(); i++) {
            c.addMapLen(3);
            describeSelector(c, u, u.selectors.get(i));
        }
    }

    /** aclAddReplySelectorDescription: commands, keys and channels of one selector. */
    private static void describeSelector(Client c, User u, Selector s) {
        c.addBulk("commands");
        c.addBulk(Acl.bytes(u.describeCommandRules(s)));
        c.addBulk("keys");
        if ((s.flags & Selector.ALLKEYS) != 0) {
            c.addBulk("~*");
        } else {
            StringBuilder sb = new StringBuilder();
            for (Selector.KeyPattern p : s.patterns) {
                if (sb.length() > 0) sb.append(' ');
                sb.append(p.describe());
            }
            c.addBulk(Acl.bytes(sb.toString()));
        }
        c.addBulk("channels");
        if ((s.flags & Selector.ALLCHANNELS) != 0) {
            c.addBulk("&*");
        } else {
            StringBuilder sb = new StringBuilder();
            for (byte[] ch : s.channels) {
                if (sb.length() > 0) sb.append(' ');
                sb.append('&').append(Acl.latin1(ch));
            }
            c.addBulk(Acl.bytes(sb.toString()));
        }
    }

    /** ACL USERS (names) and ACL LIST ("user name rules", as the ACL file has them). */
    private void list(Client c, boolean justNames) {
        c.addArrayLen(acl.users().size());
        for (User u : acl.users()) {
            if (justNames) c.addBulk(Acl.bytes(u.name));
            else c.addBulk(Acl.bytes("user " + u.name + " " + u.describe()));
        }
    }

    /** ACL LOAD / ACL SAVE: only with an aclfile. */
    private void fileCommand(Client c, boolean load) {
        if (acl.aclFile().isEmpty()) {
            c.addError("This Redis instance is not configured to use an ACL file. You may want to specify users via the "
                    + "ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file "
                    + "set) in order to store users in the Redis configuration.");
            return;
        }
        if (c.argc() != 2) { syntaxError(c); return; }
        if (load) {
            String errors = acl.loadFromFile(c);
            if (errors == null) c.addOk();
            else c.addError(safe(errors));
        } else if (acl.saveToFile()) {
            c.addOk();
        } else {
            c.addError("There was an error trying to save the ACLs. Please check the server logs for more information");
        }
    }

    /** ACL CAT [category]: the categories, or the commands of one (subcommands included, as "container|sub"). */
    private void cat(Client c) {
        if (c.argc() == 2) {
            c.addArrayLen(AclCategory.NAMES.size());
            for (String n : AclCategory.NAMES) c.addBulk(n);
            return;
        }
        if (c.argc() != 3) { syntaxError(c); return; }
        long flag = AclCategory.flag(c.argString(2));
        if (flag == 0) {
            String n = c.argString(2);
            c.addError("Unknown category '" + (n.length() > 128 ? n.substring(0, 128) : n) + "'");
            return;
        }
        List<String> names = new ArrayList<>();
        for (RedisCommand cmd : acl.commands.all()) {
            if (cmd.extension) continue; // aclCatWithFlags skips module commands; GLASSBOX.* are Glassbox's modules
            if ((cmd.aclCategories & flag) != 0) names.add(cmd.fullName);
            for (RedisCommand sub : cmd.subcommands().values()) if ((sub.aclCategories & flag) != 0) names.add(sub.fullName);
        }
        c.addArrayLen(names.size());
        for (String n : names) c.addBulk(n);
    }

    /** ACL GENPASS [bits]: random hex from a secure source, 256 bits unless told. */
    private void genpass(Client c) {
        if (c.argc() > 3) { syntaxError(c); return; }
        long bits = 256;
        if (c.argc() == 3) {
            long[] out = new long[1];
            if (!RedisNumbers.string2ll(c.arg(2), out)) {
                c.addError("value is not an integer or out of range");
                return;
            }
            bits = out[0];
        }
        if (bits <= 0 || bits > 4096) {
            c.addError("ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096");
            return;
        }
        int chars = (int) ((bits + 3) / 4);
        StringBuilder sb = new StringBuilder(chars);
        for (int i = 0; i < chars; i++) sb.append(Character.forDigit(random.nextInt(16), 16));
        c.addBulk(sb.toString());
    }

    /** ACL LOG [count | RESET]: the newest entries first, 10 unless told. */
    private void log(Client c) {
        if (c.argc() > 3) { syntaxError(c); return; }
        long count = 10;
        if (c.argc() == 3) {
            if (c.argIs(2, "reset")) {
                acl.resetLog();
                c.addOk();
                return;
            }
            long[] out = new long[1];
            if (!RedisNumbers.string2ll(c.arg(2), out)) {
                c.addError("value is not an integer or out of range");
                return;
            }
            count = Math.max(0, out[0]);
        }
        List<Acl.LogEntry> entries = acl.log();
        count = Math.min(count, entries.size());
        c.addArrayLen(count);
        long now = acl.now();
        int i = 0;
        for (Acl.LogEntry e : entries) {
            if (i++ >= count) break;
            c.addMapLen(7);
            c.addBulk("count");
            c.addLong(e.count);
            c.addBulk("reason");
            c.addBulk(Acl.reasonName(e.reason));
            c.addBulk("context");
            c.addBulk(Acl.contextName(e.context));
            c.addBulk("object");
            c.addBulk(Acl.bytes(e.object));
            c.addBulk("username");
            c.addBulk(Acl.bytes(e.username));
            c.addBulk("age-seconds");
            c.addDouble(RedisNumbers.replyDouble((double) (now - e.ctime) / 1000));
            c.addBulk("client-info");
            c.addBulk(Acl.bytes(e.clientInfo));
        }
    }

    /** ACL DRYRUN username command [arg ...]: would the user be allowed? OK, or why not (as a bulk string). */
    private void dryrun(Client c) {
        User u = acl.getUser(Acl.latin1(c.arg(2)));
        if (u == null) {
            c.addError("User '" + Acl.latin1(c.arg(2)) + "' not found");
            return;
        }
        List<byte[]> argv = c.argv.subList(3, c.argc());
        // lookupCommand over the whole table: a command Glassbox does not implement can still be judged
        String name = Acl.latin1(argv.get(0));
        RedisCommand cmd = name.indexOf('|') >= 0 ? null : acl.commands.lookup(name);
        if (cmd != null && !cmd.subcommands().isEmpty() && argv.size() > 1) {
            cmd = cmd.subcommand(Acl.latin1(argv.get(1)).toLowerCase(Locale.ROOT));
        }
        if (cmd == null) {
            c.addError("Command '" + Acl.latin1(argv.get(0)) + "' not found");
            return;
        }
        if (!cmd.arityOk(argv.size())) {
            c.addError("wrong number of arguments for '" + cmd.fullName + "' command");
            return;
        }
        int result = acl.checkAll(u, cmd, argv);
        switch (result) {
            case Acl.OK -> c.addOk();
            case Acl.DENIED_CMD -> c.addBulk(Acl.bytes("This user has no permissions to run the '" + cmd.fullName + "' command"));
            case Acl.DENIED_KEY -> c.addBulk(Acl.bytes("This user has no permissions to access the '" + Acl.latin1(argv.get(acl.errPos())) + "' key"));
            default -> c.addBulk(Acl.bytes("This user has no permissions to access the '" + Acl.latin1(argv.get(acl.errPos())) + "' channel"));
        }
    }
}
