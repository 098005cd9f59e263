/**
 * Two modules written against the module API ({@code io.glassbox.module}, Redis's redismodule.h):
 * {@code hello} (commands, the key API, replication) and {@code bloom} (a data type with RDB, AOF
 * and replication support). Their tests build each into a jar and load it with MODULE LOAD; see
 * docs/modules.md.
 */
package io.glassbox.samples.modules;
