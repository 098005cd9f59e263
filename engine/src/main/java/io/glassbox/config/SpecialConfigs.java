package io.glassbox.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * The settings that fit no generic type: {@code createSpecialConfig} entries of {@code src/config.c}
 * ({@code setConfigSaveOption}, {@code setConfigClientOutputBufferLimitOption},
 * {@code setConfigOOMScoreAdjValuesOption}, {@code setConfigNotifyKeyspaceEventsOption},
 * {@code setConfigBindOption}, {@code setConfigReplicaOfOption}, {@code setConfigDirOption},
 * {@code setConfigLatencyTrackingInfoPercentilesOutputOption}).
 *
 * <p>Each parses its own words, keeps a typed value for the subsystem that uses it, and formats
 * itself for CONFIG GET and CONFIG REWRITE. Every one validates all words before it changes
 * anything, so a refused value leaves the old one intact.
 */
public final class SpecialConfigs {
    private SpecialConfigs() {
    }

    /** One {@code save <seconds> <changes>} point: snapshot when that many changes happened in that time. */
    public record SaveParam(long seconds, int changes) {
    }

    /**
     * {@code save}: the RDB snapshot points. {@code save ""} means none. In a config file every
     * {@code save} line adds a point (the first one replaces the defaults); CONFIG SET replaces them all.
     */
    public static final class Save extends StandardConfig {
        static final List<SaveParam> DEFAULT = List.of(
                new SaveParam(3600, 1), new SaveParam(300, 100), new SaveParam(60, 10000));
        private volatile List<SaveParam> params = DEFAULT;
        private boolean loadedFromFile;

        Save() {
            super("save", null, EnumSet.of(ConfigFlag.MULTI_ARG));
        }

        public List<SaveParam> get() {
            return params;
        }

        /** Forgets that a config file already replaced the defaults: the loader calls it before a load. */
        void beginLoad() {
            loadedFromFile = false;
        }

        @Override
        protected boolean set(String[] argv, boolean readingConfigFile) throws ConfigValueException {
            int argc = argv.length;
            if (argc == 1 && argv[0].isEmpty()) argc = 0;
            if ((argc & 1) != 0) throw new ConfigValueException("Invalid save parameters");
            List<SaveParam> parsed = new ArrayList<>();
            for (int j = 0; j < argc; j += 2) {
                Long seconds = strtollWhole(argv[j]);
                Long changes = strtollWhole(argv[j + 1]);
                if (seconds == null || changes == null || seconds < 1 || changes < 0) {
                    throw new ConfigValueException("Invalid save parameters");
                }
                parsed.add(new SaveParam(seconds, (int) (long) changes));
            }
            List<SaveParam> next;
            if (argc == 0) {
                // setConfigSaveOption: a single "" resets every point, in a config file too
                // (`--save ""` after a file's `save 900 1` leaves none)
                next = parsed;
            } else if (!readingConfigFile || !loadedFromFile) {
                loadedFromFile = readingConfigFile;
                next = parsed;
            } else {
                next = new ArrayList<>(params);
                next.addAll(parsed);
            }
            params = Collections.unmodifiableList(next);
            return true;
        }

        @Override
        public String getValueString() {
            StringBuilder sb = new StringBuilder();
            for (SaveParam p : params) {
                if (sb.length() > 0) sb.append(' ');
                sb.append(p.seconds()).append(' ').append(p.changes());
            }
            return sb.toString();
        }

        /** {@code rewriteConfigSaveOption()}: always written, as {@code save ""} when there is no point; never by a Sentinel. */
        @Override
        void rewrite(ConfigRewriter.RewriteState state, String name) {
            if (state.sentinelMode) { // a Sentinel saves no data
                state.markAsProcessed(name);
                return;
            }
            if (params.isEmpty()) {
                state.rewriteLine(name, "save \"\"", true);
            } else {
                for (SaveParam p : params) state.rewriteLine(name, "save " + p.seconds() + " " + p.changes(), true);
            }
            state.markAsProcessed(name);
        }

        @Override
        void init() {
            params = DEFAULT;
        }
    }

    /** The limits of one client class; 0 means no limit. */
    public record ObufLimit(long hardLimitBytes, long softLimitBytes, long softLimitSeconds) {
    }

