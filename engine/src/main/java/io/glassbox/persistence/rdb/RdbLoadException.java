package io.glassbox.persistence.rdb;

/**
 * A file or payload that is not a valid RDB: truncated, corrupt, of an unknown type, or failing
 * its checksum. {@link #offset} is the byte offset where reading stopped, so a start-up error can
 * name the file and the place, as {@code redis-check-rdb} does.
 */
public class RdbLoadException extends Exception {
    public final long offset;

    public RdbLoadException(String message, long offset) {
        super(message);
        this.offset = offset;
    }
}
