package io.glassbox.replication;

import io.glassbox.config.BoolConfig;
import io.glassbox.config.ConfigRegistry;
import io.glassbox.config.EnumConfig;
import io.glassbox.config.NumericConfig;
import io.glassbox.config.StringConfig;

/**
 * The settings replication reads (Redis's {@code server.repl_*}, {@code server.masterauth},
 * {@code server.repl_min_slaves_*}, ...): each holder is looked up once, when the engine is built,
 * and CONFIG SET changes the value it holds, so the code reads a field and never a name.
 */
final class ReplicationSettings {
    // the master side
    final NumericConfig backlogSize, timeout, pingReplicaPeriod, minReplicasToWrite, minReplicasMaxLag;
    final BoolConfig lazyfreeLazyExpire;
    // the replica side
    final BoolConfig replicaReadOnly, replicaServeStaleData, replicaAnnounced, replicaLazyFlush;
    final NumericConfig replicaAnnouncePort, replicaPriority;
    final StringConfig masterauth, masteruser, replicaAnnounceIp, dbfilename;
    final EnumConfig disklessLoad;

    ReplicationSettings(ConfigRegistry config) {
        backlogSize = config.numeric("repl-backlog-size");
        timeout = config.numeric("repl-timeout");
        pingReplicaPeriod = config.numeric("repl-ping-replica-period");
        minReplicasToWrite = config.numeric("min-replicas-to-write");
        minReplicasMaxLag = config.numeric("min-replicas-max-lag");
        lazyfreeLazyExpire = config.bool("lazyfree-lazy-expire");
        replicaReadOnly = config.bool("replica-read-only");
        replicaServeStaleData = config.bool("replica-serve-stale-data");
        replicaAnnounced = config.bool("replica-announced");
        replicaLazyFlush = config.bool("replica-lazy-flush");
        replicaAnnouncePort = config.numeric("replica-announce-port");
        replicaPriority = config.numeric("replica-priority");
        masterauth = config.string("masterauth");
        masteruser = config.string("masteruser");
        replicaAnnounceIp = config.string("replica-announce-ip");
        dbfilename = config.string("dbfilename");
        disklessLoad = config.enumConfig("repl-diskless-load");
    }
}
