/**
 * RDB persistence: Redis's {@code rdb.c} and {@code rdb.h} (the format), {@code rio.c} (where the
 * bytes go), {@code crc64.c}, and the save policy of {@code serverCron} (save points, BGSAVE, the
 * start-up load). DUMP and RESTORE payloads ({@code createDumpPayload} in {@code cluster.c}) and
 * the AOF's RDB preamble use the same encoder.
 *
 * <p>An RDB file is the dataset at one instant: a header ({@code REDIS0010} and AUX fields), then
 * per database a SELECTDB, a RESIZEDB and the key-value pairs (with expire and LRU/LFU opcodes
 * before a key), then EOF and a CRC64. Every value is written in the encoding it has in memory:
 * Redis 7.0's compact encodings (listpack, intset, each quicklist node) are already byte layouts
 * and go to disk as one string; only hashtables and skiplists are written element by element.
 * The bytes are Redis 7.0.15's, so a file moves between Glassbox and Redis both ways.
 *
 * <p>Invariants. A save never leaves a half file under the real name (temp file, fsync, rename).
 * A background save writes the dataset as it was when BGSAVE started, however it changes meanwhile.
 * A load validates every blob before it is used (a RESTORE under {@code sanitize-dump-payload no}
 * checks stream, list and hash listpacks only shallowly, as Redis does):
 * a corrupt file is an {@link io.glassbox.persistence.rdb.RdbLoadException} naming the offset,
 * never a broken value in the keyspace; a bogus huge length fails at the end of the file instead
 * of allocating it.
 *
 * <p>Bounds: BGSAVE's walk encodes values for about 1 ms per slice and then yields to the loop;
 * the disk is written by a background thread, so the command thread never waits on it.
 *
 * <p>Differences from the C code. There is no fork: the point-in-time image is a copy-on-write per
 * key. Values created after BGSAVE began are born marked with its epoch; a write command first
 * encodes any unmarked value it is about to change ({@code BackgroundSave}). The package declares in
 * {@link io.glassbox.persistence.rdb.RdbPersistence.Host} the little it needs from the server
 * (keyspace, config, clock, log, path), so it never reaches into it.
 */
package io.glassbox.persistence.rdb;
