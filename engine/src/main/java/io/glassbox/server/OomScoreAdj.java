package io.glassbox.server;

import io.glassbox.config.ConfigRegistry;
import io.glassbox.config.EnumConfig;
import io.glassbox.config.SpecialConfigs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * oom-score-adj (server.c's setOOMScoreAdj): how likely Linux's OOM killer is to pick this process,
 * written to {@code /proc/<pid>/oom_score_adj} per process class: master, replica, background
 * child. "yes"/"relative" add the class's value to the score the process had before Redis first
 * touched it, "absolute" writes it as it is; "no" puts the saved score back. A background job's
 * stand-in child ({@link ChildProcess}) gets the child class, as Redis's forked child sets its own.
 * Like Redis's, the saved base belongs to the process: one server per process is assumed (an
 * embedded engine leaves the setting at its default, "no").
 */
public final class OomScoreAdj {
    /** CONFIG_OOM_MASTER, CONFIG_OOM_REPLICA, CONFIG_OOM_BGCHILD. */
    public static final int MASTER = 0, REPLICA = 1, BGCHILD = 2;
    private static final int NO = 0, RELATIVE = 1, ABSOLUTE = 2;

    private final Server server;
    private final EnumConfig mode;
    private final SpecialConfigs.OomScoreAdjValues values;
    /** oom_score_adjusted_by_redis and oom_score_adj_base. */
    private boolean adjusted;
    private int base;

    OomScoreAdj(Server server, ConfigRegistry config) {
        this.server = server;
        this.mode = config.enumConfig("oom-score-adj");
        this.values = config.special(SpecialConfigs.OomScoreAdjValues.class);
    }

    /** The class of this process now: master, or replica while it follows a master. */
    private int currentClass() { return server.keyspace().isReplica() ? REPLICA : MASTER; }

    /** setOOMScoreAdj(-1) for this process; false (logged) if /proc could not be read or written. */
    public boolean apply() {
        int m = mode.get();
        int val;
        if (m != NO) {
            if (!adjusted) {
                Integer read = read(Path.of("/proc/self/oom_score_adj"));
                if (read == null) return false;
                adjusted = true;
                base = read;
            }
            val = score(currentClass());
        } else if (adjusted) {
            adjusted = false;
            val = base;
        } else {
            return true;
        }
        return write(Path.of("/proc/self/oom_score_adj"), val);
    }

    /** A background job's child: its score as the child class (what Redis's child sets after fork). */
    public void applyToChild(long pid) {
        if (mode.get() == NO) return;
        if (!adjusted && !apply()) return;
        write(Path.of("/proc/" + pid + "/oom_score_adj"), score(BGCHILD));
    }

    private int score(int processClass) {
        int val = values.get()[processClass];
        if (mode.get() == RELATIVE) val += base;
        return Math.max(-1000, Math.min(1000, val));
    }

    private Integer read(Path p) {
        try {
            return Integer.parseInt(Files.readString(p).trim());
        } catch (IOException | NumberFormatException e) {
            server.log("warning", "Unable to read oom_score_adj: " + e.getMessage());
            return null;
        }
    }

    private boolean write(Path p, int val) {
        try {
            Files.writeString(p, val + "\n");
            return true;
        } catch (IOException e) {
            server.log("warning", "Unable to write oom_score_adj: " + e.getMessage());
            return false;
        }
    }
}
