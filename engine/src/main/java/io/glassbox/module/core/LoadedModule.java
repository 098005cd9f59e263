package io.glassbox.module.core;

import io.glassbox.command.RedisCommand;
import io.glassbox.module.RedisModule;

import java.util.ArrayList;
import java.util.List;

/** One loaded module (struct RedisModule): its name and version, where it came from, what it registered. */
final class LoadedModule {
    String name;
    int version;
    final String path;
    final List<String> args;
    final ModuleClassLoader loader;
    final RedisModule entry;
    /** RM_CreateCommand's commands, removed with the module (moduleUnregisterCommands). */
    final List<RedisCommand> commands = new ArrayList<>();
    /** RM_CreateDataType's types: while there are any, MODULE UNLOAD refuses (EBUSY). */
    final List<DataType> types = new ArrayList<>();

    LoadedModule(String path, List<String> args, ModuleClassLoader loader, RedisModule entry) {
        this.path = path;
        this.args = List.copyOf(args);
        this.loader = loader;
        this.entry = entry;
    }
}
