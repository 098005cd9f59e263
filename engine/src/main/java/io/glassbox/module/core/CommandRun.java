package io.glassbox.module.core;

import io.glassbox.command.RedisCommand;
import io.glassbox.module.CallReply;
import io.glassbox.module.CommandContext;
import io.glassbox.module.CommandHandler;
import io.glassbox.module.ModuleKey;
import io.glassbox.resp.RespReader;
import io.glassbox.resp.RespValue;
import io.glassbox.server.Client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One run of a module command (RedisModuleCommandDispatcher with its RedisModuleCtx): the reply
 * builders write into the calling client, RM_Call runs on the module's fake client, RM_Replicate*
 * queue commands for the AOF and replicas.
 */
final class CommandRun implements CommandContext {
    private final Modules modules;
    private final Client client;
    /** Where each open postponed array starts in the reply (RM_ReplyWithArray(POSTPONED_LEN)). */
    private ArrayDeque<Integer> postponed;

    private CommandRun(Modules modules, Client client) {
        this.modules = modules;
        this.client = client;
    }

    /**
     * RedisModuleCommandDispatcher: runs the module's function. A checked exception it throws is
     * handed to call()'s guard like a command's own bug: the partial reply is dropped, the client
     * gets an error, the server goes on.
     */
    static void dispatch(Modules modules, LoadedModule module, CommandHandler handler, RedisCommand cmd, Client c) {
        CommandRun run = new CommandRun(modules, c);
        try {
            handler.run(run, c.argv);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("module " + module.name + ": " + e, e);
        }
    }

    // ---------------------------------------------------------------- replies (RM_ReplyWith*)

    @Override public void replyWithSimpleString(String text) { client.addStatus(text); }

    /** RM_ReplyWithError: {@code addReplyErrorFormat(c,"-%s",err)}: the text as given, its first word the code. */
    @Override public void replyWithError(String text) { client.addError("-" + text); }

    @Override public void replyWithLongLong(long v) { client.addLong(v); }

    @Override public void replyWithDouble(double v) {
        client.addDouble(io.glassbox.util.RedisNumbers.replyDouble(v));
    }

    @Override public void replyWithString(byte[] s) { client.addBulk(s); }

    @Override public void replyWithString(String s) { client.addBulk(s); }

    @Override public void replyWithNull() { client.addNull(); }

    @Override public void replyWithArray(long len) { client.addArrayLen(len); }

    @Override public void replyWithPostponedArray() {
        if (postponed == null) postponed = new ArrayDeque<>();
        postponed.push(client.pendingReplyBytes());
    }

    /**
     * RM_ReplySetArrayLength: the header goes in front of the elements written since the
     * postponed array opened (setDeferredArrayLen); the latest open one is closed first.
     */
    @Override public void replySetArrayLength(long len) {
        if (postponed == null || postponed.isEmpty()) {
            throw new IllegalStateException("RM_ReplySetArrayLength called without a postponed array");
        }
        int start = postponed.pop();
        byte[] tail = Arrays.copyOfRange(client.replyArray(), start, client.pendingReplyBytes());
        client.truncateReply(start);
        client.addArrayLen(len);
        client.addRaw(tail);
    }

    @Override public void replyWithCallReply(CallReply reply) { writeValue(((Reply) reply).value); }

    private void writeValue(RespValue v) {
        if (v instanceof RespValue.SimpleString s) client.addStatus(s.value());
        else if (v instanceof RespValue.Error e) client.addError("-" + e.message());
        else if (v instanceof RespValue.Int i) client.addLong(i.value());
        else if (v instanceof RespValue.Bulk b) client.addBulk(b.value());
        else if (v instanceof RespValue.Null) client.addNull();
        else if (v instanceof RespValue.Array a) {
            if (a.kind() == '~') client.addSetLen(a.items().size()); else client.addArrayLen(a.items().size());
            for (RespValue item : a.items()) writeValue(item);
        } else if (v instanceof RespValue.Map m) {
            client.addMapLen(m.entries().size() / 2);
            for (RespValue item : m.entries()) writeValue(item);
        } else if (v instanceof RespValue.Double d) client.addDouble(d.text().getBytes(StandardCharsets.US_ASCII));
        else if (v instanceof RespValue.Bool b) client.addBool(b.value());
        else if (v instanceof RespValue.BigNumber n) client.addBigNumber(n.digits().getBytes(StandardCharsets.US_ASCII));
        else if (v instanceof RespValue.Verbatim t) client.addVerbatim(t.value(), t.format());
        else client.addNull();
    }

    /** RM_WrongArity. */
    @Override public void wrongArity() {
        client.addError("wrong number of arguments for '" + client.cmd.fullName + "' command");
    }

    // ---------------------------------------------------------------- RM_Call, keys, propagation

    @Override public CallReply call(String flags, String command, Object... args) {
        return call(modules, client.db().id, flags, command, args);
    }

    /**
     * RM_Call: looks the command up (a container's subcommand too), checks its arity, runs it
     * through call() on the module's fake client and parses what it replied. Without "!" nothing
     * it does is propagated: the module decides (REDISMODULE_ARGV_REPLICATE).
     */
    static CallReply call(Modules modules, int dbid, String flags, String command, Object[] args) {
        List<byte[]> argv = DataType.argv(command, args);
        return callArgv(modules, dbid, flags == null ? "" : flags, argv);
    }

    static Reply callArgv(Modules modules, int dbid, String flags, List<byte[]> argv) {
        RedisCommand cmd = modules.host.commands().lookup(argv.get(0));
        if (cmd != null && !cmd.subcommands().isEmpty() && argv.size() > 1) {
            cmd = cmd.subcommand(new String(argv.get(1), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
            if (cmd != null && cmd.handler() == null) cmd = null;
        }
        if (cmd == null) return new Reply(new RespValue.Error("ERR Unknown Redis command '" + new String(argv.get(0), StandardCharsets.UTF_8) + "'."));
        if (!cmd.arityOk(argv.size())) return new Reply(new RespValue.Error("ERR wrong number of arguments for '" + cmd.fullName + "' command"));
        Client fake = modules.acquireClient();
        byte[] reply;
        try {
            fake.selectDb(dbid);
            fake.setProtocol(flags.indexOf('3') >= 0 ? 3 : 2);
            fake.scriptPropagationOff = flags.indexOf('!') < 0;
            fake.argv = argv;
            fake.cmd = cmd;
            fake.lastCmd = cmd;
            modules.host.call(fake, cmd);
            reply = fake.drainReply();
            fake.argv = null;
        } finally {
            modules.releaseClient();
        }
        try {
            return new Reply(new RespReader(new ByteArrayInputStream(reply)).read());
        } catch (IOException e) {
            return new Reply(new RespValue.Error("ERR unreadable reply: " + e.getMessage()));
        }
    }

    /** The key API's own writes: run as commands, never propagated by themselves (the module replicates). */
    Reply internal(Object... argv) {
        Object[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        return (Reply) call(modules, client.db().id, "", (String) argv[0], rest);
    }

    Modules modules() { return modules; }

    Client client() { return client; }

    @Override public ModuleKey openKey(byte[] key, int mode) { return new OpenKey(this, key, mode); }

    @Override public void replicateVerbatim() {
        modules.host.propagation().alsoPropagate(client.db().id, client.argv);
        modules.host.keyspace().stats.dirty++;
    }

    @Override public void replicate(String command, Object... args) {
        modules.host.propagation().alsoPropagate(client.db().id, DataType.argv(command, args));
        modules.host.keyspace().stats.dirty++;
    }

    @Override public int selectedDb() { return client.db().id; }
}
