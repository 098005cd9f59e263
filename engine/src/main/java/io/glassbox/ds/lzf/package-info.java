/**
 * LZF, the small and fast compressor Redis vendors ({@code lzf_c.c}, {@code lzf_d.c}, Marc Lehmann's
 * liblzf 3.6), used for quicklist nodes ({@code list-compress-depth}) and for strings in RDB files
 * ({@code rdbcompression}).
 *
 * <p>Why LZF and not something stronger: Redis compresses on the command path, so the compressor
 * must cost about as much as a memcpy. LZF makes one pass, keeps a hash table of 3-byte prefixes,
 * and emits either a run of up to 32 literal bytes or a back reference (length 3..264, distance up
 * to 8 KB) into what it already wrote. Decompression is a loop of copies.
 *
 * <p>The byte format is liblzf's, and {@link io.glassbox.ds.lzf.Lzf#compress} makes the same choices
 * as Redis's build of it (HLOG 16, VERY_FAST), so a node compressed here is the same bytes Redis
 * writes to an RDB file.
 */
package io.glassbox.ds.lzf;
