package io.glassbox.engine;

import io.glassbox.hooks.Hooks;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a front end (the REPL, the visualizer, a sample) may use of the engine, and nothing behind
 * it: the {@code engine} package (start, clients, the teaching controls), the {@code hooks} package
 * (events, subscriptions, snapshots, the wire form), the RESP value and wire types ({@code resp}),
 * {@code config} (to launch from a redis.conf), and the immutable snapshot records the public
 * methods of {@link Engine} and {@link Hooks} hand out, with the records they carry
 * ({@code ds.dict.DictSnapshot}, {@code ds.skiplist.SkipListSnapshot}, {@code ds.stream.StreamSnapshot}
 * and its {@code Rax.NodeView}, {@code loop.Tick}, the replication snapshot...), found by following
 * record components so the list cannot drift from the methods. Not {@code server}, {@code db}, the
 * data structures themselves, {@code net}, the loop. The front ends' architecture tests check
 * their compiled classes against it.
 */
public final class PublicFace {
    /** Packages a front end may use as a whole (not their sub-packages: {@code hooks.remote} is the engine's). */
    public static final List<String> PACKAGES = List.of("io.glassbox.engine", "io.glassbox.hooks", "io.glassbox.resp",
            "io.glassbox.config", "io.glassbox.module");

    private static final Set<String> RECORDS = carriedRecords();

    private PublicFace() {}

    /** True if a front end may depend on the class of this binary name ({@code a.b.Outer$Inner}). */
    public static boolean allows(String className) {
        int dot = className.lastIndexOf('.');
        String pkg = dot < 0 ? "" : className.substring(0, dot);
        return PACKAGES.contains(pkg) || RECORDS.contains(className);
    }

    /** The snapshot records handed out by the public methods, by binary name. */
    public static Set<String> records() { return RECORDS; }

    private static Set<String> carriedRecords() {
        Set<String> out = new HashSet<>();
        for (Class<?> face : List.of(Engine.class, Hooks.class)) {
            for (Method m : face.getMethods()) {
                if (m.getDeclaringClass() == face && Modifier.isPublic(m.getModifiers())) collect(m.getGenericReturnType(), out);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /** Adds every record reachable from {@code t} through type arguments, arrays and record components. */
    private static void collect(Type t, Set<String> out) {
        if (t instanceof ParameterizedType p) {
            collect(p.getRawType(), out);
            for (Type a : p.getActualTypeArguments()) collect(a, out);
        } else if (t instanceof GenericArrayType g) {
            collect(g.getGenericComponentType(), out);
        } else if (t instanceof WildcardType w) {
            for (Type u : w.getUpperBounds()) collect(u, out);
        } else if (t instanceof Class<?> c) {
            if (c.isArray()) {
                collect(c.getComponentType(), out);
            } else if ((c.isRecord() || c.isSealed()) && out.add(c.getName())) {
                if (c.isRecord()) for (RecordComponent rc : c.getRecordComponents()) collect(rc.getGenericType(), out);
                Class<?>[] subs = c.getPermittedSubclasses();
                if (subs != null) for (Class<?> s : subs) collect(s, out);
                for (Class<?> nested : c.getDeclaredClasses()) if (nested.isRecord()) collect(nested, out);
            }
        }
    }
}
