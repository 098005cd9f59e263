package io.glassbox.course.lessons.tally;

import io.glassbox.module.CommandContext;
import io.glassbox.module.ModuleContext;
import io.glassbox.module.ModuleKey;
import io.glassbox.module.ModuleType;
import io.glassbox.module.RedisModule;
import io.glassbox.module.TypeMethods;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The module chapter 31's lesson loads into its server: a data type "tallytype" (a running total
 * and how many numbers made it) and two commands, TALLY.ADD key n and TALLY.GET key. The lesson
 * packs this class into a jar at run time and loads it with MODULE LOAD, so the engine sees it
 * only through the module API, as it would see any module.
 */
public final class TallyModule implements RedisModule {
    private ModuleType type;

    @Override
    public void onLoad(ModuleContext ctx, String[] args) {
        if (!ctx.init("tally", 1)) throw new IllegalStateException("tally is loaded already");
        type = ctx.createDataType("tallytype", 0, new Methods());
        ctx.createCommand("tally.add", this::add, "write deny-oom fast", 1, 1, 1);
        ctx.createCommand("tally.get", this::get, "readonly fast", 1, 1, 1);
    }

    private void add(CommandContext ctx, List<byte[]> argv) {
        if (argv.size() != 3) { ctx.wrongArity(); return; }
        long n;
        try {
            n = Long.parseLong(new String(argv.get(2), StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            ctx.replyWithError("ERR value is not an integer or out of range");
            return;
        }
        ModuleKey key = ctx.openKey(argv.get(1), ModuleKey.READ | ModuleKey.WRITE);
        if (key.type() != ModuleKey.KEYTYPE_EMPTY && key.moduleType() != type) {
            ctx.replyWithError("WRONGTYPE Operation against a key holding the wrong kind of value");
            return;
        }
        long[] tally = (long[]) key.moduleTypeGetValue();
        if (tally == null) {
            tally = new long[2];
            key.moduleTypeSetValue(type, tally);
        }
        tally[0] += n;
        tally[1]++;
        ctx.replicateVerbatim();
        ctx.replyWithLongLong(tally[0]);
    }

    private void get(CommandContext ctx, List<byte[]> argv) {
        if (argv.size() != 2) { ctx.wrongArity(); return; }
        ModuleKey key = ctx.openKey(argv.get(1), ModuleKey.READ);
        long[] tally = key.moduleType() == type ? (long[]) key.moduleTypeGetValue() : null;
        if (tally == null) { ctx.replyWithNull(); return; }
        ctx.replyWithArray(2);
        ctx.replyWithLongLong(tally[0]);
        ctx.replyWithLongLong(tally[1]);
    }

    /** The type's callbacks: the total and the count, as two signed fields of the RDB. */
    public static final class Methods implements TypeMethods {
        @Override public Object rdbLoad(RdbInput in, int encver) { return new long[]{in.loadSigned(), in.loadSigned()}; }

        @Override public void rdbSave(RdbOutput out, Object value) {
            long[] t = (long[]) value;
            out.saveSigned(t[0]);
            out.saveSigned(t[1]);
        }

        @Override public long memUsage(Object value) { return 32; }

        @Override public byte[] digest(Object value) {
            long[] t = (long[]) value;
            return (t[0] + "/" + t[1]).getBytes(StandardCharsets.US_ASCII);
        }
    }
}
