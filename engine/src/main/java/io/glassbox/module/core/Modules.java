package io.glassbox.module.core;

import io.glassbox.command.CommandTable;
import io.glassbox.command.RedisCommand;
import io.glassbox.db.Keyspace;
import io.glassbox.module.RedisModule;
import io.glassbox.server.Client;
import io.glassbox.server.Propagation;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarFile;

/**
 * The module subsystem (module.c's {@code modules} dict with moduleLoad, moduleUnload and
 * moduleLoadFromQueue): loads a jar in a class loader of its own, runs its onLoad, and keeps what
 * it registered so that a failed load or an unload takes all of it away again.
 *
 * <p>A load either succeeds whole or leaves nothing behind: the commands and types the module
 * registered before it failed are removed, its class loader closed, and the server logs why, as
 * moduleLoad logs and unregisters after {@code RedisModule_OnLoad} returned REDISMODULE_ERR.
 */
public final class Modules implements io.glassbox.server.LoadedModules {
    /** What the module subsystem needs of the server. */
    public interface Host {
        /** The command table modules add commands to (server.commands). */
        CommandTable commands();

        /** The keyspace: module values, and the module types the RDB loader consults. */
        Keyspace keyspace();

        /** A fake client for RM_Call (moduleAllocTempClient): authenticated, no user restrictions. */
        Client createModuleClient();

        /** call() for a command a module runs (RM_Call). */
        void call(Client c, RedisCommand cmd);

        /** alsoPropagate, for RM_Replicate and RM_ReplicateVerbatim. */
        Propagation propagation();

        /** serverLog. */
        void log(String level, String message);

        /** Installs (or, with null, removes) the hook of every keyspace event (moduleNotifyKeyspaceEvent). */
        void setKeyspaceSubscriber(io.glassbox.server.Notify.Subscriber s);

        /** Runs {@code task} on the command thread {@code millis} from now (the timers' time event). */
        void runLater(long millis, Runnable task);

        /** Has the server tell {@code sink} of client connections (once, when the engine is built). */
        void listenForServerEvents(ServerEvents sink);
    }

    /** What the server tells the modules about (moduleFireServerEvent's call sites). */
    public interface ServerEvents {
        void clientChanged(boolean connected, long id, String addr);
    }

    /** The manifest attribute naming a jar's entry class. */
    public static final String MANIFEST_ENTRY = "Glassbox-Module";

    final Host host;
    private final Map<String, LoadedModule> modules = new LinkedHashMap<>();
    private final ClassLoader engineLoader = Modules.class.getClassLoader();
    /** Hears loads, unloads and registrations (the hooks' events); NONE without a listener. */
    private ModuleListener listener = ModuleListener.NONE;

    public Modules(Host host) {
        this.host = host;
        host.listenForServerEvents(new ServerEvents() {
            @Override public void clientChanged(boolean connected, long id, String addr) {
                fireServerEvent(io.glassbox.module.ServerEventHandler.CLIENT_CHANGE, connected ? "connected" : "disconnected", id, addr);
            }
        });
    }

    // ---------------------------------------------------------------- server events (RM_SubscribeToServerEvent)

    private record EventSubscription(LoadedModule module, String event, io.glassbox.module.ServerEventHandler handler) {}

    private final List<EventSubscription> eventSubscribers = new ArrayList<>();

    boolean subscribeServerEvent(LoadedModule m, String event, io.glassbox.module.ServerEventHandler handler) {
        switch (event) {
            case io.glassbox.module.ServerEventHandler.CLIENT_CHANGE, io.glassbox.module.ServerEventHandler.MODULE_CHANGE -> { }
            default -> { return false; }
        }
        eventSubscribers.removeIf(s -> s.module() == m && s.event().equals(event)); // one callback per event and module
        eventSubscribers.add(new EventSubscription(m, event, handler));
        return true;
    }

    /** moduleFireServerEvent: every module subscribed to the event, in subscription order. */
    private void fireServerEvent(String event, String subevent, long number, String name) {
        if (eventSubscribers.isEmpty()) return;
        for (EventSubscription s : List.copyOf(eventSubscribers)) {
            if (!s.event().equals(event)) continue;
            try {
                s.handler().onEvent(new LoadContext(this, s.module()), event, subevent, number, name);
            } catch (RuntimeException | LinkageError e) {
                host.log("warning", "<" + s.module().name + "> server event handler failed: " + e);
            }
        }
    }

    // ---------------------------------------------------------------- keyspace events (RM_SubscribeToKeyspaceEvents)

    /** One subscription: the module, its class mask, its handler, and whether it is running now. */
    private static final class Subscription {
        final LoadedModule module;
        final int mask;
        final io.glassbox.module.KeyspaceEventHandler handler;
        boolean active;

