package io.glassbox.ds.dict;

/**
 * Whether dicts may grow freely: Redis's {@code dict_can_resize} with
 * {@code dictEnableResize()} / {@code dictDisableResize()} and {@code dict_force_resize_ratio}.
 *
 * <h2>Why a policy at all</h2>
 * While a child process writes an RDB or rewrites the AOF, the parent and the child share memory
 * pages copy-on-write. Growing a hash table allocates a new bucket array and rehashing then
 * touches every entry's {@code next} pointer, copying pages the child still reads; the fork's
 * memory cost can double. So during a background save Redis <em>avoids</em> resizing: a table
 * grows only once it is badly overloaded (more than {@link #FORCE_RESIZE_RATIO} entries per
 * bucket on average), because at that point long chains hurt more than copied pages.
 *
 * <p>Redis keeps this in a process-wide static. Glassbox keeps no globals: the server creates one
 * policy object and hands it to every dict it builds, then flips it around a fork
 * ({@code updateDictResizePolicy} in {@code server.c}). One field, read once per insertion.
 */
public final class DictResizePolicy {

    /** {@code dict_force_resize_ratio}: in AVOID mode a table still grows past this load factor. */
    public static final int FORCE_RESIZE_RATIO = 5;

    /** The two modes of Redis 7.0 ({@code dict_can_resize} 1 or 0). */
    public enum Mode {
        /** Grow at load factor 1, shrink when asked: the normal case. */
        ENABLE,
        /** A child is saving: grow only beyond {@link #FORCE_RESIZE_RATIO}; never shrink. */
        AVOID
    }

    private Mode mode;

    public DictResizePolicy(Mode mode) {
        this.mode = mode;
    }

    /** A fresh policy in {@link Mode#ENABLE}. */
    public static DictResizePolicy enabled() {
        return new DictResizePolicy(Mode.ENABLE);
    }

    /** {@code dictEnableResize()}. */
    public void enable() {
        mode = Mode.ENABLE;
    }

    /** {@code dictDisableResize()}: the AVOID mode. */
    public void avoid() {
        mode = Mode.AVOID;
    }

    public Mode mode() {
        return mode;
    }

    /** {@code dict_can_resize}. */
    public boolean canResize() {
        return mode == Mode.ENABLE;
    }
}
