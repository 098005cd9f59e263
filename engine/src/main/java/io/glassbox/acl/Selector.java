package io.glassbox.acl;

import io.glassbox.command.RedisCommand;
import io.glassbox.util.Glob;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One set of permissions of a user (Redis 7's {@code aclSelector}): which commands it may run (a
 * bitmap indexed by command id, plus allowed first arguments), which keys with which access (glob
 * patterns with read/write flags) and which Pub/Sub channels. Every user has a root selector (the
 * rules written outside parentheses); {@code (...)} adds more, and a command runs if any selector
 * allows it whole.
 *
 * <p>Rules are applied by {@link #apply} (ACLSetSelector). The command bitmap has one reserved
 * bit beyond the real ids, set only by {@code +@all}/{@code allcommands}: it records "may run
 * commands added later", which is how the description knows to start from {@code +@all} or
 * {@code -@all}.
 */
final class Selector {
    static final int ROOT = 1, ALLKEYS = 1 << 1, ALLCOMMANDS = 1 << 2, ALLCHANNELS = 1 << 3;
    /** Key pattern permissions (ACL_READ_PERMISSION, ACL_WRITE_PERMISSION). */
    static final int READ = 1, WRITE = 2, ALL = READ | WRITE;

    /** A key pattern with the access it grants (keyPattern). */
    static final class KeyPattern {
        final byte[] pattern;
        int flags;

        KeyPattern(byte[] pattern, int flags) {
            this.pattern = pattern;
            this.flags = flags;
        }

        /** sdsCatPatternString: "~p", "%R~p" or "%W~p". */
        String describe() {
            String p = new String(pattern, StandardCharsets.ISO_8859_1);
            return (flags == ALL ? "~" : flags == READ ? "%R~" : "%W~") + p;
        }
    }

    int flags;
    /** Bit i: command id i may run; bit {@code futureBit}: commands added later may run. */
    long[] allowed;
    /** Allowed first arguments of commands whose bit is off (allowed_firstargs), by command id. */
    Map<Integer, List<String>> firstArgs;
    final List<KeyPattern> patterns = new ArrayList<>();
    final List<byte[]> channels = new ArrayList<>();
    private final CommandIndex commands;

    Selector(CommandIndex commands, int flags) {
        this.commands = commands;
        this.flags = flags;
        this.allowed = new long[(commands.futureBit() >> 6) + 1];
    }

    Selector copy() {
        Selector s = new Selector(commands, flags);
        s.allowed = allowed.clone();
        if (firstArgs != null) {
            s.firstArgs = new HashMap<>();
            for (Map.Entry<Integer, List<String>> e : firstArgs.entrySet()) s.firstArgs.put(e.getKey(), new ArrayList<>(e.getValue()));
        }
        for (KeyPattern p : patterns) s.patterns.add(new KeyPattern(p.pattern, p.flags));
        s.channels.addAll(channels);
        return s;
    }

    /** A command added after this selector was made (a module's) has no bit yet: not allowed unless set. */
    boolean bit(int id) { return (id >> 6) < allowed.length && (allowed[id >> 6] & (1L << id)) != 0; }

    boolean canRunFutureCommands() { return bit(commands.futureBit()); }

    /** ACLSetSelectorCommandBit: clearing any bit drops ALLCOMMANDS. */
    void setBit(int id, boolean value) {
        if ((id >> 6) >= allowed.length) allowed = java.util.Arrays.copyOf(allowed, (id >> 6) + 1); // a module's command
        if (value) {
            allowed[id >> 6] |= 1L << id;
        } else {
            allowed[id >> 6] &= ~(1L << id);
            flags &= ~ALLCOMMANDS;
        }
    }

    /** ACLChangeSelectorPerm: a container's subcommands follow it. */
    void changePerm(RedisCommand cmd, boolean allow) {
        setBit(cmd.id, allow);
        if (firstArgs != null) firstArgs.remove(cmd.id);
        for (RedisCommand sub : cmd.subcommands().values()) setBit(sub.id, allow);
    }

    /** ACLSetSelectorCommandBitsForCategory over the whole table, subcommands included (not GLASSBOX.*, as Redis skips module commands). */
    void setCategory(long flag, boolean value) {
        for (RedisCommand cmd : commands.all()) {
            if (cmd.extension) continue;
            if ((cmd.aclCategories & flag) != 0) changePerm(cmd, value);
            for (RedisCommand sub : cmd.subcommands().values()) {
                if ((sub.aclCategories & flag) != 0) changePerm(sub, value);
            }
        }
    }

    /** ACLCountCategoryBitsForSelector: {on, off} among the commands of the category. */
    long[] countCategory(long flag) {
        long on = 0, off = 0;
        for (RedisCommand cmd : commands.all()) {
            if (cmd.extension) continue;
            if ((cmd.aclCategories & flag) != 0) { if (bit(cmd.id)) on++; else off++; }
            for (RedisCommand sub : cmd.subcommands().values()) {
                if ((sub.aclCategories & flag) != 0) { if (bit(sub.id)) on++; else off++; }
            }
        }
        return new long[]{on, off};
    }

    /** ACLAddAllowedFirstArg: case-insensitive, no duplicates. */
    void addFirstArg(int id, String sub) {
        if (firstArgs == null) firstArgs = new HashMap<>();
        List<String> l = firstArgs.computeIfAbsent(id, k -> new ArrayList<>());
        for (String s : l) if (s.equalsIgnoreCase(sub)) return;
        l.add(sub);
    }

    /**
     * ACLSetSelector: applies one rule to this selector; the op is the rule's bytes as Latin-1
     * text (so binary patterns survive). Throws {@link AclRuleException} with the errno-like reason.
     */
    void apply(String op) {
        if (op.equalsIgnoreCase("allkeys") || op.equalsIgnoreCase("~*")) {
            flags |= ALLKEYS;
            patterns.clear();
        } else if (op.equalsIgnoreCase("resetkeys")) {
            flags &= ~ALLKEYS;
            patterns.clear();
        } else if (op.equalsIgnoreCase("allchannels") || op.equalsIgnoreCase("&*")) {
            flags |= ALLCHANNELS;
            channels.clear();
        } else if (op.equalsIgnoreCase("resetchannels")) {
            flags &= ~ALLCHANNELS;
            channels.clear();
        } else if (op.equalsIgnoreCase("allcommands") || op.equalsIgnoreCase("+@all")) {
            Arrays.fill(allowed, -1L);
            flags |= ALLCOMMANDS;
            firstArgs = null;
        } else if (op.equalsIgnoreCase("nocommands") || op.equalsIgnoreCase("-@all")) {
            Arrays.fill(allowed, 0L);
            flags &= ~ALLCOMMANDS;
            firstArgs = null;
        } else if (op.startsWith("~") || op.startsWith("%")) {
            if ((flags & ALLKEYS) != 0) throw new AclRuleException(AclRuleException.EEXIST);
            int perms = 0;
            int offset = 1;
            if (op.charAt(0) == '%') {
                for (; offset < op.length(); offset++) {
                    char ch = Character.toUpperCase(op.charAt(offset));
                    if (ch == 'R' && (perms & READ) == 0) perms |= READ;
                    else if (ch == 'W' && (perms & WRITE) == 0) perms |= WRITE;
                    else if (op.charAt(offset) == '~') { offset++; break; }
                    else throw new AclRuleException(AclRuleException.EINVAL);
                }
            } else {
                perms = ALL;
            }
            String pat = op.substring(Math.min(offset, op.length()));
            if (hasSpaces(pat)) throw new AclRuleException(AclRuleException.EINVAL);
            byte[] p = pat.getBytes(StandardCharsets.ISO_8859_1);
            KeyPattern same = null;
            for (KeyPattern k : patterns) if (Arrays.equals(k.pattern, p)) { same = k; break; }
            // ACLListMatchKeyPattern compares patterns only: the same pattern gains the new access
            if (same == null) patterns.add(new KeyPattern(p, perms));
            else same.flags |= perms;
            flags &= ~ALLKEYS;
        } else if (op.startsWith("&")) {
            if ((flags & ALLCHANNELS) != 0) throw new AclRuleException(AclRuleException.EISDIR);
            String pat = op.substring(1);
            if (hasSpaces(pat)) throw new AclRuleException(AclRuleException.EINVAL);
            byte[] p = pat.getBytes(StandardCharsets.ISO_8859_1);
            boolean present = false;
            for (byte[] ch : channels) if (Arrays.equals(ch, p)) { present = true; break; }
            if (!present) channels.add(p);
            flags &= ~ALLCHANNELS;
        } else if (op.startsWith("+") && !op.startsWith("+@")) {
            String name = op.substring(1);
            int bar = name.lastIndexOf('|');
            if (bar < 0) {
                RedisCommand cmd = commands.lookup(name);
                if (cmd == null) throw new AclRuleException(AclRuleException.ENOENT);
                changePerm(cmd, true);
            } else {
                String base = name.substring(0, bar);
                String sub = name.substring(bar + 1);
                RedisCommand cmd = commands.lookup(base);
                if (cmd == null) throw new AclRuleException(AclRuleException.ENOENT);
                // first arguments of a subcommand are not supported
                if (cmd.parent != null) throw new AclRuleException(AclRuleException.ECHILD);
                if (sub.isEmpty()) throw new AclRuleException(AclRuleException.EINVAL);
                if (!cmd.subcommands().isEmpty()) {
                    RedisCommand sc = commands.lookup(name);
                    if (sc == null) throw new AclRuleException(AclRuleException.ENOENT);
                    changePerm(sc, true);
                } else {
                    // SELECT|0, DEBUG|OBJECT: a first argument of an otherwise blocked command
                    // (deprecated in Redis, which logs a warning about it)
                    addFirstArg(cmd.id, sub);
                }
            }
        } else if (op.startsWith("-") && !op.startsWith("-@")) {
            RedisCommand cmd = commands.lookup(op.substring(1));
            if (cmd == null) throw new AclRuleException(AclRuleException.ENOENT);
            changePerm(cmd, false);
        } else if ((op.startsWith("+@") || op.startsWith("-@"))) {
            long flag = io.glassbox.command.AclCategory.flag(op.substring(2));
            if (flag == 0) throw new AclRuleException(AclRuleException.ENOENT);
            setCategory(flag, op.charAt(0) == '+');
        } else {
            throw new AclRuleException(AclRuleException.EINVAL);
        }
    }

    /** ACLStringHasSpaces: spaces and NUL bytes are not allowed in names and patterns. */
    static boolean hasSpaces(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == ' ' || (ch >= '\t' && ch <= '\r') || ch == 0) return true; // C's isspace, or NUL
        }
        return false;
    }

    // ---------------------------------------------------------------- checks

    /** ACLSelectorCheckKey: the key matches a pattern granting every access the key spec needs. */
    boolean checkKey(byte[] key, int keySpecFlags) {
        if ((flags & ALLKEYS) != 0) return true;
        int need = needed(keySpecFlags);
        for (KeyPattern p : patterns) {
            if ((p.flags & need) != need) continue;
            if (Glob.match(p.pattern, key, false)) return true;
        }
        return false;
    }

    /** The access a key spec's flags ask for: ACCESS reads; INSERT, DELETE, UPDATE write. */
    static int needed(int keySpecFlags) {
        int need = 0;
        if ((keySpecFlags & io.glassbox.command.KeySpec.ACCESS) != 0) need |= READ;
        if ((keySpecFlags & (io.glassbox.command.KeySpec.INSERT | io.glassbox.command.KeySpec.DELETE
                | io.glassbox.command.KeySpec.UPDATE)) != 0) need |= WRITE;
        return need;
    }

    /** ACLCheckChannelAgainstList: a PSUBSCRIBE pattern must equal an ACL pattern literally. */
    static boolean channelAllowed(List<byte[]> list, byte[] channel, boolean isPattern) {
        for (byte[] p : list) {
            if (isPattern ? Arrays.equals(p, channel) : Glob.match(p, channel, false)) return true;
        }
        return false;
    }

    /** ACLSelectorCheckCmd's first part: the command (or its allowed first argument) may run. */
    boolean commandAllowed(RedisCommand cmd, List<byte[]> argv) {
        if ((flags & ALLCOMMANDS) != 0 || cmd.has(io.glassbox.command.CommandFlags.NO_AUTH)) return true;
        if (bit(cmd.id)) return true;
        if (argv.size() < 2 || firstArgs == null) return false;
        List<String> args = firstArgs.get(cmd.id);
        if (args == null) return false;
        int idx = cmd.parent != null ? 2 : 1;
        if (idx >= argv.size()) return false;
        String a = new String(argv.get(idx), StandardCharsets.ISO_8859_1);
        for (String s : args) if (s.equalsIgnoreCase(a)) return true;
        return false;
    }
}
