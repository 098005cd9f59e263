package io.glassbox.samples.modules.hello;

import io.glassbox.module.CommandContext;
import io.glassbox.module.ModuleContext;
import io.glassbox.module.ModuleKey;
import io.glassbox.module.RedisModule;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The classic first module (Redis's src/modules/helloworld.c), in Java: {@code HELLO.WORLD [name]}
 * greets, {@code COUNTER.INCRBY key n} and {@code COUNTER.GET key} keep a counter in a string key
 * through the key API (RM_OpenKey, RM_StringSet) and replicate the command as sent
 * (RM_ReplicateVerbatim), since a module command is never propagated by itself.
 *
 * <pre>
 * MODULE LOAD /path/hello.jar            (the jar's manifest: Glassbox-Module: this class)
 * HELLO.WORLD glassbox                   "Hello, glassbox!"
 * COUNTER.INCRBY visits 5                (integer) 5
 * </pre>
 */
public final class HelloWorldModule implements RedisModule {
    @Override
    public void onLoad(ModuleContext ctx, String[] args) {
        if (!ctx.init("helloworld", 1)) throw new IllegalStateException("a module named helloworld is loaded already");
        ctx.createCommand("hello.world", HelloWorldModule::world, "readonly fast", 0, 0, 0);
        ctx.createCommand("counter.incrby", HelloWorldModule::incrby, "write deny-oom fast", 1, 1, 1);
        ctx.createCommand("counter.get", HelloWorldModule::get, "readonly fast", 1, 1, 1);
        ctx.log("notice", "hello world module ready");
    }

    static void world(CommandContext ctx, List<byte[]> argv) {
        if (argv.size() > 2) { ctx.wrongArity(); return; }
        String name = argv.size() == 2 ? new String(argv.get(1), StandardCharsets.UTF_8) : "world";
        ctx.replyWithString("Hello, " + name + "!");
    }

    static void incrby(CommandContext ctx, List<byte[]> argv) {
        if (argv.size() != 3) { ctx.wrongArity(); return; }
        long by;
        try {
            by = Long.parseLong(new String(argv.get(2), StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            ctx.replyWithError("ERR value is not an integer or out of range");
            return;
        }
        ModuleKey key = ctx.openKey(argv.get(1), ModuleKey.READ | ModuleKey.WRITE);
        Long now = read(ctx, key);
        if (now == null) return;
        long v = now + by;
        key.stringSet(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
        ctx.replicateVerbatim();
        ctx.replyWithLongLong(v);
    }

    static void get(CommandContext ctx, List<byte[]> argv) {
        if (argv.size() != 2) { ctx.wrongArity(); return; }
        Long now = read(ctx, ctx.openKey(argv.get(1), ModuleKey.READ));
        if (now != null) ctx.replyWithLongLong(now);
    }

    /** The counter's value (0 for an empty key), or null after replying with the error. */
    private static Long read(CommandContext ctx, ModuleKey key) {
        if (key.type() == ModuleKey.KEYTYPE_EMPTY) return 0L;
        if (key.type() != ModuleKey.KEYTYPE_STRING) {
            ctx.replyWithError("WRONGTYPE Operation against a key holding the wrong kind of value");
            return null;
        }
        try {
            return Long.parseLong(new String(key.stringGet(), StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            ctx.replyWithError("ERR value is not an integer or out of range");
            return null;
        }
    }
}
