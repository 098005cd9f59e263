/**
 * Lua scripting and functions: Redis's {@code eval.c}, {@code script.c}, {@code script_lua.c},
 * {@code functions.c} and {@code function_lua.c}, on luaj.
 *
 * <p>A script is a little client that lives inside the server. {@code redis.call} builds an argv,
 * runs the command on the script's own {@link io.glassbox.server.Client} (never connected to a
 * socket) and reads back the reply bytes that client received, converting them to Lua values
 * ({@link io.glassbox.scripting.LuaReplies}). Nothing else runs meanwhile: that is what makes a
 * script atomic, and why a slow script stalls every client.
 *
 * <p>How the pieces fit: {@link io.glassbox.scripting.Scripting} owns the running script and the
 * BUSY state; {@link io.glassbox.scripting.Eval} the EVAL script cache;
 * {@link io.glassbox.scripting.Functions} the FUNCTION libraries;
 * {@link io.glassbox.scripting.LuaSandbox} one Lua interpreter with Redis's sandbox;
 * {@link io.glassbox.scripting.RedisLib} the {@code redis.*} functions;
 * {@link io.glassbox.scripting.ScriptRun} one run (Redis's {@code scriptRunCtx});
 * {@link io.glassbox.scripting.ScriptingCommands} binds EVAL, SCRIPT, FUNCTION and FCALL and says
 * where a script call's keys are ({@code evalGetKeys}). {@link io.glassbox.scripting.LazyScripting}
 * makes it all on first use (the interpreters are not free) and is what the server core sees, as
 * {@link io.glassbox.server.ScriptRunner}: is a script busy, the function libraries, INFO's lines.
 * docs/scripting.md explains the script thread and what differs from Redis's Lua 5.1.
 */
package io.glassbox.scripting;
