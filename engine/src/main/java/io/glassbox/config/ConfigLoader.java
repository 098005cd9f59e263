package io.glassbox.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Startup configuration: redis-server's command line and redis.conf, as {@code main()} in
 * {@code src/server.c} and {@code loadServerConfig()} / {@code loadServerConfigFromString()} in
 * {@code src/config.c} read them.
 *
 * <p>The command line is {@code [configfile] [--name value ...]}. Redis turns the options into config
 * lines and appends them after the file: {@code --port 7000 --save 900 1 300 10} becomes
 * {@code port "7000"} and {@code save "900" "1" "300" "10"}, so options override the file and both go
 * through one parser. A file named {@code -} (first or last argument) means "also read stdin".
 *
 * <p>The first bad line stops the server with Redis's message, which this class returns inside a
 * {@link FatalConfigError}; the caller prints it to stderr and exits with status 1.
 */
public final class ConfigLoader {
    public static final String REDIS_VERSION = "7.0.15";

    /** The text redis-server prints to stderr before exiting with status 1. */
    public static final class FatalConfigError extends Exception {
        private static final long serialVersionUID = 1L;

        FatalConfigError(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A directive that is not a setting and belongs to another subsystem ({@code rename-command},
     * {@code user}, {@code loadmodule}, module settings such as {@code mymod.opt}), handed to the server.
     */
    public record Directive(List<String> argv, int line, String text) {
        public Directive(List<String> argv, int line) { this(argv, line, String.join(" ", argv)); }
    }

    /**
     * The error block redis-server prints before exiting on a bad line ({@code loaderr:}); the
     * sentinel's queued lines are checked after loading and fail the same way.
     */
    public static FatalConfigError lineError(Directive d, String err) { return loadErr(d.line(), d.text(), err); }

    /** Settings from {@code list-max-ziplist-entries} and the like that Redis still accepts and ignores. */
    private static final String[] DEPRECATED_CONFIGS = {"list-max-ziplist-entries", "list-max-ziplist-value",
            "lua-replicate-commands"};

    private final ConfigRegistry registry;
    private final List<Directive> directives = new ArrayList<>();

    private ConfigLoader(ConfigRegistry registry) {
        this.registry = registry;
    }

    /**
     * Applies redis-server's arguments (without the program name) to {@code registry}.
     *
     * @param stdin read when an argument is {@code -}
     * @return the directives that are not settings, in file order
     */
    public static List<Directive> load(ConfigRegistry registry, String[] args, InputStream stdin)
            throws FatalConfigError {
        ConfigLoader loader = new ConfigLoader(registry);
        int j = 0;
        Path configFile = null;
        if (args.length > 0 && !args[0].startsWith("-")) {
            configFile = Path.of(args[0]).toAbsolutePath();
            j = 1;
        }
        boolean configFromStdin = false;
        StringBuilder options = new StringBuilder();
        boolean handledLastConfigArg = true;
        for (; j < args.length; j++) {
            String arg = args[j];
            if (arg.equals("-") && (j == 0 || j == args.length - 1)) {
                configFromStdin = true;
            } else if (handledLastConfigArg && arg.startsWith("--")) {
                /* Option name */
                if (options.length() > 0) options.append('\n');
                options.append(arg, 2, arg.length()).append(' ');
                List<String> words = SplitArgs.splitArgs(arg);
                if (words != null && words.size() == 1) {
                    handledLastConfigArg = false;
                    boolean nextIsOption = j != args.length - 1 && args[j + 1].startsWith("--");
                    if (arg.equalsIgnoreCase("--save") && (nextIsOption || j == args.length - 1)) {
                        /* "--save" with no value means save "" (pre-7.0 compatibility). */
                        options.append("\"\"");
                        handledLastConfigArg = nextIsOption;
                    } else if (arg.equalsIgnoreCase("--sentinel") && nextIsOption) {
                        handledLastConfigArg = true;
                    }
                } else {
                    /* Name and value in one argument, like "--port 6380". */
                    handledLastConfigArg = true;
                }
            } else {
                /* Option argument */
                options.append(SplitArgs.repr(arg)).append(' ');
                handledLastConfigArg = true;
            }
        }
        registry.setConfigFile(configFile);
        registry.special(SpecialConfigs.Save.class).beginLoad();
        loader.loadServerConfig(configFile, configFromStdin ? stdin : null, options.toString());
        return loader.directives;
    }

    /** {@code loadServerConfig()}: the file, then stdin, then the command-line options, as one text. */
    private void loadServerConfig(Path filename, InputStream stdin, String options) throws FatalConfigError {
        StringBuilder config = new StringBuilder();
        if (filename != null) config.append(readConfigFile(filename));
        if (stdin != null) {
            try {
                config.append(new String(stdin.readAllBytes(), StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                throw new FatalConfigError("Fatal error, can't read config from stdin: " + e.getMessage());
            }
        }
        if (options != null) config.append('\n').append(options);
        loadServerConfigFromString(config.toString());
        registry.afterLoad();
    }

    /**
     * Reads one file, or every file matching it when the name has {@code * ? [} (an include of a
     * {@code conf.d/*.conf} that matches nothing is fine).
     */
    private static String readConfigFile(Path filename) throws FatalConfigError {
        String name = filename.toString();
        StringBuilder sb = new StringBuilder();
        if (name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0) {
            Path dir = filename.getParent();
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + filename.getFileName());
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files.filter(p -> m.matches(p.getFileName())).sorted()::iterator) {
                    sb.append(readOne(p));
                }
            } catch (IOException e) {
                return "";
            }
            return sb.toString();
        }
        return readOne(filename);
    }

