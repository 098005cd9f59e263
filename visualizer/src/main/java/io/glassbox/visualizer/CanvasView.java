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

    private boolean stale;

    /**
     * Paints the current model again (UI thread). A view nobody can see (an unselected tab) only
     * notes that it is stale and paints when it is shown ({@link #catchUp}): under load, painting
     * hidden canvases is pure cost to the engine's CPU.
     */
    final void redraw() {
        double w = canvas.getWidth(), h = canvas.getHeight();
        if (w <= 0 || h <= 0) return;
        if (!showing()) {
            stale = true;
            return;
        }
        stale = false;
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Palette.BACKGROUND);
        g.fillRect(0, 0, w, h);
        draw(g, w, h);
    }

    /** Paints if something changed while this view was hidden; called every frame. */
    final void catchUp() {
        if (stale && showing()) redraw();
    }

    /** Visible, and so are all its ancestors, in a scene. */
    private boolean showing() {
        if (getScene() == null) return false;
        for (javafx.scene.Node n = this; n != null; n = n.getParent()) if (!n.isVisible()) return false;
        return true;
    }

    protected abstract void draw(GraphicsContext g, double w, double h);
}
