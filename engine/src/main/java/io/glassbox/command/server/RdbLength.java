package io.glassbox.command.server;

import io.glassbox.db.RedisObject;
import io.glassbox.persistence.rdb.RdbWriter;

/**
 * How many bytes a value takes in an RDB file ({@code rdbSavedObjectLen} of {@code rdb.c}), the
 * {@code serializedlength} of DEBUG OBJECT: the RDB encoder itself, writing to a counter, with
 * LZF compression as {@code rdbcompression} says (Redis runs rdbSaveObject with a NULL rio).
 */
final class RdbLength {
    private RdbLength() {}

    static long savedObjectLen(RedisObject o, boolean compression) {
        return RdbWriter.savedObjectLen(o, compression);
    }
}
