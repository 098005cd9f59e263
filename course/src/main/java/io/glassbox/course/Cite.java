package io.glassbox.course;

/**
 * Where a step's mechanism lives: the Redis C function (file and name, as the course cites them)
 * and the Glassbox Java method that mirrors it ({@code Class.method}, {@code io.glassbox} left out).
 */
public record Cite(String cFile, String cFunction, String javaMethod) {
    public static Cite of(String cFile, String cFunction, String javaMethod) { return new Cite(cFile, cFunction, javaMethod); }
}
