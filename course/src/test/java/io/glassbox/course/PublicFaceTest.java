package io.glassbox.course;

import io.glassbox.testkit.PublicFaceCheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The course uses only the engine's public face (io.glassbox.engine.PublicFace), read from the compiled classes. */
@Tag("unit")
class PublicFaceTest {
    @Test
    void usesOnlyTheEnginesPublicFace() {
        PublicFaceCheck.assertUsesOnlyThePublicFace("io.glassbox.course", "the course");
    }

    @Test
    void theFaceExcludesTheInternals() {
        PublicFaceCheck.assertTheFaceExcludesTheInternals();
    }
}
