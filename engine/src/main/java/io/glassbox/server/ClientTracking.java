package io.glassbox.server;

import io.glassbox.ds.rax.Rax;

/**
 * One client's client-side caching state: the {@code CLIENT_TRACKING*} flags of Redis's client
 * struct, {@code client_tracking_redirection} and {@code client_tracking_prefixes}. The tracking
 * subsystem ({@code io.glassbox.tracking}) changes it; the core reads {@link #on} after a read-only
 * command and CLIENT LIST reads the flags and the redirection.
 */
public final class ClientTracking {
    /** CLIENT_TRACKING: the server remembers the keys this client read (or broadcasts, with BCAST). */
    public boolean on;
    /** CLIENT_TRACKING_BCAST: invalidations by prefix, nothing remembered per key ('B'). */
    public boolean bcast;
    /** CLIENT_TRACKING_OPTIN: only keys read right after CLIENT CACHING yes are remembered. */
    public boolean optin;
    /** CLIENT_TRACKING_OPTOUT: keys read right after CLIENT CACHING no are not remembered. */
    public boolean optout;
    /**
     * CLIENT_TRACKING_CACHING: CLIENT CACHING yes|no was given for the next command (or the next
     * transaction); cleared after any other command outside MULTI (resetClient).
     */
    public boolean caching;
    /** CLIENT_TRACKING_NOLOOP: no invalidations for keys this client changed itself. */
    public boolean noloop;
    /** CLIENT_TRACKING_BROKEN_REDIR: the redirection target is gone ('R'). */
    public boolean brokenRedir;
    /** The id of the client that receives this one's invalidations, 0 for none. */
    public long redirection;
    /** The BCAST prefixes, in rax order (TRACKINGINFO lists them so); null when not in BCAST mode. */
    public Rax<Boolean> prefixes;

    /** Clears every flag (disableTracking's flag reset); the prefixes are the subsystem's to drop. */
    public void clearFlags() {
        on = bcast = optin = optout = caching = noloop = brokenRedir = false;
    }
}
