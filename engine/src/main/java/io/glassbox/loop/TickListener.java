package io.glassbox.loop;

/** Hears about each finished tick, on the command thread; must not block. */
@FunctionalInterface
public interface TickListener {
    void onTick(Tick tick);
}
