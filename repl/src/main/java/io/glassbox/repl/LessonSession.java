package io.glassbox.repl;

import io.glassbox.course.Captions;
import io.glassbox.course.Exchange;
import io.glassbox.course.Lang;
import io.glassbox.course.Lesson;
import io.glassbox.course.Messages;
import io.glassbox.course.Player;
import io.glassbox.course.Shown;
import io.glassbox.course.Text;
import io.glassbox.course.View;
import io.glassbox.course.lessons.Course;
import io.glassbox.engine.Engine;
import io.glassbox.resp.SplitArgs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The REPL's lesson player: {@code :lesson} lists the course's lessons by chapter, {@code :lesson 05}
 * plays one on the REPL's engine (in its own database, see {@link io.glassbox.course.LessonRun}),
 * Enter or {@code :lesson next} runs the next step, {@code back}, {@code restart}, {@code redo},
 * {@code auto [ms]}, {@code end}; {@code :lang zh|en} switches the language of captions and
 * messages at once (and shows the current step again in it).
 *
 * <p>A step prints its heading, the commands it ran with their replies (as redis-cli prints them),
 * the view it names drawn from the engine's snapshots by the same renderers as {@code :dict},
 * {@code :skiplist}, {@code :encoding}, {@code :loop} and {@code :repl}, then its captions and the
 * C function and Java method it is about. The learner may type their own commands between steps;
 * if they move the engine away from the step, the next step says so instead of running.
 */
final class LessonSession {
    /** Auto-play's pause between steps when none is given. */
    static final int AUTO_MILLIS = 4000;

    private final Engine engine;
    private final Messages messages;
    private Player player;

    LessonSession(Engine engine, Messages messages) {
        this.engine = engine;
        this.messages = messages;
    }

    boolean playing() { return player != null; }

    Messages messages() { return messages; }

    /** A short mark for the prompt while a lesson plays: {@code [03 2/5] }. */
    String promptMark() {
        return player == null ? "" : "[" + player.lesson().id() + " " + player.position() + "/" + player.total() + "] ";
    }

    /** {@code :lesson ...} without a terminal (auto-play does not wait). */
    String run(String rest) {
        StringBuilder out = new StringBuilder();
        run(rest, out::append, null);
        return out.toString();
    }

    /**
     * {@code :lesson ...}; {@code waitKey} (auto-play at a terminal) waits up to its argument's
     * milliseconds for a key and returns it, or a negative number when none came.
     */
    void run(String rest, java.util.function.Consumer<String> out, java.util.function.IntUnaryOperator waitKey) {
        String[] w = rest.isBlank() ? new String[0] : rest.strip().split("\\s+");
        if (w.length == 0) {
            out.accept(list());
            return;
        }
        String verb = w[0].toLowerCase(java.util.Locale.ROOT);
        switch (verb) {
            case "next", "n" -> out.accept(player == null ? msg("player.notrunning") : show(player.next(false)));
            case "next!" -> out.accept(player == null ? msg("player.notrunning") : show(player.next(true)));
            case "back", "b" -> out.accept(player == null ? msg("player.notrunning") : show(player.back()));
            case "restart" -> out.accept(player == null ? msg("player.notrunning") : show(player.restart()));
            case "redo" -> out.accept(player == null ? msg("player.notrunning") : show(player.redo()));
            case "end", "stop", "quit" -> out.accept(end());
            case "auto" -> {
                if (player == null) {
                    out.accept(msg("player.notrunning"));
                    return;
                }
                int ms = AUTO_MILLIS;
                if (w.length > 1) {
                    try {
                        ms = Math.max(0, Integer.parseInt(w[1]));
                    } catch (NumberFormatException e) {
                        out.accept(msg("player.usage"));
                        return;
                    }
                }
                auto(ms, out, waitKey);
            }
            default -> out.accept(open(w[0], w.length > 1 && w[1].equalsIgnoreCase("flush")));
        }
    }

    /** Enter on an empty line while a lesson plays: the next step (or the end message). */
    String next() { return show(player.next(false)); }

    private void auto(int ms, java.util.function.Consumer<String> out, java.util.function.IntUnaryOperator waitKey) {
        if (waitKey != null) out.accept(msg("player.auto", ms));
        while (!player.finished()) {
            Shown s = player.next(false);
            out.accept(show(s));
            if (s.kind() != Shown.Kind.STEP || player.finished()) return;
            if (waitKey != null && waitKey.applyAsInt(ms) >= 0) {
                out.accept(msg("player.auto.stopped", player.position()));
                return;
            }
        }
    }

    private String open(String chapter, boolean flush) {
        if (player != null) return msg("player.already", player.lesson().id(), player.position(), player.total());
        Lesson l = Course.find(chapter);
        if (l == null) return msg("player.none", chapter) + list();
        List<Text> why = new ArrayList<>();
        Player p = Player.open(engine, l, flush, why);
        if (p == null) return render(why);
        player = p;
        return show(p.next());
    }

