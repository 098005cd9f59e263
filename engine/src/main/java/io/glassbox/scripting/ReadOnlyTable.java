package io.glassbox.scripting;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A Lua table that refuses writes while it is locked: Redis's {@code lua_enablereadonlytable}, a
 * patch Redis 7.0 carries in its Lua 5.1 so that a script cannot change the globals or a library
 * table that the next script would see ("Attempt to modify a readonly table").
 *
 * <p>luaj has no such flag, so the table overrides every way a value gets in: assignment
 * ({@code set}), {@code rawset}, {@code table.insert}/{@code remove}/{@code sort} and
 * {@code setmetatable}. The scripting code unlocks it for a moment to install KEYS and ARGV, as
 * Redis does around {@code lua_setglobal}.
 */
final class ReadOnlyTable extends Globals {
    static final String READONLY_ERR = "Attempt to modify a readonly table";

    private boolean readonly;

    void setReadonly(boolean readonly) { this.readonly = readonly; }

    boolean isReadonly() { return readonly; }

    /**
     * Level 1 (the error carries the script's position) for an assignment the VM makes; level 0
     * (no position) for library calls like {@code rawset} and {@code table.insert}, as Lua 5.1
     * reports errors raised inside C functions.
     */
    private void check(int level) {
        if (readonly) throw new LuaError(READONLY_ERR, level);
    }

    @Override public void set(int key, LuaValue value) { check(1); super.set(key, value); }
    @Override public void set(LuaValue key, LuaValue value) { check(1); super.set(key, value); }
    @Override public void rawset(int key, LuaValue value) { check(0); super.rawset(key, value); }
    @Override public void rawset(LuaValue key, LuaValue value) { check(0); super.rawset(key, value); }
    @Override public void hashset(LuaValue key, LuaValue value) { check(0); super.hashset(key, value); }
    @Override public void insert(int pos, LuaValue value) { check(0); super.insert(pos, value); }
    @Override public LuaValue remove(int pos) { check(0); return super.remove(pos); }
    @Override public void sort(LuaValue comparator) { check(0); super.sort(comparator); }
    @Override public LuaValue setmetatable(LuaValue metatable) { check(0); return super.setmetatable(metatable); }

    /** A locked copy of {@code t}, with nested tables copied and locked too (luaSetTableProtectionRecursively). */
    static ReadOnlyTable freeze(LuaTable t, java.util.IdentityHashMap<LuaTable, ReadOnlyTable> seen) {
        ReadOnlyTable copy = seen.get(t);
        if (copy != null) return copy;
        copy = new ReadOnlyTable();
        seen.put(t, copy);
        LuaValue k = LuaValue.NIL;
        while (true) {
            org.luaj.vm2.Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) break;
            LuaValue v = n.arg(2);
            copy.rawset(k, v instanceof LuaTable vt && !(v instanceof ReadOnlyTable) ? freeze(vt, seen) : v);
        }
        copy.readonly = true;
        return copy;
    }
}