        Subscription(LoadedModule module, int mask, io.glassbox.module.KeyspaceEventHandler handler) {
            this.module = module;
            this.mask = mask;
            this.handler = handler;
        }
    }

    private final List<Subscription> subscribers = new ArrayList<>();

    void subscribe(LoadedModule m, int mask, io.glassbox.module.KeyspaceEventHandler handler) {
        subscribers.add(new Subscription(m, mask, handler));
        if (subscribers.size() == 1) host.setKeyspaceSubscriber(this::notifyKeyspaceEvent);
    }

    /**
     * moduleNotifyKeyspaceEvent: each subscriber whose mask matches, unless it is the one whose
     * action raised the event (no re-entrant loops). A handler that throws is logged; the
     * command that raised the event goes on.
     */
    private void notifyKeyspaceEvent(int type, String event, byte[] key, int dbid) {
        for (Subscription sub : List.copyOf(subscribers)) {
            if ((sub.mask & type) == 0 || sub.active) continue;
            sub.active = true;
            try {
                sub.handler.onEvent(new LoadContext(this, sub.module, dbid), type, event, key.clone());
            } catch (RuntimeException | LinkageError e) {
                host.log("warning", "<" + sub.module.name + "> keyspace event handler failed: " + e);
            } finally {
                sub.active = false;
            }
        }
    }

    // ---------------------------------------------------------------- timers (RM_CreateTimer)

    private final Map<Long, LoadedModule> timers = new java.util.HashMap<>();
    private long nextTimerId = 1;

    long createTimer(LoadedModule m, long millis, Runnable callback) {
        long id = nextTimerId++;
        timers.put(id, m);
        host.runLater(Math.max(0, millis), () -> {
            if (timers.remove(id) == null) return; // stopped
            try {
                callback.run();
            } catch (RuntimeException | LinkageError e) {
                host.log("warning", "<" + m.name + "> timer callback failed: " + e);
            }
        });
        return id;
    }

    boolean stopTimer(LoadedModule m, long id) {
        return timers.get(id) == m && timers.remove(id) != null;
    }

    public void setListener(ModuleListener l) { this.listener = l == null ? ModuleListener.NONE : l; }

    ModuleListener listener() { return listener; }

    /** The loaded modules, in load order. */
    public Collection<LoadedModuleView> list() {
        List<LoadedModuleView> out = new ArrayList<>();
        for (LoadedModule m : modules.values()) out.add(new LoadedModuleView(m.name, m.version, m.path, m.args));
        return Collections.unmodifiableList(out);
    }

    @Override public void addReplyLoadedModules(Client c) { ModuleCommands.addReplyLoadedModules(this, c); }

    /**
     * genModulesInfoString: {@code module:name=hello,ver=3,api=1,filters=0,usedby=[],using=[],options=[]}
     * (no shared APIs, filters or IO-error options here, so the lists are empty).
     */
    @Override public void info(StringBuilder sb) {
        for (LoadedModule m : modules.values()) {
            sb.append("module:name=").append(m.name).append(",ver=").append(m.version)
              .append(",api=1,filters=0,usedby=[],using=[],options=[]\r\n");
        }
    }

    /** What MODULE LIST shows of a module. */
    public record LoadedModuleView(String name, int version, String path, List<String> args) {}

    /**
     * moduleLoad: true if the module at {@code path} loaded; false (and the reason logged, nothing
     * left registered) otherwise.
     */
    public boolean load(String path, List<String> args) {
        File file = new File(path);
        ModuleClassLoader loader;
        RedisModule entry;
        try {
            loader = new ModuleClassLoader(file.toURI().toURL(), engineLoader);
        } catch (MalformedURLException e) {
            host.log("warning", "Module " + path + " failed to load: " + e.getMessage());
            return false;
        }
        try {
            entry = entryPoint(file, loader);
        } catch (Exception | LinkageError e) {
            closeQuietly(loader);
            host.log("warning", "Module " + path + " failed to load: " + e.getMessage());
            return false;
        }
        if (entry == null) {
            closeQuietly(loader);
            host.log("warning", "Module " + path + " does not export RedisModule_OnLoad() symbol. Module not loaded.");
            return false;
        }
        LoadedModule m = new LoadedModule(path, args, loader, entry);
        LoadContext ctx = new LoadContext(this, m);
        boolean ok;
        try {
            entry.onLoad(ctx, args.toArray(new String[0]));
            ok = m.name != null; // RedisModule_Init not called: the module has no name (ctx.module == NULL)
        } catch (Exception | LinkageError e) {
            host.log("warning", "Module " + path + " onLoad threw: " + e);
            ok = false;
        }
        if (!ok) {
            host.log("warning", "Module " + path + " initialization failed. Module not loaded");
            unregister(m);
            closeQuietly(loader);
            return false;
        }
        modules.put(m.name, m);
        host.log("notice", "Module '" + m.name + "' loaded from " + path);
        listener.moduleLoaded(m.name, path);
        fireServerEvent(io.glassbox.module.ServerEventHandler.MODULE_CHANGE, "loaded", 0, m.name);
        return true;
    }

