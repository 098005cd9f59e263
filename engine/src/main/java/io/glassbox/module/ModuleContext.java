package io.glassbox.module;

/**
 * What a module may do while it loads (the RedisModuleCtx that RedisModule_OnLoad receives):
 * name itself, add commands and data types, log. Calls that fail answer as redismodule.h's
 * REDISMODULE_ERR would: false or null, never an exception into the server.
 */
public interface ModuleContext {
    /** RedisModule_Init: the module's name (MODULE LIST, MODULE UNLOAD) and version; false if the name is taken. */
    boolean init(String name, int version);

    /**
     * RM_CreateCommand: a command named {@code name} run by {@code handler}. {@code flags} is
     * Redis's space-separated string ("write deny-oom", "readonly fast", "admin", "deny-script",
     * "allow-loading", "pubsub", "allow-stale", "no-monitor", "no-slowlog", "no-auth",
     * "may-replicate", "no-mandatory-keys", "blocking", "allow-busy"). The keys are arguments
     * {@code firstKey} to {@code lastKey} (negative: from the end) every {@code step}; 0,0,0 for
     * none. False if the name is taken or a flag is unknown.
     */
    boolean createCommand(String name, CommandHandler handler, String flags, int firstKey, int lastKey, int step);

    /**
     * RM_CreateDataType: a value type whose name is exactly 9 characters of A-Z a-z 0-9 - _ and
     * whose encoding version is 0..1023; the pair is the 64-bit id written before every value in an
     * RDB. Null if the name is malformed or taken.
     */
    ModuleType createDataType(String name, int encver, TypeMethods methods);

    /** RM_SubscribeToKeyspaceEvents: {@code types} is a mask of {@link KeyspaceEventHandler}'s classes. */
    void subscribeToKeyspaceEvents(int types, KeyspaceEventHandler handler);

    /** RM_SubscribeToServerEvent: {@code event} is one of {@link ServerEventHandler}'s names; false for another. */
    boolean subscribeToServerEvent(String event, ServerEventHandler handler);

    /**
     * RM_CreateTimer: {@code callback} runs on the command thread once, {@code millis} from now;
     * returns the timer's id. While a timer is pending the module cannot be unloaded.
     */
    long createTimer(long millis, Runnable callback);

    /** RM_StopTimer: false if the timer already fired or is not this module's. */
    boolean stopTimer(long id);

    /** RM_Log: a line in the server's log, prefixed with the module's name; level is debug, verbose, notice or warning. */
    void log(String level, String message);

    /** RM_Call outside a command (a timer, an event, the load itself): on database 0, or the event's. */
    CallReply call(String command, Object... args);
}
