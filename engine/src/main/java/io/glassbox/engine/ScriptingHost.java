package io.glassbox.engine;

import io.glassbox.command.RedisCommand;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.db.Keyspace;
import io.glassbox.scripting.Scripting;
import io.glassbox.server.AccessControl;
import io.glassbox.server.Client;
import io.glassbox.server.Server;

import java.util.concurrent.Executor;

/**
 * What a script may ask of the server ({@link Scripting.Host}), answered by one engine's
 * {@link Server}: {@code Engine} builds it, so the scripting package never sees {@code Server}.
 */
public final class ScriptingHost implements Scripting.Host {
    private final Server server;

    public ScriptingHost(Server server) { this.server = server; }

    @Override public boolean preCommandOom() { return server.preCommandOom(); }

    @Override
    public String writeDeniedInScript(io.glassbox.server.Client caller) {
        String replication = server.replication().refuse(caller, true, true); // READONLY on a replica, NOREPLICAS on a master
        if (replication != null && replication.startsWith("-READONLY")) return replication;
        String disk = server.persistence().writeDeniedByDiskError();
        return disk != null ? disk : replication;
    }

    @Override public ConfigRegistry config() { return server.config(); }

    @Override public long nowMillis() { return server.clock().millis(); }

    @Override public void log(String level, String msg) { server.log(level, msg); }

    @Override public Keyspace keyspace() { return server.keyspace(); }

    @Override public Client createScriptClient() { return server.createScriptClient(); }

    @Override public RedisCommand lookupCommand(byte[] name) { return server.commands().lookup(name); }

    @Override public void callFromScript(Client scriptClient, RedisCommand cmd) { server.callFromScript(scriptClient, cmd); }

    @Override public String checkAcl(Client caller, Client scriptClient, RedisCommand cmd) {
        // scriptCall: the script's commands run as the caller's user
        scriptClient.user = caller.user;
        if (caller.user == null || caller.user.unrestricted()) return null;
        int denied = server.access().check(scriptClient, caller, caller.user, cmd, AccessControl.CTX_LUA);
        return switch (denied) {
            case AccessControl.OK -> null;
            case AccessControl.DENIED_CMD -> "The user executing the script can't run this command or subcommand";
            case AccessControl.DENIED_KEY -> "The user executing the script can't access at least one of the keys mentioned in the command arguments";
            default -> "The user executing the script can't publish to the channel mentioned in the command";
        };
    }

    @Override public boolean aclAllows(Client caller, RedisCommand cmd, java.util.List<byte[]> argv) {
        return server.access().allows(caller.user, cmd, argv);
    }

    @Override public void queueWrite(Client c) { server.queueWrite(c); }

    /** Read when asked: the engine gives the server its loop's executor after scripting is built. */
    @Override public Executor loopExecutor() { return server.loopExecutor(); }

    @Override public boolean insideNestedCall() { return server.insideNestedCall(); }

    @Override public void scriptBecomesBusy() { server.scriptBecomesBusy(); }

    @Override public void scriptNoLongerBusy() { server.scriptNoLongerBusy(); }

    @Override public boolean denyScriptsDisabled() { return server.settings().scriptDisableDenyScript; }
}
