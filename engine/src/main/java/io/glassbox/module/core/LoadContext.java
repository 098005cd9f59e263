package io.glassbox.module.core;

import io.glassbox.command.CommandFlags;
import io.glassbox.command.RedisCommand;
import io.glassbox.db.ModuleTypes;
import io.glassbox.module.CallReply;
import io.glassbox.module.CommandHandler;
import io.glassbox.module.ModuleContext;
import io.glassbox.module.ModuleType;
import io.glassbox.module.TypeMethods;

/** The context of RedisModule_OnLoad / OnUnload (a RedisModuleCtx with REDISMODULE_CTX_TEMP_CLIENT). */
final class LoadContext implements ModuleContext {
    private final Modules modules;
    private final LoadedModule module;
    /** The database RM_Call runs on: 0, or a keyspace event's. */
    private final int dbid;

    LoadContext(Modules modules, LoadedModule module) { this(modules, module, 0); }

    LoadContext(Modules modules, LoadedModule module, int dbid) {
        this.modules = modules;
        this.module = module;
        this.dbid = dbid;
    }

    @Override public void subscribeToKeyspaceEvents(int types, io.glassbox.module.KeyspaceEventHandler handler) {
        requireInit();
        modules.subscribe(module, types, handler);
    }

    @Override public boolean subscribeToServerEvent(String event, io.glassbox.module.ServerEventHandler handler) {
        requireInit();
        return modules.subscribeServerEvent(module, event, handler);
    }

    @Override public long createTimer(long millis, Runnable callback) {
        requireInit();
        return modules.createTimer(module, millis, callback);
    }

    @Override public boolean stopTimer(long id) { return modules.stopTimer(module, id); }

    /** RM_Init (RM_IsModuleNameBusy, then RM_SetModuleAttribs). */
    @Override public boolean init(String name, int version) {
        if (name == null || modules.nameTaken(name)) return false;
        module.name = name;
        module.version = version;
        return true;
    }

    private void requireInit() {
        if (module.name == null) throw new IllegalStateException("RedisModule_Init was not called");
    }

    /** RM_CreateCommand: see {@link io.glassbox.command.CommandTable#defineModuleCommand}. */
    @Override public boolean createCommand(String name, CommandHandler handler, String flags, int firstKey, int lastKey, int step) {
        requireInit();
        long f = flags == null ? 0 : CommandFlags.fromModuleString(flags);
        if (f == -1 || name == null || name.isEmpty() || name.indexOf('|') >= 0 || name.indexOf(' ') >= 0) return false;
        RedisCommand[] self = new RedisCommand[1];
        RedisCommand cmd = modules.host.commands().defineModuleCommand(name, module.name, f, firstKey, lastKey, step,
                c -> CommandRun.dispatch(modules, module, handler, self[0], c));
        if (cmd == null) return false;
        self[0] = cmd;
        module.commands.add(cmd);
        modules.listener().commandCreated(module.name, cmd.name, flags == null ? "" : flags);
        return true;
    }

    /** RM_CreateDataType: a valid name and version, not taken by another type. */
    @Override public ModuleType createDataType(String name, int encver, TypeMethods methods) {
        requireInit();
        if (name == null || methods == null) return null;
        long id = ModuleTypes.encodeId(name, encver);
        if (id == 0) return null;
        if (modules.host.keyspace().moduleTypes().byName(name) != null) return null;
        DataType t = new DataType(name, encver, id, module.name, methods);
        modules.host.keyspace().moduleTypes().add(t);
        module.types.add(t);
        modules.listener().typeCreated(module.name, name, encver);
        return t;
    }

    /** RM_Log: "<module name> message", as moduleLogRaw prefixes it. */
    @Override public void log(String level, String message) {
        modules.host.log(level, "<" + (module.name == null ? "module" : module.name) + "> " + message);
    }

    @Override public CallReply call(String command, Object... args) {
        return CommandRun.call(modules, dbid, "", command, args);
    }
}
