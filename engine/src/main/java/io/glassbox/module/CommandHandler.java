package io.glassbox.module;

import java.util.List;

/**
 * A module command's function: {@code int cmdfunc(RedisModuleCtx *ctx, RedisModuleString **argv, int argc)}.
 * It must reply exactly once through {@code ctx}. An exception it throws becomes an error reply
 * (the reply written so far is dropped) and the server goes on.
 */
@FunctionalInterface
public interface CommandHandler {
    void run(CommandContext ctx, List<byte[]> argv) throws Exception;
}
