package org.ntklab.kernelmap;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.ntklab.linalg.Matrix;

/**
 * The infinite-width kernels of one representation between two input sets X1 (n1 rows) and X2
 * (n2 rows): the NNGP covariance Sigma (n1 x n2), the NTK Theta (n1 x n2), and the NNGP diagonals
 * Sigma(x, x) of each set, which the ReLU transform needs. Immutable: layers return new states.
 */
public record KernelState(double[] diagonal1, double[] diagonal2, Matrix sigma, Matrix theta) {

    /** The state of the raw inputs: Sigma = <x, x'>, Theta = 0 (inputs have no parameters). */
    public static KernelState ofInputs(Matrix x1, Matrix x2) {
        if (x1.cols() != x2.cols()) {
            throw new IllegalArgumentException("input sets differ in dimension: " + x1.cols() + " and " + x2.cols());
        }
        Matrix sigma = new Matrix(x1.rows(), x2.rows());
        org.ntklab.linalg.Blas.gemm(false, true, 1.0, x1, x2, 0.0, sigma);
        return new KernelState(squaredNorms(x1), squaredNorms(x2), sigma, new Matrix(x1.rows(), x2.rows()));
    }

    private static double[] squaredNorms(Matrix x) {
        double[] out = new double[x.rows()];
        double[] d = x.data();
        int c = x.cols();
        for (int i = 0; i < x.rows(); i++) {
            double s = 0;
            for (int j = 0; j < c; j++) {
                s += d[i * c + j] * d[i * c + j];
            }
            out[i] = s;
        }
        return out;
    }

    /** Entrywise map: Sigma' = sigmaMap(Sigma), Theta' = thetaMap(Sigma, Theta); diagonals by sigmaMap. */
    public KernelState map(DoubleUnaryOperator sigmaMap, DoubleBinaryOperator thetaMap) {
        Matrix s = new Matrix(sigma.rows(), sigma.cols());
        Matrix t = new Matrix(sigma.rows(), sigma.cols());
        double[] sd = sigma.data();
        double[] td = theta.data();
        for (int k = 0; k < sd.length; k++) {
            s.data()[k] = sigmaMap.applyAsDouble(sd[k]);
            t.data()[k] = thetaMap.applyAsDouble(sd[k], td[k]);
        }
        return new KernelState(mapArray(diagonal1, sigmaMap), mapArray(diagonal2, sigmaMap), s, t);
    }

    private static double[] mapArray(double[] a, DoubleUnaryOperator f) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = f.applyAsDouble(a[i]);
        }
        return out;
    }

    /** A transform that needs both diagonals, like the ReLU's. */
    @FunctionalInterface
    public interface PairTransform {
        /** Returns {Sigma', Theta'} for one pair. */
        double[] apply(double s1, double s2, double sigma, double theta);
    }

    public KernelState mapWithDiagonals(PairTransform f) {
        int n1 = sigma.rows();
        int n2 = sigma.cols();
        Matrix s = new Matrix(n1, n2);
        Matrix t = new Matrix(n1, n2);
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                double[] r = f.apply(diagonal1[i], diagonal2[j], sigma.get(i, j), theta.get(i, j));
                s.set(i, j, r[0]);
                t.set(i, j, r[1]);
            }
        }
        return new KernelState(selfDiagonal(diagonal1, f), selfDiagonal(diagonal2, f), s, t);
    }

    private static double[] selfDiagonal(double[] diagonal, PairTransform f) {
        double[] out = new double[diagonal.length];
        for (int i = 0; i < diagonal.length; i++) {
            // Sigma'(x, x) depends only on Sigma(x, x); theta is not tracked on the diagonal
            out[i] = f.apply(diagonal[i], diagonal[i], diagonal[i], 0.0)[0];
        }
        return out;
    }

    /** this + c * other, for residual sums. */
    public KernelState plusScaled(double c, KernelState other) {
        return new KernelState(
                addScaled(diagonal1, c, other.diagonal1),
                addScaled(diagonal2, c, other.diagonal2),
                addScaled(sigma, c, other.sigma),
                addScaled(theta, c, other.theta));
    }

    private static double[] addScaled(double[] a, double c, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + c * b[i];
        }
        return out;
    }

    private static Matrix addScaled(Matrix a, double c, Matrix b) {
        a.requireSameShape(b, "kernel sum");
        return new Matrix(a.rows(), a.cols(), addScaled(a.data(), c, b.data()));
    }
}
