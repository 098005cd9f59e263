package io.glassbox.resp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a client's query buffer into commands: Redis's {@code processInputBuffer} with its two
 * request forms, the multibulk {@code *N\r\n$len\r\narg\r\n...} that clients send and the inline
 * {@code PING\r\n} that a human types into telnet.
 *
 * <p>The parser is incremental and never half-parses: a request is only handed out once all of its
 * bytes are in the buffer; until then {@link #parse} answers {@link Result#NEED_MORE} and keeps
 * its progress (how many arguments are still expected, the length of the current bulk) so that a
 * 1 GB argument arriving in 64 KB reads is not re-scanned from the start each time. That progress
 * is exactly the {@code multibulklen}/{@code bulklen} pair of Redis's {@code client} struct.
 *
 * <p>Errors carry Redis's exact text and, as in Redis, the connection is closed after the error
 * reply is written: after a protocol error the stream cannot be re-synchronised.
 *
 * <p>One parser per connection; it is not thread-safe (only the command thread uses it).
 */
public final class RequestParser {

    /** Longest inline request, or longest count line, before the client is a protocol error. */
    public static final int PROTO_INLINE_MAX_SIZE = 1024 * 64;
    /**
     * Redis pre-sizes the query buffer for bulks of 32 KB and more (PROTO_MBULK_BIG_ARG); Glassbox
     * deliberately does not: the buffer only grows with bytes that really arrived, so a stranger who
     * declares many 512 MB arguments and sends nothing cannot exhaust the JVM's heap.
     */
    private static final int MBULK_BIG_ARG = 1024 * 32;

    public enum Result { COMMAND_READY, NEED_MORE, PROTOCOL_ERROR }

    private byte[] buf = new byte[1024];
    private int readPos;   // qb_pos: where parsing resumes
    /** Bytes dropped from the front of the buffer by compaction, for {@link #consumedBytes}. */
    private long compactedBytes;
    private int writePos;  // end of valid data

    private int multibulkLen;     // arguments still to read for the current request, 0 = none started
    private long bulkLen = -1;    // length of the bulk being read, -1 = its $ line not read yet
    private final List<byte[]> args = new ArrayList<>();
    private String error;
    private long maxBulkLen = 512L * 1024 * 1024;
    private boolean authRequired;
    private boolean inline;

    /** {@code proto-max-bulk-len}: the largest bulk argument accepted. */
    public void setMaxBulkLen(long maxBulkLen) { this.maxBulkLen = maxBulkLen; }

    /**
     * While the client has not authenticated, Redis refuses requests with more than 10 arguments
     * or bulks over 16 KB, so an unauthenticated stranger cannot make the server allocate much.
     */
    public void setAuthRequired(boolean authRequired) { this.authRequired = authRequired; }

    /** Appends bytes read from the socket. */
    public void append(byte[] src, int off, int len) {
        ensureCapacity(len);
        System.arraycopy(src, off, buf, writePos, len);
        writePos += len;
    }

    /** Makes room for {@code len} more bytes and returns the array to read into at {@link #writeIndex()}. */
    public byte[] reserve(int len) {
        ensureCapacity(len);
        return buf;
    }

    public int writeIndex() { return writePos; }

    public void advanceWrite(int len) { writePos += len; }

    /** Bytes received but not yet consumed by a complete request: what {@code client-query-buffer-limit} bounds. */
    public int pendingBytes() { return writePos - readPos; }

    /**
     * Every byte parsed so far, over the parser's life. A command's size is the difference across
     * its parse, even when its first arguments were consumed by an earlier, incomplete read (a
     * replica counts its offset this way: Redis's {@code c->reploff}).
     */
    public long consumedBytes() { return compactedBytes + readPos; }

    /** Total size of the buffer, what CLIENT LIST reports as qbuf. */
    public int queryBufferLength() { return writePos - readPos; }

    public int queryBufferCapacity() { return buf.length; }

    /** The arguments of the command that {@link #parse} just reported ready; valid until the next parse. */
    public List<byte[]> args() { return args; }

    /** Whether the last ready command came inline (telnet style) rather than as multibulk. */
    public boolean wasInline() { return inline; }

    /** The protocol error text (without the leading "-") after {@link Result#PROTOCOL_ERROR}. */
    public String error() { return error; }

    /**
     * Looks, without consuming anything, whether the next request's command name begins with
     * {@code lowerPrefix} (ASCII, lower case; compared ignoring case). False when no request has
     * started arriving, when one is half-parsed, or when its name is not all here yet. The server
     * uses it to let a GLASSBOX.* command through the teaching pause (see Server.processInputBuffer).
     */
    public boolean nextCommandStartsWith(byte[] lowerPrefix) {
        if (multibulkLen != 0) { // a request split across reads, already begun
            if (!args.isEmpty()) return startsWith(args.get(0), 0, args.get(0).length, lowerPrefix);
            int p = readPos;
            if (bulkLen == -1) { // its name's "$L\r\n" has not been read yet
                int cr = indexOf((byte) '\r', p);
                if (cr < 0) return false;
                p = cr + 2;
            }
            return startsWith(buf, p, writePos, lowerPrefix);
        }
        int p = readPos;
        while (p < writePos && (buf[p] == '\r' || buf[p] == '\n')) p++;
        if (p >= writePos) return false;
        if (buf[p] == '*') { // "*N\r\n$L\r\n" then the name
            int cr = indexOf((byte) '\r', p);
            if (cr < 0 || cr + 2 >= writePos || buf[cr + 2] != '$') return false;
            cr = indexOf((byte) '\r', cr + 2);
            if (cr < 0) return false;
            p = cr + 2;
        } else {
            while (p < writePos && buf[p] == ' ') p++;
        }
        return startsWith(buf, p, writePos, lowerPrefix);
    }

    private static boolean startsWith(byte[] a, int from, int end, byte[] lowerPrefix) {
        if (end - from < lowerPrefix.length) return false;
        for (int i = 0; i < lowerPrefix.length; i++) {
            int c = a[from + i];
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != lowerPrefix[i]) return false;
        }
        return true;
    }

    /**
     * Parses the next complete request, if the buffer holds one.
     * Work is bounded by the bytes in the buffer: each byte is looked at a constant number of times
     * across calls, however the request is split across reads.
     */
    public Result parse() {
        if (multibulkLen != 0) return parseMultibulk();
        // Empty requests ("*0\r\n", "*-1\r\n", a line of blanks) are skipped here, in a loop, as
        // processInputBuffer's loop resets the client and goes on when argc is 0: a client may send
        // any number of them in one read, so this must not recurse (it once did, and 100,000 of
        // them overflowed the stack and dropped the connection).
        while (true) {
            args.clear();
            // Skip empty lines between requests: Redis treats a bare "\r\n" as nothing.
            while (readPos < writePos && (buf[readPos] == '\r' || buf[readPos] == '\n')) readPos++;
            if (readPos >= writePos) {
                compact();
                return Result.NEED_MORE;
            }
            Result r = buf[readPos] == '*' ? parseMultibulk() : parseInline();
            if (r != null) return r;
        }
    }

    /** One inline request; null when the line held only blanks (an empty request). */
    private Result parseInline() {
        int nl = indexOf((byte) '\n', readPos);
        if (nl < 0) {
            if (writePos - readPos > PROTO_INLINE_MAX_SIZE) return fail("Protocol error: too big inline request");
            return Result.NEED_MORE;
        }
        int end = nl;
        if (end > readPos && buf[end - 1] == '\r') end--;
        List<byte[]> split = SplitArgs.split(buf, readPos, end);
        readPos = nl + 1;
        if (split == null) return fail("Protocol error: unbalanced quotes in request");
        args.clear();
        args.addAll(split);
        if (args.isEmpty()) return null; // only blanks: an empty request, parse() goes on
        inline = true;
        return Result.COMMAND_READY;
    }

    /** One multibulk request, or its continuation; null when it declared no arguments (an empty request). */
    private Result parseMultibulk() {
        inline = false;
        if (multibulkLen == 0) {
            int cr = indexOf((byte) '\r', readPos);
            if (cr < 0) {
                if (writePos - readPos > PROTO_INLINE_MAX_SIZE) return fail("Protocol error: too big mbulk count string");
                return Result.NEED_MORE;
            }
            if (cr + 1 >= writePos) return Result.NEED_MORE; // the '\n' has not arrived yet
            long n = parseLong(readPos + 1, cr);
            if (n == Long.MIN_VALUE || n > Integer.MAX_VALUE) return fail("Protocol error: invalid multibulk length");
            if (n > 10 && authRequired) return fail("Protocol error: unauthenticated multibulk length");
            readPos = cr + 2;
            if (n <= 0) return null; // "*0" and "*-1" are empty requests: parse() goes on
            multibulkLen = (int) n;
            bulkLen = -1;
        }
        while (multibulkLen > 0) {
            if (bulkLen == -1) {
                int cr = indexOf((byte) '\r', readPos);
                if (cr < 0) {
                    if (writePos - readPos > PROTO_INLINE_MAX_SIZE) return fail("Protocol error: too big bulk count string");
                    break;
                }
                if (cr + 1 >= writePos) break;
                if (buf[readPos] != '$') {
                    return fail("Protocol error: expected '$', got '" + (char) (buf[readPos] & 0xff) + "'");
                }
                long n = parseLong(readPos + 1, cr);
                if (n == Long.MIN_VALUE || n < 0 || n > maxBulkLen) return fail("Protocol error: invalid bulk length");
                if (n > 16384 && authRequired) return fail("Protocol error: unauthenticated bulk length");
                readPos = cr + 2;
                bulkLen = n;
            }
            if (writePos - readPos < bulkLen + 2) break;
            byte[] arg = new byte[(int) bulkLen];
            System.arraycopy(buf, readPos, arg, 0, arg.length);
            // As Redis does, the two bytes after the data are skipped, not checked: they should be "\r\n".
            readPos += (int) bulkLen + 2;
            bulkLen = -1;
            multibulkLen--;
            args.add(arg);
        }
        if (multibulkLen == 0) return Result.COMMAND_READY;
        compact();
        return Result.NEED_MORE;
    }

    private Result fail(String message) {
        error = message;
        multibulkLen = 0;
        bulkLen = -1;
        readPos = writePos;
        return Result.PROTOCOL_ERROR;
    }

    private int indexOf(byte b, int from) {
        byte[] a = buf;
        for (int i = from, end = writePos; i < end; i++) if (a[i] == b) return i;
        return -1;
    }

    /** Parses buf[from, to) as Redis's string2ll; Long.MIN_VALUE means "not a number" (never a valid count). */
    private long parseLong(int from, int to) {
        int len = to - from;
        if (len <= 0 || len > 20) return Long.MIN_VALUE;
        boolean neg = false;
        int i = from;
        if (buf[i] == '-') { neg = true; i++; if (i == to) return Long.MIN_VALUE; }
        if (buf[i] == '0' && to - i > 1) return Long.MIN_VALUE;
        long v = 0;
        for (; i < to; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) return Long.MIN_VALUE;
            if (v > (Long.MAX_VALUE - d) / 10) return Long.MIN_VALUE;
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }

    /** Drops consumed bytes, so a long-lived connection's buffer does not creep. */
    private void compact() {
        if (readPos == 0) return;
        compactedBytes += readPos;
        int remaining = writePos - readPos;
        if (remaining > 0) System.arraycopy(buf, readPos, buf, 0, remaining);
        readPos = 0;
        writePos = remaining;
        // Give memory back after a big argument (Redis's clientsCronResizeQueryBuffer does this in cron).
        if (buf.length > 64 * 1024 && remaining < buf.length / 4 && bulkLen < MBULK_BIG_ARG) {
            byte[] smaller = new byte[Math.max(1024, Integer.highestOneBit(Math.max(remaining, 1)) * 2)];
            System.arraycopy(buf, 0, smaller, 0, remaining);
            buf = smaller;
        }
    }

    private void ensureCapacity(int extra) {
        if (buf.length - writePos >= extra) return;
        if (readPos > 0 && multibulkLen == 0 && bulkLen == -1) compact();
        if (buf.length - writePos >= extra) return;
        long need = (long) writePos + extra;
        if (need > Integer.MAX_VALUE - 16) throw new IllegalStateException("query buffer too large");
        long cap = Math.max(need, Math.min((long) buf.length * 2, Integer.MAX_VALUE - 16));
        byte[] bigger = new byte[(int) cap];
        System.arraycopy(buf, 0, bigger, 0, writePos);
        buf = bigger;
    }

    @Override
    public String toString() {
        return "RequestParser{pending=" + pendingBytes() + ", multibulkLen=" + multibulkLen + ", bulkLen=" + bulkLen
                + (error == null ? "" : ", error=" + new String(error.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)) + "}";
    }
}
