package io.glassbox.module.core;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * The class loader of one module jar: {@code dlopen(path, RTLD_LOCAL)} for Java. Its parent sees
 * only the JDK and the module API ({@code io.glassbox.module}, not its sub-packages), so a module
 * links against redismodule.h's equivalent and nothing else of the engine, and never against
 * another module's classes. Closing it (MODULE UNLOAD, a failed load) is {@code dlclose}.
 */
final class ModuleClassLoader extends URLClassLoader {
    private static final String API_PACKAGE = "io.glassbox.module.";

    ModuleClassLoader(URL jar, ClassLoader engine) {
        super(new URL[]{jar}, new ApiOnly(engine));
    }

    /** The parent: the platform's classes, plus the API classes as the engine loaded them (one identity). */
    private static final class ApiOnly extends ClassLoader {
        private final ClassLoader engine;

        ApiOnly(ClassLoader engine) {
            super(ClassLoader.getPlatformClassLoader());
            this.engine = engine;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (isApi(name)) return engine.loadClass(name);
            throw new ClassNotFoundException(name);
        }
    }

    /** io.glassbox.module.X or X$Inner: the API; io.glassbox.module.core.* is the engine's. */
    static boolean isApi(String className) {
        return className.startsWith(API_PACKAGE) && className.indexOf('.', API_PACKAGE.length()) < 0;
    }
}
