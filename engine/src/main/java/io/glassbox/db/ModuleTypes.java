package io.glassbox.db;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The module data types one engine knows (the types lists of Redis's {@code modules} dict, looked
 * up by moduleTypeLookupModuleByID and ...ByName). The RDB loader asks it which type wrote a value;
 * the module subsystem fills it. Per keyspace, never static: two engines load different modules.
 */
public final class ModuleTypes {
    private final Map<String, ModuleDataType> byName = new LinkedHashMap<>();

    /** moduleTypeLookupModuleByID: the type whose name matches the id's (any encoding version), or null. */
    public ModuleDataType byId(long id) {
        return byName.get(nameById(id));
    }

    /** moduleTypeLookupModuleByName. */
    public ModuleDataType byName(String name) { return byName.get(name); }

    public void add(ModuleDataType type) { byName.put(type.name(), type); }

    public void remove(ModuleDataType type) { byName.remove(type.name(), type); }

    public Collection<ModuleDataType> all() { return Collections.unmodifiableCollection(byName.values()); }

    /** The 64 characters a type name may use, in the order that gives each its 6 bits (ModuleTypeNameCharSet). */
    public static final String NAME_CHARSET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /**
     * moduleTypeEncodeId: 9 characters of 6 bits each, then the 10-bit encoding version; 0 if the
     * name is not 9 characters of the charset or encver is outside 0..1023 (0 also for "AAAAAAAAA"
     * version 0, which Redis refuses for the same reason).
     */
    public static long encodeId(String name, int encver) {
        if (name.length() != 9 || encver < 0 || encver > 1023) return 0;
        long id = 0;
        for (int j = 0; j < 9; j++) {
            int pos = NAME_CHARSET.indexOf(name.charAt(j));
            if (pos < 0) return 0;
            id = (id << 6) | pos;
        }
        return (id << 10) | encver;
    }

    /** moduleTypeNameByID: the name an id encodes, for the error about a type nobody loaded. */
    public static String nameById(long id) {
        char[] name = new char[9];
        id >>>= 10;
        for (int j = 8; j >= 0; j--) {
            name[j] = NAME_CHARSET.charAt((int) (id & 63));
            id >>>= 6;
        }
        return new String(name);
    }
}
