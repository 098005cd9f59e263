package io.glassbox.command;

import io.glassbox.command.connection.ClientCommands;
import io.glassbox.command.connection.ConnectionCommands;
import io.glassbox.command.generic.KeyCommands;
import io.glassbox.command.hash.HashCommands;
import io.glassbox.command.list.ListCommands;
import io.glassbox.command.server.ServerCommands;
import io.glassbox.command.set.SetCommands;
import io.glassbox.command.sort.SortCommands;
import io.glassbox.command.string.StringCommands;
import io.glassbox.command.transactions.TransactionCommands;
import io.glassbox.command.zset.ZsetCommands;
import io.glassbox.command.bitops.BitopsCommands;
import io.glassbox.command.hyperloglog.HyperLogLogCommands;
import io.glassbox.command.geo.GeoCommands;

/**
 * The one list of the core's command families (the t_*.c files, db.c, server.c's own). Adding a
 * family means adding a line here; there is no classpath scanning, so start-up stays fast and the
 * list is easy to read. The subsystems' commands (Pub/Sub, scripting, persistence, replication:
 * pubsub.c, eval.c, rdb.c, replication.c) live with their subsystem and are bound by
 * {@code Engine} with the subsystem's instance.
 */
public final class Commands {
    private Commands() {}

    public static void registerAll(CommandTable table) {
        ConnectionCommands.register(table);
        ClientCommands.register(table);
        ServerCommands.register(table);
        KeyCommands.register(table);
        StringCommands.register(table);
        HashCommands.register(table);
        ListCommands.register(table);
        SetCommands.register(table);
        ZsetCommands.register(table);
        SortCommands.register(table);
        TransactionCommands.register(table);
        BitopsCommands.register(table);
        HyperLogLogCommands.register(table);
        GeoCommands.register(table);
        io.glassbox.command.stream.StreamCommands.register(table);
    }
}
