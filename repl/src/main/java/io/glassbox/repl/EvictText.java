package io.glassbox.repl;

import io.glassbox.eviction.Eviction;
import io.glassbox.eviction.EvictionListener;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code :evict}: maxmemory as evict.c sees it. The account against the limit, the policy, and the
 * eviction pool (EvictionPoolLRU): up to 16 candidates in ascending score, the rightmost (last line)
 * evicted next. The score means idle milliseconds under an LRU policy, 255 minus the LFU counter
 * under LFU, and the inverse of the expire time under volatile-ttl; larger is evicted first.
 */
final class EvictText {
    private EvictText() {}

    static String render(Eviction.View v) {
        if (v == null) return "(no evictor in this engine)\n";
        StringBuilder sb = new StringBuilder();
        sb.append("maxmemory ").append(v.maxmemory() == 0 ? "0 (no limit)" : human(v.maxmemory()))
          .append("   used ").append(human(v.usedMemory()));
        if (v.maxmemory() > 0) sb.append(String.format(Locale.ROOT, " (%.1f%%)", 100.0 * v.usedMemory() / v.maxmemory()));
        sb.append('\n');
        sb.append("policy ").append(v.policy()).append("   samples ").append(v.samples()).append(" per db")
          .append("   tenacity ").append(v.tenacity()).append("   evicted_keys ").append(v.evictedKeys()).append('\n');
        if (v.pool().isEmpty()) {
            sb.append("pool: empty (filled by sampling when memory goes over maxmemory)\n");
            return sb.toString();
        }
        String what = v.policy().endsWith("lru") ? "idle" : v.policy().endsWith("lfu") ? "255-freq" : "score";
        sb.append("pool (worst first; the last line is evicted next):\n");
        sb.append(String.format(Locale.ROOT, "  %-4s %-3s %-12s %s%n", "slot", "db", what, "key"));
        int slot = 0;
        for (EvictionListener.PoolEntry e : v.pool()) {
            String score = what.equals("idle") ? (e.score() / 1000) + " s" : what.equals("255-freq")
                    ? e.score() + " (freq " + (255 - e.score()) + ")" : Long.toUnsignedString(e.score());
            sb.append(String.format(Locale.ROOT, "  %-4d %-3d %-12s %s%n", slot++, e.db(), score,
                    new String(e.key(), StandardCharsets.UTF_8)));
        }
        return sb.toString();
    }

    private static String human(long bytes) {
        if (bytes < 1024) return bytes + "B";
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.2fK", bytes / 1024.0);
        if (bytes < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.2fM", bytes / 1024.0 / 1024);
        return String.format(Locale.ROOT, "%.2fG", bytes / 1024.0 / 1024 / 1024);
    }
}
