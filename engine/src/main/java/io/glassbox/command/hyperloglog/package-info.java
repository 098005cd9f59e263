/**
 * The HyperLogLog commands: the command half of Redis's {@code hyperloglog.c}. The representation
 * is {@link io.glassbox.ds.hyperloglog.HyperLogLog}; an HLL is an ordinary string key.
 */
package io.glassbox.command.hyperloglog;
