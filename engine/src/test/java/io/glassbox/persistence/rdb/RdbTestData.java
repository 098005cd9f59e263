package io.glassbox.persistence.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * The same dataset, as commands, for every RDB test: each type in each of its encodings, with
 * TTLs and several databases. Tests send it to Glassbox and to real Redis alike.
 */
final class RdbTestData {
    private RdbTestData() {}

    /** Keys (in db 0) whose OBJECT ENCODING a round trip must keep. */
    static final List<String> KEYS = List.of("s:int", "s:neg", "s:big", "s:embstr", "s:raw", "s:lzf", "s:bin",
            "l:small", "l:big", "l:ints", "set:int", "set:ht", "set:big-int", "z:lp", "z:sl", "z:inf", "h:lp", "h:ht", "h:long", "ttl:1");

    static List<List<String>> commands() {
        List<List<String>> cmds = new ArrayList<>();
        cmds.add(List.of("SET", "s:int", "12345"));
        cmds.add(List.of("SET", "s:neg", "-7"));
        cmds.add(List.of("SET", "s:big", "9223372036854775807"));
        cmds.add(List.of("SET", "s:embstr", "hello world"));
        cmds.add(List.of("SET", "s:raw", "x".repeat(30) + "y".repeat(30) + "a rather random tail 1234567890"));
        cmds.add(List.of("SET", "s:lzf", "abcabcabc".repeat(50)));
        cmds.add(List.of("SET", "s:bin", "\u0000\u0001\u00ff binary"));
        List<String> l = new ArrayList<>(List.of("RPUSH", "l:small"));
        for (int i = 0; i < 10; i++) l.add("e" + i);
        cmds.add(l);
        List<String> lb = new ArrayList<>(List.of("RPUSH", "l:big"));
        for (int i = 0; i < 2000; i++) lb.add("element-number-" + i);
        cmds.add(lb);
        List<String> li = new ArrayList<>(List.of("RPUSH", "l:ints"));
        for (int i = 0; i < 300; i++) li.add(Integer.toString(i * 1000 - 5));
        cmds.add(li);
        cmds.add(List.of("SADD", "set:int", "1", "2", "3", "-100", "70000", "5000000000"));
        cmds.add(List.of("SADD", "set:ht", "a", "b", "c", "1"));
        List<String> sb = new ArrayList<>(List.of("SADD", "set:big-int"));
        for (int i = 0; i < 600; i++) sb.add(Integer.toString(i));
        cmds.add(sb);
        cmds.add(List.of("ZADD", "z:lp", "1", "a", "2.5", "b", "-3", "c", "1e10", "d"));
        List<String> zs = new ArrayList<>(List.of("ZADD", "z:sl"));
        for (int i = 0; i < 200; i++) { zs.add(Double.toString(i / 3.0)); zs.add("member-" + i); }
        cmds.add(zs);
        cmds.add(List.of("ZADD", "z:inf", "inf", "top", "-inf", "bottom", "0", "zero"));
        cmds.add(List.of("HSET", "h:lp", "f1", "v1", "f2", "2", "f3", "-3"));
        List<String> hh = new ArrayList<>(List.of("HSET", "h:ht"));
        for (int i = 0; i < 600; i++) { hh.add("field" + i); hh.add("value" + i); }
        cmds.add(hh);
        cmds.add(List.of("HSET", "h:long", "f", "v".repeat(100)));
        cmds.add(List.of("SET", "ttl:1", "v", "PX", "100000000"));
        cmds.add(List.of("SELECT", "3"));
        cmds.add(List.of("SET", "in-db3", "three"));
        cmds.add(List.of("RPUSH", "list-db3", "a", "b"));
        cmds.add(List.of("EXPIRE", "list-db3", "100000"));
        cmds.add(List.of("SELECT", "0"));
        return cmds;
    }
}
