package io.glassbox.course.lessons;

import io.glassbox.course.Lesson;
import io.glassbox.course.LessonRun;
import io.glassbox.course.View;
import io.glassbox.ds.rax.Rax;
import io.glassbox.ds.stream.StreamSnapshot;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 07, streams on a radix tree (rax.c, t_stream.c): entries go into listpack nodes of at
 * most stream-node-max-entries, each node keyed in a rax by its master ID as 16 big-endian bytes;
 * IDs of the same stream share long prefixes, which the rax stores once (compressed nodes). An
 * XRANGE seeks the node, an XDEL only flags the entry. Node counts, sizes, prefixes and flags are
 * read from the stream's snapshot.
 */
final class StreamLesson {
    private StreamLesson() {}

    static final long MS = 1_700_000_000_000L;

    static Lesson lesson() {
        return Lesson.builder("07", 7).config("stream-node-max-entries")
                .step(r -> {
                    r.call("CONFIG", "SET", "stream-node-max-entries", "4");
                    r.call("XADD", "events", MS + "-0", "user", "ada", "action", "login");
                    StreamSnapshot s = stream(r);
                    StreamSnapshot.NodeInfo n = s.nodes().get(0);
                    r.view(View.Kind.STREAM, "events");
                    r.caption("l07.s1.node", s.nodes().size(), n.masterId().toString(), hex(key(n.masterId())), n.bytes(), n.masterFields());
                    r.caption("l07.s1.why");
                    r.cite("t_stream.c", "streamAppendItem", "ds.stream.Stream.append");
                    r.fact("nodes", shape(s));
                }, v -> v.expect("events' nodes", v.fact("nodes"), shape(stream(v.run()))))
                .step(r -> {
                    String[] actions = {"view", "cart", "pay", "logout"};
                    for (int i = 1; i <= 9; i++) {
                        r.call("XADD", "events", MS + i * 1000L + "-0", "user", i % 2 == 0 ? "ada" : "bob", "action", actions[i % 4]);
                    }
                    StreamSnapshot s = stream(r);
                    int compressed = 0, keys = 0;
                    for (Rax.NodeView rv : s.rax()) {
                        if (rv.compressed()) compressed++;
                        if (rv.isKey()) keys++;
                    }
                    List<String> ids = new ArrayList<>();
                    for (StreamSnapshot.NodeInfo n : s.nodes()) ids.add(n.masterId() + " (" + n.live() + ")");
                    r.view(View.Kind.STREAM, "events");
                    r.caption("l07.s2.nodes", s.length(), s.nodes().size(), ids, prefix(s), s.rax().size(), compressed, keys);
                    r.caption("l07.s2.why");
                    r.cite("rax.c", "raxGenericInsert", "ds.rax.Rax.insert");
                    r.fact("nodes", shape(s));
                }, v -> v.expect("events' nodes", v.fact("nodes"), shape(stream(v.run()))))
                .step(r -> {
                    String start = (MS + 5000) + "-0";
                    List<String> got = new ArrayList<>();
                    for (io.glassbox.resp.RespValue e : ((io.glassbox.resp.RespValue.Array) r.call("XRANGE", "events", start, "+", "COUNT", "2")).items()) {
                        got.add(LessonRun.text(((io.glassbox.resp.RespValue.Array) e).items().get(0)));
                    }
                    StreamSnapshot s = stream(r);
                    String node = "-";
                    for (StreamSnapshot.NodeInfo n : s.nodes()) {
                        if (n.masterId().compareTo(new io.glassbox.ds.stream.StreamID(MS + 5000, 0)) <= 0) node = n.masterId().toString();
                    }
                    r.view(View.Kind.STREAM, "events");
                    r.caption("l07.s3.range", start, node, got);
                    r.cite("t_stream.c", "streamIteratorStart", "ds.stream.Stream.iterator");
                    r.fact("nodes", shape(s));
                }, v -> v.expect("events' nodes", v.fact("nodes"), shape(stream(v.run()))))
                .step(r -> {
                    String id = (MS + 6000) + "-0";
                    long del = LessonRun.integer(r.call("XDEL", "events", id));
                    long len = LessonRun.integer(r.call("XLEN", "events"));
                    StreamSnapshot s = stream(r);
                    List<io.glassbox.course.Text> where = new ArrayList<>();
                    for (StreamSnapshot.NodeInfo n : s.nodes()) {
                        if (n.deleted() > 0) where.add(io.glassbox.course.Text.of("l07.counts", n.masterId().toString(), n.live(), n.deleted()));
                    }
                    r.view(View.Kind.STREAM, "events");
                    r.caption("l07.s4.xdel", id, del, len, where);
                    r.cite("t_stream.c", "streamDeleteItem", "ds.stream.Stream.deleteItem");
                    r.fact("nodes", shape(s));
                }, v -> v.expect("events' nodes", v.fact("nodes"), shape(stream(v.run()))))
                .build();
    }

    static StreamSnapshot stream(LessonRun r) {
        StreamSnapshot s = r.engine().hooks().streamSnapshot(r.db(), LessonRun.bytes("events")).join();
        if (s == null) throw new IllegalStateException("no stream at events");
        return s;
    }

    /** Per node: master ID, live and deleted entries, bytes. */
    static List<String> shape(StreamSnapshot s) {
        List<String> out = new ArrayList<>();
        for (StreamSnapshot.NodeInfo n : s.nodes()) out.add(n.masterId() + "/" + n.live() + "/" + n.deleted() + "/" + n.bytes());
        return out;
    }

    /** The rax key of a master ID: ms then seq, 8 bytes each, big endian (streamEncodeID), so keys sort as IDs. */
    static byte[] key(io.glassbox.ds.stream.StreamID id) {
        return ByteBuffer.allocate(16).putLong(id.ms()).putLong(id.seq()).array();
    }

    static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    /** How many leading bytes every node's key shares. */
    static int prefix(StreamSnapshot s) {
        byte[] first = key(s.nodes().get(0).masterId());
        int p = 16;
        for (StreamSnapshot.NodeInfo n : s.nodes()) {
            byte[] k = key(n.masterId());
            int i = 0;
            while (i < p && k[i] == first[i]) i++;
            p = i;
        }
        return p;
    }
}
