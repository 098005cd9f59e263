package io.glassbox.pubsub;

import io.glassbox.command.CommandTable;
import io.glassbox.command.HelpText;
import io.glassbox.pubsub.PubSub.Type;
import io.glassbox.server.Client;
import io.glassbox.server.Propagation;

import java.util.List;

/**
 * The pub/sub command group (Redis's {@code pubsub.c} commands): SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE,
 * their UNSUBSCRIBE counterparts, PUBLISH, SPUBLISH and PUBSUB's introspection subcommands. The
 * subscription indexes and message delivery are in {@link PubSub}.
 *
 * <p>A (un)subscribe command answers once per name, so {@code SUBSCRIBE a b} gets two replies; this
 * is why they are pushes in RESP3 and why a RESP2 client must not mix them with other commands.
 */
public final class PubSubCommands {
    private final PubSub ps;
    private final Propagation propagation;
    /** The cluster bus's PUBLISH propagation (clusterPropagatePublish), or null outside a cluster. */
    private ClusterPublish clusterPublish;

    /** How a message leaves for the other nodes of a cluster: all of them, or (sharded) my shard's. */
    @FunctionalInterface
    public interface ClusterPublish {
        void propagate(byte[] channel, byte[] message, boolean sharded);
    }

    /** In a cluster, PUBLISH and SPUBLISH travel on the bus instead of the replication stream. */
    public void setClusterPublish(ClusterPublish p) { this.clusterPublish = p; }

    /**
     * The commands of one engine's channel tables ({@code Engine} binds them into its command
     * table); PUBLISH also goes to the replicas through {@code propagation}.
     */
    public PubSubCommands(PubSub ps, Propagation propagation) {
        this.ps = ps;
        this.propagation = propagation;
    }

    public void register(CommandTable t) {
        t.bind("subscribe", this::subscribe);
        t.bind("psubscribe", this::psubscribe);
        t.bind("ssubscribe", this::ssubscribe);
        t.bind("unsubscribe", c -> unsubscribe(c, Type.CHANNEL));
        t.bind("sunsubscribe", c -> unsubscribe(c, Type.SHARD));
        t.bind("punsubscribe", this::punsubscribe);
        t.bind("publish", c -> {
            c.addLong(ps.publish(c.arg(1), c.arg(2)));
            // replicas' subscribers hear it too; the AOF does not replay it (forceCommandPropagation REPL);
            // in a cluster every node hears it over the bus instead (clusterPropagatePublish)
            if (clusterPublish != null) clusterPublish.propagate(c.arg(1), c.arg(2), false);
            else propagation.alsoPropagateToReplicas(c.db().id, c.argv);
        });
        t.bind("spublish", c -> {
            c.addLong(ps.publishShard(c.arg(1), c.arg(2)));
            if (clusterPublish != null) clusterPublish.propagate(c.arg(1), c.arg(2), true); // to my shard's nodes
        });
        t.bind("pubsub|channels", c -> channels(c, false));
        t.bind("pubsub|shardchannels", c -> channels(c, true));
        t.bind("pubsub|numsub", c -> numsub(c, false));
        t.bind("pubsub|shardnumsub", c -> numsub(c, true));
        t.bind("pubsub|numpat", c -> c.addLong(ps.patternCount()));
        t.bind("pubsub|help", c -> HelpText.reply(c, "pubsub"));
    }

    /**
     * A client that needs one reply per command (inside EXEC, a script) cannot subscribe; Redis
     * lets SUBSCRIBE and PSUBSCRIBE through inside MULTI for backward compatibility, not SSUBSCRIBE.
     */
    private static boolean denied(Client c, String name, boolean allowedInMulti) {
        if (c.denyBlocking && !(allowedInMulti && c.mstate.inMulti())) {
            c.addError(name + " isn't allowed for a DENY BLOCKING client");
            return true;
        }
        return false;
    }

    void subscribe(Client c) {
        if (denied(c, "SUBSCRIBE", true)) return;
        for (int j = 1; j < c.argc(); j++) ps.subscribeChannel(c, c.arg(j), Type.CHANNEL);
        c.pubsub.setPubsubMode(true);
    }

    void ssubscribe(Client c) {
        if (denied(c, "SSUBSCRIBE", false)) return;
        for (int j = 1; j < c.argc(); j++) ps.subscribeChannel(c, c.arg(j), Type.SHARD);
        c.pubsub.setPubsubMode(true);
    }

    void psubscribe(Client c) {
        if (denied(c, "PSUBSCRIBE", true)) return;
        for (int j = 1; j < c.argc(); j++) ps.subscribePattern(c, c.arg(j));
        c.pubsub.setPubsubMode(true);
    }

    void unsubscribe(Client c, Type t) {
        if (c.argc() == 1) ps.unsubscribeAllChannels(c, true, t);
        else for (int j = 1; j < c.argc(); j++) ps.unsubscribeChannel(c, c.arg(j), true, t);
        if (c.pubsub.totalCount() == 0) c.pubsub.setPubsubMode(false);
    }

    void punsubscribe(Client c) {
        if (c.argc() == 1) ps.unsubscribeAllPatterns(c, true);
        else for (int j = 1; j < c.argc(); j++) ps.unsubscribePattern(c, c.arg(j), true);
        if (c.pubsub.totalCount() == 0) c.pubsub.setPubsubMode(false);
    }

    /** PUBSUB CHANNELS|SHARDCHANNELS [pattern]. */
    void channels(Client c, boolean shard) {
        if (c.argc() > 3) { subcommandSyntaxError(c); return; }
        List<byte[]> l = ps.channelList(c.argc() == 3 ? c.arg(2) : null, shard);
        c.addArrayLen(l.size());
        for (byte[] ch : l) c.addBulk(ch);
    }

    /** PUBSUB NUMSUB|SHARDNUMSUB [channel ...]: pairs of channel and subscriber count. */
    void numsub(Client c, boolean shard) {
        c.addArrayLen((c.argc() - 2) * 2L);
        for (int j = 2; j < c.argc(); j++) {
            c.addBulk(c.arg(j));
            c.addLong(ps.numsub(c.arg(j), shard));
        }
    }

    /** addReplySubcommandSyntaxError. */
    private void subcommandSyntaxError(Client c) { c.addErrorSubcommandSyntax(); }
}
