package io.glassbox.command.server;

import io.glassbox.command.CommandTable;
import io.glassbox.db.RedisObject;
import io.glassbox.server.Client;
import io.glassbox.util.RedisNumbers;

/**
 * MEMORY USAGE key [SAMPLES count], kept minimal until the memory work gives Glassbox a real
 * accounting: a key's value as its RDB form counts it (no compression) plus the fixed costs Redis
 * adds for the key's sds, its robj and its dictEntry. It answers "is this key there and roughly how
 * big", which is what Redis's test units ask of it; a nil for a missing key, Redis's errors for bad
 * arguments. Redis: {@code memoryCommand} and {@code objectComputeSize} in object.c.
 */
final class MemoryUsage {
    private MemoryUsage() {}

    /** sizeof(robj) + sizeof(dictEntry) on a 64-bit build, and an sds header. */
    private static final long OVERHEAD = 16 + 24 + 3;

    static void register(CommandTable t) {
        t.bind("memory|usage", MemoryUsage::usage);
    }

    static void usage(Client c) {
        for (int j = 3; j < c.argc(); j++) {
            if (c.argIs(j, "samples") && j + 1 < c.argc()) {
                long[] out = new long[1];
                if (!RedisNumbers.string2ll(c.arg(j + 1), out)) { c.addErrorNotInteger(); return; }
                if (out[0] < 0) { c.addErrorSyntax(); return; }
                j++;
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        var de = c.db().dict().find(c.arg(2));
        if (de == null) { c.addNull(); return; }
        RedisObject o = de.getVal();
        c.addLong(OVERHEAD + c.arg(2).length + c.server().persistence().savedObjectLen(o, false));
    }
}
