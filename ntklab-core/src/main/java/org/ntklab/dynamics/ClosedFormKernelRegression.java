package org.ntklab.dynamics;

import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.SymmetricEigen;
import org.ntklab.loss.Loss;
import org.ntklab.loss.SquaredLoss;
import org.ntklab.loss.Targets;

/**
 * Kernel regression under gradient flow of the squared loss, in closed form. With Theta = V Lambda V^T
 * and s the loss reduction factor (1 for a sum, 1/n for a mean):
 * <pre>
 *   u(t)      = y + V exp(-s Lambda t) V^T (u0 - y)
 *   u_test(t) = u_test(0) - Theta(X_test, X) V diag((1 - exp(-s lambda t)) / lambda) V^T (u0 - y)
 * </pre>
 * each output column independently (the NTK of C outputs is Theta (x) I_C).
 */
public final class ClosedFormKernelRegression implements KernelMachine {
    private final SymmetricEigen eigen;
    private final Matrix testKernel;
    private final Matrix targets;
    private final Matrix testInitial;
    private final Targets targetSet;
    private final SquaredLoss loss;
    private final double scale;
    /** V^T (u0 - y), n x C. */
    private final Matrix projectedResidual;
    private double time;
    private Matrix train;
    private Matrix test;

    public ClosedFormKernelRegression(Matrix ntk, Matrix testKernel, Matrix initialOutputs, Matrix initialTestOutputs,
                                      Targets targets, SquaredLoss loss) {
        this.eigen = SymmetricEigen.decompose(ntk);
        this.testKernel = testKernel;
        this.targets = targets.values();
        this.testInitial = initialTestOutputs;
        this.targetSet = targets;
        this.loss = loss;
        this.scale = loss.reduction().factor(targets.n());
        Matrix residual = initialOutputs.copy();
        for (int k = 0; k < residual.data().length; k++) {
            residual.data()[k] -= this.targets.data()[k];
        }
        this.projectedResidual = Blas.multiply(true, eigen.vectors(), false, residual);
        advanceTo(0.0);
    }

    @Override
    public void advanceTo(double t) {
        time = t;
        double[] lambda = eigen.values();
        int n = lambda.length;
        int c = projectedResidual.cols();
        Matrix decayed = new Matrix(n, c);
        Matrix integrated = new Matrix(n, c);
        for (int k = 0; k < n; k++) {
            double rate = scale * lambda[k];
            double decay = Math.exp(-rate * t);
            // (1 - e^{-s lambda t}) / lambda, with its limit s t for lambda -> 0
            double integral = rate > 0 ? -Math.expm1(-rate * t) / lambda[k] : scale * t;
            for (int j = 0; j < c; j++) {
                decayed.set(k, j, decay * projectedResidual.get(k, j));
                integrated.set(k, j, integral * projectedResidual.get(k, j));
            }
        }
        train = Blas.multiply(eigen.vectors(), decayed);
        for (int k = 0; k < train.data().length; k++) {
            train.data()[k] += targets.data()[k];
        }
        if (testKernel != null) {
            test = testInitial.copy();
            Blas.gemm(false, false, -1.0, testKernel, Blas.multiply(eigen.vectors(), integrated), 1.0, test);
        }
    }

    @Override
    public double time() {
        return time;
    }

    @Override
    public Matrix trainOutputs() {
        return train;
    }

    @Override
    public Matrix testOutputs() {
        return test;
    }

    @Override
    public double loss() {
        return loss.evaluate(train, targetSet, null);
    }

    @Override
    public double[] saveState() {
        return new double[] {time};
    }

    @Override
    public void restoreState(double[] state) {
        advanceTo(state[0]);
    }

    /** For tests: the loss this machine minimises. */
    public Loss lossFunction() {
        return loss;
    }
}
