package io.glassbox.config;

/**
 * The short reason a single setting refused a value, the {@code const char **err} string of
 * {@code src/config.c}'s set and apply functions: {@code "argument must be 'yes' or 'no'"},
 * {@code "Invalid save parameters"}, {@code "Unable to listen on this port. Check server logs."}.
 *
 * <p>It is not a reply by itself. CONFIG SET wraps it as
 * {@code "ERR CONFIG SET failed (possibly related to argument '<name>') - <reason>"} and the config
 * file loader prints it under {@code "*** FATAL CONFIG FILE ERROR ..."}. A subsystem's
 * {@link ConfigApply} throws it to veto a change, which makes CONFIG SET roll every setting of the
 * command back.
 */
public final class ConfigValueException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigValueException(String reason) {
        super(reason, null, false, false);
    }
}
