package io.glassbox.course;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both languages have every string, and every key the code names exists. */
@Tag("unit")
class MessagesTest {
    private final Messages m = new Messages(Lang.EN);

    @Test
    void everyKeyExistsInBothLanguages() {
        Set<String> en = m.keys(Lang.EN), zh = m.keys(Lang.ZH);
        assertTrue(en.size() > 50, "the English bundle was read: " + en.size());
        Set<String> onlyEn = new TreeSet<>(en);
        onlyEn.removeAll(zh);
        Set<String> onlyZh = new TreeSet<>(zh);
        onlyZh.removeAll(en);
        assertEquals(Set.of(), onlyEn, "keys missing in Chinese");
        assertEquals(Set.of(), onlyZh, "keys missing in English");
    }

    @Test
    void everyChapterHasATitleInBothLanguages() {
        for (int c = 1; c <= 32; c++) {
            String key = String.format("ch.%02d", c);
            assertTrue(m.has(Lang.EN, key) && m.has(Lang.ZH, key), key);
        }
        assertEquals("如何实现一个性能优异的Hash表？", m.get(Lang.ZH, "ch.03"));
    }

    /** Every message key quoted in the course's sources ("l03.s1.intro", "player.end", ...) is in both bundles. */
    @Test
    void everyKeyTheCodeNamesExists() throws IOException {
        Pattern quoted = Pattern.compile("\"((?:l\\d\\d|lacl|lcsc|player|check|ch)\\.[A-Za-z0-9_.]*[A-Za-z0-9_])\"");
        Set<String> missing = new TreeSet<>();
        int found = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                Matcher mt = quoted.matcher(Files.readString(p, StandardCharsets.UTF_8));
                while (mt.find()) {
                    found++;
                    String key = mt.group(1);
                    if (key.endsWith(".")) continue;
                    for (Lang l : Lang.values()) if (!m.has(l, key)) missing.add(l + " " + key);
                }
            }
        }
        assertTrue(found > 20, "keys were found in the sources: " + found);
        assertEquals(Set.of(), missing);
    }

    @Test
    void placeholdersListsAndNestedTexts() {
        Messages zh = new Messages(Lang.ZH);
        String s = zh.get("l03.move", "GET k1", 0, 3, java.util.List.of(0, 2), 2, 1);
        assertEquals("GET k1：rehashidx 从 0 变为 3。把 0 号表的第 0、2 号桶（2 个键）迁到了 1 号表，途中跳过了 1 个空桶。", s);
        assertEquals("‹no.such.key›", zh.get("no.such.key"));
        zh.setLang(Lang.EN);
        assertFalse(zh.get("player.start").contains("第"), "switched live");
        assertEquals(Lang.ZH, Lang.parse("zh-CN"));
        assertEquals(Lang.EN, Lang.parse("EN"));
        assertEquals(Lang.ZH, Lang.of(java.util.Locale.TAIWAN));
    }
}
