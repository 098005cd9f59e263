package io.glassbox.visualizer;

import io.glassbox.course.Lang;
import io.glassbox.course.Messages;
import io.glassbox.hooks.EngineEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of hook event has a caption in both languages, never the raw record: each kind the
 * engine declares is built (its fields filled) and captioned in English and Chinese.
 */
@Tag("unit")
class EventCaptionsTest {
    @Test
    void everyKindOfEventHasACaptionInBothLanguages() throws Exception {
        Messages en = new Messages(Lang.EN), zh = new Messages(Lang.ZH);
        List<String> raw = new ArrayList<>();
        int kinds = 0;
        for (Class<?> k : EngineEvent.class.getPermittedSubclasses()) {
            for (EngineEvent e : instances(k)) {
                kinds++;
                String a = Captions.describe(e, en), b = Captions.describe(e, zh);
                if (a.contains(k.getSimpleName() + "[") || a.contains("(an event the window has no caption for yet)") || a.contains("\u2039")) raw.add("EN " + a);
                if (b.contains(k.getSimpleName() + "[") || b.contains("\u2039")
                    || b.codePoints().noneMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) raw.add("ZH " + b);
                assertFalse(a.equals(b), "two languages: " + a);
            }
        }
        assertTrue(kinds >= EngineEvent.class.getPermittedSubclasses().length);
        assertEquals(List.of(), raw);
    }

    /** One event of this kind with every field set (and one per constant of an enum field: a quicklist node's four changes). */
    private static List<EngineEvent> instances(Class<?> k) throws Exception {
        RecordComponent[] rc = k.getRecordComponents();
        Class<?>[] types = new Class<?>[rc.length];
        for (int i = 0; i < rc.length; i++) types[i] = rc[i].getType();
        Constructor<?> c = k.getDeclaredConstructor(types);
        List<EngineEvent> out = new ArrayList<>();
        Object[] constants = null;
        for (Class<?> t : types) if (t.isEnum()) constants = t.getEnumConstants();
        for (int v = 0; v < (constants == null ? 1 : constants.length); v++) {
            Object[] args = new Object[rc.length];
            for (int i = 0; i < rc.length; i++) {
                Class<?> t = types[i];
                args[i] = t == long.class ? 3L : t == int.class ? 3 : t == double.class ? 1.5 : t == boolean.class ? true
                        : t == String.class ? "started" : t == byte[].class ? "k".getBytes() : t == byte[][].class ? new byte[][] {"k".getBytes()}
                        : t == long[].class ? new long[] {0} : t.isEnum() ? constants[v] : null;
            }
            out.add((EngineEvent) c.newInstance(args));
        }
        return out;
    }
}
