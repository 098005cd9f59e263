package io.glassbox.course;

import io.glassbox.engine.Engine;

import io.glassbox.course.lessons.Course;
import io.glassbox.ds.dict.DictSnapshot;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Back and restart replay the engine to a step's state; drift is noticed; the engine is given back. */
@Tag("unit")
class PlayerTest {
    private EngineFixture f;
    private Player p;

    @BeforeEach
    void start() throws Exception {
        f = EngineFixture.start();
        p = Player.open(f.engine, Course.find("03"), false, new ArrayList<>());
        assertNotNull(p);
    }

    @AfterEach
    void stop() {
        p.close();
        f.close();
    }

    private DictSnapshot<byte[]> dict() { return f.engine.hooks().dictSnapshot(Player.lessonDb(f.engine)).join(); }

    @Test
    void backReplaysTheEngineToThePreviousStep() {
        for (int i = 0; i < 4; i++) assertEquals(Shown.Kind.STEP, p.next().kind());
        assertFalse(dict().isRehashing(), "step 4 finished the rehash");
        assertEquals(8, dict().ht0().size());
        Shown s = p.back();
        assertEquals(3, s.step());
        assertEquals(3, p.position());
        // the engine is where step 3 leaves it: one GET into the rehash of 5 keys from 4 buckets to 8
        DictSnapshot<byte[]> d = dict();
        assertEquals(5, d.size());
        assertEquals(List.of(), p.check());
        assertEquals(8, d.isRehashing() ? d.ht1().size() : d.ht0().size());
        assertEquals("no", LessonRun.strings(f.client.call("CONFIG", "GET", "activerehashing")).get(1),
                "the replay ran step 1 again, which turns active rehashing off");
        assertEquals(4, p.next().step(), "and the lesson goes on from there");
    }

    @Test
    void restartRunsTheFirstStepOnAFreshDatabase() {
        p.next();
        p.next();
        p.next();
        Shown s = p.restart();
        assertEquals(1, s.step());
        DictSnapshot<byte[]> d = dict();
        assertEquals(4, d.size());
        assertEquals(4, d.ht0().size());
        assertFalse(d.isRehashing());
        assertEquals(List.of(), p.check());
    }

    @Test
    void theLearnersOwnCommandsAreNoticedAndRedoPutsTheStepBack() {
        p.next();
        p.next(); // mid-rehash, rehashidx as the step recorded
        f.client.call("SELECT", Integer.toString(Player.lessonDb(f.engine)));
        f.client.call("GET", "k1");
        f.client.call("GET", "k2");
        f.client.call("GET", "k3");
        assertFalse(p.check().isEmpty(), "three lookups moved the rehash on");
        Shown drift = p.next();
        assertEquals(Shown.Kind.DRIFT, drift.kind());
        assertEquals(2, p.position(), "nothing ran");
        assertFalse(drift.problems().isEmpty());
        assertEquals(2, p.redo().step());
        assertEquals(List.of(), p.check());
        assertEquals(Shown.Kind.STEP, p.next().kind());
    }

    @Test
    void closingMidLessonGivesTheEngineBack() {
        p.next();
        assertEquals("no", LessonRun.strings(f.client.call("CONFIG", "GET", "activerehashing")).get(1));
        p.close();
        assertEquals("yes", LessonRun.strings(f.client.call("CONFIG", "GET", "activerehashing")).get(1));
        assertEquals(0, dict().size());
    }

    @Test
    void aDatabaseWithKeysIsNotTakenUnlessAsked() {
        p.close();
        f.client.call("SELECT", Integer.toString(Player.lessonDb(f.engine)));
        f.client.call("SET", "precious", "1");
        List<Text> why = new ArrayList<>();
        assertNull(Player.open(f.engine, Course.find("03"), false, why));
        assertEquals("player.db.busy", why.get(0).key());
        assertEquals(1, dict().size(), "the key is still there");
        p = Player.open(f.engine, Course.find("3"), true, why);
        assertNotNull(p);
        assertEquals(0, dict().size());
    }

    @Test
    void chaptersAreFoundByNumberAndSharedLessonsByAnyOfTheirChapters() {
        assertEquals("03", Course.find("3").id());
        assertEquals("10", Course.find("09").id());
        assertEquals("10", Course.find("11").id());
        assertEquals("22", Course.find("24").id()); // the Sentinel lesson serves 22-24
        assertNull(Course.find("99"));
        assertNull(Course.find("x"));
        for (Lesson l : Course.lessons()) assertTrue(l.steps().size() >= 3, l.id());
    }

    @Test
    void extraLessonsAreFoundByNameAndServeNoChapter() {
        assertEquals("acl", Course.find("acl").id());
        assertTrue(Course.find("csc").chapters().isEmpty());
    }

    /** Back in a lesson on an engine of its own with a hand-moved clock: the engine is started again and the clock replayed. */
    @Test
    void backInTheLfuLessonReplaysOnAFreshEngineOfItsOwn() {
        p.close();
        p = Player.open(f.engine, Course.find("16"), false, new ArrayList<>());
        assertNotNull(p);
        for (int i = 0; i < 4; i++) assertEquals(Shown.Kind.STEP, p.next().kind(), "step " + (i + 1));
        Engine first = p.run().nodes().get(0).engine();
        Shown s = p.back();
        assertEquals(3, s.step());
        assertEquals(1, p.run().nodes().size());
        assertNotSame(first, p.run().nodes().get(0).engine(), "a new engine of the lesson's own");
        assertEquals(List.of(), p.check());
        // step 3 left page:linear at 105 (factor 0 counts every read) and the clock unmoved
        assertEquals(105, LessonRun.integer(p.run().nodes().get(0).client().call("OBJECT", "FREQ", "page:linear")));
    }
}
