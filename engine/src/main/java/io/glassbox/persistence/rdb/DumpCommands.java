package io.glassbox.persistence.rdb;

import io.glassbox.command.CommandTable;
import io.glassbox.command.generic.ExpireCommands;
import io.glassbox.db.Keyspace;
import io.glassbox.db.RedisDb;
import io.glassbox.db.RedisObject;
import io.glassbox.server.Client;
import io.glassbox.util.RedisNumbers;

/**
 * DUMP and RESTORE ({@code dumpCommand}, {@code restoreCommand} in Redis's {@code cluster.c}): a
 * value as an RDB-encoded payload with the RDB version and a CRC64 ({@link DumpPayload}), so a key
 * can move between servers, Glassbox or Redis, byte for byte.
 *
 * <p>A payload is checked twice before it can reach the keyspace: the footer (version, CRC), then
 * the value's every blob (listpack entries, intset order, duplicates) while decoding. Anything
 * wrong is "Bad data format"; no half value is ever stored.
 */
public final class DumpCommands {
    private final RdbPersistence rdb;

    /** DUMP and RESTORE of one engine, whose RDB settings (sanitize-dump-payload) they follow. */
    public DumpCommands(RdbPersistence rdb) { this.rdb = rdb; }

    public void register(CommandTable t) {
        t.bind("dump", DumpCommands::dump);
        t.bind("restore", this::restore);
        // RESTORE-ASKING: RESTORE that a cluster node importing the slot accepts without ASKING (MIGRATE sends it)
        t.bind("restore-asking", this::restore);
        t.bind("migrate", rdb.migrate()::migrate);
    }

    /** DUMP key: the payload, or nil. */
    static void dump(Client c) {
        RedisObject o = c.db().lookupKeyRead(c.arg(1));
        if (o == null) { c.addNull(); return; }
        c.addBulk(DumpPayload.create(o));
    }

    /** RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency], checks in Redis's order. */
    /**
     * rdbLoadObject's deep_integrity_validation for a RESTORE: always with sanitize-dump-payload
     * yes, never with no, and with clients for every client but the master (the ACL user flag
     * skip-sanitize-payload is not consulted yet).
     */
    private boolean deepSanitize(Client c) {
        String mode = rdb.host().config().value("sanitize-dump-payload");
        if ("yes".equals(mode)) return true;
        if ("clients".equals(mode)) return !c.isMaster();
        return false;
    }

    void restore(Client c) {
        boolean replace = false, absttl = false;
        long lruIdle = -1, lfuFreq = -1;
        long[] v = new long[1];
        for (int j = 4; j < c.argc(); j++) {
            int additional = c.argc() - j - 1;
            if (c.argIs(j, "replace")) {
                replace = true;
            } else if (c.argIs(j, "absttl")) {
                absttl = true;
            } else if (c.argIs(j, "idletime") && additional >= 1 && lfuFreq == -1) {
                if (!RedisNumbers.string2ll(c.arg(j + 1), v)) { c.addErrorNotInteger(); return; }
                lruIdle = v[0];
                if (lruIdle < 0) { c.addError("Invalid IDLETIME value, must be >= 0"); return; }
                j++;
            } else if (c.argIs(j, "freq") && additional >= 1 && lruIdle == -1) {
                if (!RedisNumbers.string2ll(c.arg(j + 1), v)) { c.addErrorNotInteger(); return; }
                lfuFreq = v[0];
                if (lfuFreq < 0 || lfuFreq > 255) { c.addError("Invalid FREQ value, must be >= 0 and <= 255"); return; }
                j++;
            } else {
                c.addErrorSyntax();
                return;
            }
        }
        byte[] key = c.arg(1);
        RedisDb db = c.db();
        if (!replace && db.lookupKeyWrite(key) != null) { c.addError("-BUSYKEY Target key name already exists."); return; }
        if (!RedisNumbers.string2ll(c.arg(2), v)) { c.addErrorNotInteger(); return; }
        long ttl = v[0];
        if (ttl < 0) { c.addError("Invalid TTL value, must be >= 0"); return; }
        byte[] payload = c.arg(3);
        if (!DumpPayload.verify(payload, rdb.skipChecksumValidation())) { c.addError("DUMP payload version or checksum are wrong"); return; }
        RedisObject obj;
        try {
            obj = DumpPayload.load(payload, rdb.limits(), deepSanitize(c));
        } catch (RdbLoadException e) {
            // rdbReportError in a RESTORE context: logged at verbose, and the command fails
            rdb.host().log("verbose", "Internal error in RDB reading offset 0, function at rdb.c:0 -> " + e.getMessage());
            c.addError("Bad data format");
            return;
        }
        Keyspace ks = rdb.host().keyspace();
        boolean deleted = replace && db.dbDelete(key);
        if (ttl != 0 && !absttl) ttl += ks.commandTime();
        if (ttl != 0 && ExpireCommands.checkAlreadyExpired(ks, ttl)) {
            if (deleted) {
                ks.stats.dirty++;
                c.rewriteCommandVector(io.glassbox.server.Propagation.DEL, key); // what happened: the old value went
            }
            c.addOk();
            return;
        }
        db.dbAdd(key, obj);
        if (ttl != 0) {
            db.setExpire(key, ttl);
            if (!absttl) { // propagate the TTL as an absolute time: RESTORE key <abs ms> payload ... ABSTTL
                c.rewriteCommandArgument(2, io.glassbox.server.Propagation.number(ttl));
                c.rewriteCommandArgument(c.argc(), io.glassbox.server.Propagation.ABSTTL);
            }
        }
        ObjectLru.setLruOrLfu(obj, lfuFreq, lruIdle, ks.lruClock(), 1000, rdb.host().maxmemoryPolicy(), rdb.host().nowMillis());
        db.signalModifiedKey(key);
        c.addOk();
        ks.stats.dirty++;
    }
}
