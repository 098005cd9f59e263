package io.glassbox.tracking;

import io.glassbox.command.CommandTable;
import io.glassbox.ds.rax.RaxIterator;
import io.glassbox.server.Client;
import io.glassbox.server.ClientTracking;
import io.glassbox.util.RedisNumbers;

import java.util.ArrayList;
import java.util.List;

/**
 * The client-side caching subcommands of CLIENT: TRACKING, CACHING, GETREDIR, TRACKINGINFO
 * ({@code clientCommand}'s branches in {@code networking.c}), with Redis's checks in Redis's order
 * and its errors word for word.
 */
public final class TrackingCommands {
    private final TrackingTable tracking;

    public TrackingCommands(TrackingTable tracking) { this.tracking = tracking; }

    public void register(CommandTable t) {
        t.bind("client|tracking", this::trackingCommand);
        t.bind("client|caching", TrackingCommands::caching);
        t.bind("client|getredir", c -> c.addLong(c.tracking.on ? c.tracking.redirection : -1));
        t.bind("client|trackinginfo", TrackingCommands::trackingInfo);
    }

    /**
     * CLIENT TRACKING on|off [REDIRECT id] [BCAST] [PREFIX p ...] [OPTIN] [OPTOUT] [NOLOOP]. The
     * options are read first (a bad one is a syntax error whatever the mode), then checked against
     * each other and against the client's current mode: BCAST and OPTIN/OPTOUT cannot be switched
     * without turning tracking off first.
     */
    private void trackingCommand(Client c) {
        long redir = 0;
        boolean bcast = false, optin = false, optout = false, noloop = false;
        List<byte[]> prefixes = new ArrayList<>();
        for (int j = 3; j < c.argc(); j++) {
            boolean moreArgs = c.argc() - 1 - j > 0;
            if (c.argIs(j, "redirect") && moreArgs) {
                j++;
                if (redir != 0) {
                    c.addError("A client can only redirect to a single other client");
                    return;
                }
                long[] out = new long[1];
                if (!RedisNumbers.string2ll(c.arg(j), out)) {
                    c.addErrorNotInteger();
                    return;
                }
                redir = out[0];
                // the target must exist now, though it may go away later (then the redirect is broken)
                if (tracking.client(redir) == null) {
                    c.addError("The client ID you want redirect to does not exist");
                    return;
                }
            } else if (c.argIs(j, "bcast")) {
                bcast = true;
            } else if (c.argIs(j, "optin")) {
                optin = true;
            } else if (c.argIs(j, "optout")) {
                optout = true;
            } else if (c.argIs(j, "noloop")) {
                noloop = true;
            } else if (c.argIs(j, "prefix") && moreArgs) {
                j++;
                prefixes.add(c.arg(j));
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        ClientTracking t = c.tracking;
        if (c.argIs(2, "on")) {
            if (!bcast && !prefixes.isEmpty()) {
                c.addError("PREFIX option requires BCAST mode to be enabled");
                return;
            }
            if (t.on && t.bcast != bcast) {
                c.addError("You can't switch BCAST mode on/off before disabling tracking for this client, "
                        + "and then re-enabling it with a different mode.");
                return;
            }
            if (bcast && (optin || optout)) {
                c.addError("OPTIN and OPTOUT are not compatible with BCAST");
                return;
            }
            if (optin && optout) {
                c.addError("You can't specify both OPTIN mode and OPTOUT mode");
                return;
            }
            if ((optin && t.optout) || (optout && t.optin)) {
                c.addError("You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, "
                        + "and then re-enabling it with a different mode.");
                return;
            }
            if (bcast) {
                boolean[] alsoOk = new boolean[1];
                String err = TrackingTable.checkPrefixCollisions(c, prefixes, alsoOk);
                if (err != null) {
                    c.addError(err);
                    // Redis 7.0.15 goes on for a collision found past the first new prefix (see
                    // checkPrefixCollisions): the error, then tracking on and +OK, two replies
                    if (!alsoOk[0]) return;
                }
            }
            tracking.enableTracking(c, redir, bcast, optin, optout, noloop, prefixes);
        } else if (c.argIs(2, "off")) {
            tracking.disableTracking(c);
        } else {
            c.addErrorSyntax();
            return;
        }
        c.addOk();
    }

    /** CLIENT CACHING yes|no: for the next command only, in OPTIN (yes) or OPTOUT (no) mode. */
    private static void caching(Client c) {
        ClientTracking t = c.tracking;
        if (!t.on) {
            c.addError("CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled");
            return;
        }
        if (c.argIs(2, "yes")) {
            if (!t.optin) {
                c.addError("CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
                return;
            }
        } else if (c.argIs(2, "no")) {
            if (!t.optout) {
                c.addError("CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
                return;
            }
        } else {
            c.addErrorSyntax();
            return;
        }
        t.caching = true;
        c.addOk();
    }

    /** CLIENT TRACKINGINFO: a map of flags (a set), redirect and prefixes. */
    private static void trackingInfo(Client c) {
        ClientTracking t = c.tracking;
        c.addMapLen(3);
        c.addBulk("flags");
        List<String> flags = new ArrayList<>();
        flags.add(t.on ? "on" : "off");
        if (t.bcast) flags.add("bcast");
        if (t.optin) {
            flags.add("optin");
            if (t.caching) flags.add("caching-yes");
        }
        if (t.optout) {
            flags.add("optout");
            if (t.caching) flags.add("caching-no");
        }
        if (t.noloop) flags.add("noloop");
        if (t.brokenRedir) flags.add("broken_redirect");
        c.addSetLen(flags.size());
        for (String f : flags) c.addBulk(f);
        c.addBulk("redirect");
        c.addLong(t.on ? t.redirection : -1);
        c.addBulk("prefixes");
        if (t.prefixes == null) {
            c.addArrayLen(0);
            return;
        }
        c.addArrayLen(t.prefixes.size());
        RaxIterator<Boolean> it = t.prefixes.iterator();
        it.seek("^", null);
        while (it.next()) c.addBulk(it.key());
    }
}
