package io.glassbox.repl.testmod;

import io.glassbox.module.ModuleContext;
import io.glassbox.module.RedisModule;

/** A one-command module the completion test loads: its command must appear among the names. */
public final class GreetModule implements RedisModule {
    @Override
    public void onLoad(ModuleContext ctx, String[] args) {
        ctx.init("greet", 1);
        ctx.createCommand("greet.hello", (c, argv) -> c.replyWithSimpleString("hi"), "readonly fast", 0, 0, 0);
    }
}
