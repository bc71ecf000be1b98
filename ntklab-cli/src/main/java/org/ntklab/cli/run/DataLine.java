package org.ntklab.cli.run;

import org.ntklab.data.DataSpec;

/**
 * The line that every summary and report header shows about the data: its canonical spec (every
 * option with its value, norm=... included), so that nobody is surprised that csv: or mnist: inputs
 * were rescaled to unit norm.
 */
public final class DataLine {
    private DataLine() {
    }

    /** "data: SPEC (canonical; norm=unit: every input rescaled to unit Euclidean norm)". */
    public static String of(String spec) {
        String canonical;
        try {
            canonical = DataSpec.parse(spec).toString();
        } catch (RuntimeException e) {
            canonical = spec; // a record written by another version: show it as recorded
        }
        String note = canonical.contains("norm=unit") ? "norm=unit: every input rescaled to unit Euclidean norm"
                : canonical.contains("norm=raw") ? "norm=raw: inputs as stored" : "";
        return "data: " + canonical + " (canonical spec" + (note.isEmpty() ? "" : "; " + note) + ")";
    }
}
