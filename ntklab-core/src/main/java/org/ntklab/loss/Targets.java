package org.ntklab.loss;

import org.ntklab.data.Dataset;
import org.ntklab.linalg.Matrix;

/**
 * Training targets in the network's output layout: for a binary task one output with y in {0, 1}
 * (the paper's labels); for k > 2 classes, k outputs with one-hot rows.
 */
public record Targets(Matrix values, int[] labels, int numClasses) {
    public Targets {
        if (values.rows() != labels.length) {
            throw new IllegalArgumentException(values.rows() + " target rows for " + labels.length + " labels");
        }
    }

    public static Targets of(Dataset data) {
        if (data.numClasses() == 2) {
            return new Targets(new Matrix(data.n(), 1, data.binaryTargets()), data.labels(), 2);
        }
        return new Targets(data.oneHot(), data.labels(), data.numClasses());
    }

    /** Network outputs C needed for these targets. */
    public static int outputsFor(Dataset data) {
        return data.numClasses() == 2 ? 1 : data.numClasses();
    }

    public int n() {
        return labels.length;
    }

    public int outputs() {
        return values.cols();
    }
}
