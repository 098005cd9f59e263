package io.glassbox.module;

/**
 * A server-event subscription (RM_SubscribeToServerEvent's callback): called on the command thread
 * after the event. The events so far, with Redis's names: {@link #CLIENT_CHANGE} ("connected" or
 * "disconnected", {@code number} the client id, {@code name} its address) and {@link #MODULE_CHANGE}
 * ("loaded" or "unloaded", {@code name} the module). Redis 7.0 has more (flushdb, loading,
 * persistence, replication role ...), not yet here.
 */
@FunctionalInterface
public interface ServerEventHandler {
    String CLIENT_CHANGE = "client_change", MODULE_CHANGE = "module_change";

    void onEvent(ModuleContext ctx, String event, String subevent, long number, String name);
}
