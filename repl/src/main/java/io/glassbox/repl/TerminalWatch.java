package io.glassbox.repl;

import io.glassbox.hooks.Subscription;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp;
import org.jline.utils.NonBlockingReader;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code :watch :VIEW ...}: redraws a meta-command's view whenever the engine does something, until
 * a key is pressed. Events only mark the view dirty (the subscription's thread never draws); the
 * REPL thread redraws at most every {@link #FRAME_MILLIS}, so a flood of events costs one redraw
 * per frame, and commands from other clients (redis-cli on the same port) show up live.
 */
final class TerminalWatch {
    static final long FRAME_MILLIS = 100;

    private TerminalWatch() {}

    static void run(Repl repl, Terminal terminal, String view) {
        PrintWriter out = terminal.writer();
        // a meta-command with a terminal form of its own (:watch, :demo) takes the terminal itself
        MetaCommand m = MetaCommand.find(view.split("\\s+", 2)[0]);
        if (!view.startsWith(":") || (m != null && m.atTerminal() != null)) {
            out.print("Usage: :watch <view>, e.g. :watch :dict, :watch :skiplist myzset, :watch :loop 10\n");
            out.flush();
            return;
        }
        AtomicBoolean dirty = new AtomicBoolean(true);
        Attributes saved = terminal.enterRawMode();
        try (Subscription s = repl.engine().hooks().subscribe(e -> dirty.set(true), 256)) {
            NonBlockingReader keys = terminal.reader();
            while (true) {
                if (dirty.getAndSet(false)) {
                    String text = repl.meta(view);
                    terminal.puts(InfoCmp.Capability.clear_screen);
                    out.print(("watching " + view + "  (any key stops)\n\n" + text).replace("\n", "\r\n"));
                    out.flush();
                }
                int c = keys.read(FRAME_MILLIS);
                if (c >= 0 || c == NonBlockingReader.EOF) break;
            }
        } catch (IOException e) {
            out.print("watch stopped: " + e.getMessage() + "\n");
        } finally {
            terminal.setAttributes(saved);
            out.print("\n");
            out.flush();
        }
    }
}
