package io.glassbox.module;

/**
 * The context a module command runs in (RedisModuleCtx inside a command): reply builders
 * (RM_ReplyWith*), RM_Call, the key API (RM_OpenKey) and propagation (RM_Replicate*).
 *
 * <p>Module commands do not propagate by themselves (call() skips CMD_MODULE commands): a command
 * that writes calls {@link #replicateVerbatim} or {@link #replicate}, or uses {@link #call} with
 * the {@code "!"} flag, exactly as in Redis.
 */
public interface CommandContext {
    /** RM_ReplyWithSimpleString: {@code +text}. */
    void replyWithSimpleString(String text);
    /** RM_ReplyWithError: {@code -text}; the first word is the error code (ERR if it has none in capitals). */
    void replyWithError(String text);
    /** RM_ReplyWithLongLong. */
    void replyWithLongLong(long v);
    /** RM_ReplyWithDouble (a bulk string in RESP2, a double in RESP3). */
    void replyWithDouble(double v);
    /** RM_ReplyWithString / RM_ReplyWithStringBuffer: a bulk string. */
    void replyWithString(byte[] s);
    /** RM_ReplyWithCString: a bulk string of UTF-8 text. */
    void replyWithString(String s);
    /** RM_ReplyWithNull. */
    void replyWithNull();
    /** RM_ReplyWithArray(ctx, len): the next {@code len} replies are its elements. */
    void replyWithArray(long len);
    /** RM_ReplyWithArray(ctx, REDISMODULE_POSTPONED_LEN): an array whose length {@link #replySetArrayLength} gives later. */
    void replyWithPostponedArray();
    /** RM_ReplySetArrayLength: closes the latest postponed array. */
    void replySetArrayLength(long len);
    /** RM_ReplyWithCallReply: forwards what {@link #call} returned. */
    void replyWithCallReply(CallReply reply);
    /** RM_WrongArity: the "wrong number of arguments" error for this command. */
    void wrongArity();

    /**
     * RM_Call: runs a command as a fake client on this command's database. Arguments are byte[],
     * String or numbers. {@code flags} as in module.c: "!" propagates the command, "3" asks for a
     * RESP3 reply; "" for neither.
     */
    CallReply call(String flags, String command, Object... args);

    /** RM_OpenKey: a key of this command's database, {@link ModuleKey#READ} and/or {@link ModuleKey#WRITE}. */
    ModuleKey openKey(byte[] key, int mode);

    /** RM_ReplicateVerbatim: this command, as the client sent it, to the AOF and replicas. */
    void replicateVerbatim();

    /** RM_Replicate: another command to the AOF and replicas, after this one's effects. */
    void replicate(String command, Object... args);

    /** RM_GetSelectedDb. */
    int selectedDb();
}
