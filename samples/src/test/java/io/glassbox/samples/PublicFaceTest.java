package io.glassbox.samples;

import io.glassbox.testkit.PublicFaceCheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The samples use only the engine's public face (io.glassbox.engine.PublicFace), read from the compiled classes. */
@Tag("unit")
class PublicFaceTest {
    @Test
    void usesOnlyTheEnginesPublicFace() {
        PublicFaceCheck.assertUsesOnlyThePublicFace("io.glassbox.samples", "the samples");
    }

    @Test
    void theFaceExcludesTheInternals() {
        PublicFaceCheck.assertTheFaceExcludesTheInternals();
    }
}
