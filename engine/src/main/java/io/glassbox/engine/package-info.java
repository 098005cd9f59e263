/**
 * Building and starting an engine, and its public face: what Redis's {@code main()} and
 * {@code initServer()} in {@code server.c} do (create the server, wire the subsystems, load the
 * data files, listen, start the cron), as objects a Java program can hold.
 *
 * <p>The order of a start is Redis's: the server and its subsystems are built; the data set is
 * loaded before any client can connect ({@code loadDataFromDisk}: the AOF when {@code appendonly}
 * is on, since it is the more complete record, else the RDB; a bad file stops the start with the
 * file and the offset); a configured {@code replicaof} starts the replica's handshake from the
 * loaded RDB's place in the stream; then the listener opens and the cron starts at {@code hz}.
 *
 * <ul>
 *   <li>{@link io.glassbox.engine.Engine}: one engine; the only thing the REPL, the visualizer and
 *       the samples start, with {@link io.glassbox.engine.Engine#hooks} for watching it.</li>
 *   <li>{@link io.glassbox.engine.LocalClient}: a client inside the JVM. Its commands enter the same
 *       loop as network clients', so they are serialized with them; replies are matched to calls
 *       in order.</li>
 *   <li>{@link io.glassbox.engine.Glassbox}: the embedding API for programs and tests (a free
 *       port, no persistence, {@code call} without a socket); {@code GlassboxExtension} wraps it
 *       for JUnit 5.</li>
 *   <li>{@link io.glassbox.engine.ServerMain}: {@code ./glassbox server}, options as
 *       {@code redis-server} takes them.</li>
 * </ul>
 *
 * <p>Invariants. The engine is the top of the dependency order: it knows every package below it
 * and none of them knows it, so the front ends (REPL, visualizer, samples) depend on this package
 * and {@code hooks} only. Nothing here is static: any number of engines run side by side in one
 * JVM (a REPL's {@code :node} replicas, a test's master and replica), each with its own loop
 * thread, settings and keyspace.
 *
 * <p>Difference from the C code: Redis is one process with one global {@code server}; an engine is
 * an object, so "restart the server" in a test is closing one engine and starting another.
 */
package io.glassbox.engine;
