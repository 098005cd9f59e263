package io.glassbox.resp;

import java.nio.charset.StandardCharsets;

/**
 * A client's pending reply bytes, and the {@code addReply*} family that encodes replies into them.
 *
 * <p>As in Redis, a command never writes to a socket: it appends its reply here, and the event
 * loop's before-sleep step ({@code handleClientsWithPendingWrites}) sends whatever accumulated,
 * once per loop tick. A pipeline of 16 commands therefore costs one write, not 16.
 *
 * <p>The same method emits RESP2 or RESP3 depending on {@link #protocol()}: a map is {@code %N}
 * in RESP3 and a flat array of 2N in RESP2, a null is {@code _} or {@code $-1}/{@code *-1}, a
 * double is {@code ,1.5} or a bulk string. Commands therefore describe the reply's shape once
 * (Redis's {@code addReplyMapLen}, {@code addReplyNull}, {@code addReplyDouble}).
 *
 * <p>Not thread-safe: owned by the command thread.
 */
public class ReplyBuffer {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_RESP3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_ARRAY = "*0\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] SMALL_INTS = new byte[1024][];
    static {
        for (int i = 0; i < SMALL_INTS.length; i++) SMALL_INTS[i] = (":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] buf = new byte[256];
    private int len;
    private int protocol = 2;
    /** CLIENT REPLY OFF|SKIP: replies are computed but dropped (Redis's CLIENT_REPLY_OFF). */
    private boolean userMuted;
    /**
     * The client is to be closed (CLIENT_CLOSE_ASAP): nothing more is appended, even forced bytes
     * (prepareClientToWrite refuses such a client).
     */
    private boolean discarding;
    /** What the append paths test: {@code userMuted || discarding}. */
    private boolean muted;
    /**
     * Above this many pending bytes every append first calls {@link #onReplyGrowth}: Redis's static
     * reply buffer is full and each further reply goes to the reply list, where
     * {@code _addReplyProtoToList} checks the output buffer limits. Never, unless a subclass asks.
     */
    private int growthCheckAbove = Integer.MAX_VALUE;

    public final int protocol() { return protocol; }

    public final void setProtocol(int protocol) { this.protocol = protocol; }

    public final boolean resp3() { return protocol >= 3; }

    public final void setMuted(boolean muted) {
        this.userMuted = muted;
        this.muted = muted || discarding;
    }

    public final boolean muted() { return userMuted; }

    /**
     * Drops every pending byte and every later append, for good: the client is closing because of
     * its output buffer (freeClientAsync's CLIENT_CLOSE_ASAP). The buffer's memory goes at once.
     */
    public final void discardReplies() {
        discarding = true;
        muted = true;
        len = 0;
        buf = new byte[16];
    }

    /** True once {@link #discardReplies} ran. */
    public final boolean discarding() { return discarding; }

    /** Asks for {@link #onReplyGrowth} on every append that takes the pending bytes above {@code bytes}. */
    protected final void setGrowthCheckAbove(int bytes) { this.growthCheckAbove = bytes; }

    /**
     * Called before an append that takes the pending bytes to {@code projectedLen}, once they are
     * above the threshold of {@link #setGrowthCheckAbove}; it may call {@link #discardReplies}.
     */
    protected void onReplyGrowth(long projectedLen) {}

    /** Bytes waiting to be sent. */
    public final int pendingReplyBytes() { return len; }

    public final byte[] replyArray() { return buf; }

    /** Forgets the first {@code n} pending bytes, once the network layer has taken them. */
    public final void consumeReply(int n) {
        if (n >= len) {
            len = 0;
            if (buf.length > 64 * 1024) buf = new byte[256]; // don't pin a huge buffer to an idle client
        } else {
            System.arraycopy(buf, n, buf, 0, len - n);
            len -= n;
        }
    }

    /**
     * Drops whatever was appended after {@code mark} (a value of {@link #pendingReplyBytes()} taken
     * earlier in the same command). A command that fails half-way through its reply must not leave
     * a half-written reply on the wire: the client would wait for elements that never come.
     * Safe because bytes are only sent between commands (before-sleep), never during one.
     */
    public final void truncateReply(int mark) {
        if (mark >= 0 && mark < len) len = mark;
    }

    /** Takes all pending bytes as a new array (for in-process callers). */
    public final byte[] drainReply() {
        byte[] out = java.util.Arrays.copyOf(buf, len);
        len = 0;
        return out;
    }

    // ---------------------------------------------------------------- raw appends

    /** Appends protocol bytes as they are (Redis's addReplyProto). */
    public final void addRaw(byte[] b) { addRaw(b, 0, b.length); }

    /**
     * Appends bytes even when replies are muted: the replication stream to a replica, whose own
     * command replies are dropped but whose connection carries the master's writes.
     */
    public final void addRawForced(byte[] b) {
        if (discarding) return;
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    public final void addRaw(byte[] b, int off, int n) {
        if (muted) return;
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    private void ensure(int n) {
        if (len + n > growthCheckAbove) onReplyGrowth((long) len + n);
        if (buf.length - len >= n) return;
        int cap = Math.max(len + n, buf.length * 2);
        buf = java.util.Arrays.copyOf(buf, cap);
    }

    private void put(byte b) { buf[len++] = b; }

    private void putCrlf() { buf[len++] = '\r'; buf[len++] = '\n'; }

    private void putLong(long v) {
        if (v == Long.MIN_VALUE) {
            byte[] s = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(s, 0, buf, len, s.length);
            len += s.length;
            return;
        }
        if (v < 0) { put((byte) '-'); v = -v; }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) digits++;
        int end = len + digits;
        for (int i = end - 1; i >= len; i--) { buf[i] = (byte) ('0' + (v % 10)); v /= 10; }
        len = end;
    }

    private void addHeader(byte type, long n) {
        if (muted) return;
        ensure(24);
        put(type);
        putLong(n);
        putCrlf();
    }

    // ---------------------------------------------------------------- the addReply family

    public final void addOk() { addRaw(OK); }

    /** A status reply: {@code +text}. The text must not contain CR or LF. */
    public final void addStatus(String s) {
        if (muted) return;
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ensure(b.length + 3);
        put((byte) '+');
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        putCrlf();
    }

    /**
     * An error reply. As Redis's addReplyError: a message that does not start with an error code
     * ("-WRONGTYPE ...") gets "ERR " in front. Newlines would break the protocol and are replaced
     * by spaces, as Redis does.
     */
    public void addError(String msg) {
        String m = msg.indexOf('\r') >= 0 || msg.indexOf('\n') >= 0 ? msg.replace('\r', ' ').replace('\n', ' ') : msg;
        onErrorReply(m);
        if (muted) return;
        byte[] b = m.getBytes(StandardCharsets.UTF_8);
        ensure(b.length + 8);
        if (b.length == 0 || b[0] != '-') {
            System.arraycopy(new byte[]{'-', 'E', 'R', 'R', ' '}, 0, buf, len, 5);
            len += 5;
        }
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        putCrlf();
    }

    /** Called for every error reply, before it is written; the client counts them for INFO errorstats. */
    protected void onErrorReply(String msg) {}

    public final void addLong(long v) {
        if (v >= 0 && v < SMALL_INTS.length) { addRaw(SMALL_INTS[(int) v]); return; }
        addHeader((byte) ':', v);
    }

    public final void addBulk(byte[] b) {
        if (muted) return;
        ensure(b.length + 24);
        put((byte) '$');
        putLong(b.length);
        putCrlf();
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        putCrlf();
    }

    public final void addBulk(byte[] b, int off, int n) {
        if (muted) return;
        ensure(n + 24);
        put((byte) '$');
        putLong(n);
        putCrlf();
        System.arraycopy(b, off, buf, len, n);
        len += n;
        putCrlf();
    }

    public final void addBulk(String s) { addBulk(s.getBytes(StandardCharsets.UTF_8)); }

    /** A number as a bulk string (Redis's addReplyBulkLongLong). */
    public final void addBulkLong(long v) {
        if (muted) return;
        ensure(48);
        put((byte) '$');
        putLong(decimalLength(v));
        putCrlf();
        putLong(v);
        putCrlf();
    }

    private static int decimalLength(long v) {
        if (v == Long.MIN_VALUE) return 20;
        int n = v < 0 ? 2 : 1;
        for (long t = Math.abs(v); t >= 10; t /= 10) n++;
        return n;
    }

    /** The null reply: {@code $-1} in RESP2, {@code _} in RESP3 (addReplyNull). */
    public final void addNull() { addRaw(resp3() ? NULL_RESP3 : NULL_BULK); }

    /** The null array: {@code *-1} in RESP2, {@code _} in RESP3 (addReplyNullArray). */
    public final void addNullArray() { addRaw(resp3() ? NULL_RESP3 : NULL_ARRAY); }

    public final void addArrayLen(long n) {
        if (n == 0) { addRaw(EMPTY_ARRAY); return; }
        addHeader((byte) '*', n);
    }

    /** A map of n pairs: {@code %n} in RESP3, an array of 2n in RESP2. */
    public final void addMapLen(long n) { addHeader(resp3() ? (byte) '%' : (byte) '*', resp3() ? n : 2 * n); }

    /** A set: {@code ~n} in RESP3, an array in RESP2. */
    public final void addSetLen(long n) { addHeader(resp3() ? (byte) '~' : (byte) '*', n); }

    /** An attribute (RESP3 only; RESP2 clients never see it). */
    public final void addAttributeLen(long n) { if (resp3()) addHeader((byte) '|', n); }

    /** A push message: {@code >n} in RESP3, an array in RESP2 (pub/sub messages). */
    public final void addPushLen(long n) { addHeader(resp3() ? (byte) '>' : (byte) '*', n); }

    /** A boolean: {@code #t}/{@code #f} in RESP3, 1/0 in RESP2 (addReplyBool). */
    public final void addBool(boolean b) {
        if (resp3()) addRaw(b ? new byte[]{'#', 't', '\r', '\n'} : new byte[]{'#', 'f', '\r', '\n'});
        else addLong(b ? 1 : 0);
    }

    /**
     * A double already formatted as Redis formats it (%.17g and "inf"/"-inf"): RESP3's
     * {@code ,text}, or a bulk string in RESP2 (addReplyDouble).
     */
    public final void addDouble(byte[] formatted) {
        if (resp3()) {
            if (muted) return;
            ensure(formatted.length + 3);
            put((byte) ',');
            System.arraycopy(formatted, 0, buf, len, formatted.length);
            len += formatted.length;
            putCrlf();
        } else {
            addBulk(formatted);
        }
    }

    /** A big number: {@code (digits} in RESP3, a bulk string in RESP2. */
    public final void addBigNumber(byte[] digits) {
        if (resp3()) {
            addRaw(new byte[]{'('});
            addRaw(digits);
            addRaw(CRLF);
        } else {
            addBulk(digits);
        }
    }

    /** Verbatim text (INFO, CLIENT LIST in RESP3): {@code =len\r\ntxt:...}, a bulk string in RESP2. */
    public final void addVerbatim(byte[] text, String ext) {
        if (!resp3()) { addBulk(text); return; }
        byte[] prefix = (ext + ":").getBytes(StandardCharsets.US_ASCII);
        addHeader((byte) '=', text.length + prefix.length);
        addRaw(prefix);
        addRaw(text);
        addRaw(CRLF);
    }

    /** The reply to an empty range where an array is expected. */
    public final void addEmptyArray() { addRaw(EMPTY_ARRAY); }
}
