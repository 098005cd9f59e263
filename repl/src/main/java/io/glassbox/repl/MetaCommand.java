package io.glassbox.repl;

import org.jline.reader.LineReader;

import java.util.List;

/**
 * One REPL meta-command ({@code :dict}, {@code :skiplist}, ...), described once: its name, its
 * lines in {@code :help}, whether it needs the in-process engine, what it prints, and, for the two
 * that take over the terminal ({@code :watch}, {@code :lesson}), what it does there. {@link #ALL} is
 * the only list of them: {@link Repl#meta} dispatches through it, {@link #helpText()} is the
 * {@code :help} text and {@link CommandCompleter} completes from it, so a new meta-command is one
 * entry here and cannot be missing from any of the three. (The same idea as Redis's command table,
 * from which COMMAND DOCS, arity checks and ACL categories are derived.)
 *
 * @param name        the word typed, with its colon
 * @param synopsis    the left column of {@code :help}: the name and its arguments
 * @param help        the right column of {@code :help}, one string per printed line
 * @param needsEngine true when it looks inside the in-process engine, so {@code ./glassbox cli}
 *                    (a RESP connection to any server) answers that it cannot
 * @param action      what it prints when a line runs it (also under {@code :watch})
 * @param atTerminal  its interactive form at a terminal, or null when the printed form is all
 */
record MetaCommand(String name, String synopsis, List<String> help, boolean needsEngine, Action action,
                   TerminalForm atTerminal) {

    /** Runs the meta-command: {@code words} is the line split at blanks, {@code rest} the line after the name. */
    interface Action {
        String run(Repl repl, String[] words, String rest);
    }

    /** The form for a person at a terminal: may wait for keys or Enter; prints to the reader's terminal. */
    interface TerminalForm {
        void run(Repl repl, String rest, LineReader reader);
    }

    /** Where the right column of {@code :help} starts. */
    private static final int HELP_COLUMN = 23;

    static final List<MetaCommand> ALL = List.of(
            printed(":help", ":help", false, (r, w, rest) -> helpText(),
                    "this list"),
            printed(":dict", ":dict [db]", true, (r, w, rest) -> r.dict(w),
                    "the keyspace dict of db (default: the selected db): both hash",
                    "tables, each bucket's chain, and the rehash cursor"),
            printed(":skiplist", ":skiplist KEY [M]", true, (r, w, rest) -> r.skiplist(w),
                    "a sorted set's skiplist as towers by level, with spans; with a",
                    "member M, the search path zslGetRank takes to it"),
            printed(":encoding", ":encoding KEY", true, (r, w, rest) -> r.encoding(w),
                    "the value's structure and bytes: listpack entries (encoding byte,",
                    "backlen), intset, quicklist nodes, hashtable sizes"),
            printed(":loop", ":loop [N]", true, (r, w, rest) -> r.loop(w),
                    "the last N ticks of the event loop (default 20) with their phases"),
            new MetaCommand(":watch", ":watch :VIEW ...", List.of(
                    "redraw a view (:dict, :skiplist, :encoding, :loop) live as the",
                    "engine works; Enter or Ctrl-C stops"), true,
                    // without a terminal there is nothing to redraw: the view is shown once
                    (r, w, rest) -> w.length < 2 ? "Usage: :watch <meta-command>, e.g. :watch :dict\n" : r.meta(rest),
                    (r, rest, reader) -> TerminalWatch.run(r, reader.getTerminal(), rest)),
            printed(":pause", ":pause", true, (r, w, rest) -> r.pause(),
                    "freeze the loop after this tick (clients wait)"),
            printed(":step", ":step [N]", true, (r, w, rest) -> r.step(w),
                    "run N ticks (default 1), then freeze again"),
            printed(":resume", ":resume", true, (r, w, rest) -> r.resume(),
                    "run freely again"),
            printed(":slow", ":slow [ms|off]", true, (r, w, rest) -> r.slow(w),
                    "slow motion: a pause of ms after every tick, one rehash step per cron run"),
            new MetaCommand(":lesson", ":lesson [NN|VERB]", List.of(
                    "the course's lessons by chapter; :lesson NN plays one on this",
                    "engine (db 15); Enter or :lesson next, back, restart, redo,",
                    "auto [ms], end drive it"), true,
                    (r, w, rest) -> r.lesson(rest),
                    (r, rest, reader) -> r.lesson(rest, reader)),
            printed(":lang", ":lang zh|en", true, (r, w, rest) -> r.lang(rest),
                    "the language of lessons: 中文 or English (default: the system's)"),
            printed(":viz", ":viz", true, (r, w, rest) -> r.viz(),
                    "open the visualizer window on this engine (JavaFX)"),
            printed(":rax", ":rax KEY", true, (r, w, rest) -> r.rax(w),
                    "a stream's radix tree: nodes, compressed runs, each node's listpack"),
            printed(":evict", ":evict", true, (r, w, rest) -> r.evict(),
                    "maxmemory: used memory against the limit, the policy, and the",
                    "eviction pool's candidates with their idle time or LFU counter"),
            printed(":repl", ":repl [N]", true, (r, w, rest) -> r.replication(w),
                    "replication: role, offsets, each replica's ack and lag, the backlog ring"),
            printed(":node", ":node ...", true, (r, w, rest) -> r.node(rest),
                    "more nodes in this JVM: :node new replica, :node N COMMAND (see :node)"),
            printed(":acl", ":acl [USER]", false, (r, w, rest) -> r.acl(w),
                    "ACL: who is connected as whom, what a user (default: this",
                    "connection's) may run, and the last refusals of the ACL LOG"));

    private static MetaCommand printed(String name, String synopsis, boolean needsEngine, Action action, String... help) {
        return new MetaCommand(name, synopsis, List.of(help), needsEngine, action, null);
    }

    /** The meta-command called {@code name} (with its colon), or null. */
    static MetaCommand find(String name) {
        for (MetaCommand m : ALL) {
            if (m.name.equals(name)) return m;
        }
        return null;
    }

    /** The {@code :help} text: every entry of {@link #ALL} in order, synopsis left, help right. */
    static String helpText() {
        StringBuilder sb = new StringBuilder("Meta-commands (everything else is sent to the engine as a Redis command):\n");
        for (MetaCommand m : ALL) {
            String left = "  " + m.synopsis;
            sb.append(left).append(" ".repeat(Math.max(1, HELP_COLUMN - left.length()))).append(m.help.get(0)).append('\n');
            for (String more : m.help.subList(1, m.help.size())) sb.append(" ".repeat(HELP_COLUMN)).append(more).append('\n');
        }
        return sb.append("quit, exit or Ctrl-D leave; Ctrl-C clears the line; Tab completes commands and keys.\n").toString();
    }
}
