package org.ntklab.linalg;

import org.bytedeco.openblas.global.openblas;

/**
 * Eigen-decomposition of symmetric matrices with LAPACK's divide-and-conquer {@code dsyevd}
 * (from the OpenBLAS build). Only the upper triangle is read.
 */
public final class SymmetricEigen {
    /** Eigenvalues in ascending order. */
    private final double[] values;
    /** Column k is the unit eigenvector of values[k]; null when only values were asked for. */
    private final Matrix vectors;

    private SymmetricEigen(double[] values, Matrix vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /** Eigenvalues only, ascending. */
    public static double[] eigenvalues(Matrix symmetric) {
        return decompose(symmetric, false).values;
    }

    /** Eigenvalues (ascending) and eigenvectors. */
    public static SymmetricEigen decompose(Matrix symmetric) {
        return decompose(symmetric, true);
    }

    private static SymmetricEigen decompose(Matrix symmetric, boolean withVectors) {
        int n = symmetric.rows();
        if (symmetric.cols() != n) {
            throw new IllegalArgumentException("eigen-decomposition needs a square matrix, got " + symmetric.shape());
        }
        if (!symmetric.allFinite()) {
            throw new IllegalArgumentException("eigen-decomposition of a matrix with non-finite entries");
        }
        double[] w = new double[n];
        if (n == 0) {
            return new SymmetricEigen(w, new Matrix(0, 0));
        }
        double[] a = symmetric.data().clone();
        int info = openblas.LAPACKE_dsyevd(openblas.LAPACK_ROW_MAJOR, (byte) (withVectors ? 'V' : 'N'),
                (byte) 'U', n, a, n, w);
        if (info != 0) {
            throw new ArithmeticException("LAPACK dsyevd failed to converge (info " + info + ") on a "
                    + symmetric.shape() + " matrix");
        }
        return new SymmetricEigen(w, withVectors ? new Matrix(n, n, a) : null);
    }

    public double[] values() {
        return values;
    }

    public Matrix vectors() {
        if (vectors == null) {
            throw new IllegalStateException("eigenvectors were not computed");
        }
        return vectors;
    }

    public double min() {
        return values[0];
    }

    public double max() {
        return values[values.length - 1];
    }
}
