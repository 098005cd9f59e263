package io.glassbox.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds a module jar at test time from compiled classes (java.util.jar), as a module author's
 * build would: the classes of the given packages' directories and a manifest naming the entry
 * class ({@code Glassbox-Module}), or a ServiceLoader file instead.
 */
public final class ModuleJar {
    private ModuleJar() {}

    /** A jar at {@code jar} with every class of {@code entry}'s package, its manifest naming {@code entry}. */
    public static Path build(Path jar, Class<?> entry) throws IOException {
        return build(jar, entry, true);
    }

    /** As {@link #build(Path, Class)}; with {@code manifest} false the entry is declared as a ServiceLoader provider. */
    public static Path build(Path jar, Class<?> entry, boolean manifest) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (manifest) mf.getMainAttributes().put(new Attributes.Name("Glassbox-Module"), entry.getName());
        Path dir;
        try {
            dir = Path.of(entry.getResource(entry.getSimpleName() + ".class").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        String pkgPath = entry.getPackageName().replace('.', '/') + "/";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, mf);
             Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                if (!f.toString().endsWith(".class")) continue;
                j.putNextEntry(new JarEntry(pkgPath + f.getFileName()));
                try (InputStream in = Files.newInputStream(f)) { in.transferTo(j); }
                j.closeEntry();
            }
            if (!manifest) {
                j.putNextEntry(new JarEntry("META-INF/services/io.glassbox.module.RedisModule"));
                j.write((entry.getName() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        return jar;
    }
}
