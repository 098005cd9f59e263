package io.glassbox.command.server;

import io.glassbox.resp.RespValue;
import io.glassbox.server.Client;

import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link RespValue} tree as a reply through the client's {@code addReply*} methods, so the
 * client's protocol decides the wire form: a RESP3 map becomes a flat RESP2 array, a set an array, an
 * attribute disappears for RESP2 clients, exactly as {@link io.glassbox.resp.ReplyBuffer} does for
 * replies built by hand. COMMAND INFO and COMMAND DOCS replay Redis's own metadata this way.
 */
final class RespValueReply {
    private RespValueReply() {}

    /** Emits {@code v} and everything under it; the bound is the size of the tree. */
    static void write(Client c, RespValue v) {
        if (v instanceof RespValue.SimpleString s) c.addStatus(s.value());
        else if (v instanceof RespValue.Error e) c.addError(e.message().startsWith("-") ? e.message() : "-" + e.message());
        else if (v instanceof RespValue.Int i) c.addLong(i.value());
        else if (v instanceof RespValue.Bulk b) c.addBulk(b.value());
        else if (v instanceof RespValue.Verbatim t) c.addVerbatim(t.value(), t.format());
        else if (v instanceof RespValue.Double d) c.addDouble(d.text().getBytes(StandardCharsets.US_ASCII));
        else if (v instanceof RespValue.BigNumber n) c.addBigNumber(n.digits().getBytes(StandardCharsets.US_ASCII));
        else if (v instanceof RespValue.Bool b) c.addBool(b.value());
        else if (v instanceof RespValue.Null) c.addNull();
        else if (v instanceof RespValue.Array a) {
            if (a.items() == null) { c.addNullArray(); return; }
            int n = a.items().size();
            switch (a.kind()) {
                case '~' -> c.addSetLen(n);
                case '>' -> c.addPushLen(n);
                default -> c.addArrayLen(n);
            }
            for (RespValue item : a.items()) write(c, item);
        } else if (v instanceof RespValue.Map m) {
            int pairs = m.entries().size() / 2;
            if (m.kind() == '|') {
                if (!c.resp3()) return; // RESP2 clients never see attributes
                c.addAttributeLen(pairs);
            } else {
                c.addMapLen(pairs);
            }
            for (RespValue item : m.entries()) write(c, item);
        }
    }
}
