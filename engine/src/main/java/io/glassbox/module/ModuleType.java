package io.glassbox.module;

/** A data type a module created (RedisModuleType): its 9-character name and encoding version. */
public interface ModuleType {
    String name();
    int encver();
}
