package io.glassbox.scripting;

import io.glassbox.server.Server;

/** Placeholder, filled below. */
public final class Functions {
    Functions(Scripting scripting, Server server) {}
}
