package io.glassbox.command;

import io.glassbox.resp.RespReader;
import io.glassbox.resp.RespValue;
import io.glassbox.server.Client;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The replies to {@code CLIENT HELP}, {@code CONFIG HELP}, ...: Redis 7.0's own text, captured
 * from redis-server into the resource {@code redis-7.0-help.resp}, sent as Redis's addReplyHelp does
 * (an array of status lines).
 */
public final class HelpText {
    private static final Map<String, List<RespValue>> HELP = load();

    private HelpText() {}

    private static Map<String, List<RespValue>> load() {
        try (InputStream in = HelpText.class.getResourceAsStream("redis-7.0-help.resp")) {
            RespValue all = new RespReader(new BufferedInputStream(in)).read();
            Map<String, List<RespValue>> m = new HashMap<>();
            for (RespValue pair : ((RespValue.Array) all).items()) {
                List<RespValue> p = ((RespValue.Array) pair).items();
                // (a command whose HELP is an error on a plain redis-server, e.g. CLUSTER, is left out)
                if (p.get(1) instanceof RespValue.Array lines) m.put(p.get(0).asText(), lines.items());
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replies with the HELP text of a container command such as "client". */
    public static void reply(Client c, String container) {
        List<RespValue> lines = HELP.get(container);
        c.addArrayLen(lines.size());
        for (RespValue l : lines) c.addStatus(l.asText());
    }
}