    /**
     * {@code client-output-buffer-limit <class> <hard> <soft> <soft-seconds> ...}: how much reply data
     * a client of a class may have queued before it is disconnected. Classes are normal, replica
     * (also spelt slave) and pubsub; a value may name only some of them.
     */
    public static final class ClientOutputBufferLimit extends StandardConfig {
        public static final int NORMAL = 0, REPLICA = 1, PUBSUB = 2;
        private static final String[] CLASS_NAMES = {"normal", "slave", "pubsub"};
        static final ObufLimit[] DEFAULTS = {
                new ObufLimit(0, 0, 0),
                new ObufLimit(256L * 1024 * 1024, 64L * 1024 * 1024, 60),
                new ObufLimit(32L * 1024 * 1024, 8L * 1024 * 1024, 60)};
        private volatile ObufLimit[] limits = DEFAULTS.clone();

        ClientOutputBufferLimit() {
            super("client-output-buffer-limit", null, EnumSet.of(ConfigFlag.MULTI_ARG));
        }

        /** The limits of {@link #NORMAL}, {@link #REPLICA} or {@link #PUBSUB} clients. */
        public ObufLimit get(int clientClass) {
            return limits[clientClass];
        }

        /** {@code getClientTypeByName()} restricted to the classes that have limits; -1 otherwise. */
        private static int classByName(String name) {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "normal": return NORMAL;
                case "slave": case "replica": return REPLICA;
                case "pubsub": return PUBSUB;
                default: return -1;
            }
        }

        /** {@code updateClientOutputBufferLimit()}: all-or-nothing. */
        @Override
        protected boolean set(String[] argv, boolean readingConfigFile) throws ConfigValueException {
            if (argv.length % 4 != 0) {
                throw new ConfigValueException("Wrong number of arguments in buffer limit configuration.");
            }
            ObufLimit[] next = limits.clone();
            for (int j = 0; j < argv.length; j += 4) {
                int cls = classByName(argv[j]);
                if (cls == -1) {
                    throw new ConfigValueException("Invalid client class specified in buffer limit configuration.");
                }
                Long hard = NumericConfig.memtoull(argv[j + 1]);
                Long soft = NumericConfig.memtoull(argv[j + 2]);
                Long seconds = strtollWhole(argv[j + 3]);
                if (hard == null || soft == null || seconds == null || seconds < 0) {
                    throw new ConfigValueException(
                            "Error in hard, soft or soft_seconds setting in buffer limit configuration.");
                }
                next[cls] = new ObufLimit(hard, soft, seconds);
            }
            limits = next;
            return true;
        }

        @Override
        public String getValueString() {
            StringBuilder sb = new StringBuilder();
            ObufLimit[] l = limits;
            for (int j = 0; j < l.length; j++) {
                if (j > 0) sb.append(' ');
                sb.append(CLASS_NAMES[j]).append(' ').append(Long.toUnsignedString(l[j].hardLimitBytes()))
                        .append(' ').append(Long.toUnsignedString(l[j].softLimitBytes()))
                        .append(' ').append(l[j].softLimitSeconds());
            }
            return sb.toString();
        }

        /** {@code rewriteConfigClientOutputBufferLimitOption()}: one line per class, "replica" not "slave". */
        @Override
        void rewrite(ConfigRewriter.RewriteState state, String name) {
            ObufLimit[] l = limits;
            for (int j = 0; j < l.length; j++) {
                String typename = j == REPLICA ? "replica" : CLASS_NAMES[j];
                String line = name + " " + typename + " " + NumericConfig.formatMemory(l[j].hardLimitBytes()) + " "
                        + NumericConfig.formatMemory(l[j].softLimitBytes()) + " " + l[j].softLimitSeconds();
                state.rewriteLine(name, line, !l[j].equals(DEFAULTS[j]));
            }
        }

