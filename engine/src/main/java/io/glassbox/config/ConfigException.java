package io.glassbox.config;

/**
 * A CONFIG SET / CONFIG REWRITE failure, carrying the exact error reply Redis 7.0 sends, without the
 * leading {@code '-'}: for example {@code "ERR CONFIG SET failed (possibly related to argument 'hz') -
 * argument must be between 0 and 2147483647 inclusive"}.
 *
 * <p>The reply layer writes {@code "-" + getMessage() + "\r\n"}; nothing else needs to be added.
 * The texts are built in {@link ConfigRegistry#configSet} the way {@code configSetCommand()} in
 * {@code src/config.c} builds them with {@code addReplyErrorFormat}.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
