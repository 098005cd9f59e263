package io.glassbox.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The server's settings and the CONFIG GET / CONFIG SET logic over them: the {@code configs} dict
 * and {@code configSetCommand()} / {@code configGetCommand()} of {@code src/config.c}.
 *
 * <p>Every name maps to one {@link StandardConfig}; an alias ({@code slaveof},
 * {@code hash-max-ziplist-entries}) maps to the same object under its own name, so both names read
 * and write one value. Names are case-insensitive, as in Redis's dict.
 *
 * <p><b>Reading settings on the hot path.</b> Look the holder up once ({@link #numeric}, {@link #bool},
 * {@link #enumConfig}, {@link #string}, {@link #special}) and read it per command: {@code hz.getInt()}
 * is a field read, like Redis's {@code server.hz}. A subsystem that caches a derived value registers
 * an {@link ConfigApply} with {@link #onChange} instead.
 *
 * <p><b>CONFIG SET is atomic.</b> All names are checked first (unknown, immutable, protected,
 * duplicate); then every value is parsed and stored, and if one is refused the ones already stored are
 * put back; then the apply functions run, and if one fails every value is put back and the apply
 * functions run again. Either all settings of the command change or none does.
 *
 * <p>Not thread-safe for writers: like Redis, the engine changes settings from its one event-loop
 * thread. Values are volatile so that other threads (the visualizer) may read them.
 */
public final class ConfigRegistry {
    /** CONFIG_DEFAULT_HZ, CONFIG_MIN_HZ and CONFIG_MAX_HZ of server.h. */
    public static final int CONFIG_DEFAULT_HZ = 10, CONFIG_MIN_HZ = 1, CONFIG_MAX_HZ = 500;

    /** lowercase name (primary or alias) -> setting, in table order with each alias after its primary. */
    private final Map<String, StandardConfig> configs = new LinkedHashMap<>();
    private final List<StandardConfig> primaries;
    private final BiPredicate<String, String> stringmatch;
    private volatile boolean loading;
    private volatile Path configFile;

    private ConfigRegistry(List<StandardConfig> table, BiPredicate<String, String> stringmatch) {
        this.primaries = Collections.unmodifiableList(table);
        this.stringmatch = stringmatch;
        for (StandardConfig c : table) {
            c.init();
            configs.put(c.name(), c);
            if (c.alias() != null) configs.put(c.alias(), c);
        }
        NumericConfig hz = numeric("hz");
        hz.addApply(() -> hz.store(clampHz(hz.get())));
    }

    /**
     * A registry holding Redis 7.0.15's defaults, with {@code dir} set to the JVM's working directory
     * and Redis's own glob ({@code stringmatchlen}, case-insensitive) for CONFIG GET patterns.
     */
    public static ConfigRegistry createDefault() {
        return createDefault(ConfigRegistry::stringmatchNocase);
    }

    /**
     * Same, with another matcher for CONFIG GET patterns: {@code (pattern, name) -> matches}, which
     * must ignore case like Redis's {@code stringmatch(pattern, name, 1)}.
     */
    public static ConfigRegistry createDefault(BiPredicate<String, String> stringmatch) {
        String cwd = Path.of("").toAbsolutePath().toString();
        return new ConfigRegistry(ConfigTable.staticConfigs(cwd), stringmatch);
    }

    /* ---------------------------------------------------------------- lookup and typed holders */

    /** {@code lookupConfig()}: the setting for a name or alias in any case, or null. */
    public StandardConfig lookupConfig(String name) {
        return configs.get(name.toLowerCase(Locale.ROOT));
    }

    /** Every setting once, by primary name, in table order. */
    public List<StandardConfig> all() {
        return primaries;
    }

    /** The holder of a setting of the given type; throws IllegalArgumentException for a wrong name or type. */
    public <T extends StandardConfig> T holder(String name, Class<T> type) {
        StandardConfig c = lookupConfig(name);
        if (c == null) throw new IllegalArgumentException("no such config: " + name);
        if (!type.isInstance(c)) throw new IllegalArgumentException(name + " is a " + c.getClass().getSimpleName());
        return type.cast(c);
    }

    public NumericConfig numeric(String name) {
        return holder(name, NumericConfig.class);
    }

    public BoolConfig bool(String name) {
        return holder(name, BoolConfig.class);
    }

    public EnumConfig enumConfig(String name) {
        return holder(name, EnumConfig.class);
    }

    public StringConfig string(String name) {
        return holder(name, StringConfig.class);
    }

    /** A special setting by class, e.g. {@code special(SpecialConfigs.Save.class)}. */
    public <T extends StandardConfig> T special(Class<T> type) {
        for (StandardConfig c : primaries) if (type.isInstance(c)) return type.cast(c);
        throw new IllegalArgumentException("no config of " + type);
    }

    /** The value as CONFIG GET shows it, or null for an unknown name. */
    public String value(String name) {
        StandardConfig c = lookupConfig(name);
        return c == null ? null : c.getValueString();
    }

    /**
     * Registers {@code fn} to run after CONFIG SET changes {@code name} (see {@link ConfigApply}).
     * Registering the same object for several names makes it run once per CONFIG SET.
     */
    public void onChange(String name, ConfigApply fn) {
        StandardConfig c = lookupConfig(name);
        if (c == null) throw new IllegalArgumentException("no such config: " + name);
        c.addApply(fn);
    }

    /** While true, settings flagged {@link ConfigFlag#DENY_LOADING} refuse CONFIG SET with a LOADING error. */
    public void setLoading(boolean loading) {
        this.loading = loading;
    }

    /** The config file the server was started with (absolute), or null: CONFIG REWRITE's target. */
    public Path configFile() {
        return configFile;
    }

    void setConfigFile(Path file) {
        this.configFile = file;
    }

    /* ---------------------------------------------------------------- sentinel mode */

    /** server.sentinel_mode: set before loading, so that {@code sentinel ...} lines are queued, not refused. */
    private boolean sentinelMode;
    /** The queued {@code sentinel ...} lines (queueSentinelConfig), for the sentinel to apply after loading. */
    private final java.util.List<ConfigLoader.Directive> sentinelLines = new java.util.ArrayList<>();
    /** rewriteConfigSentinelOption: what CONFIG REWRITE writes for the {@code sentinel} lines, set by the sentinel. */
    private java.util.function.Consumer<RewriteLines> sentinelRewrite;

    public boolean sentinelMode() { return sentinelMode; }

    /** initSentinelConfig: sentinel mode listens on 26379 and is never protected. */
    public void setSentinelMode(boolean on) {
        this.sentinelMode = on;
        if (!on) return;
        try {
            numeric("port").set(new String[]{"26379"}, true);
            bool("protected-mode").set(new String[]{"no"}, true);
        } catch (ConfigValueException e) {
            throw new IllegalStateException(e);
        }
    }

    void queueSentinelLine(ConfigLoader.Directive d) { sentinelLines.add(d); }

    /** The {@code sentinel ...} lines of the config file and the command line, in order (argv without "sentinel"). */
    public java.util.List<ConfigLoader.Directive> sentinelLines() { return java.util.Collections.unmodifiableList(sentinelLines); }

    public java.util.function.Consumer<RewriteLines> sentinelRewrite() { return sentinelRewrite; }

    public void setSentinelRewrite(java.util.function.Consumer<RewriteLines> r) { this.sentinelRewrite = r; }

    /** redis.conf's {@code user} lines (Redis's UsersToLoad), each "user name rules...", in file order. */
    private final java.util.List<java.util.List<String>> userLines = new java.util.ArrayList<>();
    /** redis.conf's loadmodule lines (server.loadmodule_queue), loaded by the engine before the data. */
    private final java.util.List<java.util.List<String>> loadModuleLines = new java.util.ArrayList<>();

    /** The loadmodule lines read so far, each "loadmodule path [args...]". */
    public java.util.List<java.util.List<String>> loadModuleLines() { return java.util.Collections.unmodifiableList(loadModuleLines); }

    void addLoadModuleLine(java.util.List<String> argv) { loadModuleLines.add(java.util.List.copyOf(argv)); }
    /** Checks a user line as it is read (ACLAppendUserForLoading); null accepts everything. */
    private java.util.function.BiFunction<java.util.List<String>, java.util.List<java.util.List<String>>, String> userLineCheck;

    /** The ACL's users as redis.conf lines for CONFIG REWRITE; it supplies null when an ACL file holds them. */
    private java.util.function.Supplier<java.util.List<String>> userLinesForRewrite;

    public java.util.function.Supplier<java.util.List<String>> userLinesForRewrite() { return userLinesForRewrite; }

    /** Set by the ACL subsystem: what CONFIG REWRITE writes for the {@code user} directive. */
    public void setUserLinesForRewrite(java.util.function.Supplier<java.util.List<String>> s) { this.userLinesForRewrite = s; }

    /** The user lines the config file declared, for the ACL subsystem to load at start-up. */
    public java.util.List<java.util.List<String>> userLines() { return java.util.Collections.unmodifiableList(userLines); }

    /**
     * Sets the check of a user line (given the line and the lines before it): null if good, else
     * the error the config loader reports. The ACL subsystem knows the rules; the config layer does not.
     */
    public void setUserLineCheck(java.util.function.BiFunction<java.util.List<String>, java.util.List<java.util.List<String>>, String> check) {
        this.userLineCheck = check;
    }

    /** ConfigLoader: one more user line; returns the check's error, or null when accepted. */
    String addUserLine(java.util.List<String> argv) {
        if (userLineCheck != null) {
            String err = userLineCheck.apply(argv, userLines);
            if (err != null) return err;
        }
        userLines.add(java.util.List.copyOf(argv));
        return null;
    }

    /* ---------------------------------------------------------------- CONFIG SET */

    /** CONFIG SET from an in-process caller, which counts as a local client. */
    public void set(String... nameValuePairs) throws ConfigException {
        configSet(List.of(nameValuePairs), true);
    }

    /** CONFIG SET with the command's arguments as bytes (name, value, name, value...). */
    public void set(List<byte[]> nameValuePairs, boolean localClient) throws ConfigException {
        List<String> args = new ArrayList<>(nameValuePairs.size());
        for (byte[] b : nameValuePairs) args.add(new String(b, StandardCharsets.ISO_8859_1));
        configSet(args, localClient);
    }

    /**
     * {@code configSetCommand()}: sets every name/value pair or none. {@code localClient} matters only
     * for protected settings under {@code enable-protected-configs local}.
     *
     * @throws ConfigException with Redis's exact reply, e.g.
     *         "ERR Unknown option or number of arguments for CONFIG SET - 'foo'"
     */
    public void configSet(List<String> args, boolean localClient) throws ConfigException {
        if ((args.size() & 1) != 0 || args.isEmpty()) throw new ConfigException("ERR syntax error");
        int count = args.size() / 2;
        StandardConfig[] setConfigs = new StandardConfig[count];
        String[] registeredNames = new String[count];
        String invalidArgName = null, errArgName = null, errstr = null;
        boolean invalidArgs = false, denyLoadingError = false;

        /* Find all relevant configs; the first problem found decides the error. */
        for (int i = 0; i < count; i++) {
            String given = args.get(2 * i);
            String key = given.toLowerCase(Locale.ROOT);
            StandardConfig config = configs.get(key);
            if (config == null) {
                if (!invalidArgs) {
                    invalidArgName = given;
                    invalidArgs = true;
                }
                continue;
            }
            if (invalidArgs) continue;
            if (config.hasFlag(ConfigFlag.IMMUTABLE)
                    || (config.hasFlag(ConfigFlag.PROTECTED) && !allowProtectedAction(localClient))) {
                errstr = config.hasFlag(ConfigFlag.IMMUTABLE) ? "can't set immutable config" : "can't set protected config";
                errArgName = given;
                invalidArgs = true;
                continue;
            }
            if (loading && config.hasFlag(ConfigFlag.DENY_LOADING)) {
                denyLoadingError = true;
                invalidArgs = true;
                continue;
            }
            /* Same dict entry twice: an alias and its primary are different entries, as in Redis. */
            for (int j = 0; j < i; j++) {
                if (key.equals(registeredNames[j])) {
                    errstr = "duplicate parameter";
                    errArgName = given;
                    invalidArgs = true;
                    break;
                }
            }
            setConfigs[i] = config;
            registeredNames[i] = key;
        }
        if (invalidArgs) {
            if (denyLoadingError) throw new ConfigException("LOADING Redis is loading the dataset in memory");
            if (invalidArgName != null) {
                throw new ConfigException("ERR Unknown option or number of arguments for CONFIG SET - '" + invalidArgName + "'");
            }
            throw setFailed(errArgName, errstr);
        }

        /* Backup old values before setting new ones. */
        String[] oldValues = new String[count];
        for (int i = 0; i < count; i++) oldValues[i] = setConfigs[i].getValueString();

        /* Set all new values (don't apply yet), collecting each distinct apply function once. */
        Map<ConfigApply, Integer> applyFns = new IdentityHashMap<>();
        List<ConfigApply> applyOrder = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean changed;
            try {
                changed = performInterfaceSet(setConfigs[i], args.get(2 * i + 1));
            } catch (ConfigValueException e) {
                restoreBackupConfig(setConfigs, oldValues, i + 1, null);
                throw setFailed(registeredNames[i], e.getMessage());
            }
            if (changed) {
                for (ConfigApply fn : setConfigs[i].applyFns()) {
                    if (applyFns.putIfAbsent(fn, i) == null) applyOrder.add(fn);
                }
            }
        }

        /* Apply all configs after being set. */
        for (ConfigApply fn : applyOrder) {
            try {
                fn.apply();
            } catch (ConfigValueException e) {
                restoreBackupConfig(setConfigs, oldValues, count, applyOrder);
                throw setFailed(registeredNames[applyFns.get(fn)], e.getMessage());
            }
        }
    }

    private static ConfigException setFailed(String argName, String errstr) {
        if (errstr == null) return new ConfigException("ERR CONFIG SET failed (possibly related to argument '" + argName + "')");
        return new ConfigException("ERR CONFIG SET failed (possibly related to argument '" + argName + "') - " + errstr);
    }

    /** {@code allowProtectedAction(server.enable_protected_configs, c)}. */
    private boolean allowProtectedAction(boolean localClient) {
        int v = enumConfig("enable-protected-configs").get();
        return v == ConfigTable.PROTECTED_ACTION_ALLOWED_YES
                || (v == ConfigTable.PROTECTED_ACTION_ALLOWED_LOCAL && localClient);
    }

    /** {@code performInterfaceSet()}: a multi-word setting's value is split on single spaces. */
    private static boolean performInterfaceSet(StandardConfig config, String value) throws ConfigValueException {
        String[] argv = config.hasFlag(ConfigFlag.MULTI_ARG) ? SplitArgs.splitOnSpace(value) : new String[]{value};
        return config.set(argv, false);
    }

    /** {@code restoreBackupConfig()}: best effort, as in Redis (a failure here would only be logged). */
    private static void restoreBackupConfig(StandardConfig[] setConfigs, String[] oldValues, int count,
                                            Collection<ConfigApply> applyFns) {
        for (int i = 0; i < count; i++) {
            try {
                performInterfaceSet(setConfigs[i], oldValues[i]);
            } catch (ConfigValueException ignored) {
                /* Redis logs "Failed restoring failed CONFIG SET command" and goes on. */
            }
        }
        if (applyFns == null) return;
        for (ConfigApply fn : applyFns) {
            try {
                fn.apply();
            } catch (ConfigValueException ignored) {
                /* Redis logs "Failed applying restored failed CONFIG SET command" and goes on. */
            }
        }
    }

    /** {@code updateHZ()}: hz is a hint, so out-of-range values are accepted and clamped to 1..500. */
    static long clampHz(long hz) {
        return Math.max(CONFIG_MIN_HZ, Math.min(CONFIG_MAX_HZ, hz));
    }

    /* ---------------------------------------------------------------- CONFIG GET */

    /**
     * {@code configGetCommand()}: name/value pairs for every setting matching one of the patterns.
     * A pattern without {@code * ? [} is an exact (case-insensitive) lookup and is answered under the
     * name as given; patterns match aliases too but never {@link ConfigFlag#HIDDEN} settings. Redis
     * answers in dict order, which is unspecified; this returns table order.
     */
    public Map<String, String> get(String... patterns) {
        Map<String, StandardConfig> matches = new LinkedHashMap<>();
        for (String name : patterns) {
            if (name.indexOf('[') < 0 && name.indexOf('*') < 0 && name.indexOf('?') < 0) {
                if (matches.containsKey(name)) continue;
                StandardConfig config = lookupConfig(name);
                if (config != null) matches.put(name, config);
                continue;
            }
            for (Map.Entry<String, StandardConfig> e : configs.entrySet()) {
                if (e.getValue().hasFlag(ConfigFlag.HIDDEN)) continue;
                if (matches.containsKey(e.getKey())) continue;
                if (stringmatch.test(name, e.getKey())) matches.put(e.getKey(), e.getValue());
            }
        }
        Map<String, String> reply = new LinkedHashMap<>();
        for (Map.Entry<String, StandardConfig> e : matches.entrySet()) reply.put(e.getKey(), e.getValue().getValueString());
        return reply;
    }

    /* ---------------------------------------------------------------- CONFIG REWRITE */

    /**
     * {@code configRewriteCommand()}: rewrites the config file the server was started with.
     *
     * @throws ConfigException "ERR The server is running without a config file", or
     *                         "ERR Rewriting config file: <reason>" when the file cannot be written
     */
    public void rewrite() throws ConfigException {
        rewrite(false);
    }

    /**
     * {@code rewriteConfig(path, force_write)}: with {@code forceAll} every setting is written, its
     * default included (DEBUG CONFIG-REWRITE-FORCE-ALL, which Redis's suite uses to check that a
     * file holding every setting loads back).
     */
    public void rewrite(boolean forceAll) throws ConfigException {
        Path file = configFile;
        if (file == null) throw new ConfigException("ERR The server is running without a config file");
        try {
            ConfigRewriter.rewriteConfig(this, file, forceAll);
        } catch (java.io.IOException e) {
            throw new ConfigException("ERR Rewriting config file: " + e.getMessage());
        }
    }

    /* ---------------------------------------------------------------- loading support */

    /** Sets a setting from a config-file line's words, as {@code loadServerConfigFromString()} does. */
    void setFromConfigFile(StandardConfig config, String[] argv) throws ConfigValueException {
        config.set(argv, true);
    }

    /** Sanity step after loading: {@code config_hz} clamped as Redis does at the end of loading. */
    void afterLoad() {
        NumericConfig hz = numeric("hz");
        hz.store(clampHz(hz.get()));
    }

    /* ---------------------------------------------------------------- glob */

    /** The default CONFIG GET matcher: Redis's {@code stringmatchlen(pattern, string, nocase=1)}. */
    static boolean stringmatchNocase(String pattern, String string) {
        return stringmatch(pattern, 0, string, 0);
    }

    /**
     * A small port of {@code stringmatchlen()} of {@code src/util.c}: {@code *}, {@code ?},
     * {@code [abc]}, {@code [^a-z]} and {@code \} escapes, ignoring case. Kept private to this package
     * until {@code io.glassbox.util.Glob} exists; inject that one through {@link #createDefault(BiPredicate)}.
     */
    private static boolean stringmatch(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char pc = p.charAt(pi);
            switch (pc) {
                case '*':
                    while (pi + 1 < p.length() && p.charAt(pi + 1) == '*') pi++;
                    if (pi + 1 == p.length()) return true;
                    for (int k = si; k <= s.length(); k++) {
                        if (stringmatch(p, pi + 1, s, k)) return true;
                    }
                    return false;
                case '?':
                    if (si >= s.length()) return false;
                    si++;
                    break;
                case '[': {
                    if (si >= s.length()) return false;
                    pi++;
                    boolean not = pi < p.length() && p.charAt(pi) == '^';
                    if (not) pi++;
                    boolean match = false;
                    char sc = Character.toLowerCase(s.charAt(si));
                    while (pi < p.length() && p.charAt(pi) != ']') {
                        if (p.charAt(pi) == '\\' && pi + 1 < p.length()) {
                            pi++;
                            if (Character.toLowerCase(p.charAt(pi)) == sc) match = true;
                        } else if (pi + 2 < p.length() && p.charAt(pi + 1) == '-') {
                            char a = Character.toLowerCase(p.charAt(pi)), b = Character.toLowerCase(p.charAt(pi + 2));
                            if (a > b) { char t = a; a = b; b = t; }
                            if (sc >= a && sc <= b) match = true;
                            pi += 2;
                        } else if (Character.toLowerCase(p.charAt(pi)) == sc) {
                            match = true;
                        }
                        pi++;
                    }
                    if (not) match = !match;
                    if (!match) return false;
                    si++;
                    break;
                }
                case '\\':
                    if (pi + 1 < p.length()) pc = p.charAt(++pi);
                    /* fall through */
                default:
                    if (si >= s.length() || Character.toLowerCase(pc) != Character.toLowerCase(s.charAt(si))) return false;
                    si++;
            }
            pi++;
        }
        return si == s.length();
    }
}
