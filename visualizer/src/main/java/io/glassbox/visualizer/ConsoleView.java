package io.glassbox.visualizer;

import io.glassbox.visualizer.source.Source;
import io.glassbox.resp.RespValue;
import io.glassbox.resp.SplitArgs;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A command console: each line is split as redis-cli splits it and sent through the engine's
 * in-process client, so it runs on the command thread like any network client's command. The reply
 * arrives through a future (never waited for on the UI thread: while the loop is paused the reply
 * simply comes later) and is printed in redis-cli's style.
 */
public final class ConsoleView extends BorderPane {
    private final TextArea output = new TextArea();
    private final TextField input = new TextField();
    private final Source.Client client;
    private final Consumer<List<byte[]>> onSent;

    public ConsoleView(Source.Client client, Consumer<List<byte[]>> onSent) {
        this.client = client;
        this.onSent = onSent;
        output.setEditable(false);
        output.setPrefRowCount(6);
        output.setStyle("-fx-font-family: monospace;");
        input.setPromptText("a Redis command, e.g. ZADD z 1 a   (Enter runs it)");
        input.setOnAction(e -> {
            String line = input.getText();
            input.clear();
            run(line);
        });
        setCenter(output);
        setBottom(input);
        setPadding(new Insets(2));
    }

    /** Runs one line; the future completes (off the UI thread) with the printed reply. */
    public CompletableFuture<String> run(String line) {
        List<byte[]> argv = SplitArgs.split(line.getBytes(StandardCharsets.UTF_8));
        if (argv == null) return done(line, "(error) Invalid argument(s)");
        if (argv.isEmpty()) return CompletableFuture.completedFuture("");
        onSent.accept(argv);
        append("> " + line + "\n");
        return client.send(argv).handle((reply, err) -> {
            String text = err != null ? "(error) " + err.getMessage() : format(reply, "");
            append(text + "\n");
            return text;
        });
    }

    private CompletableFuture<String> done(String line, String text) {
        append("> " + line + "\n" + text + "\n");
        return CompletableFuture.completedFuture(text);
    }

    private void append(String s) {
        if (Platform.isFxApplicationThread()) output.appendText(s);
        else Platform.runLater(() -> output.appendText(s));
    }

    public String transcript() { return output.getText(); }

    /** A line from the visualizer itself, not a reply (e.g. that the server went away). */
    public void note(String line) { append(line + "\n"); }

    /** redis-cli's tty form, enough for a console. */
    static String format(RespValue v, String indent) {
        if (v instanceof RespValue.SimpleString s) return s.value();
        if (v instanceof RespValue.Error e) return "(error) " + e.message();
        if (v instanceof RespValue.Int i) return "(integer) " + i.value();
        if (v instanceof RespValue.Bulk b) return "\"" + Captions.text(b.value()) + "\"";
        if (v instanceof RespValue.Verbatim b) return Captions.text(b.value());
        if (v instanceof RespValue.Double d) return "(double) " + d.text();
        if (v instanceof RespValue.BigNumber n) return "(big number) " + n.digits();
        if (v instanceof RespValue.Bool b) return b.value() ? "(true)" : "(false)";
        if (v instanceof RespValue.Null) return "(nil)";
        List<RespValue> items = v instanceof RespValue.Array a ? a.items() : v instanceof RespValue.Map m ? m.entries() : List.of();
        if (items.isEmpty()) return "(empty array)";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) out.append('\n').append(indent);
            String n = (i + 1) + ") ";
            out.append(n).append(format(items.get(i), indent + " ".repeat(n.length())));
        }
        return out.toString();
    }
}
