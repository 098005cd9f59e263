/**
 * RESP, the Redis serialization protocol: the bytes on the wire, apart from any network code.
 *
 * <p>Data flows one way through Glassbox: bytes -> {@link io.glassbox.resp.RequestParser} (a
 * command's arguments) -> the command -> {@link io.glassbox.resp.ReplyBuffer} (the reply) -> bytes.
 * Nothing here knows about sockets or Netty, so the same parser serves a TCP client, the REPL and
 * the tests; and the same reply bytes reach all of them.
 *
 * <p>Corresponds to the protocol half of Redis's {@code networking.c}: {@code processInlineBuffer},
 * {@code processMultibulkBuffer} and the {@code addReply*} family.
 */
package io.glassbox.resp;
