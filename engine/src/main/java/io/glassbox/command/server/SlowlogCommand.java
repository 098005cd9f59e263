package io.glassbox.command.server;

import io.glassbox.command.CommandTable;
import io.glassbox.command.HelpText;
import io.glassbox.server.Client;
import io.glassbox.server.SlowLog;
import io.glassbox.util.RedisNumbers;

import java.util.List;

/**
 * SLOWLOG GET / LEN / RESET / HELP: the reading side of {@code slowlog.c} ({@code slowlogCommand});
 * the writing side is in {@link io.glassbox.server.SlowLog}, fed by the command processor.
 */
final class SlowlogCommand {
    private SlowlogCommand() {}

    static void register(CommandTable t) {
        t.bind("slowlog|get", SlowlogCommand::get);
        t.bind("slowlog|len", c -> c.addLong(c.server().slowLog().size()));
        t.bind("slowlog|reset", c -> { c.server().slowLog().reset(); c.addOk(); });
        t.bind("slowlog|help", c -> HelpText.reply(c, "slowlog"));
    }

    /**
     * SLOWLOG GET [count]: the newest entries (10 by default, all with -1), each as Redis 7.0 shows
     * it: id, unix time, microseconds, the (trimmed) arguments, the client's address and name.
     */
    static void get(Client c) {
        long count = 10;
        if (c.argc() > 3) { ServerCommands.addSubcommandSyntaxError(c); return; }
        if (c.argc() == 3) {
            long[] out = new long[1];
            if (!RedisNumbers.string2ll(c.arg(2), out) || out[0] < -1) {
                c.addError("count should be greater than or equal to -1");
                return;
            }
            count = out[0] == -1 ? Long.MAX_VALUE : out[0];
        }
        List<SlowLog.Entry> entries = c.server().slowLog().newest((int) Math.min(Integer.MAX_VALUE, count));
        c.addArrayLen(entries.size());
        for (SlowLog.Entry e : entries) {
            c.addArrayLen(6);
            c.addLong(e.id());
            c.addLong(e.unixSeconds());
            c.addLong(e.durationMicros());
            c.addArrayLen(e.args().size());
            for (byte[] a : e.args()) c.addBulk(a);
            c.addBulk(e.peer());
            c.addBulk(e.clientName());
        }
    }
}
