package io.glassbox.visualizer;

import io.glassbox.hooks.Hooks;
import io.glassbox.hooks.KeyListing;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The keys of one database with their type and encoding (OBJECT ENCODING's answer) and TTL.
 *
 * <p>Encodings are the lesson here: a small hash is a listpack, a big one a hashtable; a set of
 * integers is an intset; a sorted set switches from listpack to skiplist past 128 members. When a
 * key's encoding differs from the previous listing, its row flashes ({@link Palette#CONVERTED}) for
 * {@link #FLASH_NANOS}. Only the first {@link #MAX_KEYS} keys (in dict order) are listed, so a
 * million-key database costs a bounded read.
 */
public final class KeyspaceView extends TableView<KeyspaceView.Row> {
    public static final int MAX_KEYS = 500;
    static final long FLASH_NANOS = 2_000_000_000L;

    /** One listed key; {@code convertedAt} is the nanoTime its encoding last changed, or 0. */
    public record Row(byte[] key, String type, String encoding, long ttlMillis, long convertedAt) {
        public String keyText() { return Captions.text(key); }
        public boolean flashing(long now) { return convertedAt != 0 && now - convertedAt < FLASH_NANOS; }
    }

    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final Map<ByteBuffer, Row> previous = new HashMap<>();
    private long totalKeys;

    public KeyspaceView(Consumer<byte[]> onWatch) {
        setItems(rows);
        setPrefWidth(300);
        TableColumn<Row, String> key = new TableColumn<>("key");
        key.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().keyText()));
        key.setPrefWidth(120);
        TableColumn<Row, String> type = new TableColumn<>("type");
        type.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().type()));
        TableColumn<Row, String> enc = new TableColumn<>("encoding");
        enc.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().encoding()));
        enc.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                Row r = empty || getTableRow() == null ? null : getTableRow().getItem();
                setStyle(r != null && r.flashing(System.nanoTime()) ? "-fx-background-color: #ffd700;" : "");
            }
        });
        TableColumn<Row, String> ttl = new TableColumn<>("ttl");
        ttl.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().ttlMillis() < 0 ? "" : c.getValue().ttlMillis() + " ms"));
        getColumns().add(key);
        getColumns().add(type);
        getColumns().add(enc);
        getColumns().add(ttl);
        setRowFactory(tv -> {
            javafx.scene.control.TableRow<Row> r = new javafx.scene.control.TableRow<>();
            r.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && r.getItem() != null) onWatch.accept(r.getItem().key());
            });
            return r;
        });
        setPlaceholder(new javafx.scene.control.Label("No keys. Try SET foo bar in the console."));
    }

    /** Reads the first {@link #MAX_KEYS} keys of {@code db} on the command thread, without moving any rehash. */
    public static CompletableFuture<List<KeyListing>> read(Hooks hooks, int db) {
        return hooks.keyListing(db, MAX_KEYS);
    }

    /** Replaces the listing (UI thread), flashing keys whose encoding changed since the last one. */
    public void show(List<KeyListing> listed, long totalKeys, long now) {
        this.totalKeys = totalKeys;
        List<Row> fresh = new ArrayList<>(listed.size());
        Map<ByteBuffer, Row> next = new HashMap<>();
        for (KeyListing l : listed) {
            ByteBuffer k = ByteBuffer.wrap(l.key());
            Row old = previous.get(k);
            long converted = old == null ? 0 : !old.encoding().equals(l.encoding()) ? now : old.convertedAt();
            Row r = new Row(l.key(), l.type(), l.encoding(), l.ttlMillis(), converted);
            fresh.add(r);
            next.put(k, r);
        }
        fresh.sort((a, b) -> java.util.Arrays.compareUnsigned(a.key(), b.key()));
        previous.clear();
        previous.putAll(next);
        if (!sameRows(fresh)) rows.setAll(fresh); // an unchanged listing must not relayout the table
    }

    private boolean sameRows(List<Row> fresh) {
        if (fresh.size() != rows.size()) return false;
        for (int i = 0; i < fresh.size(); i++) {
            Row a = fresh.get(i), b = rows.get(i);
            if (!java.util.Arrays.equals(a.key(), b.key()) || !a.encoding().equals(b.encoding())
                || !a.type().equals(b.type()) || a.convertedAt() != b.convertedAt() || (a.ttlMillis() < 0) != (b.ttlMillis() < 0)) {
                return false;
            }
        }
        return true;
    }

    /** Whether some row is still flashing (the pane keeps refreshing the cells until none is). */
    public boolean anyFlashing(long now) {
        for (Row r : rows) if (r.flashing(now)) return true;
        return false;
    }

    public List<Row> shown() { return List.copyOf(rows); }

    public long totalKeys() { return totalKeys; }
}
