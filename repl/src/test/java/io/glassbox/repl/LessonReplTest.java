package io.glassbox.repl;

import io.glassbox.course.Player;
import io.glassbox.course.lessons.Course;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lesson player as a learner drives it: lines typed into the REPL's real JLine LineReader. */
@Tag("unit")
class LessonReplTest {
    @TempDir Path tmp;
    private EngineFixture f;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.start();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private String type(String input) throws Exception {
        return TypedSession.type(f.engine, f.client, tmp.resolve("history"), input);
    }

    @Test
    void listsEveryChapterWithBothTitles() throws Exception {
        String out = type(":lang en\n:lesson\n");
        assertTrue(out.contains("  * 03  如何实现一个性能优异的Hash表？  ·  The hash table\n"), out);
        assertTrue(out.contains("    27  从MOVED、ASK看集群节点如何处理命令？  ·  MOVED and ASK  (no lesson yet)\n"), out);
        for (var l : Course.lessons()) for (int c : l.chapters()) assertTrue(out.contains(String.format("  * %02d  ", c)), l.id());
    }

    @Test
    void enterStepsThroughALessonBackReplaysAndEndGivesTheEngineBack() throws Exception {
        f.client.call("SELECT", "2");
        String out = type(":lang en\n:lesson 03\n\n\n:lesson back\n:dict 15\n:lesson end\nDBSIZE\n");
        assertTrue(out.contains("── Lesson 03 · The hash table · step 1 of 5 ──"), out);
        assertTrue(out.contains("lesson[15]> SET k4 v4\nOK\n"), out);
        assertTrue(out.contains("db 15: 4 keys"), "step 1 draws the dict: " + out);
        assertTrue(out.contains("step 3 of 5"), out);
        // back from step 3 replays steps 1 and 2: the dict is mid-rehash again, at the start
        int back = out.lastIndexOf("step 2 of 5");
        assertTrue(back > out.indexOf("step 3 of 5"), out);
        String afterBack = out.substring(back);
        assertTrue(afterBack.contains("db 15: 5 keys, rehashing table 0 -> table 1, rehashidx=0"), afterBack);
        assertTrue(out.contains("[03 2/5] 127.0.0.1:"), "the prompt shows the lesson's progress: " + out);
        assertTrue(out.contains("Lesson 03 ended: db 15 is empty again and the settings it changed are back (activerehashing)."), out);
        assertEquals(0, ((RespValue.Int) f.client.call("DBSIZE")).value());
        f.client.call("SELECT", "15");
        assertEquals(0, ((RespValue.Int) f.client.call("DBSIZE")).value(), "the lesson's db is empty again");
        assertEquals("yes", new String(((RespValue.Bulk) ((RespValue.Array) f.client.call("CONFIG", "GET", "activerehashing"))
                .items().get(1)).value(), StandardCharsets.UTF_8));
    }

    @Test
    void chineseSwitchedLiveRedrawsTheStep() throws Exception {
        String out = type(":lang en\n:lesson 05\n:lang zh\n:lesson auto 0\n");
        assertTrue(out.contains("step 1 of 5"), out);
        int zh = out.indexOf("语言：简体中文。");
        assertTrue(zh > 0, out);
        assertTrue(out.indexOf("第 05 讲 · 有序集合为何能同时支持点查询和范围查询？ · 第 1/5 步") > zh, "the step again, in Chinese: " + out);
        assertTrue(out.contains("第 5/5 步"), "auto-play ran to the end: " + out);
        assertTrue(out.contains("第 05 讲已结束"), "leaving the REPL ends the lesson: " + out);
    }

    @Test
    void ownCommandsThatMoveTheEngineAreNoticed() throws Exception {
        String out = type(":lang en\n:lesson 03\n\n:lesson next\nSELECT 15\nGET k3\nGET k4\n:lesson next\n:lesson redo\n:lesson next\n");
        assertTrue(out.contains("The engine is no longer where step 3 left it"), out);
        assertTrue(out.contains("rehashidx is"), "says what differs: " + out);
        assertTrue(out.contains("step 4 of 5"), "after redo, the lesson goes on: " + out);
    }

    @Test
    void aBusyLessonDatabaseIsNotTakenWithoutBeingAsked() throws Exception {
        f.client.call("SELECT", Integer.toString(Player.lessonDb(f.engine)));
        f.client.call("SET", "precious", "1");
        f.client.call("SELECT", "0");
        String out = type(":lang en\n:lesson 03\n");
        assertTrue(out.contains("Lesson 03 uses db 15, which holds 1 keys."), out);
        assertFalse(out.contains("step 1 of"), out);
        assertTrue(type(":lang en\n:lesson 03 flush\n").contains("step 1 of 5"));
    }

    @Test
    void pipedInputRunsALessonAndUnknownChaptersSaySo() throws Exception {
        Repl repl = new Repl(f.engine, f.client, "127.0.0.1");
        repl.eval(":lang en");
        String none = repl.eval(":lesson 27").text();
        assertTrue(none.startsWith("No lesson for chapter 27."), none);
        String usage = repl.eval(":lang fr").text();
        assertTrue(usage.startsWith("Usage: :lang zh|en"), usage);
        assertTrue(repl.eval(":lesson next").text().startsWith("No lesson is playing."));
    }
}
