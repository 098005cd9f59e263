package io.glassbox.samples.modules.bloom;

import io.glassbox.module.CommandContext;
import io.glassbox.module.ModuleContext;
import io.glassbox.module.ModuleKey;
import io.glassbox.module.ModuleType;
import io.glassbox.module.RedisModule;
import io.glassbox.module.TypeMethods;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A module data type: a Bloom filter under one key (in the spirit of RedisBloom's BF.*), built on
 * RM_CreateDataType. Its values go into an RDB as RDB_TYPE_MODULE_2 under the type id of
 * "bloomtype" version 1 (m, k, n, then the bit array), into a rewritten AOF as one BF.LOADCHUNK
 * command, and to replicas as the commands themselves (RM_ReplicateVerbatim), so a filter survives
 * DEBUG RELOAD, a restart from RDB or AOF, and a full resynchronisation.
 *
 * <pre>
 * BF.RESERVE key error_rate capacity     OK
 * BF.ADD key item                        1 if the item was surely new, else 0
 * BF.EXISTS key item                     1 if maybe present, 0 if surely absent
 * BF.CARD key                            items added (those that changed a bit)
 * </pre>
 */
public final class BloomModule implements RedisModule {
    static final String TYPE_NAME = "bloomtype";
    static final int ENCVER = 1;
    private static final long DEFAULT_CAPACITY = 1000;
    private static final double DEFAULT_ERROR = 0.01;
    private ModuleType type;

    @Override
    public void onLoad(ModuleContext ctx, String[] args) {
        if (!ctx.init("bf", 1)) throw new IllegalStateException("a module named bf is loaded already");
        type = ctx.createDataType(TYPE_NAME, ENCVER, new Methods());
        if (type == null) throw new IllegalStateException("the type " + TYPE_NAME + " exists");
        ctx.createCommand("bf.reserve", this::reserve, "write deny-oom", 1, 1, 1);
        ctx.createCommand("bf.add", this::add, "write deny-oom fast", 1, 1, 1);
        ctx.createCommand("bf.exists", this::exists, "readonly fast", 1, 1, 1);
        ctx.createCommand("bf.card", this::card, "readonly fast", 1, 1, 1);
        ctx.createCommand("bf.loadchunk", this::loadchunk, "write deny-oom", 1, 1, 1);
    }

    /** The filter under the key, null for an empty key; a WRONGTYPE reply (and null) for another type. */
    private BloomFilter filter(CommandContext ctx, ModuleKey key, boolean[] wrongType) {
        if (key.type() == ModuleKey.KEYTYPE_EMPTY) return null;
        if (key.moduleType() != type) {
            ctx.replyWithError("WRONGTYPE Operation against a key holding the wrong kind of value");
            wrongType[0] = true;
            return null;
        }
        return (BloomFilter) key.moduleTypeGetValue();
    }

    private void reserve(CommandContext ctx, List<byte[]> argv) {
        if (argv.size() != 4) { ctx.wrongArity(); return; }
        double error;
        long capacity;
        try {
            error = Double.parseDouble(text(argv.get(2)));
            capacity = Long.parseLong(text(argv.get(3)));
        } catch (NumberFormatException e) {
            ctx.replyWithError("ERR bad error rate or capacity");
            return;
        }
        if (!(error > 0 && error < 1) || capacity <= 0 || capacity > 100_000_000) {
            ctx.replyWithError("ERR (0 < error rate < 1) and (0 < capacity <= 100000000)");
            return;
        }
        ModuleKey key = ctx.openKey(argv.get(1), ModuleKey.READ | ModuleKey.WRITE);
        if (key.type() != ModuleKey.KEYTYPE_EMPTY) { ctx.replyWithError("ERR item exists"); return; }
        key.moduleTypeSetValue(type, BloomFilter.forCapacity(capacity, error));
        ctx.replicateVerbatim();
        ctx.replyWithSimpleString("OK");
    }

    private void add(CommandContext ctx, List<byte[]> argv) {
        if (argv.size() != 3) { ctx.wrongArity(); return; }
        ModuleKey key = ctx.openKey(argv.get(1), ModuleKey.READ | ModuleKey.WRITE);
        boolean[] wrong = new boolean[1];
        BloomFilter bf = filter(ctx, key, wrong);
        if (wrong[0]) return;
        if (bf == null) {
            bf = BloomFilter.forCapacity(DEFAULT_CAPACITY, DEFAULT_ERROR);
            key.moduleTypeSetValue(type, bf);
        }
        boolean added = bf.add(argv.get(2));
        ctx.replicateVerbatim();
        ctx.replyWithLongLong(added ? 1 : 0);
    }

    private void exists(CommandContext ctx, List<byte[]> argv) {
        if (argv.size() != 3) { ctx.wrongArity(); return; }
        boolean[] wrong = new boolean[1];
        BloomFilter bf = filter(ctx, ctx.openKey(argv.get(1), ModuleKey.READ), wrong);
        if (!wrong[0]) ctx.replyWithLongLong(bf != null && bf.mightContain(argv.get(2)) ? 1 : 0);
    }

    private void card(CommandContext ctx, List<byte[]> argv) {
        if (argv.size() != 2) { ctx.wrongArity(); return; }
        boolean[] wrong = new boolean[1];
        BloomFilter bf = filter(ctx, ctx.openKey(argv.get(1), ModuleKey.READ), wrong);
        if (!wrong[0]) ctx.replyWithLongLong(bf == null ? 0 : bf.count);
    }

    /** BF.LOADCHUNK key m k n bits: what the AOF rewrite emits; the whole filter in one command. */
    private void loadchunk(CommandContext ctx, List<byte[]> argv) {
        if (argv.size() != 6) { ctx.wrongArity(); return; }
        BloomFilter bf;
        try {
            long m = Long.parseLong(text(argv.get(2)));
            int k = Integer.parseInt(text(argv.get(3)));
            long n = Long.parseLong(text(argv.get(4)));
            byte[] bits = argv.get(5);
            if (m <= 0 || k <= 0 || bits.length != ((m + 63) / 64) * 8) throw new NumberFormatException("size");
            bf = new BloomFilter(m, k, n, BloomFilter.wordsFromBytes(bits));
        } catch (NumberFormatException e) {
            ctx.replyWithError("ERR invalid chunk");
            return;
        }
        ctx.openKey(argv.get(1), ModuleKey.WRITE).moduleTypeSetValue(type, bf);
        ctx.replicateVerbatim();
        ctx.replyWithSimpleString("OK");
    }

    private static String text(byte[] b) { return new String(b, StandardCharsets.US_ASCII); }

    /** RedisModuleTypeMethods of "bloomtype". */
    static final class Methods implements TypeMethods {
        @Override public Object rdbLoad(RdbInput in, int encver) {
            if (encver != ENCVER) return null; // a newer version's layout: refuse rather than guess
            long m = in.loadUnsigned();
            int k = (int) in.loadUnsigned();
            long n = in.loadUnsigned();
            byte[] bits = in.loadString();
            if (m <= 0 || k <= 0 || bits.length != ((m + 63) / 64) * 8) return null;
            return new BloomFilter(m, k, n, BloomFilter.wordsFromBytes(bits));
        }

        @Override public void rdbSave(RdbOutput out, Object value) {
            BloomFilter bf = (BloomFilter) value;
            out.saveUnsigned(bf.bits);
            out.saveUnsigned(bf.hashes);
            out.saveUnsigned(bf.count);
            out.saveString(bf.bitsAsBytes());
        }

        @Override public void aofRewrite(AofEmitter aof, byte[] key, Object value) {
            BloomFilter bf = (BloomFilter) value;
            aof.emit("BF.LOADCHUNK", key, bf.bits, bf.hashes, bf.count, bf.bitsAsBytes());
        }

        @Override public long memUsage(Object value) { return 40L + ((BloomFilter) value).words.length * 8L; }

        @Override public byte[] digest(Object value) {
            BloomFilter bf = (BloomFilter) value;
            return (bf.bits + ":" + bf.hashes + ":" + bf.count + ":" + java.util.Arrays.hashCode(bf.words)).getBytes(StandardCharsets.US_ASCII);
        }

        @Override public Object copy(byte[] fromKey, byte[] toKey, Object value) { return ((BloomFilter) value).copy(); }
    }
}