    private static String readOne(Path p) throws FatalConfigError {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new FatalConfigError("Fatal error, can't open config file '" + p + "': No such file or directory");
        } catch (IOException e) {
            throw new FatalConfigError("Fatal error, can't open config file '" + p + "': " + e.getMessage());
        }
    }

    /** {@code sdstrim(line, " \t\r\n")}. */
    static String trim(String s) {
        int b = 0, e = s.length();
        while (b < e && " \t\r\n".indexOf(s.charAt(b)) >= 0) b++;
        while (e > b && " \t\r\n".indexOf(s.charAt(e - 1)) >= 0) e--;
        return s.substring(b, e);
    }

    /**
     * Parses configuration text, for a file, for stdin or for the options of the command line: one
     * directive per line, {@code #} comments and blank lines skipped. {@code loadServerConfigFromString()}.
     */
    public static List<Directive> loadFromString(ConfigRegistry registry, String config) throws FatalConfigError {
        ConfigLoader loader = new ConfigLoader(registry);
        registry.special(SpecialConfigs.Save.class).beginLoad();
        loader.loadServerConfigFromString(config);
        registry.afterLoad();
        return loader.directives;
    }

    private void loadServerConfigFromString(String config) throws FatalConfigError {
        String[] lines = config.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int linenum = i + 1;
            String line = trim(lines[i]);
            if (line.isEmpty() || line.charAt(0) == '#') continue;
            List<String> argv = SplitArgs.splitArgs(line);
            if (argv == null) throw loadErr(linenum, line, "Unbalanced quotes in configuration line");
            if (argv.isEmpty()) continue;
            String directive = argv.get(0).toLowerCase(Locale.ROOT);
            argv.set(0, directive);
            int argc = argv.size();

            StandardConfig config0 = registry.lookupConfig(directive);
            if (config0 != null) {
                /* Single-word settings take exactly one value; multi-word ones check their own count. */
                if (!config0.hasFlag(ConfigFlag.MULTI_ARG) && argc != 2) {
                    throw loadErr(linenum, line, "wrong number of arguments");
                }
                String[] values = argv.subList(1, argc).toArray(new String[0]);
                // a multi-word setting given as one non-empty word is split again: --save "900 1"
                if (config0.hasFlag(ConfigFlag.MULTI_ARG) && argc == 2 && !values[0].isEmpty()) {
                    List<String> split = SplitArgs.splitArgs(values[0]);
                    if (split != null) values = split.toArray(new String[0]);
                }
                try {
                    registry.setFromConfigFile(config0, values);
                } catch (ConfigValueException e) {
                    throw loadErr(linenum, line, e.getMessage());
                }
                continue;
            }
            if (isDeprecated(directive, argc)) continue;

            if (directive.equals("include") && argc == 2) {
                loadServerConfig(Path.of(argv.get(1)).toAbsolutePath(), null, null);
            } else if (directive.equals("user") && argc >= 2) {
                String err = registry.addUserLine(argv);
                if (err != null) throw loadErr(linenum, line, err);
                directives.add(new Directive(List.copyOf(argv), linenum));
            } else if ((directive.equals("rename-command") && argc == 3)
                    || (directive.equals("loadmodule") && argc >= 2)) {
                if (directive.equals("loadmodule")) registry.addLoadModuleLine(argv);
                directives.add(new Directive(List.copyOf(argv), linenum));
            } else if (directive.indexOf('.') >= 0) {
                if (argc != 2) throw loadErr(linenum, line, "Module config specified without value");
                directives.add(new Directive(List.copyOf(argv), linenum));
            } else if (directive.equals("sentinel")) {
                // argc == 1 is the --sentinel switch itself; the lines wait for the sentinel (queueSentinelConfig)
                if (argc != 1) {
                    if (!registry.sentinelMode()) throw loadErr(linenum, line, "sentinel directive while not in sentinel mode");
                    registry.queueSentinelLine(new Directive(List.copyOf(argv.subList(1, argc)), linenum, line));
                }
            } else {
                throw loadErr(linenum, line, "Bad directive or wrong number of arguments");
            }
        }
        /* Sanity checks. */
        if (registry.bool("cluster-enabled").get()
                && registry.special(SpecialConfigs.ReplicaOf.class).masterHost() != null) {
            throw new FatalConfigError(fatalHeader() + "replicaof directive not allowed in cluster mode\n");
        }
    }

    private static boolean isDeprecated(String name, int argc) {
        for (String d : DEPRECATED_CONFIGS) if (d.equals(name) && argc == 2) return true;
        return false;
    }

    private static String fatalHeader() {
        return "\n*** FATAL CONFIG FILE ERROR (Redis " + REDIS_VERSION + ") ***\n";
    }

    /** The {@code loaderr:} block: header, line number, the offending (trimmed) line, the reason. */
    private static FatalConfigError loadErr(int linenum, String line, String err) {
        return new FatalConfigError(fatalHeader() + "Reading the configuration file, at line " + linenum + "\n"
                + ">>> '" + line + "'\n" + err + "\n");
    }
}
