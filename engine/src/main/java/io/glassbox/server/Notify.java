package io.glassbox.server;

import io.glassbox.config.SpecialConfigs.NotifyKeyspaceEvents;

import java.nio.charset.StandardCharsets;

/**
 * Keyspace notifications: Redis's {@code notify.c}.
 *
 * <p>Every command that changes a key announces it with one call next to its {@code dirty++}:
 * {@code Notify.event(c, Notify.LIST, "lpush", key)}. The event becomes up to two ordinary Pub/Sub
 * messages, so any subscriber can watch the keyspace:
 * <ul>
 *   <li>{@code __keyspace@<db>__:<key>} with the event name as message ("what happened to this
 *       key?"), when {@code notify-keyspace-events} has K;</li>
 *   <li>{@code __keyevent@<db>__:<event>} with the key as message ("which keys got this
 *       event?"), when it has E.</li>
 * </ul>
 * Each event belongs to a class (g generic, $ string, l list, s set, h hash, z zset, x expired,
 * e evicted, t stream, m key miss, d module, n new key); nothing is published unless the class is
 * enabled as well as K or E. With the default (empty) setting an event costs one volatile read.
 *
 * <p>Events are published synchronously, while the command runs, in the order the command causes
 * them: {@code RPOPLPUSH src dst} on a one-element list publishes "lpush" on dst, "rpop" on src,
 * then "del" on src, exactly as Redis does. Events raised by the keyspace itself (a key expired, a
 * new key was added) arrive through the server's keyspace listener.
 */
public final class Notify {
    public static final int GENERIC = NotifyKeyspaceEvents.GENERIC, STRING = NotifyKeyspaceEvents.STRING,
            LIST = NotifyKeyspaceEvents.LIST, SET = NotifyKeyspaceEvents.SET, HASH = NotifyKeyspaceEvents.HASH,
            ZSET = NotifyKeyspaceEvents.ZSET, EXPIRED = NotifyKeyspaceEvents.EXPIRED,
            EVICTED = NotifyKeyspaceEvents.EVICTED, STREAM = NotifyKeyspaceEvents.STREAM,
            KEY_MISS = NotifyKeyspaceEvents.KEY_MISS, NEW = NotifyKeyspaceEvents.NEW;

    /** Where an event is published: Pub/Sub's {@code pubsubPublishMessage}. */
    @FunctionalInterface
    public interface Publisher {
        /** Delivers {@code message} to the channel's subscribers and matching patterns; returns how many got it. */
        int publish(byte[] channel, byte[] message);
    }

    private final Publisher pubsub;
    private final NotifyKeyspaceEvents config;
    /** The modules' subscriptions (RM_SubscribeToKeyspaceEvents); null while no module subscribed. */
    private Subscriber modules;

    /** Hears every event before notify-keyspace-events filters it (moduleNotifyKeyspaceEvent). */
    @FunctionalInterface
    public interface Subscriber {
        void keyspaceEvent(int type, String event, byte[] key, int dbid);
    }

    /** The module subsystem's subscriber, or null to stop. */
    public void setModuleSubscriber(Subscriber s) { this.modules = s; }

    public Notify(Publisher pubsub, NotifyKeyspaceEvents config) {
        this.pubsub = pubsub;
        this.config = config;
    }

    /** True if events of this class would be published (so callers can skip building them). */
    public boolean enabled(int type) {
        int flags = config.get();
        return (flags & type) != 0 && (flags & (NotifyKeyspaceEvents.KEYSPACE | NotifyKeyspaceEvents.KEYEVENT)) != 0;
    }

    /**
     * Publishes {@code event} about {@code key} of database {@code dbid} (notifyKeyspaceEvent).
     * O(subscribers of the two channels + patterns subscribed).
     */
    public void keyspaceEvent(int type, String event, byte[] key, int dbid) {
        if (modules != null) modules.keyspaceEvent(type, event, key, dbid); // modules hear events whatever the setting
        int flags = config.get();
        if ((flags & type) == 0) return;
        byte[] eventBytes = event.getBytes(StandardCharsets.US_ASCII);
        if ((flags & NotifyKeyspaceEvents.KEYSPACE) != 0) {
            pubsub.publish(concat("__keyspace@" + dbid + "__:", key), eventBytes);
        }
        if ((flags & NotifyKeyspaceEvents.KEYEVENT) != 0) {
            pubsub.publish(("__keyevent@" + dbid + "__:" + event).getBytes(StandardCharsets.US_ASCII), key);
        }
    }

    /** The one-line form for commands: the event is about a key of the client's selected database. */
    public static void event(Client c, int type, String event, byte[] key) {
        c.server().notifier().keyspaceEvent(type, event, key, c.db().id);
    }

    private static byte[] concat(String prefix, byte[] key) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[p.length + key.length];
        System.arraycopy(p, 0, out, 0, p.length);
        System.arraycopy(key, 0, out, p.length, key.length);
        return out;
    }
}
