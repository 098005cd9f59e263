/**
 * The server side of the module API (Redis's {@code module.c}): what turns a jar into commands and
 * data types of a running engine, and takes them away again.
 *
 * <p><b>Loading</b> ({@link io.glassbox.module.core.Modules#load}, moduleLoad): a class loader per
 * jar whose parent exposes only {@code io.glassbox.module} and the JDK
 * ({@link io.glassbox.module.core.ModuleClassLoader}, dlopen with RTLD_LOCAL), the entry class from
 * the manifest or a ServiceLoader file, then {@code onLoad} with a
 * {@link io.glassbox.module.core.LoadContext}. Everything the module registers is recorded in its
 * {@link io.glassbox.module.core.LoadedModule}, so that a failed load and MODULE UNLOAD remove all of
 * it (moduleUnregisterCommands, moduleUnsubscribeNotifications ...). The invariant: after a failed
 * load the command table, the type registry and the subscriptions are as before.
 *
 * <p><b>Running</b> ({@link io.glassbox.module.core.CommandRun}, RedisModuleCommandDispatcher): the
 * command is an ordinary entry of the command table, so processCommand and call() do their checks
 * and bookkeeping; the context writes replies into the caller, runs RM_Call on a fake client per
 * nesting level, and queues RM_Replicate* for the AOF and replicas (call() never propagates a
 * module command by itself, as server.c's call skips CMD_MODULE).
 *
 * <p><b>Types</b> ({@link io.glassbox.module.core.DataType}, moduleType): the module's
 * {@link io.glassbox.module.TypeMethods} behind the {@code db.ModuleDataType} the keyspace, the RDB
 * and the AOF rewrite see; registered in the keyspace's {@code ModuleTypes} under the 64-bit id
 * (moduleTypeEncodeId) the RDB loader looks up.
 *
 * <p>Differences from the C code: modules are Java, so a module cannot corrupt the server's memory
 * and a command callback that throws gets an error reply instead of crashing the server; the key
 * API's string, list, hash, set and zset operations go through the command path (RM_Call without
 * propagation) instead of touching the objects, so they cost a nested call() each (docs/modules.md
 * has the figures); module configs, blocking commands, command filters and most server events are
 * not implemented yet.
 */
package io.glassbox.module.core;
