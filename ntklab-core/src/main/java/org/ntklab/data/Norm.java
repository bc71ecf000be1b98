package org.ntklab.data;

import java.util.Locale;

/**
 * Input preprocessing. The NTK literature works with inputs on the unit sphere (the analytic kernel
 * of a bias-free ReLU network depends on the inputs only through their norms and angle), so
 * {@link #UNIT} is the default; {@link #RAW} keeps the values as the source stores them.
 */
public enum Norm {
    /** Every input scaled to unit Euclidean norm. */
    UNIT,
    /** Inputs as stored (pixels divided by 255, CSV values as written). */
    RAW;

    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Scales row i of the n x d array {@code x} in place; {@code sampleName} names a zero row in the error. */
    void applyToRow(double[] x, int offset, int dim, String sampleName) {
        if (this == RAW) {
            return;
        }
        double sum = 0;
        for (int j = 0; j < dim; j++) {
            sum += x[offset + j] * x[offset + j];
        }
        double norm = Math.sqrt(sum);
        if (norm == 0) {
            throw new DataFormatException(sampleName + " is all zeros and cannot be scaled to unit norm (use norm=raw)");
        }
        for (int j = 0; j < dim; j++) {
            x[offset + j] /= norm;
        }
    }
}
