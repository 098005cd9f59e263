package io.glassbox.persistence.rdb;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import io.glassbox.resp.RespValue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Files in the encodings Redis no longer writes but still loads (ziplist, zipmap, plain list/set/
 * zset/hash with text scores, ziplist-node quicklists, EXPIRETIME in seconds), built byte by byte
 * here as older Redis versions wrote them, load into today's encodings.
 */
@Tag("unit")
class LegacyRdbTest {
    @TempDir Path dir;

    /** A ziplist (ziplist.c) of strings and small integers, as Redis before 7.0 stored them. */
    static byte[] ziplist(Object... entries) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int prevlen = 0, tail = 10;
        for (Object e : entries) {
            ByteArrayOutputStream en = new ByteArrayOutputStream();
            en.write(prevlen); // all test entries are short: 1-byte prevlen
            if (e instanceof Integer i) {
                if (i >= 0 && i <= 12) {
                    en.write(0xF1 + i);
                } else if (i >= -128 && i <= 127) {
                    en.write(0xFE);
                    en.write(i);
                } else {
                    en.write(0xC0);
                    en.write(i & 0xff);
                    en.write((i >> 8) & 0xff);
                }
            } else {
                byte[] s = ((String) e).getBytes(StandardCharsets.ISO_8859_1);
                en.write(s.length);
                en.writeBytes(s);
            }
            tail = 10 + body.size();
            prevlen = en.size();
            body.writeBytes(en.toByteArray());
        }
        int total = 10 + body.size() + 1;
        ByteArrayOutputStream zl = new ByteArrayOutputStream();
        le(zl, total, 4);
        le(zl, tail, 4);
        le(zl, entries.length, 2);
        zl.writeBytes(body.toByteArray());
        zl.write(0xFF);
        return zl.toByteArray();
    }

    /** A zipmap (zipmap.c): count, then len key len free value, end 0xFF. */
    static byte[] zipmap(String... kv) {
        ByteArrayOutputStream zm = new ByteArrayOutputStream();
        zm.write(kv.length / 2);
        for (int i = 0; i < kv.length; i += 2) {
            byte[] k = kv[i].getBytes(), v = kv[i + 1].getBytes();
            zm.write(k.length);
            zm.writeBytes(k);
            zm.write(v.length);
            zm.write(1); // one free byte after the value
            zm.writeBytes(v);
            zm.write(0);
        }
        zm.write(0xFF);
        return zm.toByteArray();
    }

    private static void le(ByteArrayOutputStream o, long v, int n) {
        for (int i = 0; i < n; i++) o.write((int) (v >>> (8 * i)));
    }

    private static byte[] s(String x) { return x.getBytes(StandardCharsets.ISO_8859_1); }

    /** An RDB version 6 file (Redis 4/5 era) holding one key of each old encoding. */
    static byte[] legacyFile() throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        RioOutput rio = new RioOutput(bos, true);
        RdbWriter w = new RdbWriter(rio, false);
        rio.write(s("REDIS0006"));
        w.saveAuxField("redis-ver", "4.0.9");
        w.saveType(Rdb.OPCODE_SELECTDB);
        w.saveLen(0);
        w.saveType(Rdb.TYPE_LIST_ZIPLIST); w.saveRawString(s("zl:list")); w.saveRawString(ziplist("a", 12, -5, 1000, "hello"));
        w.saveType(Rdb.TYPE_HASH_ZIPLIST); w.saveRawString(s("zl:hash")); w.saveRawString(ziplist("f1", "v1", "f2", 2));
        w.saveType(Rdb.TYPE_ZSET_ZIPLIST); w.saveRawString(s("zl:zset")); w.saveRawString(ziplist("a", 1, "b", "2.5"));
        w.saveType(Rdb.TYPE_HASH_ZIPMAP); w.saveRawString(s("zm:hash")); w.saveRawString(zipmap("k1", "v1", "k2", "v2"));
        w.saveType(Rdb.TYPE_LIST_QUICKLIST); w.saveRawString(s("ql:list")); w.saveLen(2);
        w.saveRawString(ziplist("n1", "n2")); w.saveRawString(ziplist("n3", 7));
        w.saveType(Rdb.TYPE_LIST); w.saveRawString(s("plain:list")); w.saveLen(2); w.saveRawString(s("x")); w.saveRawString(s("y"));
        w.saveType(Rdb.TYPE_SET); w.saveRawString(s("plain:intset")); w.saveLen(3);
        w.saveRawString(s("3")); w.saveRawString(s("1")); w.saveRawString(s("2"));
        w.saveType(Rdb.TYPE_SET); w.saveRawString(s("plain:set")); w.saveLen(2); w.saveRawString(s("a")); w.saveRawString(s("1"));
        w.saveType(Rdb.TYPE_ZSET); w.saveRawString(s("plain:zset")); w.saveLen(3);
        w.saveRawString(s("m1")); rio.write(3); rio.write(s("1.5"));
        w.saveRawString(s("top")); rio.write(254);
        w.saveRawString(s("bottom")); rio.write(255);
        w.saveType(Rdb.TYPE_HASH); w.saveRawString(s("plain:hash")); w.saveLen(1); w.saveRawString(s("f")); w.saveRawString(s("v"));
        w.saveType(Rdb.OPCODE_EXPIRETIME); // RDB < 9 style: 4 bytes of unix seconds
        rio.write(new byte[]{(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}); // year 2038, in seconds
        w.saveType(Rdb.TYPE_STRING); w.saveRawString(s("old:ttl")); w.saveRawString(s("v"));
        RdbFile.writeFooter(w);
        return bos.toByteArray();
    }

    private static String flat(RespValue v) {
        return ((RespValue.Array) v).items().stream().map(RespValue::asText).collect(Collectors.joining(","));
    }

    @Test
    void oldEncodingsLoadIntoTodaysOnes() throws Exception {
        Files.write(dir.resolve("dump.rdb"), legacyFile());
        try (Engine e = RdbRoundTripTest.start(dir)) {
            LocalClient c = e.newClient();
            assertEquals("a,12,-5,1000,hello", flat(c.call("LRANGE", "zl:list", "0", "-1")));
            assertEquals("quicklist", c.call("OBJECT", "ENCODING", "zl:list").asText());
            assertEquals("f1,v1,f2,2", flat(c.call("HGETALL", "zl:hash")));
            assertEquals("listpack", c.call("OBJECT", "ENCODING", "zl:hash").asText());
            assertEquals("a,1,b,2.5", flat(c.call("ZRANGE", "zl:zset", "0", "-1", "WITHSCORES")));
            assertEquals("listpack", c.call("OBJECT", "ENCODING", "zl:zset").asText());
            assertEquals("k1,v1,k2,v2", flat(c.call("HGETALL", "zm:hash")));
            assertEquals("n1,n2,n3,7", flat(c.call("LRANGE", "ql:list", "0", "-1")));
            assertEquals("x,y", flat(c.call("LRANGE", "plain:list", "0", "-1")));
            assertEquals("intset", c.call("OBJECT", "ENCODING", "plain:intset").asText());
            assertEquals("1,2,3", flat(c.call("SMEMBERS", "plain:intset")));
            assertEquals("hashtable", c.call("OBJECT", "ENCODING", "plain:set").asText());
            assertEquals("bottom,-inf,m1,1.5,top,inf", flat(c.call("ZRANGE", "plain:zset", "0", "-1", "WITHSCORES")));
            assertEquals("listpack", c.call("OBJECT", "ENCODING", "plain:zset").asText());
            assertEquals("f,v", flat(c.call("HGETALL", "plain:hash")));
            assertEquals(2147483647000L, ((RespValue.Int) c.call("PEXPIRETIME", "old:ttl")).value());
        }
    }

    @Test
    void aCorruptZiplistIsRejectedNotLoaded() throws Exception {
        byte[] f = legacyFile();
        byte[] zl = ziplist("a", 12, -5, 1000, "hello");
        int at = indexOf(f, zl);
        f[at + 11] = (byte) 0x3F; // the first entry is now a 63-byte string: it runs past the end
        // keep the CRC right, so the ziplist check is what catches it
        long crc = Crc64.update(0, f, 0, f.length - 8);
        for (int i = 0; i < 8; i++) f[f.length - 8 + i] = (byte) (crc >>> (8 * i));
        Files.write(dir.resolve("dump.rdb"), f);
        Engine.StartupException ex = org.junit.jupiter.api.Assertions.assertThrows(Engine.StartupException.class,
                () -> RdbRoundTripTest.start(dir).close());
        org.junit.jupiter.api.Assertions.assertTrue(ex.getMessage().contains("List ziplist integrity check failed."), ex.getMessage());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
