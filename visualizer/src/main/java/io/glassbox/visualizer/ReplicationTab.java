package io.glassbox.visualizer;

import io.glassbox.engine.Engine;
import io.glassbox.engine.LocalClient;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

/**
 * The replication tab: the topology ({@link ReplicationView}) under a bar where a node is added by
 * {@code host:port} (any Glassbox or Redis reachable from here). It owns the {@link TopologyPoller}
 * that reads every node on its own thread; each frame picks up the latest topology, if any.
 */
public final class ReplicationTab extends BorderPane implements AutoCloseable {
    final ReplicationView view = new ReplicationView();
    final TextField nodeField = new TextField();
    final Label status = new Label();
    private final Label nodesLabel = new Label("nodes:");
    private final Button add = new Button("Add node");
    private final TopologyPoller poller = new TopologyPoller();

    /** {@code client}: the window's own client of {@code engine}, whose INFO commands the captions skip. */
    public ReplicationTab(Engine engine, LocalClient client) {
        this();
        poller.addThisEngine(engine, client);
    }

    /** Without an engine of this JVM (a window attached to a remote server adds that server as a node). */
    public ReplicationTab() {
        poller.setActive(false);
        nodeField.setPromptText("host:port of another node (Glassbox or Redis)");
        nodeField.setPrefColumnCount(24);
        nodeField.setOnAction(e -> addFromField());
        add.setOnAction(e -> addFromField());
        HBox bar = new HBox(8, nodesLabel, nodeField, add, status);
        bar.setPadding(new Insets(4, 8, 4, 8));
        setTop(bar);
        setCenter(view);
        poller.start();
    }

    /** Adds the node typed in the field (UI thread); a bad address is said in the status label. */
    void addFromField() {
        String err = poller.addRemote(nodeField.getText());
        status.setText(err == null ? "added " + nodeField.getText().strip() + " (polled once a second)" : err);
        if (err == null) nodeField.clear();
    }

    /** Its labels in {@code m}'s language. */
    void relabel(io.glassbox.course.Messages m) {
        nodesLabel.setText(m.get("viz.repl.nodes"));
        nodeField.setPromptText(m.get("viz.repl.prompt"));
        add.setText(m.get("viz.repl.add"));
    }

    /** The poller, to add nodes from elsewhere ({@code --node}, a demo's engines). */
    public TopologyPoller poller() { return poller; }

    public ReplicationView view() { return view; }

    /** Once a frame (UI thread): poll only while {@code visible}; draw what arrived. */
    void frame(boolean visible) {
        poller.setActive(visible);
        ReplicationTopology t = poller.takeNew();
        if (t != null) view.show(t);
        view.catchUp();
    }

    @Override
    public void close() {
        poller.close();
    }
}