    /** The entry class: the manifest's Glassbox-Module, else the first ServiceLoader provider; null if neither. */
    private static RedisModule entryPoint(File file, ModuleClassLoader loader) throws IOException, ReflectiveOperationException {
        String className;
        try (JarFile jar = new JarFile(file)) { // not a jar (or missing): IOException, Redis's dlopen error
            className = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue(MANIFEST_ENTRY);
        }
        if (className != null) {
            Class<?> cls = Class.forName(className.trim(), true, loader);
            if (!RedisModule.class.isAssignableFrom(cls)) return null;
            return (RedisModule) cls.getConstructor().newInstance();
        }
        for (RedisModule r : ServiceLoader.load(RedisModule.class, loader)) {
            if (r.getClass().getClassLoader() == loader) return r;
        }
        return null;
    }

    /** moduleUnload's errors, as MODULE UNLOAD words them after "Error unloading module: ". */
    public static final String NO_SUCH_MODULE = "no such module with that name",
            EXPORTS_TYPES = "the module exports one or more module-side data types, can't unload",
            HOLDS_TIMER = "the module holds timer that is not fired. Please stop the timer or wait until it fires.",
            UNLOAD_CANCELED = "operation not possible.";

    /** moduleUnload: null if unloaded, else the reason (one of the constants above). */
    public String unload(String name) {
        LoadedModule m = modules.get(name);
        if (m == null) return NO_SUCH_MODULE;
        if (!m.types.isEmpty()) return EXPORTS_TYPES;
        if (timers.containsValue(m)) return HOLDS_TIMER;
        try {
            m.entry.onUnload(new LoadContext(this, m));
        } catch (Exception | LinkageError e) {
            host.log("warning", "Module " + name + " OnUnload failed.  Unload canceled.");
            return UNLOAD_CANCELED;
        }
        unregister(m);
        closeQuietly(m.loader);
        host.log("notice", "Module " + name + " unloaded");
        modules.remove(name);
        listener.moduleUnloaded(name);
        fireServerEvent(io.glassbox.module.ServerEventHandler.MODULE_CHANGE, "unloaded", 0, name);
        return null;
    }

    /** moduleUnregisterCommands and the types of a module that did not finish loading. */
    private void unregister(LoadedModule m) {
        // moduleUnsubscribeNotifications; a failed load's timers are dropped (they will find no entry)
        subscribers.removeIf(sub -> sub.module == m);
        eventSubscribers.removeIf(sub -> sub.module() == m); // moduleUnsubscribeAllServerEvents
        if (subscribers.isEmpty()) host.setKeyspaceSubscriber(null);
        timers.values().removeIf(owner -> owner == m);
        for (RedisCommand cmd : m.commands) host.commands().removeModuleCommand(cmd);
        m.commands.clear();
        for (DataType t : m.types) host.keyspace().moduleTypes().remove(t);
        m.types.clear();
    }

    private static void closeQuietly(ModuleClassLoader l) {
        try {
            l.close();
        } catch (IOException ignored) {
            // the jar stays open until the collector closes it; nothing refers to its classes
        }
    }

    boolean nameTaken(String name) { return modules.containsKey(name); }

    /**
     * moduleLoadFromQueue: redis.conf's loadmodule lines, before the data is read (an RDB may hold
     * the modules' types). Returns the path that failed, or null; the caller aborts the start.
     */
    public String loadFromQueue(List<List<String>> lines) {
        for (List<String> line : lines) {
            if (!load(line.get(1), line.subList(2, line.size()))) {
                host.log("warning", "Can't load module from " + line.get(1) + ": server aborting");
                return line.get(1);
            }
        }
        return null;
    }

    /**
     * A fake client for one RM_Call (moduleAllocTempClient): one per nesting level, since a call can
     * raise a keyspace event whose handler calls again while the outer call's client is mid-command.
     * Released in reverse order (moduleReleaseTempClient).
     */
    Client acquireClient() {
        if (clientsInUse == clientPool.size()) clientPool.add(host.createModuleClient());
        return clientPool.get(clientsInUse++);
    }

    void releaseClient() { clientsInUse--; }

    private final List<Client> clientPool = new ArrayList<>();
    private int clientsInUse;
}
