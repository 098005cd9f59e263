/**
 * The terminal REPL: redis-cli's interactive mode ({@code redis-cli.c}) pointed at an engine that
 * runs in the same process, so a learner can type commands and, with meta-commands, look at the
 * structures those commands change.
 *
 * <p>The REPL uses only the engine's public face: {@code Engine} to start it, a {@code LocalClient}
 * to send commands (exactly as a network client would, through the same event loop), and read-only
 * snapshots taken on the loop thread for the meta-commands. It never reaches behind them.
 *
 * <ul>
 *   <li>{@link io.glassbox.repl.ReplMain}: argument handling and engine start ({@code main}).</li>
 *   <li>{@link io.glassbox.repl.Repl}: the read-eval-print loop, meta-commands.</li>
 *   <li>{@link io.glassbox.repl.ReplyFormatter}: {@code cliFormatReplyTTY} and {@code cliFormatReplyRaw}.</li>
 *   <li>{@link io.glassbox.repl.CommandCompleter}: Tab completion from COMMAND LIST and SCAN.</li>
 *   <li>{@link io.glassbox.repl.DictView}: {@code :dict}, a keyspace dict drawn as text.</li>
 * </ul>
 */
package io.glassbox.repl;
