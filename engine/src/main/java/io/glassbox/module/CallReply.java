package io.glassbox.module;

/**
 * What RM_Call returns (RedisModuleCallReply): the reply of the command, walkable as redismodule.h's
 * RM_CallReplyType / RM_CallReplyInteger / RM_CallReplyStringPtr / RM_CallReplyLength /
 * RM_CallReplyArrayElement.
 */
public interface CallReply {
    /** REDISMODULE_REPLY_*. */
    int UNKNOWN = -1, STRING = 0, ERROR = 1, INTEGER = 2, ARRAY = 3, NULL = 4, MAP = 5, SET = 6, BOOL = 7,
            DOUBLE = 8, BIG_NUMBER = 9, VERBATIM_STRING = 10;

    int type();
    long integer();
    /** The text of a string, status or error reply (bytes as sent). */
    byte[] bytes();
    /** {@link #bytes} as UTF-8 text. */
    String string();
    /** The element count of an array, set or map (pairs), or a string's length. */
    long length();
    CallReply element(int index);
}
