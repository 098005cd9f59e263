/**
 * The set commands: Redis's {@code t_set.c}. The encodings and the conversion between them live
 * in {@link io.glassbox.db.SetObjects}; the commands here only combine sets.
 */
package io.glassbox.command.set;
