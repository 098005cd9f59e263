package io.glassbox.junit;

import io.glassbox.engine.Glassbox;
import io.glassbox.engine.ReplicatedGlassbox;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.function.Consumer;

/**
 * Gives each test class (the default) or each test its own Glassbox server on a free port.
 *
 * <pre>{@code
 * class CacheTest {
 *     @RegisterExtension
 *     static GlassboxExtension redis = GlassboxExtension.perClass();
 *
 *     @Test
 *     void cachesTheAnswer() {
 *         Jedis jedis = new Jedis("127.0.0.1", redis.port());
 *         ...
 *     }
 * }
 *
 * @ExtendWith(GlassboxExtension.class)       // or simply: a server per class, injected
 * class OtherTest {
 *     @Test void works(Glassbox redis) { redis.call("PING"); }
 * }
 * }</pre>
 *
 * <p>Parallel runs. Every server picks its own free port and lives in the JUnit store of its class
 * or test, so classes and (in per-test mode) tests running in parallel never share one. Nor do they
 * share a setting: engines keep no static state, so a CONFIG SET or DEBUG switch made by one test
 * reaches no other engine ({@code IndependentEnginesTest} shows it). The
 * {@link #server()} / {@link #port()} accessors answer for the test running on the calling thread;
 * a {@link Glassbox} parameter is always the right one.
 *
 * <p>Failure. A server that cannot start fails the class or test with an
 * {@link ExtensionConfigurationException} that says why (the port was taken, a setting refused).
 */
public final class GlassboxExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(GlassboxExtension.class);
    private static final String KEY = "glassbox";

    private final boolean perTest;
    private final Consumer<Glassbox.Builder> configure;
    /** 0: one server; n: a master with n replicas ({@link #replicated}). */
    private final int replicas;
    /** The server of the test running on this thread (JUnit runs a test's callbacks and body on one thread). */
    private final InheritableThreadLocal<Glassbox> current = new InheritableThreadLocal<>();
    /** The class-level server, visible from any thread once started (per-class mode). */
    private volatile Glassbox classServer;
    /** The group each master of this extension leads, for {@link #group()}. */
    private final java.util.Map<Glassbox, ReplicatedGlassbox> groups = new java.util.concurrent.ConcurrentHashMap<>();

    /** What {@code @ExtendWith(GlassboxExtension.class)} uses: one server per class, default settings. */
    public GlassboxExtension() { this(false, b -> {}); }

    private GlassboxExtension(boolean perTest, Consumer<Glassbox.Builder> configure) { this(perTest, configure, 0); }

    private GlassboxExtension(boolean perTest, Consumer<Glassbox.Builder> configure, int replicas) {
        this.perTest = perTest;
        this.configure = configure;
        this.replicas = replicas;
    }

    /** One server for the whole class, started before {@code @BeforeAll}, stopped after {@code @AfterAll}. */
    public static GlassboxExtension perClass() { return new GlassboxExtension(false, b -> {}); }

    /** A fresh server for every test. */
    public static GlassboxExtension perTest() { return new GlassboxExtension(true, b -> {}); }

    /** Per class, with settings: {@code perClass(b -> b.config("hash-max-listpack-entries", "0"))}. */
    public static GlassboxExtension perClass(Consumer<Glassbox.Builder> configure) { return new GlassboxExtension(false, configure); }

    /** Per test, with settings. */
    public static GlassboxExtension perTest(Consumer<Glassbox.Builder> configure) { return new GlassboxExtension(true, configure); }

    /**
     * One master with {@code replicas} replicas for the whole class, synced before {@code @BeforeAll}
     * ({@link Glassbox.Builder#startReplicated}): {@link #server()} and a {@code Glassbox} parameter are
     * the master, {@link #group()} and a {@link ReplicatedGlassbox} parameter the whole group.
     */
    public static GlassboxExtension replicated(int replicas) { return replicated(replicas, b -> {}); }

    /** A replicated group per class, every node with these settings. */
    public static GlassboxExtension replicated(int replicas, Consumer<Glassbox.Builder> configure) {
        if (replicas < 1) throw new IllegalArgumentException("a replicated group needs at least one replica: " + replicas);
        return new GlassboxExtension(false, configure, replicas);
    }

    /** The master and replicas of an extension made by {@link #replicated}. */
    public ReplicatedGlassbox group() {
        Glassbox master = server();
        ReplicatedGlassbox g = groups.get(master);
        if (g == null) throw new IllegalStateException("this GlassboxExtension has no replicas: use GlassboxExtension.replicated(n)");
        return g;
    }

    /** The server of the current test (or class). */
    public Glassbox server() {
        Glassbox g = current.get();
        if (g == null) g = classServer;
        if (g == null) throw new IllegalStateException("no Glassbox server yet: it starts before @BeforeAll (per class) or @BeforeEach (per test)");
        return g;
    }

    /** The current server's port. */
    public int port() { return server().port(); }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (perTest) return;
        classServer = start(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        classServer = null;
        // the store closes the server (it is a CloseableResource) when the class context ends
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Glassbox g = perTest ? null : server(context);
        // an extension registered on an instance field gets no beforeAll: a server per test then
        if (g == null) g = start(context);
        current.set(g);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        current.remove();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext context) {
        Class<?> type = p.getParameter().getType();
        return type == Glassbox.class || type == ReplicatedGlassbox.class && replicas > 0;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext context) {
        Glassbox g = server(context);
        if (g == null) g = start(context); // e.g. a @BeforeAll parameter in per-test mode: one for that scope
        return p.getParameter().getType() == ReplicatedGlassbox.class ? groups.get(g) : g;
    }

    /** The server stored for this context or the nearest enclosing one. */
    private static Glassbox server(ExtensionContext context) {
        Stored s = context.getStore(NS).get(KEY, Stored.class);
        return s == null ? null : s.server;
    }

    private Glassbox start(ExtensionContext context) {
        Glassbox.Builder b = Glassbox.builder();
        configure.accept(b);
        Glassbox g;
        AutoCloseable owner;
        try {
            if (replicas > 0) {
                ReplicatedGlassbox group = b.startReplicated(replicas);
                g = group.master();
                groups.put(g, group);
                owner = () -> {
                    groups.remove(group.master());
                    group.close();
                };
            } else {
                g = b.start();
                owner = g;
            }
        } catch (RuntimeException e) {
            throw new ExtensionConfigurationException("GlassboxExtension could not start a server for "
                    + context.getDisplayName() + ": " + e.getMessage(), e);
        }
        context.getStore(NS).put(KEY, new Stored(g, owner));
        return g;
    }

    /**
     * Closes the server when JUnit discards the context that owns it. Both interfaces: JUnit before
     * 5.13 closes only CloseableResource, later versions prefer AutoCloseable; either way once.
     */
    @SuppressWarnings("deprecation")
    private static final class Stored implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final Glassbox server;
        /** What closing stops: the server, or the group it is the master of. */
        private final AutoCloseable owner;
        private boolean closed;

        Stored(Glassbox server, AutoCloseable owner) {
            this.server = server;
            this.owner = owner;
        }

        @Override
        public synchronized void close() throws Exception {
            if (closed) return;
            closed = true;
            owner.close();
        }
    }
}