    /** Ends the lesson: the engine is given back as it was found. Also when the REPL ends. */
    String end() {
        if (player == null) return msg("player.notrunning");
        Player p = player;
        player = null;
        p.close();
        return msg("player.closed", p.lesson().id(), p.run().db(), String.join(", ", p.lesson().configs()));
    }

    /** {@code :lang zh|en}: switches at once, and shows the current step again in the new language. */
    String lang(String rest) {
        Lang l = Lang.parse(rest);
        if (l == null) return msg("player.lang.usage", messages.lang().name().toLowerCase(java.util.Locale.ROOT));
        messages.setLang(l);
        String again = player != null && player.current() != null ? show(player.current()) : "";
        return msg("player.lang") + again;
    }

    /** Every chapter of the course, with its titles in both languages; those with a lesson first in bold. */
    String list() {
        StringBuilder sb = new StringBuilder(msg("player.list.head"));
        List<Lesson> lessons = Course.lessons();
        for (int c = 1; c <= 32; c++) {
            Lesson l = null;
            for (Lesson x : lessons) if (!x.chapters().isEmpty() && x.chapters().get(0) == c) l = x;
            String id = String.format("%02d", c);
            boolean served = false;
            for (Lesson x : lessons) if (x.chapters().contains(c)) served = true;
            sb.append(served ? "  * " : "    ").append(id).append("  ")
              .append(messages.get(Lang.ZH, "ch." + id)).append("  \u00b7  ").append(messages.get(Lang.EN, "ch." + id));
            if (l != null) sb.append("\n          ").append(messages.get(l.summaryKey()));
            else if (!served) sb.append("  (").append(msg0("player.list.nolesson")).append(')');
            sb.append('\n');
        }
        // extra lessons: mechanisms the course has no chapter for (ACL, client-side caching), by id
        for (Lesson x : lessons) {
            if (!x.chapters().isEmpty()) continue;
            sb.append("  * ").append(x.id()).append("  ").append(messages.get(Lang.ZH, x.titleKey())).append("  \u00b7  ")
              .append(messages.get(Lang.EN, x.titleKey())).append("\n          ").append(messages.get(x.summaryKey())).append('\n');
        }
        return sb.toString();
    }

    /** A step as the REPL prints it. */
    String show(Shown s) {
        StringBuilder sb = new StringBuilder();
        if (s.kind() == Shown.Kind.STEP) {
            sb.append("\u2500\u2500 ").append(Captions.heading(s, messages)).append(" \u2500\u2500\n");
            for (Exchange e : s.exchanges()) {
                sb.append(e.node() == null ? "lesson[" + Player.lessonDb(engine) + "]> " : e.node() + "> ")
                  .append(e.line()).append('\n').append(ReplyFormatter.tty(e.reply()));
            }
            sb.append(view(s.view()));
            for (io.glassbox.course.Text t : s.captions()) sb.append("  \u00bb ").append(t.render(messages)).append('\n');
            for (io.glassbox.course.Cite c : s.cites()) {
                sb.append("    \u21b3 ").append(messages.get("player.redis", c.cFile(), c.cFunction())).append("  \u00b7  ")
                  .append(messages.get("player.java", c.javaMethod())).append('\n');
            }
        } else {
            sb.append(Captions.render(s, messages));
        }
        return sb.toString();
    }

    /** The view a step names, drawn now from the engine it names. */
    static String view(View v) {
        if (v == null || v.kind() == View.Kind.NONE || v.engine() == null) return "";
        Engine e = v.engine();
        byte[] key = v.key() == null ? null : v.key().getBytes(StandardCharsets.UTF_8);
        return switch (v.kind()) {
            case DICT -> DictText.render(v.db(), e.hooks().dictSnapshot(v.db()).join());
            case SKIPLIST -> {
                var s = e.hooks().skiplistSnapshot(v.db(), key).join();
                yield s == null ? "" : SkipListText.render(SplitArgs.repr(key), s,
                        v.member() == null ? null : v.member().getBytes(StandardCharsets.UTF_8));
            }
            case ENCODING -> {
                var s = e.hooks().valueSnapshot(v.db(), key).join();
                yield s == null ? "" : EncodingText.render(SplitArgs.repr(key), s);
            }
            case LOOP -> LoopText.render(e.hooks().recentTicks().join(), 8, e.controls().isPaused(), "");
            case REPLICATION -> ReplicationText.render(e.hooks().replicationSnapshot().join());
            case STREAM -> {
                var s = e.hooks().streamSnapshot(v.db(), key).join();
                yield s == null ? "" : RaxText.render(SplitArgs.repr(key), s);
            }
            case NONE, MEMORY, ACCESS -> ""; // the window's Memory and ACL tabs; the captions say it here
        };
    }

    private String render(List<Text> texts) {
        StringBuilder sb = new StringBuilder();
        for (Text t : texts) sb.append(t.render(messages)).append('\n');
        return sb.toString();
    }

    private String msg(String key, Object... args) { return messages.get(key, args) + "\n"; }

    private String msg0(String key) { return messages.get(key); }
}
