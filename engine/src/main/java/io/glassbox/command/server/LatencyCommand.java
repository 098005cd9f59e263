package io.glassbox.command.server;

import io.glassbox.command.CommandTable;
import io.glassbox.command.HelpText;
import io.glassbox.command.RedisCommand;
import io.glassbox.server.Client;
import io.glassbox.server.LatencyMonitor;
import io.glassbox.util.LatencyHistogram;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * LATENCY LATEST / HISTORY / RESET / GRAPH / DOCTOR / HISTOGRAM / HELP: {@code latency.c}'s
 * {@code latencyCommand}. The samples come from {@link LatencyMonitor}; the per-command histograms
 * (HISTOGRAM) from {@code call()}, with latency-tracking. Arity and unknown subcommands are checked
 * by the command table, as Redis checks them in processCommand.
 */
final class LatencyCommand {
    private LatencyCommand() {}

    static void register(CommandTable t) {
        t.bind("latency|latest", LatencyCommand::latest);
        t.bind("latency|history", LatencyCommand::history);
        t.bind("latency|reset", LatencyCommand::reset);
        t.bind("latency|graph", LatencyCommand::graph);
        t.bind("latency|doctor", LatencyCommand::doctor);
        t.bind("latency|histogram", LatencyCommand::histogram);
        t.bind("latency|help", c -> HelpText.reply(c, "latency"));
    }

    /** latencyCommandReplyWithLatestEvents: per event its name, last sample's time and ms, all-time max. */
    static void latest(Client c) {
        Map<String, LatencyMonitor.TimeSeries> events = c.server().latencyMonitor().events();
        c.addArrayLen(events.size());
        for (Map.Entry<String, LatencyMonitor.TimeSeries> e : events.entrySet()) {
            long[] last = e.getValue().last();
            c.addArrayLen(4);
            c.addBulk(e.getKey());
            c.addLong(last[0]);
            c.addLong(last[1]);
            c.addLong(e.getValue().max());
        }
    }

    /** latencyCommandReplyWithSamples: the event's samples, oldest first, as [time, ms] pairs. */
    static void history(Client c) {
        LatencyMonitor.TimeSeries ts = c.server().latencyMonitor().series(c.argString(2));
        if (ts == null) { c.addArrayLen(0); return; }
        long[][] samples = ts.samples();
        c.addArrayLen(samples.length);
        for (long[] s : samples) {
            c.addArrayLen(2);
            c.addLong(s[0]);
            c.addLong(s[1]);
        }
    }

    /** LATENCY RESET [event ...]: how many events were forgotten. */
    static void reset(Client c) {
        LatencyMonitor m = c.server().latencyMonitor();
        if (c.argc() == 2) { c.addLong(m.reset(null)); return; }
        int resets = 0;
        for (int j = 2; j < c.argc(); j++) resets += m.reset(c.argString(j));
        c.addLong(resets);
    }

    static void graph(Client c) {
        LatencyMonitor m = c.server().latencyMonitor();
        String event = c.argString(2);
        LatencyMonitor.TimeSeries ts = m.series(event);
        if (ts == null) {
            c.addError("No samples available for event '" + event + "'");
            return;
        }
        c.addVerbatim(m.graph(event, ts).getBytes(StandardCharsets.UTF_8), "txt");
    }

    static void doctor(Client c) {
        c.addVerbatim(c.server().latencyMonitor().doctor(c.server().latencyFacts()).getBytes(StandardCharsets.UTF_8), "txt");
    }

    /**
     * LATENCY HISTOGRAM [command ...]: per command with data, a map of "calls" and "histogram_usec"
     * (bucket upper bound in us -> cumulative count, empty buckets left out). Unknown names are
     * skipped; a container command stands for its subcommands.
     */
    static void histogram(Client c) {
        List<RedisCommand> withData = new ArrayList<>();
        if (c.argc() == 2) {
            for (RedisCommand cmd : c.server().commands().commands()) collect(cmd, withData);
        } else {
            for (int j = 2; j < c.argc(); j++) {
                RedisCommand cmd = c.server().commands().lookupByFullName(c.argString(j).toLowerCase(java.util.Locale.ROOT));
                if (cmd == null) continue;
                if (cmd.latencyHistogram != null) withData.add(cmd);
                for (RedisCommand sub : cmd.subcommands().values()) if (sub.latencyHistogram != null) withData.add(sub);
            }
        }
        c.addMapLen(withData.size());
        for (RedisCommand cmd : withData) {
            c.addBulk(cmd.fullName);
            fillCommandCdf(c, cmd.latencyHistogram);
        }
    }

    private static void collect(RedisCommand cmd, List<RedisCommand> out) {
        if (cmd.latencyHistogram != null) out.add(cmd);
        for (RedisCommand sub : cmd.subcommands().values()) collect(sub, out);
    }

    /** fillCommandCDF: buckets from 1024 ns doubling, each its highest value in us and the count so far. */
    private static void fillCommandCdf(Client c, LatencyHistogram h) {
        List<long[]> buckets = new ArrayList<>();
        long[] previous = {0};
        h.forEachLogStep(1024, 2, (highest, cumulative) -> {
            if (cumulative > previous[0]) buckets.add(new long[] {highest / 1000, cumulative});
            previous[0] = cumulative;
        });
        c.addMapLen(2);
        c.addBulk("calls");
        c.addLong(h.totalCount());
        c.addBulk("histogram_usec");
        c.addMapLen(buckets.size());
        for (long[] b : buckets) {
            c.addLong(b[0]);
            c.addLong(b[1]);
        }
    }
}
