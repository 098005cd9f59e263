package io.glassbox.testkit;

import io.glassbox.resp.RespReader;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/**
 * A minimal RESP client that keeps each reply's exact bytes, so two servers' answers can be
 * compared byte for byte (the differential tests' instrument).
 */
public final class RawRespClient implements AutoCloseable {
    private final Socket socket; // null for a Unix domain socket client
    private final java.nio.channels.SocketChannel unix; // null for a TCP client
    private final InputStream in;
    private final OutputStream out;

    public RawRespClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        unix = null;
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    private RawRespClient(java.nio.file.Path socketFile) throws IOException {
        socket = null;
        unix = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(socketFile));
        in = new BufferedInputStream(java.nio.channels.Channels.newInputStream(unix));
        out = java.nio.channels.Channels.newOutputStream(unix);
    }

    /** A client of a server's Unix domain socket ({@code unixsocket}); reads have no timeout. */
    public static RawRespClient unix(java.nio.file.Path socketFile) throws IOException {
        return new RawRespClient(socketFile);
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a command and returns the raw bytes of its reply. */
    public byte[] call(List<byte[]> argv) throws IOException {
        send(argv);
        return readReply();
    }

    /** Sends a command line in redis-cli quoting and returns its reply's bytes. */
    public byte[] call(String commandLine) throws IOException {
        return call(Args.line(commandLine));
    }

    /** Sends a command without reading its reply (a blocking command, a pipeline). */
    public void send(List<byte[]> argv) throws IOException {
        sendRaw(RespReader.encodeCommand(argv));
    }

    /** Reads one whole reply frame and returns its bytes as received. */
    public byte[] readReply() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        readFrame(buf);
        return buf.toByteArray();
    }

    /** True if the server closed the connection (read returns EOF within the timeout). */
    public boolean closedByPeer(int timeoutMs) throws IOException {
        if (socket == null) throw new UnsupportedOperationException("closedByPeer needs a TCP client");
        int old = socket.getSoTimeout();
        socket.setSoTimeout(timeoutMs);
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            socket.setSoTimeout(old);
        }
    }

    private void readFrame(ByteArrayOutputStream buf) throws IOException {
        int type = in.read();
        if (type < 0) throw new EOFException("connection closed");
        buf.write(type);
        String line = readLine(buf);
        switch (type) {
            case '$': case '=': case '!': {
                int n = Integer.parseInt(line);
                if (n >= 0) copy(buf, n + 2);
                break;
            }
            case '*': case '~': case '>': {
                int n = Integer.parseInt(line);
                for (int i = 0; i < n; i++) readFrame(buf);
                break;
            }
            case '%': case '|': {
                int n = Integer.parseInt(line);
                for (int i = 0; i < 2 * n; i++) readFrame(buf);
                break;
            }
            default:
                break;
        }
    }

    private String readLine(ByteArrayOutputStream buf) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) throw new EOFException("connection closed");
            buf.write(c);
            sb.append((char) c);
        }
        buf.write('\r');
        int lf = in.read();
        if (lf < 0) throw new EOFException("connection closed");
        buf.write(lf);
        return sb.toString();
    }

    private void copy(ByteArrayOutputStream buf, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) throw new EOFException("connection closed");
        buf.write(b);
    }

    @Override
    public void close() throws IOException {
        if (socket != null) socket.close();
        else unix.close();
    }
}
