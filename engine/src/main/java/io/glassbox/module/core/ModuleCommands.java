package io.glassbox.module.core;

import io.glassbox.command.CommandTable;
import io.glassbox.command.HelpText;
import io.glassbox.server.Client;

import java.util.ArrayList;
import java.util.List;

/** The MODULE command (module.c's moduleCommand): HELP, LOAD, LOADEX, LIST, UNLOAD. */
public final class ModuleCommands {
    private static final String LOAD_ERROR = "Error loading the extension. Please check the server logs.";
    private final Modules modules;

    public ModuleCommands(Modules modules) { this.modules = modules; }

    public void register(CommandTable t) {
        t.bind("module|help", c -> HelpText.reply(c, "module"));
        t.bind("module|list", this::list);
        t.bind("module|load", this::load);
        t.bind("module|loadex", this::loadex);
        t.bind("module|unload", this::unload);
    }

    /** MODULE LOAD path [arg ...]. */
    private void load(Client c) {
        List<String> args = new ArrayList<>();
        for (int i = 3; i < c.argc(); i++) args.add(c.argString(i));
        if (modules.load(c.argString(2), args)) c.addOk(); else c.addError(LOAD_ERROR);
    }

    /**
     * MODULE LOADEX path [CONFIG name value ...] [ARGS arg ...] (parseLoadexArguments). Module
     * configs are not implemented yet: a CONFIG pair is queued in Redis and refused when the
     * module does not register it ("Loadex configurations were not applied"), so here any CONFIG
     * refuses the load the same way.
     */
    private void loadex(Client c) {
        List<String> args = new ArrayList<>();
        int i = 3;
        while (i < c.argc()) {
            if (c.argIs(i, "config") && i + 2 < c.argc()) {
                modules.host.log("warning", "Loadex configurations were not applied, likely due to invalid arguments. Unloading the module.");
                c.addError(LOAD_ERROR);
                return;
            } else if (c.argIs(i, "args")) {
                for (i++; i < c.argc(); i++) args.add(c.argString(i));
            } else {
                c.addError(LOAD_ERROR); // parseLoadexArguments: "Unrecognized option"
                return;
            }
        }
        if (modules.load(c.argString(2), args)) c.addOk(); else c.addError(LOAD_ERROR);
    }

    /** MODULE LIST (addReplyLoadedModules). */
    private void list(Client c) { modules.addReplyLoadedModules(c); }

    /** MODULE LIST's and HELLO's reply (addReplyLoadedModules): a map per module of name, ver, path, args. */
    static void addReplyLoadedModules(Modules modules, Client c) {
        var all = modules.list();
        c.addArrayLen(all.size());
        for (Modules.LoadedModuleView m : all) {
            c.addMapLen(4);
            c.addBulk("name");
            c.addBulk(m.name());
            c.addBulk("ver");
            c.addLong(m.version());
            c.addBulk("path");
            c.addBulk(m.path());
            c.addBulk("args");
            c.addArrayLen(m.args().size());
            for (String a : m.args()) c.addBulk(a);
        }
    }

    /** MODULE UNLOAD name. */
    private void unload(Client c) {
        String err = modules.unload(c.argString(2));
        if (err == null) c.addOk(); else c.addError("Error unloading module: " + err);
    }
}
