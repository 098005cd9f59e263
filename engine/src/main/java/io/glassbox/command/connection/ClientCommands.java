package io.glassbox.command.connection;

import io.glassbox.command.CommandTable;
import io.glassbox.command.HelpText;
import io.glassbox.server.Client;
import io.glassbox.server.ClientInfo;
import io.glassbox.server.Server;
import io.glassbox.util.RedisNumbers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** CLIENT and its subcommands (Redis's {@code clientCommand} in {@code networking.c}). */
public final class ClientCommands {
    private ClientCommands() {}

    public static void register(CommandTable t) {
        t.bind("client|id", c -> c.addLong(c.id));
        t.bind("client|getname", c -> { if (c.name == null) c.addNull(); else c.addBulk(c.name); });
        t.bind("client|setname", ClientCommands::setname);
        t.bind("client|list", ClientCommands::list);
        t.bind("client|info", c -> c.addVerbatim((ClientInfo.line(c) + "\n").getBytes(StandardCharsets.UTF_8), "txt"));
        t.bind("client|kill", ClientCommands::kill);
        t.bind("client|pause", ClientCommands::pause);
        t.bind("client|unpause", c -> { c.server().unpauseClients(); c.addOk(); });
        t.bind("client|no-evict", ClientCommands::noEvict);
        t.bind("client|reply", ClientCommands::reply);
        t.bind("client|unblock", ClientCommands::unblock);
        t.bind("client|help", c -> HelpText.reply(c, "client"));
        t.bind("client|setinfo", ClientCommands::setinfo);
    }

    /** Client names may not hold spaces, newlines or other special characters (validateClientName). */
    static String validateName(byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') return "Client names cannot contain spaces, newlines or special characters.";
        }
        return null;
    }

    /** CLIENT SETINFO LIB-NAME|LIB-VER value (Redis 7.2's clientSetinfoCommand; see CommandTable). */
    static void setinfo(Client c) {
        byte[] v = c.arg(3);
        for (byte b : v) {
            if (b < '!' || b > '~') {
                c.addError(c.argString(2) + " cannot contain spaces, newlines or special characters.");
                return;
            }
        }
        if (c.argIs(2, "lib-name")) c.libName = c.argString(3);
        else if (c.argIs(2, "lib-ver")) c.libVersion = c.argString(3);
        else { c.addError("Unrecognized option '" + c.argString(2) + "'"); return; }
        c.addOk();
    }

    static void setname(Client c) {
        String err = validateName(c.arg(2));
        if (err != null) { c.addError(err); return; }
        c.name = c.arg(2).length == 0 ? null : c.argString(2);
        c.addOk();
    }

    static void list(Client c) {
        String type = null;
        List<Long> ids = null;
        if (c.argc() == 4 && c.argIs(2, "type")) {
            type = c.argString(3).toLowerCase(java.util.Locale.ROOT);
            if (type.equals("slave")) type = "replica";
            if (!type.equals("normal") && !type.equals("master") && !type.equals("replica") && !type.equals("slave") && !type.equals("pubsub")) {
                c.addError("Unknown client type '" + c.argString(3) + "'");
                return;
            }
        } else if (c.argc() > 3 && c.argIs(2, "id")) {
            ids = new ArrayList<>();
            long[] out = new long[1];
            for (int j = 3; j < c.argc(); j++) {
                if (!RedisNumbers.string2ll(c.arg(j), out) || out[0] <= 0) {
                    c.addError("Invalid client ID");
                    return;
                }
                ids.add(out[0]);
            }
        } else if (c.argc() != 2) {
            c.addErrorSyntax();
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (Client other : c.server().clients()) {
            if (type != null && !type.equals(clientType(other))) continue;
            if (ids != null && !ids.contains(other.id)) continue;
            sb.append(ClientInfo.line(other)).append('\n');
        }
        c.addVerbatim(sb.toString().getBytes(StandardCharsets.UTF_8), "txt");
    }

    /** getClientType: "master", "replica", "pubsub" for a client in subscribed mode, else "normal". */
    static String clientType(Client x) {
        if (x.isMaster()) return "master";
        if (x.isReplica()) return "replica";
        return x.pubsub.pubsubMode() ? "pubsub" : "normal";
    }

    /** CLIENT KILL addr, or CLIENT KILL with filters (ID, ADDR, LADDR, TYPE, USER, SKIPME). */
    /**
     * CLIENT UNBLOCK id [TIMEOUT|ERROR]: a client blocked on keys is answered as if its timeout had
     * passed, or with an -UNBLOCKED error; replies 1 if it was blocked, else 0 (clientCommand).
     */
    static void unblock(Client c) {
        if (c.argc() > 4) { // addReplySubcommandSyntaxError
            c.addError("unknown subcommand or wrong number of arguments for '" + c.argString(1) + "'. Try CLIENT HELP.");
            return;
        }
        // the reason is checked before the id, as clientCommand does
        boolean error = false;
        if (c.argc() == 4) {
            if (c.argIs(3, "timeout")) error = false;
            else if (c.argIs(3, "error")) error = true;
            else { c.addError("CLIENT UNBLOCK reason should be TIMEOUT or ERROR"); return; }
        }
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(c.arg(2), out)) { c.addErrorNotInteger(); return; }
        Client target = null;
        for (Client other : c.server().clients()) if (other.id == out[0]) { target = other; break; }
        if (target == null || target.bstate == null) { c.addLong(0); return; }
        if (error) target.addError("-UNBLOCKED client unblocked via CLIENT UNBLOCK");
        else target.addNullArray();
        c.server().blocking().unblock(target);
        c.addLong(1);
    }

    static void kill(Client c) {
        Server server = c.server();
        List<Client> victims = new ArrayList<>();
        if (c.argc() == 3) {
            String addr = c.argString(2);
            for (Client other : server.clients()) if (other.connection().remoteAddress().equals(addr)) victims.add(other);
            if (victims.isEmpty()) { c.addError("No such client"); return; }
            killAll(c, victims);
            c.addOk();
            return;
        }
        if (c.argc() % 2 != 0) { c.addErrorSyntax(); return; }
        long id = 0;
        String addr = null, laddr = null, type = null, user = null;
        boolean skipMe = true;
        for (int i = 2; i < c.argc(); i += 2) {
            if (c.argIs(i, "id")) {
                long[] out = new long[1];
                if (!RedisNumbers.string2ll(c.arg(i + 1), out) || out[0] <= 0) {
                    c.addError("client-id should be greater than 0");
                    return;
                }
                id = out[0];
            } else if (c.argIs(i, "type")) {
                type = c.argString(i + 1).toLowerCase(java.util.Locale.ROOT);
                if (type.equals("slave")) type = "replica";
                if (!type.equals("normal") && !type.equals("master") && !type.equals("replica") && !type.equals("slave") && !type.equals("pubsub")) {
                    c.addError("Unknown client type '" + c.argString(i + 1) + "'");
                    return;
                }
            } else if (c.argIs(i, "addr")) {
                addr = c.argString(i + 1);
            } else if (c.argIs(i, "laddr")) {
                laddr = c.argString(i + 1);
            } else if (c.argIs(i, "user")) {
                user = c.argString(i + 1);
                if (server.access().user(user) == null) { c.addError("No such user '" + user + "'"); return; }
            } else if (c.argIs(i, "skipme")) {
                if (c.argIs(i + 1, "yes")) skipMe = true;
                else if (c.argIs(i + 1, "no")) skipMe = false;
                else { c.addErrorSyntax(); return; }
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        for (Client other : server.clients()) {
            if (addr != null && !other.connection().remoteAddress().equals(addr)) continue;
            if (laddr != null && !other.connection().localAddress().equals(laddr)) continue;
            if (type != null && !type.equals(clientType(other))) continue;
            if (id != 0 && other.id != id) continue;
            if (user != null && !sameUser(other, server.access().user(user))) continue;
            if (skipMe && other == c) continue;
            victims.add(other);
        }
        killAll(c, victims);
        c.addLong(victims.size());
    }

    /** The client runs as this user (on a bare server, with no user objects, everyone is the default user). */
    private static boolean sameUser(Client c, io.glassbox.server.AclUser u) {
        return c.user == u || (c.user == null && u == io.glassbox.server.AccessControl.DEFAULT);
    }

    /** Kills clients; the caller itself is closed only after its reply is written. */
    private static void killAll(Client c, List<Client> victims) {
        for (Client v : victims) {
            if (v == c) c.closeAfterReply = true;
            else c.server().closeClient(v);
        }
    }

    static void pause(Client c) {
        long[] out = new long[1];
        if (!RedisNumbers.string2ll(c.arg(2), out) || out[0] < 0) {
            c.addError("timeout is not an integer or out of range");
            return;
        }
        boolean writesOnly = false;
        if (c.argc() == 4) {
            if (c.argIs(3, "write")) writesOnly = true;
            else if (!c.argIs(3, "all")) { c.addError("CLIENT PAUSE mode must be WRITE or ALL"); return; }
        } else if (c.argc() > 4) { // addReplySubcommandSyntaxError
            c.addError("unknown subcommand or wrong number of arguments for '" + c.argString(1) + "'. Try CLIENT HELP.");
            return;
        }
        c.server().pauseClients(c.server().clock().millis() + out[0], writesOnly);
        c.addOk();
    }

    static void noEvict(Client c) {
        if (c.argIs(2, "on")) c.noEvict = true;
        else if (c.argIs(2, "off")) c.noEvict = false;
        else { c.addErrorSyntax(); return; }
        c.server().clientMemory().noEvictChanged(c); // leaves the eviction buckets, or rejoins them
        c.addOk();
    }

    /** CLIENT REPLY ON|OFF|SKIP: OFF mutes all replies, SKIP only the next command's. */
    static void reply(Client c) {
        if (c.argIs(2, "on")) {
            c.setMuted(false);
            c.skipNextReply = false;
            c.addOk();
        } else if (c.argIs(2, "off")) {
            c.setMuted(true);
        } else if (c.argIs(2, "skip")) {
            if (!c.muted()) c.skipNextReply = true;
        } else {
            c.addErrorSyntax();
        }
    }
}
