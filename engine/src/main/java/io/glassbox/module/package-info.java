/**
 * The module API: what a Java module sees of the server, and nothing else (Redis's
 * {@code redismodule.h}). Interfaces only; the server implements them in {@code module.core}.
 *
 * <p>A module is a jar. {@code MODULE LOAD /path/mod.jar [args]} (or {@code loadmodule} in the
 * config) opens it in a class loader of its own whose parent exposes only this package and the
 * JDK (module.c's {@code moduleLoad} with {@code dlopen(RTLD_LOCAL)}): a module cannot link against
 * the engine's internals, and two modules cannot see each other's classes. The jar's manifest
 * names the entry class ({@code Glassbox-Module}) or the jar declares a
 * {@code java.util.ServiceLoader} provider of {@link io.glassbox.module.RedisModule}.
 *
 * <p>The shapes follow redismodule.h call for call (docs/modules.md has the table):
 * {@link io.glassbox.module.RedisModule#onLoad} is RedisModule_OnLoad,
 * {@link io.glassbox.module.ModuleContext#createCommand} RM_CreateCommand,
 * {@link io.glassbox.module.ModuleContext#createDataType} RM_CreateDataType,
 * {@link io.glassbox.module.CommandContext}'s reply builders RM_ReplyWith*,
 * {@link io.glassbox.module.CommandContext#call} RM_Call,
 * {@link io.glassbox.module.CommandContext#openKey} RM_OpenKey and the key API,
 * {@link io.glassbox.module.CommandContext#replicateVerbatim} RM_ReplicateVerbatim.
 */
package io.glassbox.module;
