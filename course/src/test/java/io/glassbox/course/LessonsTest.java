package io.glassbox.course;

import io.glassbox.course.lessons.Course;
import io.glassbox.resp.RespValue;
import io.glassbox.testkit.EngineFixture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every lesson, headless, in both languages, from its first step to its last: each step runs, its
 * check finds the engine in the state its captions describe, every text renders in the language
 * (no key missing), and closing gives the engine back as the lesson found it (the learner's
 * selected database, its keys elsewhere, the settings the lesson changed).
 */
@Tag("unit")
class LessonsTest {
    static Stream<Arguments> lessonsAndLanguages() {
        List<Arguments> out = new ArrayList<>();
        // LESSON_ONLY=15,16 runs only those (while writing a lesson); unset, every lesson runs
        String only = System.getenv("LESSON_ONLY");
        for (Lesson l : Course.lessons()) {
            if (only != null && !List.of(only.split(",")).contains(l.id())) continue;
            for (Lang lang : Lang.values()) out.add(Arguments.of(l.id(), lang));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "lesson {0} in {1}")
    @MethodSource("lessonsAndLanguages")
    void runsFromFirstToLastStep(String id, Lang lang) throws Exception {
        Lesson lesson = Course.find(id);
        Messages m = new Messages(lang);
        try (EngineFixture f = EngineFixture.start()) {
            // the learner's session: a key in db 0, db 3 selected, the settings as configured
            f.client.call("SET", "mine", "1");
            f.client.call("SELECT", "3");
            List<String> before = configs(f, lesson);
            List<Text> why = new ArrayList<>();
            Player p = Player.open(f.engine, lesson, false, why);
            assertNotNull(p, String.valueOf(why));
            int steps = 0;
            while (!p.finished()) {
                Shown s = p.next();
                assertEquals(Shown.Kind.STEP, s.kind(), () -> render(m, s.captions()));
                assertEquals(++steps, s.step());
                assertFalse(s.captions().isEmpty(), "step " + steps + " has a caption");
                assertFalse(s.cites().isEmpty(), "step " + steps + " cites the C and the Java");
                for (Cite c : s.cites()) assertJavaMethodExists(c);
                for (Cite c : s.cites()) assertTrue(c.cFile().endsWith(".c") || c.cFile().endsWith(".h") || c.cFile().endsWith(".tcl"), c.toString());
                String text = render(m, s.captions());
                assertFalse(text.contains("\u2039"), "a key is missing: " + text);
                if (lang == Lang.ZH) assertTrue(text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN), text);
                if (System.getenv("LESSON_PRINT") != null) System.out.println(Captions.render(s, m));
                List<Text> problems = p.check();
                assertEquals(List.of(), problems, "step " + steps + ": " + render(m, problems) + "\n" + text);
            }
            assertEquals(lesson.steps().size(), steps);
            assertEquals(Shown.Kind.END, p.next().kind());
            p.close();
            assertEquals(before, configs(f, lesson), "settings restored");
            assertEquals(0, ((RespValue.Int) f.client.call("DBSIZE")).value(), "db 3 untouched");
            f.client.call("SELECT", "0");
            assertEquals(1, ((RespValue.Int) f.client.call("DBSIZE")).value(), "db 0 untouched");
            f.client.call("SELECT", Integer.toString(Player.lessonDb(f.engine)));
            assertEquals(0, ((RespValue.Int) f.client.call("DBSIZE")).value(), "the lesson's db is empty again");
        }
    }

    /** A citation names a real method of the engine: {@code ds.dict.Dict.rehashStep} is io.glassbox.ds.dict.Dict's. */
    static void assertJavaMethodExists(Cite c) {
        String m = c.javaMethod();
        int dot = m.lastIndexOf('.');
        String cls = "io.glassbox." + m.substring(0, dot), method = m.substring(dot + 1);
        try {
            for (Class<?> k = Class.forName(cls); k != null; k = k.getSuperclass()) {
                for (java.lang.reflect.Method d : k.getDeclaredMethods()) if (d.getName().equals(method)) return;
                for (java.lang.reflect.Constructor<?> d : k.getDeclaredConstructors()) if (k.getSimpleName().equals(method)) return;
            }
        } catch (ClassNotFoundException e) {
            throw new AssertionError("cited class " + cls + " does not exist (" + c + ")");
        }
        throw new AssertionError("cited method " + method + " is not in " + cls + " (" + c + ")");
    }

    static List<String> configs(EngineFixture f, Lesson l) {
        List<String> out = new ArrayList<>();
        for (String c : l.configs()) out.addAll(LessonRun.strings(f.client.call("CONFIG", "GET", c)));
        return out;
    }

    static String render(Messages m, List<Text> texts) {
        StringBuilder sb = new StringBuilder();
        for (Text t : texts) sb.append(t.render(m)).append('\n');
        return sb.toString();
    }
}
