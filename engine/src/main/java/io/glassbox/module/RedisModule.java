package io.glassbox.module;

/**
 * A module's entry point: Redis's {@code RedisModule_OnLoad} and {@code RedisModule_OnUnload}
 * (redismodule.h). The jar names the class implementing it in its manifest
 * ({@code Glassbox-Module: com.example.Hello}) or as a {@code java.util.ServiceLoader} provider of
 * this interface; the server makes one instance with its public no-argument constructor.
 *
 * <p>{@link #onLoad} must call {@link ModuleContext#init} first (RedisModule_Init), then register
 * its commands and types. Throwing fails the load (REDISMODULE_ERR): whatever the module had
 * registered is removed and MODULE LOAD answers Redis's "Error loading the extension".
 */
public interface RedisModule {
    /** RedisModule_OnLoad(ctx, argv, argc): the arguments after the path of MODULE LOAD or loadmodule. */
    void onLoad(ModuleContext ctx, String[] args) throws Exception;

    /** RedisModule_OnUnload: a last word before MODULE UNLOAD removes the module; throwing cancels the unload. */
    default void onUnload(ModuleContext ctx) throws Exception {}
}