        @Override
        void init() {
            limits = DEFAULTS.clone();
        }
    }

    /** {@code oom-score-adj-values <master> <replica> <bgchild>}, each between -2000 and 2000. */
    public static final class OomScoreAdjValues extends StandardConfig {
        static final int[] DEFAULTS = {0, 200, 800};
        private volatile int[] values = DEFAULTS.clone();

        OomScoreAdjValues() {
            super("oom-score-adj-values", null, EnumSet.of(ConfigFlag.MULTI_ARG));
        }

        /** A copy of the three values: master, replica, background child. */
        public int[] get() {
            return values.clone();
        }

        @Override
        protected boolean set(String[] argv, boolean readingConfigFile) throws ConfigValueException {
            if (argv.length != 3) throw new ConfigValueException("wrong number of arguments");
            int[] next = new int[3];
            for (int i = 0; i < 3; i++) {
                Long v = strtollWhole(argv[i]);
                if (v == null || v < -2000 || v > 2000) {
                    throw new ConfigValueException(
                            "Invalid oom-score-adj-values, elements must be between -2000 and 2000.");
                }
                next[i] = (int) (long) v;
            }
            if (Arrays.equals(next, values)) return false;
            values = next;
            return true;
        }

        @Override
        public String getValueString() {
            int[] v = values;
            return v[0] + " " + v[1] + " " + v[2];
        }

        @Override
        void rewrite(ConfigRewriter.RewriteState state, String name) {
            state.rewriteLine(name, name + " " + getValueString(), !Arrays.equals(values, DEFAULTS));
        }

        @Override
        void init() {
            values = DEFAULTS.clone();
        }
    }

    /**
     * {@code notify-keyspace-events}: which keyspace notifications to publish, as class characters
     * ({@code keyspaceEventsStringToFlags()} / {@code keyspaceEventsFlagsToString()} of
     * {@code src/notify.c}). Stored as the bit mask the notifier tests; shown normalised, so
     * {@code KEA} reads back as {@code AKE}.
     */
    public static final class NotifyKeyspaceEvents extends StandardConfig {
        public static final int KEYSPACE = 1 << 0, KEYEVENT = 1 << 1, GENERIC = 1 << 2, STRING = 1 << 3,
                LIST = 1 << 4, SET = 1 << 5, HASH = 1 << 6, ZSET = 1 << 7, EXPIRED = 1 << 8, EVICTED = 1 << 9,
                STREAM = 1 << 10, KEY_MISS = 1 << 11, LOADED = 1 << 12, MODULE = 1 << 13, NEW = 1 << 14;
        /** 'A': every class except key-miss and new-key events (they must be asked for by name). */
        public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;
        private volatile int flags;

        NotifyKeyspaceEvents() {
            super("notify-keyspace-events", null, EnumSet.noneOf(ConfigFlag.class));
        }

        /** The bit mask of enabled classes. */
        public int get() {
            return flags;
        }

        static int stringToFlags(String classes) {
            int f = 0;
            for (int i = 0; i < classes.length(); i++) {
                switch (classes.charAt(i)) {
                    case 'A': f |= ALL; break;
                    case 'g': f |= GENERIC; break;
                    case '$': f |= STRING; break;
                    case 'l': f |= LIST; break;
                    case 's': f |= SET; break;
                    case 'h': f |= HASH; break;
                    case 'z': f |= ZSET; break;
                    case 'x': f |= EXPIRED; break;
                    case 'e': f |= EVICTED; break;
                    case 'K': f |= KEYSPACE; break;
                    case 'E': f |= KEYEVENT; break;
                    case 't': f |= STREAM; break;
                    case 'm': f |= KEY_MISS; break;
                    case 'd': f |= MODULE; break;
                    case 'n': f |= NEW; break;
                    default: return -1;
                }
            }
            return f;
        }

        static String flagsToString(int f) {
            StringBuilder sb = new StringBuilder();
            if ((f & ALL) == ALL) {
                sb.append('A');
            } else {
                if ((f & GENERIC) != 0) sb.append('g');
                if ((f & STRING) != 0) sb.append('$');
                if ((f & LIST) != 0) sb.append('l');
                if ((f & SET) != 0) sb.append('s');
                if ((f & HASH) != 0) sb.append('h');
                if ((f & ZSET) != 0) sb.append('z');
                if ((f & EXPIRED) != 0) sb.append('x');
                if ((f & EVICTED) != 0) sb.append('e');
                if ((f & STREAM) != 0) sb.append('t');
                if ((f & MODULE) != 0) sb.append('d');
                if ((f & NEW) != 0) sb.append('n');
            }
            if ((f & KEYSPACE) != 0) sb.append('K');
            if ((f & KEYEVENT) != 0) sb.append('E');
            if ((f & KEY_MISS) != 0) sb.append('m');
            return sb.toString();
        }

        @Override
        protected boolean set(String[] argv, boolean readingConfigFile) throws ConfigValueException {
            if (argv.length != 1) throw new ConfigValueException("wrong number of arguments");
            int f = stringToFlags(argv[0]);
            if (f == -1) throw new ConfigValueException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
            flags = f;
            return true;
        }

        @Override
        public String getValueString() {
            return flagsToString(flags);
        }

        @Override
        void rewrite(ConfigRewriter.RewriteState state, String name) {
            state.rewriteLine(name, name + " " + SplitArgs.repr(getValueString()), flags != 0);
        }

        @Override
        void init() {
            flags = 0;
        }
    }

    /** {@code bind}: the addresses to listen on; {@code bind ""} listens on none (unix socket only). */
    public static final class Bind extends StandardConfig {
        static final List<String> DEFAULT = List.of("*", "-::*");
        static final int CONFIG_BINDADDR_MAX = 16;
        private volatile List<String> addresses = DEFAULT;

        Bind() {
            super("bind", null, EnumSet.of(ConfigFlag.MULTI_ARG));
        }

        public List<String> get() {
            return addresses;
        }

        @Override
        protected boolean set(String[] argv, boolean readingConfigFile) throws ConfigValueException {
            if (argv.length > CONFIG_BINDADDR_MAX) throw new ConfigValueException("Too many bind addresses specified.");
            if (argv.length == 1 && argv[0].isEmpty()) argv = new String[0];
            addresses = List.of(argv);
            return true;
        }

        @Override
        public String getValueString() {
            return String.join(" ", addresses);
        }

        @Override
        void rewrite(ConfigRewriter.RewriteState state, String name) {
            if (addresses.equals(DEFAULT)) {
                state.markAsProcessed(name);
                return;
            }
            String list = addresses.isEmpty() ? "\"\"" : String.join(" ", addresses);
            state.rewriteLine(name, name + " " + list, true);
        }

        @Override
        void init() {
            addresses = DEFAULT;
        }
    }

    /** {@code replicaof <host> <port>} (alias {@code slaveof}); {@code replicaof no one} means master. */
    public static final class ReplicaOf extends StandardConfig {
        private volatile String masterHost;
        private volatile int masterPort;

        ReplicaOf() {
            super("replicaof", "slaveof", EnumSet.of(ConfigFlag.IMMUTABLE, ConfigFlag.MULTI_ARG));
        }

        /** The master's host, or null when this server is a master. */
        public String masterHost() {
            return masterHost;
        }

        public int masterPort() {
            return masterPort;
        }

        @Override
        protected boolean set(String[] argv, boolean readingConfigFile) throws ConfigValueException {
            if (argv.length != 2) throw new ConfigValueException("wrong number of arguments");
            masterHost = null;
            if (argv[0].equalsIgnoreCase("no") && argv[1].equalsIgnoreCase("one")) return true;
            Long port = strtollWhole(argv[1]);
            if (port == null || port < 0 || port > 65535) throw new ConfigValueException("Invalid master port");
            masterPort = (int) (long) port;
            masterHost = argv[0];
            return true;
        }

        @Override
        public String getValueString() {
            String h = masterHost;
            return h == null ? "" : h + " " + masterPort;
        }

        @Override
        void rewrite(ConfigRewriter.RewriteState state, String name) {
            if (masterHost == null) {
                state.markAsProcessed(name);
                return;
            }
            state.rewriteLine(name, name + " " + masterHost + " " + masterPort, true);
        }

        @Override
        void init() {
            masterHost = null;
            masterPort = 0;
        }
    }

    /**
     * {@code dir}: the working directory, where RDB and AOF files go. Redis {@code chdir()}s at once and
     * CONFIG GET asks {@code getcwd()}; a JVM cannot change its working directory, so the value is kept
     * here as an absolute path (a relative one is resolved against the current value) and the
     * persistence code resolves file names against it.
     */
    public static final class Dir extends StandardConfig {
        private final String defaultValue;
        private volatile String path;

        Dir(String startDirectory) {
            super("dir", null, EnumSet.of(ConfigFlag.PROTECTED, ConfigFlag.DENY_LOADING));
            this.defaultValue = startDirectory;
            this.path = startDirectory;
        }

        public Path get() {
            return Path.of(path);
        }

        @Override
        protected boolean set(String[] argv, boolean readingConfigFile) throws ConfigValueException {
            if (argv.length != 1) throw new ConfigValueException("wrong number of arguments");
            Path target = Path.of(path).resolve(argv[0]).toAbsolutePath().normalize();
            if (!Files.exists(target)) throw new ConfigValueException("No such file or directory");
            if (!Files.isDirectory(target)) throw new ConfigValueException("Not a directory");
            path = target.toString();
            return true;
        }

        @Override
        public String getValueString() {
            return path;
        }

        /** {@code rewriteConfigDirOption()}: always written, as an absolute path. */
        @Override
        void rewrite(ConfigRewriter.RewriteState state, String name) {
            state.rewriteLine(name, name + " " + SplitArgs.repr(path), true);
        }

        @Override
        void init() {
            path = defaultValue;
        }
    }

    /** {@code latency-tracking-info-percentiles}: which percentiles INFO latencystats reports. */
    public static final class LatencyTrackingInfoPercentiles extends StandardConfig {
        static final double[] DEFAULTS = {50.0, 99.0, 99.9};
        private volatile double[] percentiles = DEFAULTS.clone();

        LatencyTrackingInfoPercentiles() {
            super("latency-tracking-info-percentiles", null, EnumSet.of(ConfigFlag.MULTI_ARG));
        }

        public double[] get() {
            return percentiles.clone();
        }

        @Override
        protected boolean set(String[] argv, boolean readingConfigFile) throws ConfigValueException {
            int len = argv.length == 1 && argv[0].isEmpty() ? 0 : argv.length;
            double[] next = new double[len];
            for (int j = 0; j < len; j++) {
                Double d = string2d(argv[j]);
                if (d == null) throw new ConfigValueException("Invalid latency-tracking-info-percentiles parameters");
                if (d > 100.0 || d < 0.0) {
                    throw new ConfigValueException(
                            "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
                }
                next[j] = d;
            }
            percentiles = next;
            return true;
        }

        /** {@code "%f"} then {@code trimDoubleString()}: 99.900000 becomes 99.9, 50.000000 becomes 50. */
        public static String formatPercentile(double d) {
            String s = String.format(Locale.ROOT, "%f", d);
            if (s.indexOf('.') >= 0) {
                int end = s.length();
                while (s.charAt(end - 1) == '0') end--;
                if (s.charAt(end - 1) == '.') end--;
                s = s.substring(0, end);
            }
            return s;
        }

        @Override
        public String getValueString() {
            StringBuilder sb = new StringBuilder();
            for (double d : percentiles) {
                if (sb.length() > 0) sb.append(' ');
                sb.append(formatPercentile(d));
            }
            return sb.toString();
        }

        @Override
        void rewrite(ConfigRewriter.RewriteState state, String name) {
            String v = getValueString();
            state.rewriteLine(name, name + " " + (v.isEmpty() ? "\"\"" : v), true);
        }

        @Override
        void init() {
            percentiles = DEFAULTS.clone();
        }

        /** {@code string2d()}: strtod over the whole string, no leading space, not NaN. */
        private static Double string2d(String s) {
            if (s.isEmpty() || SplitArgs.isspace(s.charAt(0))) return null;
            try {
                double d = Double.parseDouble(s);
                if (Double.isNaN(d) || s.endsWith("d") || s.endsWith("D") || s.endsWith("f") || s.endsWith("F")) {
                    return null;
                }
                return d;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /**
     * {@code strtoll(s, &end, 10)} accepted only when the whole string is consumed, as the special
     * setters check it ({@code eptr[0] != '\0'}): leading spaces and a sign are allowed, an empty string
     * is 0, and an out-of-range number saturates (strtoll's ERANGE is not checked by these callers).
     */
    static Long strtollWhole(String s) {
        if (s.isEmpty()) return 0L;
        int i = 0;
        while (i < s.length() && SplitArgs.isspace(s.charAt(i))) i++;
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) neg = s.charAt(i++) == '-';
        if (i == s.length()) return null;
        long v = 0;
        boolean overflow = false;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return null;
            if (v > (Long.MAX_VALUE - (c - '0')) / 10) overflow = true;
            else v = v * 10 + (c - '0');
        }
        if (overflow) return neg ? Long.MIN_VALUE : Long.MAX_VALUE;
        return neg ? -v : v;
    }
}
