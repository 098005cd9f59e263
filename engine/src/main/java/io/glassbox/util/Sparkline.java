package io.glassbox.util;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis's {@code sparkline.c}: a sequence of samples drawn as ASCII art, several rows high, with
 * each sample's label written vertically below it. LATENCY GRAPH draws an event's history with it.
 */
public final class Sparkline {
    /** The characters of the rows, lowest first (charset_fill with SPARKLINE_FILL, else charset). */
    private static final String CHARSET = "_-`", CHARSET_FILL = "_o#";
    private static final int LABEL_MARGIN_TOP = 1;

    private record Sample(double value, String label) {}

    private final List<Sample> samples = new ArrayList<>();
    private double min, max;
    private int labels;

    /** sparklineSequenceAddSample (with its quirk: a new minimum is never also checked as a maximum). */
    public void add(double value, String label) {
        if (label != null && label.isEmpty()) label = null;
        if (samples.isEmpty()) {
            min = max = value;
        } else if (value < min) {
            min = value;
        } else if (value > max) {
            max = value;
        }
        samples.add(new Sample(value, label));
        if (label != null) labels++;
    }

    /** sparklineRender: {@code columns} samples per block, {@code rows} rows of characters. */
    public void render(StringBuilder out, int columns, int rows, boolean fill) {
        for (int j = 0; j < samples.size(); j += columns) {
            int sublen = Math.min(samples.size() - j, columns);
            if (j != 0) out.append('\n');
            renderRange(out, rows, j, sublen, fill);
        }
    }

    /** sparklineRenderRange (linear scale). */
    private void renderRange(StringBuilder out, int rows, int offset, int len, boolean fill) {
        double relmax = max - min;
        int charsetLen = CHARSET.length();
        int steps = charsetLen * rows;
        if (relmax == 0) relmax = 1;
        char[] chars = new char[len];
        int row = 0;
        boolean loop = true;
        while (loop) {
            loop = false;
            java.util.Arrays.fill(chars, ' ');
            for (int j = 0; j < len; j++) {
                Sample s = samples.get(j + offset);
                double relval = s.value - min;
                int step = (int) ((int) (relval * steps) / relmax);
                if (step < 0) step = 0;
                if (step >= steps) step = steps - 1;
                if (row < rows) {
                    int charidx = step - ((rows - row - 1) * charsetLen);
                    loop = true;
                    if (charidx >= 0 && charidx < charsetLen) {
                        chars[j] = fill ? CHARSET_FILL.charAt(charidx) : CHARSET.charAt(charidx);
                    } else if (fill && charidx >= charsetLen) {
                        chars[j] = '|';
                    }
                } else {
                    if (labels > 0 && row - rows < LABEL_MARGIN_TOP) {
                        loop = true;
                        break;
                    }
                    if (s.label != null) {
                        int labelChar = row - rows - LABEL_MARGIN_TOP;
                        if (s.label.length() > labelChar) {
                            loop = true;
                            chars[j] = s.label.charAt(labelChar);
                        }
                    }
                }
            }
            if (loop) {
                row++;
                out.append(chars).append('\n');
            }
        }
    }
}
