package org.ntklab.loss;

import org.ntklab.linalg.Matrix;

/** (f - y)^2 / 2 summed over outputs, reduced over samples: the lazy-training contrast. */
public record SquaredLoss(Reduction reduction) implements Loss {

    @Override
    public double evaluate(Matrix f, Targets targets, Matrix gradient) {
        Loss.requireShapes(f, targets, gradient);
        double scale = reduction.factor(f.rows());
        double total = 0;
        double[] fd = f.data();
        double[] yd = targets.values().data();
        for (int k = 0; k < fd.length; k++) {
            double r = fd[k] - yd[k];
            total += 0.5 * r * r;
            if (gradient != null) {
                gradient.data()[k] = r * scale;
            }
        }
        return total * scale;
    }

    /** Nearest target: threshold 1/2 for one output with y in {0, 1}, arg max for one-hot targets. */
    @Override
    public int[] predict(Matrix f) {
        if (f.cols() == 1) {
            int[] p = new int[f.rows()];
            for (int i = 0; i < p.length; i++) {
                p[i] = f.get(i, 0) > 0.5 ? 1 : 0;
            }
            return p;
        }
        return new SoftmaxCrossEntropy(reduction).predict(f);
    }

    @Override
    public String name() {
        return "mse";
    }
}
