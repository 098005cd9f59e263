package io.glassbox.module.core;

import io.glassbox.module.CallReply;
import io.glassbox.resp.RespValue;

import java.nio.charset.StandardCharsets;

/** RedisModuleCallReply over the parsed reply of the command RM_Call ran. */
final class Reply implements CallReply {
    final RespValue value;

    Reply(RespValue value) { this.value = value; }

    @Override public int type() {
        RespValue v = value;
        if (v instanceof RespValue.SimpleString || v instanceof RespValue.Bulk) return STRING;
        if (v instanceof RespValue.Error) return ERROR;
        if (v instanceof RespValue.Int) return INTEGER;
        if (v instanceof RespValue.Null) return NULL;
        if (v instanceof RespValue.Array a) return a.kind() == '~' ? SET : ARRAY;
        if (v instanceof RespValue.Map) return MAP;
        if (v instanceof RespValue.Bool) return BOOL;
        if (v instanceof RespValue.Double) return DOUBLE;
        if (v instanceof RespValue.BigNumber) return BIG_NUMBER;
        if (v instanceof RespValue.Verbatim) return VERBATIM_STRING;
        return UNKNOWN;
    }

    @Override public long integer() { return value instanceof RespValue.Int i ? i.value() : 0; }

    @Override public byte[] bytes() {
        RespValue v = value;
        if (v instanceof RespValue.Bulk b) return b.value();
        if (v instanceof RespValue.SimpleString s) return s.value().getBytes(StandardCharsets.UTF_8);
        if (v instanceof RespValue.Error e) return e.message().getBytes(StandardCharsets.UTF_8);
        if (v instanceof RespValue.Verbatim t) return t.value();
        if (v instanceof RespValue.Double d) return d.text().getBytes(StandardCharsets.US_ASCII);
        if (v instanceof RespValue.BigNumber n) return n.digits().getBytes(StandardCharsets.US_ASCII);
        return null;
    }

    @Override public String string() {
        byte[] b = bytes();
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Override public long length() {
        if (value instanceof RespValue.Array a) return a.items().size();
        if (value instanceof RespValue.Map m) return m.entries().size() / 2;
        byte[] b = bytes();
        return b == null ? 0 : b.length;
    }

    @Override public CallReply element(int index) {
        if (value instanceof RespValue.Array a) return new Reply(a.items().get(index));
        if (value instanceof RespValue.Map m) return new Reply(m.entries().get(index));
        throw new IllegalStateException("not an array reply");
    }

    @Override public String toString() { return value.toString(); }
}
