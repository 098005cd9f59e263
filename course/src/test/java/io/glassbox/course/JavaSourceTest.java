package io.glassbox.course;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The code panel's source: a cited method's declaration, its comment included, from the engine's shipped sources. */
@Tag("unit")
class JavaSourceTest {
    @Test
    void aCitedMethodComesWithItsCommentAndWholeBody() {
        String s = JavaSource.method("engine.Engine.defaultConfig");
        assertNotNull(s);
        assertTrue(s.startsWith("/**"), s);
        assertTrue(s.contains("public static ConfigRegistry defaultConfig() {"), s);
        assertTrue(s.strip().endsWith("}"), s);
        assertNull(JavaSource.method("engine.Engine.noSuchMethod"));
        assertNull(JavaSource.method("nosuch.Klass.method"));
    }

    @Test
    void everyMethodALessonCitesIsFound() throws Exception {
        java.util.regex.Pattern cite = java.util.regex.Pattern.compile("cite\\(\"[^\"]+\", \"[^\"]+\", \"([^\"]+)\"\\)");
        List<String> missing = new ArrayList<>();
        int cites = 0;
        // every lesson's source, those in sub-packages too (lesson 31's module lives in lessons/tally)
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java/io/glassbox/course/lessons"))) {
            for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                var m = cite.matcher(java.nio.file.Files.readString(p));
                while (m.find()) {
                    cites++;
                    if (JavaSource.method(m.group(1)) == null) missing.add(m.group(1));
                }
            }
        }
        assertTrue(cites > 50, "the lessons cite: " + cites);
        assertEquals(List.of(), missing, "of " + cites + " citations");
    }
}
