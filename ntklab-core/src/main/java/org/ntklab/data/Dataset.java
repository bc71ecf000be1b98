package org.ntklab.data;

import java.util.Objects;
import org.ntklab.io.InvalidInputException;
import org.ntklab.linalg.Matrix;

/**
 * Inputs and class labels, ready for a network or a kernel.
 *
 * @param description where the data came from (spec, seed, source), for logs and run records
 * @param x           n x d inputs, one sample per row
 * @param labels      class index of each row, 0 .. numClasses-1, indexing the <em>selected</em> classes
 *                    (for binary sets this is the paper's label y in {0, 1})
 * @param numClasses  number of selected classes
 * @param classNames  a readable name per class index, e.g. "3", "odd", "Sneaker"
 */
public record Dataset(String description, Matrix x, int[] labels, int numClasses, String[] classNames) {

    public Dataset {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(classNames, "classNames");
        if (x.rows() != labels.length) {
            throw new InvalidInputException(description + ": " + x.rows() + " input rows but "
                    + labels.length + " labels");
        }
        if (numClasses < 1) {
            throw new InvalidInputException(description + ": numClasses must be at least 1, got " + numClasses);
        }
        if (classNames.length != numClasses) {
            throw new InvalidInputException(description + ": " + classNames.length + " class names for "
                    + numClasses + " classes");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new InvalidInputException(description + ": label " + labels[i] + " of sample " + i
                        + " is outside 0.." + (numClasses - 1));
            }
        }
        double[] data = x.data();
        for (int k = 0; k < data.length; k++) {
            if (!Double.isFinite(data[k])) {
                throw new InvalidInputException(description + ": input of sample " + (k / x.cols())
                        + ", feature " + (k % x.cols()) + " is " + data[k]);
            }
        }
    }

    /** Number of samples. */
    public int n() {
        return x.rows();
    }

    /** Input dimension d. */
    public int dim() {
        return x.cols();
    }

    /** n x numClasses targets, 1 in the column of each sample's class and 0 elsewhere. */
    public Matrix oneHot() {
        Matrix targets = new Matrix(n(), numClasses);
        for (int i = 0; i < labels.length; i++) {
            targets.set(i, labels[i], 1.0);
        }
        return targets;
    }

    /** Labels as 0.0 / 1.0, the scalar targets of a binary task. */
    public double[] binaryTargets() {
        if (numClasses != 2) {
            throw new IllegalStateException(description + ": binary targets need exactly 2 classes, this set has "
                    + numClasses);
        }
        double[] y = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            y[i] = labels[i];
        }
        return y;
    }

    /** How many samples each class has. */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }
}
