package io.glassbox.visualizer;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;

/**
 * A view that paints itself on one canvas which follows the region's size. Painting, rather than one
 * scene-graph node per bucket, keeps a frame's cost bounded by the pixels, not by the keys: a dict
 * with a million buckets is summarised, never turned into a million nodes.
 */
abstract class CanvasView extends Region {
    protected final Canvas canvas = new Canvas();

    CanvasView(double prefWidth, double prefHeight) {
        getChildren().add(canvas);
        setPrefSize(prefWidth, prefHeight);
        setMinSize(100, 80);
        widthProperty().addListener((o, a, b) -> redraw());
        heightProperty().addListener((o, a, b) -> redraw());
    }

    @Override
    protected void layoutChildren() {
        // Whole pixels: a fractional canvas is resampled when drawn, and colours stop being exact.
        canvas.setWidth(Math.floor(getWidth()));
        canvas.setHeight(Math.floor(getHeight()));
        redraw();
    }

    /** Paints the current model again (UI thread). */
    final void redraw() {
        double w = canvas.getWidth(), h = canvas.getHeight();
        if (w <= 0 || h <= 0) return;
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Palette.BACKGROUND);
        g.fillRect(0, 0, w, h);
        draw(g, w, h);
    }

    protected abstract void draw(GraphicsContext g, double w, double h);
}
