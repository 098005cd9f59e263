package io.glassbox.server;

/**
 * The loaded modules as the core shows them (module.c's addReplyLoadedModules and
 * genModulesInfoString): HELLO's and MODULE LIST's array, INFO's modules section. The
 * {@code io.glassbox.module} subsystem implements it; {@link #NONE} is a server with no modules.
 */
public interface LoadedModules {
    LoadedModules NONE = new LoadedModules() {
        @Override public void addReplyLoadedModules(Client c) { c.addArrayLen(0); }
        @Override public void info(StringBuilder sb) {}
    };

    /** addReplyLoadedModules: a map of name, ver, path and args per module. */
    void addReplyLoadedModules(Client c);

    /** genModulesInfoString: one {@code module:name=...,ver=...} line per module. */
    void info(StringBuilder sb);
}
