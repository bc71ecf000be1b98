package org.ntklab.loss;

import org.ntklab.linalg.Matrix;

/**
 * docs/paper.md eq. 2.3: l((2y - 1) f) with l(z) = ln(1 + e^-z), one output, y in {0, 1}. The value is
 * evaluated as softplus(-z) = max(-z, 0) + log1p(e^-|z|) and the gradient as -(2y - 1) sigmoid(-z),
 * a sigmoid of the negated margin computed from e^-|z|: never a difference of numbers close to 1.
 */
public record BinaryCrossEntropy(Reduction reduction) implements Loss {

    public static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** sigmoid(x) without overflow for any finite x. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    @Override
    public double evaluate(Matrix f, Targets targets, Matrix gradient) {
        Loss.requireShapes(f, targets, gradient);
        if (f.cols() != 1) {
            throw new IllegalArgumentException("binary cross-entropy needs one output, got " + f.cols());
        }
        double scale = reduction.factor(f.rows());
        double total = 0;
        for (int i = 0; i < f.rows(); i++) {
            double sign = 2 * targets.values().get(i, 0) - 1;
            double margin = sign * f.get(i, 0);
            total += softplus(-margin);
            if (gradient != null) {
                gradient.set(i, 0, -sign * sigmoid(-margin) * scale);
            }
        }
        return total * scale;
    }

    @Override
    public int[] predict(Matrix f) {
        int[] p = new int[f.rows()];
        for (int i = 0; i < p.length; i++) {
            p[i] = f.get(i, 0) > 0 ? 1 : 0;
        }
        return p;
    }

    @Override
    public String name() {
        return "ce";
    }
}
