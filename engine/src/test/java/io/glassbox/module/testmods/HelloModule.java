package io.glassbox.module.testmods;

import io.glassbox.module.CallReply;
import io.glassbox.module.CommandContext;
import io.glassbox.module.ModuleContext;
import io.glassbox.module.ModuleKey;
import io.glassbox.module.ModuleType;
import io.glassbox.module.RedisModule;
import io.glassbox.module.TypeMethods;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test module in the shape of Redis's src/modules/helloworld.c and hellotype.c: commands that
 * exercise the reply builders, RM_Call, the key API and replication, and "hellotype", a list of
 * integers that saves to the RDB and rewrites to the AOF. Built into a jar at test time.
 */
public final class HelloModule implements RedisModule {
    private ModuleType type;

    @Override
    public void onLoad(ModuleContext ctx, String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("throw")) throw new Exception("asked to fail");
        if (args.length > 0 && args[0].equals("noinit")) return;
        if (!ctx.init("hello", 3)) throw new Exception("name taken");
        ctx.createCommand("hello.simple", (c, argv) -> c.replyWithLongLong(c.selectedDb()), "readonly", 0, 0, 0);
        ctx.createCommand("hello.args", (c, argv) -> {
            c.replyWithArray(args.length);
            for (String a : args) c.replyWithString(a);
        }, "readonly fast", 0, 0, 0);
        ctx.createCommand("hello.push.call", (c, argv) -> {
            if (argv.size() != 3) { c.wrongArity(); return; }
            CallReply r = c.call("!", "RPUSH", argv.get(1), argv.get(2));
            c.replyWithCallReply(r);
        }, "write deny-oom", 1, 1, 1);
        ctx.createCommand("hello.incr", (c, argv) -> {
            if (argv.size() != 2) { c.wrongArity(); return; }
            ModuleKey k = c.openKey(argv.get(1), ModuleKey.READ | ModuleKey.WRITE);
            if (k.type() != ModuleKey.KEYTYPE_EMPTY && k.type() != ModuleKey.KEYTYPE_STRING) {
                c.replyWithError("WRONGTYPE Operation against a key holding the wrong kind of value");
                return;
            }
            byte[] old = k.stringGet();
            long v = (old == null ? 0 : Long.parseLong(new String(old, StandardCharsets.US_ASCII))) + 1;
            k.stringSet(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
            c.replicateVerbatim();
            c.replyWithLongLong(v);
        }, "write deny-oom fast", 1, 1, 1);
        ctx.createCommand("hello.list.range", (c, argv) -> {
            // postponed length: the count is known only at the end (hellotype.c's RANGE)
            CallReply all = c.call("", "LRANGE", argv.get(1), "0", "-1");
            c.replyWithPostponedArray();
            int n = 0;
            for (int i = 0; i < all.length(); i++) {
                if (all.element(i).string().startsWith("a")) { c.replyWithString(all.element(i).bytes()); n++; }
            }
            c.replySetArrayLength(n);
        }, "readonly", 1, 1, 1);
        ctx.createCommand("hello.boom", (c, argv) -> {
            c.replyWithSimpleString("partial");
            throw new java.io.IOException("module bug");
        }, "readonly", 0, 0, 0);
        ctx.createCommand("hello.reach", (c, argv) -> {
            // the module's class loader sees the API and the JDK, not the engine behind them
            try {
                Class.forName(new String(argv.get(1), StandardCharsets.US_ASCII), false, HelloModule.class.getClassLoader());
                c.replyWithLongLong(1);
            } catch (ClassNotFoundException e) {
                c.replyWithLongLong(0);
            }
        }, "readonly", 0, 0, 0);
        if (List.of(args).contains("events")) {
            // each string event counted in a key; the INCR's own event does not come back (sub->active)
            ctx.subscribeToKeyspaceEvents(io.glassbox.module.KeyspaceEventHandler.STRING,
                    (ectx, type, event, key) -> ectx.call("INCR", "seen:" + event));
            ctx.subscribeToServerEvent(io.glassbox.module.ServerEventHandler.CLIENT_CHANGE,
                    (ectx, event, subevent, id, name) -> ectx.call("RPUSH", "clients", subevent + " " + id));
        }
        ctx.createCommand("hello.timer", (c, argv) -> {
            long ms = Long.parseLong(new String(argv.get(1), StandardCharsets.US_ASCII));
            byte[] key = argv.get(2), value = argv.get(3);
            c.replyWithLongLong(ctx.createTimer(ms, () -> ctx.call("SET", key, value)));
        }, "write", 0, 0, 0);
        ctx.createCommand("hello.stoptimer", (c, argv) ->
                c.replyWithLongLong(ctx.stopTimer(Long.parseLong(new String(argv.get(1), StandardCharsets.US_ASCII))) ? 1 : 0),
                "write", 0, 0, 0);
        if (List.of(args).contains("badtype")) {
            // a type whose loader reads one field more than its saver wrote
            ModuleType bad = ctx.createDataType("hellobad1", 0, new TypeMethods() {
                @Override public Object rdbLoad(RdbInput in, int encver) { return new long[]{in.loadUnsigned(), in.loadUnsigned()}; }
                @Override public void rdbSave(RdbOutput out, Object value) { out.saveUnsigned(((long[]) value)[0]); }
            });
            ctx.createCommand("hellobad.set", (c, argv) -> {
                c.openKey(argv.get(1), ModuleKey.WRITE).moduleTypeSetValue(bad, new long[]{7, 7});
                c.replyWithSimpleString("OK");
            }, "write", 1, 1, 1);
        }
        if (List.of(args).contains("notype")) return;
        type = ctx.createDataType("hellotype", 0, new HelloTypeMethods());
        if (type == null) throw new Exception("type taken");
        ctx.createCommand("hellotype.insert", (c, argv) -> {
            if (argv.size() != 3) { c.wrongArity(); return; }
            ModuleKey k = c.openKey(argv.get(1), ModuleKey.READ | ModuleKey.WRITE);
            if (k.type() != ModuleKey.KEYTYPE_EMPTY && k.moduleType() != type) {
                c.replyWithError("WRONGTYPE Operation against a key holding the wrong kind of value");
                return;
            }
            long v;
            try {
                v = Long.parseLong(new String(argv.get(2), StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                c.replyWithError("ERR invalid value: must be a signed 64 bit integer");
                return;
            }
            @SuppressWarnings("unchecked")
            List<Long> list = (List<Long>) k.moduleTypeGetValue();
            if (list == null) {
                list = new ArrayList<>();
                k.moduleTypeSetValue(type, list);
            }
            list.add(v);
            c.replyWithLongLong(list.size());
            c.replicateVerbatim();
        }, "write deny-oom", 1, 1, 1);
        ctx.createCommand("hellotype.range", (c, argv) -> {
            ModuleKey k = c.openKey(argv.get(1), ModuleKey.READ);
            @SuppressWarnings("unchecked")
            List<Long> list = k.moduleType() == type ? (List<Long>) k.moduleTypeGetValue() : List.of();
            c.replyWithArray(list.size());
            for (long v : list) c.replyWithLongLong(v);
        }, "readonly", 1, 1, 1);
    }

    /** hellotype.c's HelloTypeRdbLoad / Save / AofRewrite / MemUsage / Digest, for a list of longs. */
    static final class HelloTypeMethods implements TypeMethods {
        @Override public Object rdbLoad(RdbInput in, int encver) {
            if (encver != 0) return null;
            long n = in.loadUnsigned();
            List<Long> list = new ArrayList<>();
            for (long i = 0; i < n; i++) list.add(in.loadSigned());
            return list;
        }

        @Override public void rdbSave(RdbOutput out, Object value) {
            @SuppressWarnings("unchecked") List<Long> list = (List<Long>) value;
            out.saveUnsigned(list.size());
            for (long v : list) out.saveSigned(v);
        }

        @Override public void aofRewrite(AofEmitter aof, byte[] key, Object value) {
            @SuppressWarnings("unchecked") List<Long> list = (List<Long>) value;
            for (long v : list) aof.emit("HELLOTYPE.INSERT", key, v);
        }

        @Override public long memUsage(Object value) { return 16L + 24L * ((List<?>) value).size(); }

        @Override public byte[] digest(Object value) { return value.toString().getBytes(StandardCharsets.US_ASCII); }

        @Override public Object copy(byte[] fromKey, byte[] toKey, Object value) { return new ArrayList<>((List<?>) value); }
    }
}
