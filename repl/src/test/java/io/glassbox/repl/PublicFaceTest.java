package io.glassbox.repl;

import io.glassbox.testkit.PublicFaceCheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The REPL use only the engine's public face (io.glassbox.engine.PublicFace), read from the compiled classes. */
@Tag("unit")
class PublicFaceTest {
    @Test
    void usesOnlyTheEnginesPublicFace() {
        // the course (io.glassbox.course) is a module above the engine, checked by its own PublicFaceTest
        PublicFaceCheck.assertUsesOnlyThePublicFace("io.glassbox.repl", "the REPL", "io.glassbox.course.");
    }

    @Test
    void theFaceExcludesTheInternals() {
        PublicFaceCheck.assertTheFaceExcludesTheInternals();
    }
}
