package org.ntklab.loss;

import org.ntklab.linalg.Matrix;

/**
 * Multi-class cross-entropy, log-sum-exp(f) - f_y per sample, evaluated with the maximum shifted out.
 * The gradient's true-class entry p_y - 1 is computed as -(sum of the other classes' probabilities),
 * which keeps its digits when p_y is close to 1.
 */
public record SoftmaxCrossEntropy(Reduction reduction) implements Loss {

    @Override
    public double evaluate(Matrix f, Targets targets, Matrix gradient) {
        Loss.requireShapes(f, targets, gradient);
        int c = f.cols();
        double scale = reduction.factor(f.rows());
        double total = 0;
        double[] shifted = new double[c];
        for (int i = 0; i < f.rows(); i++) {
            int y = targets.labels()[i];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                max = Math.max(max, f.get(i, k));
            }
            double sum = 0;
            double others = 0;
            for (int k = 0; k < c; k++) {
                shifted[k] = Math.exp(f.get(i, k) - max);
                sum += shifted[k];
                if (k != y) {
                    others += shifted[k];
                }
            }
            // -log p_y = log(sum) - (f_y - max), with log1p when the true class dominates
            double fy = f.get(i, y) - max;
            total += fy == 0 ? Math.log1p(others) : Math.log(sum) - fy;
            if (gradient != null) {
                for (int k = 0; k < c; k++) {
                    double g = k == y ? -others / sum : shifted[k] / sum;
                    gradient.set(i, k, g * scale);
                }
            }
        }
        return total * scale;
    }

    @Override
    public int[] predict(Matrix f) {
        int[] p = new int[f.rows()];
        for (int i = 0; i < p.length; i++) {
            int best = 0;
            for (int k = 1; k < f.cols(); k++) {
                if (f.get(i, k) > f.get(i, best)) {
                    best = k;
                }
            }
            p[i] = best;
        }
        return p;
    }

    @Override
    public String name() {
        return "ce";
    }
}
