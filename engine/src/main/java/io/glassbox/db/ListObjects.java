package io.glassbox.db;

import io.glassbox.ds.quicklist.PackedThreshold;
import io.glassbox.ds.quicklist.Quicklist;

/**
 * Creating list values (object.c's createQuicklistObject, t_list.c's listType* helpers).
 *
 * <p>In Redis 7.0 every list is a quicklist, whatever its size: OBJECT ENCODING always says
 * {@code quicklist} (7.2 brought small lists back to a single listpack). The node fill and
 * compress depth are copied from {@code list-max-listpack-size} and {@code list-compress-depth}
 * when the list is created and stay with it.
 */
public final class ListObjects {
    private ListObjects() {}

    /**
     * A new empty list with the given options (createQuicklistObject + quicklistSetOptions), its
     * plain-node threshold that of the engine it belongs to (see {@link EncodingConfig#createList}).
     */
    public static RedisObject createQuicklistObject(int fill, int compressDepth, PackedThreshold packedThreshold) {
        return new RedisObject(RedisObject.TYPE_LIST, RedisObject.ENC_QUICKLIST, new Quicklist(fill, compressDepth, packedThreshold));
    }

    /** The quicklist inside a list value. */
    public static Quicklist quicklist(RedisObject o) { return (Quicklist) o.value; }

    /** Number of elements (listTypeLength). */
    public static long length(RedisObject o) { return quicklist(o).count(); }
}
