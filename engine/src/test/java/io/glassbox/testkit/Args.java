package io.glassbox.testkit;

import io.glassbox.resp.SplitArgs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Commands and keys as the engine sees them: byte strings. */
public final class Args {
    private Args() {
    }

    /** The UTF-8 bytes of {@code s} (what a client sends for a Java string). */
    public static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** One byte per char ({@code "\u00ff"} is the byte 0xff): for binary-safe tests written as strings. */
    public static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** An argument vector: byte arrays as they are, anything else as the UTF-8 of its toString. */
    public static List<byte[]> argv(Object... args) {
        List<byte[]> argv = new ArrayList<>(args.length);
        for (Object a : args) argv.add(a instanceof byte[] bytes ? bytes : b(a.toString()));
        return argv;
    }

    /** The same for a list of words. */
    public static List<byte[]> argv(List<?> args) {
        return argv(args.toArray());
    }

    /** An argument vector of one-byte-per-char strings (see {@link #latin1}): random binary keys and values. */
    public static List<byte[]> latin1Argv(Object... args) {
        List<byte[]> argv = new ArrayList<>(args.length);
        for (Object a : args) argv.add(a instanceof byte[] bytes ? bytes : latin1(a.toString()));
        return argv;
    }

    public static List<byte[]> latin1Argv(List<?> args) {
        return latin1Argv(args.toArray());
    }

    /** A command line in redis-cli quoting ({@code SET k "a b"}), split as redis-cli splits it. */
    public static List<byte[]> line(String commandLine) {
        List<byte[]> argv = SplitArgs.split(b(commandLine));
        if (argv == null) throw new IllegalArgumentException("unbalanced quotes: " + commandLine);
        return argv;
    }

    /** A raw reply for a failure message: CRLF made visible, long ones cut. */
    public static String show(byte[] reply) {
        String s = new String(reply, StandardCharsets.UTF_8).replace("\r\n", "\\r\\n");
        return s.length() > 400 ? s.substring(0, 400) + "...(" + reply.length + " bytes)" : s;
    }

    /** A command for a failure message, cut after 200 characters. */
    public static String show(List<byte[]> argv) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : argv) {
            if (sb.length() > 200) { sb.append(" ..."); break; }
            sb.append(sb.length() == 0 ? "" : " ").append(new String(a, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
