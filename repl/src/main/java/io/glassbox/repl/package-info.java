/**
 * The terminal REPL: redis-cli's interactive mode ({@code redis-cli.c}: {@code repl()},
 * {@code cliFormatReplyTTY}, {@code cliFormatReplyRaw}, the hints of {@code cliInitHelp}) pointed at
 * an engine that runs in the same process, so a learner can type commands and, with meta-commands,
 * look at the structures those commands change. {@code ./glassbox cli} is the same prompt over a
 * socket to any server, where only the redis-cli part applies.
 *
 * <p>The REPL uses only the engine's public face: {@code Engine} to start it, a {@code LocalClient}
 * to send commands (exactly as a network client would, through the same event loop), and read-only
 * snapshots the hooks take on the loop thread between commands. It never reaches behind them, and
 * a snapshot never moves what it shows (looking a key up takes no rehash step).
 *
 * <ul>
 *   <li>{@link io.glassbox.repl.ReplMain}, {@link io.glassbox.repl.CliMain}: options, engine start, piped mode.</li>
 *   <li>{@link io.glassbox.repl.Repl}: the read-eval-print loop; commands held while the loop is paused.</li>
 *   <li>{@link io.glassbox.repl.MetaCommand}: the one table of meta-commands, from which dispatch,
 *       {@code :help} and Tab completion are derived (as Redis derives COMMAND DOCS from its table).</li>
 *   <li>{@link io.glassbox.repl.ReplyFormatter}: {@code cliFormatReplyTTY} and {@code cliFormatReplyRaw}.</li>
 *   <li>{@link io.glassbox.repl.CommandCompleter}, {@link io.glassbox.repl.ReplHighlighter},
 *       {@link io.glassbox.repl.CommandDocs}: completion from COMMAND LIST and SCAN, hints from COMMAND DOCS.</li>
 *   <li>The text drawings, pure functions of a snapshot: {@link io.glassbox.repl.DictText} ({@code :dict}),
 *       {@link io.glassbox.repl.SkipListText}, {@link io.glassbox.repl.EncodingText},
 *       {@link io.glassbox.repl.LoopText}, {@link io.glassbox.repl.RaxText},
 *       {@link io.glassbox.repl.ReplicationText}. The visualizer draws the same things on a canvas
 *       ({@code DictView}, {@code SkipListView}, {@code ReplicationView}).</li>
 *   <li>{@link io.glassbox.repl.TerminalWatch}: {@code :watch}, a drawing redrawn live, at most one
 *       frame per 100 ms however many events arrive.</li>
 *   <li>{@link io.glassbox.repl.Nodes}, {@link io.glassbox.repl.Demos}: extra engines in this JVM
 *       ({@code :node}) and the teaching scripts ({@code :demo}).</li>
 * </ul>
 *
 * <p>Differences from redis-cli: an unclosed quote continues on the next line instead of failing;
 * no subscribe mode, {@code --pipe}, {@code --scan} or repeat options.
 */
package io.glassbox.repl;
