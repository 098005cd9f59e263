/**
 * Sockets: the only package that knows Netty's channels (Redis's {@code anet.c} and the socket half
 * of {@code networking.c}). It accepts connections on the configured {@code bind} addresses and
 * port, copies the bytes each read brings into the client's query buffer, and writes the reply
 * bytes the server hands it. Channels run on the loop's single thread, so reading a socket and
 * running its commands happen on the same thread, one after the other, as in Redis.
 */
package io.glassbox.net;
