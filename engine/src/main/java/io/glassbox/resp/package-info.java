/**
 * RESP, the Redis serialization protocol: the bytes on the wire, apart from any network code.
 * The protocol half of Redis's {@code networking.c} ({@code processInlineBuffer},
 * {@code processMultibulkBuffer}, the {@code addReply*} family) and {@code sdssplitargs} from
 * {@code sds.c}.
 *
 * <p>Data flows one way through Glassbox: bytes -> {@link io.glassbox.resp.RequestParser} (a
 * command's arguments) -> the command -> {@link io.glassbox.resp.ReplyBuffer} (the reply) -> bytes.
 * Nothing here knows about sockets or Netty, so the same parser serves a TCP client, the REPL and
 * the tests; and the same reply bytes reach all of them.
 *
 * <p>Invariants. A request is handed out only when all of its bytes have arrived: the parser
 * answers NEED_MORE and keeps its place ({@code multibulklen}, {@code bulklen}), so a partial read
 * never half-parses and a big argument is not re-scanned on every read. A protocol error is
 * Redis's exact text, and the connection closes after it (the stream cannot be re-synchronised).
 * A command describes a reply's shape once; {@code ReplyBuffer} writes it as RESP2 or RESP3 for
 * the client's protocol (a map is {@code %N} or a flat array of 2N, a null {@code _} or
 * {@code $-1}).
 *
 * <p>Bounds: parsing is O(bytes), each byte looked at once; Redis 7.0's limits apply (a bulk of
 * at most {@code proto-max-bulk-len}, an inline request or a length line of at most 64 KB, a
 * multibulk count of at most 10 before the client has authenticated).
 *
 * <p>The client side of the protocol is here too: {@link io.glassbox.resp.RespReader} decodes
 * replies into {@link io.glassbox.resp.RespValue}s for the REPL, the tests and the command metadata
 * read from Redis's own COMMAND output. The server never builds {@code RespValue}s.
 */
package io.glassbox.resp;
