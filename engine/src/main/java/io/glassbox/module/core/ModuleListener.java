package io.glassbox.module.core;

/**
 * Hears what the module subsystem does, for the hooks (REDISMODULE_EVENT_MODULE_CHANGE's loaded and
 * unloaded, plus each RM_CreateCommand and RM_CreateDataType). Observes only.
 */
public interface ModuleListener {
    ModuleListener NONE = new ModuleListener() {};

    default void moduleLoaded(String name, String path) {}

    default void moduleUnloaded(String name) {}

    default void commandCreated(String module, String command, String flags) {}

    default void typeCreated(String module, String type, int encver) {}
}
