package io.glassbox.db;

/**
 * The payload of a {@link RedisObject#TYPE_MODULE} object (Redis's {@code moduleValue}): the type,
 * which knows how to save, rewrite, measure and free it, and the module's own object.
 */
public final class ModuleValue {
    public final ModuleDataType type;
    public Object value;

    public ModuleValue(ModuleDataType type, Object value) {
        this.type = type;
        this.value = value;
    }

    /** createModuleObject: a keyspace object holding a module value ({@code raw} encoding, as in Redis). */
    public static RedisObject object(ModuleDataType type, Object value) {
        return new RedisObject(RedisObject.TYPE_MODULE, RedisObject.ENC_RAW, new ModuleValue(type, value));
    }
}
