package io.glassbox.resp;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RESP2 and RESP3 replies from a stream into {@link RespValue}s: the client side of the
 * protocol, used by the REPL, by tests, and to read Redis's command metadata resource.
 */
public final class RespReader {
    private final InputStream in;

    public RespReader(InputStream in) { this.in = in; }

    /** Reads one complete reply; blocks until it has arrived. */
    public RespValue read() throws IOException {
        int type = in.read();
        if (type < 0) throw new EOFException("connection closed");
        String line = readLine();
        switch (type) {
            case '+': return new RespValue.SimpleString(line);
            case '-': return new RespValue.Error(line);
            case ':': return new RespValue.Int(Long.parseLong(line));
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) return new RespValue.Null();
                return new RespValue.Bulk(readBulk(n));
            }
            case '=': {
                byte[] b = readBulk(Integer.parseInt(line));
                return new RespValue.Verbatim(new String(b, 0, 3, StandardCharsets.US_ASCII),
                        java.util.Arrays.copyOfRange(b, 4, b.length));
            }
            case ',': return new RespValue.Double(line);
            case '(': return new RespValue.BigNumber(line);
            case '#': return new RespValue.Bool(line.equals("t"));
            case '_': return new RespValue.Null();
            case '*': case '~': case '>': {
                int n = Integer.parseInt(line);
                if (n < 0) return new RespValue.Null();
                List<RespValue> items = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) items.add(read());
                return new RespValue.Array((char) type, items);
            }
            case '%': case '|': {
                int n = Integer.parseInt(line);
                List<RespValue> items = new ArrayList<>(Math.min(2 * n, 1024));
                for (int i = 0; i < 2 * n; i++) items.add(read());
                if (type == '|') return new RespValue.Map('|', items);
                return new RespValue.Map('%', items);
            }
            default: throw new IOException("unknown RESP type byte '" + (char) type + "'");
        }
    }

    private byte[] readBulk(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) throw new EOFException("connection closed");
        int cr = in.read(), lf = cr < 0 ? -1 : in.read();
        if (cr < 0 || lf < 0) throw new EOFException("connection closed"); // cut before the CRLF: not whole yet
        if (cr != '\r' || lf != '\n') throw new IOException("bulk string not terminated by CRLF");
        return b;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16);
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) throw new EOFException("connection closed");
            out.write(c);
        }
        int lf = in.read();
        if (lf < 0) throw new EOFException("connection closed");
        if (lf != '\n') throw new IOException("line not terminated by CRLF");
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Encodes a command as the multibulk request a client sends. */
    public static byte[] encodeCommand(List<byte[]> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            out.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(a);
            out.writeBytes(new byte[]{'\r', '\n'});
        }
        return out.toByteArray();
    }
}
