package io.glassbox.visualizer;

import io.glassbox.testkit.PublicFaceCheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The visualizer use only the engine's public face (io.glassbox.engine.PublicFace), read from the compiled classes. */
@Tag("unit")
class PublicFaceTest {
    @Test
    void usesOnlyTheEnginesPublicFace() {
        // the course (io.glassbox.course) is a module above the engine, checked by its own PublicFaceTest
        PublicFaceCheck.assertUsesOnlyThePublicFace("io.glassbox.visualizer", "the visualizer", "io.glassbox.course.");
    }

    @Test
    void theFaceExcludesTheInternals() {
        PublicFaceCheck.assertTheFaceExcludesTheInternals();
    }
}
