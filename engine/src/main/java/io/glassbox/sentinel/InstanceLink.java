package io.glassbox.sentinel;

import io.glassbox.resp.RespReader;
import io.glassbox.resp.RespValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The link to an instance ({@code instanceLink}): a command connection ({@code cc}) and, for
 * masters and replicas, a Pub/Sub connection ({@code pc}), with the timestamps failure detection
 * reads. The ping and pong times live on the link, not the instance: a Sentinel seen through
 * several masters shares one link (refcount), so it gets one PING a second, not one per master.
 *
 * <p>Each connection is hiredis's async context in miniature: commands are written at once (and
 * buffered until the socket is open), replies are matched to their callbacks in order, and once
 * subscribed every message goes to the subscription's callback.
 */
final class InstanceLink {
    int refcount = 1;
    /** True while either needed connection is missing: sentinelReconnectInstance will try again. */
    boolean disconnected = true;
    int pendingCommands;
    Conn cc;
    Conn pc;
    long ccConnTime;
    long pcConnTime;
    long pcLastActivity;
    /** Last time a PING got an acceptable reply (PONG, LOADING, MASTERDOWN). */
    long lastAvailTime;
    /** When the oldest unanswered PING was sent; 0 once answered. */
    long actPingTime;
    long lastPingTime;
    /** Last reply to a PING, whatever it was. */
    long lastPongTime;
    long lastReconnTime;

    InstanceLink(long now) {
        // act_ping_time starts at "now" so an instance never reached at all still times out
        this.actPingTime = now;
        this.lastAvailTime = now;
        this.lastPongTime = now;
    }

    /** instanceLinkCloseConnection. */
    void close(Conn c) {
        if (c == null) return;
        if (cc == c) {
            cc = null;
            pendingCommands = 0;
        }
        if (pc == c) pc = null;
        disconnected = true;
        c.close();
    }

    /** instanceLinkConnectionError: the connection died on its own; mark the link for reconnection. */
    void connectionLost(Conn c) {
        if (cc == c) cc = null;
        else if (pc == c) pc = null;
        else return;
        disconnected = true;
    }

    /** One async connection: a RESP client writing commands and calling back with replies in order. */
    static final class Conn implements Sentinel.LinkEvents {
        private final InstanceLink owner;
        private Sentinel.Link socket;
        private boolean closed;
        private final ByteArrayOutputStream pendingOut = new ByteArrayOutputStream();
        private final ArrayDeque<Consumer<RespValue>> callbacks = new ArrayDeque<>();
        /** Once SUBSCRIBE was sent, every reply past the queued callbacks goes here. */
        private Consumer<RespValue> subscription;
        private byte[] in = new byte[4096];
        private int inLen;
        /** The local address of the socket ("/127.0.0.1:54321"), once open. */
        String localAddress;

        Conn(InstanceLink owner) { this.owner = owner; }

        /** redisAsyncCommand: sends argv; {@code cb} gets the reply (null if the connection dies first). */
        void command(Consumer<RespValue> cb, String... argv) {
            if (closed) return;
            callbacks.add(cb);
            write(encode(argv));
        }

        /** SUBSCRIBE: {@code cb} gets the subscription's confirmation and then every message. */
        void subscribe(Consumer<RespValue> cb, String... argv) {
            if (closed) return;
            subscription = cb;
            write(encode(argv));
        }

        private void write(byte[] b) {
            if (socket != null) socket.write(b);
            else pendingOut.writeBytes(b);
        }

        static byte[] encode(String... argv) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(("*" + argv.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String a : argv) {
                byte[] b = a.getBytes(StandardCharsets.UTF_8);
                out.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(b);
                out.writeBytes(new byte[]{'\r', '\n'});
            }
            return out.toByteArray();
        }

        void close() {
            if (closed) return;
            closed = true;
            if (socket != null) socket.close();
            failPending();
        }

        private void failPending() {
            // hiredis calls every pending callback with a NULL reply when the context is freed
            while (!callbacks.isEmpty()) callbacks.poll().accept(null);
        }

        @Override
        public void connected(Sentinel.Link link) {
            if (closed) {
                link.close();
                return;
            }
            socket = link;
            localAddress = link.localAddress();
            if (pendingOut.size() > 0) {
                link.write(pendingOut.toByteArray());
                pendingOut.reset();
            }
        }

        @Override
        public void bytes(byte[] b, int off, int len) {
            if (closed) return;
            if (inLen + len > in.length) in = java.util.Arrays.copyOf(in, Math.max(in.length * 2, inLen + len));
            System.arraycopy(b, off, in, inLen, len);
            inLen += len;
            int pos = 0;
            while (pos < inLen && !closed) {
                Counting stream = new Counting(in, pos, inLen - pos);
                RespValue v;
                try {
                    v = new RespReader(stream).read();
                } catch (EOFException e) {
                    break; // not whole yet
                } catch (IOException | RuntimeException e) {
                    owner.connectionLost(this);
                    close();
                    return;
                }
                pos = stream.position();
                Consumer<RespValue> cb = callbacks.poll();
                if (cb != null) {
                    cb.accept(v);
                } else if (v instanceof RespValue.Error) {
                    // hiredis drops a context that gets an error nobody asked for: a SUBSCRIBE refused
                    // (NOAUTH) leaves the Pub/Sub link down, so the instance shows "disconnected"
                    owner.connectionLost(this);
                    close();
                    return;
                } else if (subscription != null) {
                    subscription.accept(v);
                }
            }
            System.arraycopy(in, pos, in, 0, inLen - pos);
            inLen -= pos;
        }

        @Override
        public void closed(String why) {
            if (closed) return;
            closed = true;
            owner.connectionLost(this);
            failPending();
        }

        /** A byte stream over the buffer that says how far the reader got. */
        private static final class Counting extends ByteArrayInputStream {
            Counting(byte[] b, int off, int len) { super(b, off, len); }

            int position() { return pos; }
        }
    }
}
