package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;

import java.util.List;

/**
 * The lessons, in chapter order: the one list the REPL's {@code :lesson} and the window's Course
 * panel show. A chapter whose mechanism Glassbox does not have yet has no lesson here. After the
 * chapters come the extra lessons, with a name for id ("acl") and no chapter: mechanisms the
 * course (Redis 5.0/6.0) has no chapter for; a front end lists them after the 32 chapters.
 */
public final class Course {
    private Course() {}

    /** Every lesson, by chapter. Built afresh: lessons hold no state, but a list per caller costs nothing. */
    public static List<Lesson> lessons() {
        return List.of(MapLesson.lesson(), StringLesson.lesson(), DictLesson.lesson(), ObjectLesson.lesson(), SkiplistLesson.lesson(),
                ListpackLesson.lesson(), StreamLesson.lesson(), StartLesson.lesson(), LoopLesson.lesson(), ThreadsLesson.lesson(), IoThreadsLesson.lesson(), LockLesson.lesson(), LruLesson.lesson(), LfuLesson.lesson(), LazyFreeLesson.lesson(), RdbLesson.lesson(),
                AofLesson.lesson(), ReplicationLesson.lesson(), SentinelLesson.lesson(), PubSubLesson.lesson(), BacklogLesson.lesson(), LatencyLesson.lesson(),
                ModuleLesson.lesson(), TestingLesson.lesson(), AclLesson.lesson(), TrackingLesson.lesson());
    }

    /**
     * The lesson for a chapter as typed: {@code 3}, {@code 03}, or a chapter a shared lesson serves
     * ({@code 10} for the event-loop lesson of 09-11). Null if none.
     */
    public static Lesson find(String chapter) {
        String t = chapter == null ? "" : chapter.strip();
        for (Lesson l : lessons()) if (l.id().equals(t)) return l;
        int n;
        try {
            n = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            return null;
        }
        for (Lesson l : lessons()) if (l.chapters().contains(n)) return l;
        return null;
    }
}
