package io.glassbox.module.core;

import io.glassbox.db.ModuleDataType;
import io.glassbox.module.ModuleType;
import io.glassbox.module.TypeMethods;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A type a module created (moduleType, RM_CreateDataType): the module's {@link TypeMethods} seen
 * by the keyspace and the persistence as a {@link ModuleDataType}.
 */
final class DataType implements ModuleDataType, ModuleType {
    private final String name;
    private final int encver;
    private final long id;
    private final String moduleName;
    private final TypeMethods methods;

    DataType(String name, int encver, long id, String moduleName, TypeMethods methods) {
        this.name = name;
        this.encver = encver;
        this.id = id;
        this.moduleName = moduleName;
        this.methods = methods;
    }

    @Override public String name() { return name; }
    @Override public int encver() { return encver; }
    @Override public long id() { return id; }
    @Override public String moduleName() { return moduleName; }

    @Override public void rdbSave(Object value, RdbOut out) {
        methods.rdbSave(new TypeMethods.RdbOutput() {
            @Override public void saveUnsigned(long v) { out.saveUnsigned(v); }
            @Override public void saveSigned(long v) { out.saveSigned(v); }
            @Override public void saveString(byte[] s) { out.saveString(s); }
            @Override public void saveDouble(double v) { out.saveDouble(v); }
            @Override public void saveFloat(float v) { out.saveFloat(v); }
        }, value);
    }

    @Override public Object rdbLoad(RdbIn in, int encver) {
        try {
            return methods.rdbLoad(new TypeMethods.RdbInput() {
                @Override public long loadUnsigned() { return in.loadUnsigned(); }
                @Override public long loadSigned() { return in.loadSigned(); }
                @Override public byte[] loadString() { return in.loadString(); }
                @Override public double loadDouble() { return in.loadDouble(); }
                @Override public float loadFloat() { return in.loadFloat(); }
            }, encver);
        } catch (LoadError e) {
            throw e;
        } catch (RuntimeException e) { // the module's own bug while loading: the load fails, the server goes on
            return null;
        }
    }

    @Override public void aofRewrite(byte[] key, Object value, Consumer<List<byte[]>> emit) {
        methods.aofRewrite((command, args) -> emit.accept(argv(command, args)), key, value);
    }

    @Override public long memUsage(Object value) { return methods.memUsage(value); }
    @Override public byte[] digest(Object value) { return methods.digest(value); }
    @Override public void free(Object value) { methods.free(value); }
    @Override public Object copy(byte[] fromKey, byte[] toKey, Object value) { return methods.copy(fromKey, toKey, value); }

    /** moduleCreateArgvFromUserFormat, simplified: byte[] as is, anything else as its text. */
    static List<byte[]> argv(String command, Object[] args) {
        List<byte[]> argv = new ArrayList<>(args.length + 1);
        argv.add(command.getBytes(StandardCharsets.UTF_8));
        for (Object a : args) argv.add(a instanceof byte[] b ? b : String.valueOf(a).getBytes(StandardCharsets.UTF_8));
        return argv;
    }
}
