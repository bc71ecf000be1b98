package org.ntklab.linalg;

import org.bytedeco.openblas.global.openblas;

/**
 * Eigen-decomposition of symmetric matrices with LAPACK's divide-and-conquer {@code dsyevd}
 * (from the OpenBLAS build). Only the upper triangle is read.
 *
 * <p>The matrix is copied once into a native buffer and handed to LAPACK in column-major form (the
 * row-major upper triangle is the column-major lower one), which spares LAPACKE's row-major wrapper
 * two transposed copies. LAPACK runs with one BLAS thread: OpenBLAS's threaded symmetric
 * matrix-vector product (inside the tridiagonal reduction) splits a sum across threads, which would
 * make the last bits of spectra depend on the thread count.
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
        if (!Blas.isNative()) {
            return decomposeRowMajor(symmetric, withVectors, w);
        }
        try (NativeMatrix a = NativeMatrix.copyOf(symmetric);
             org.bytedeco.javacpp.DoublePointer values = new org.bytedeco.javacpp.DoublePointer(n)) {
            // OpenBLAS runs single-threaded (see Blas), so LAPACK's threaded symmetric matrix-vector
            // product never splits a sum across threads and spectra do not depend on the thread count
            int info = openblas.LAPACKE_dsyevd(openblas.LAPACK_COL_MAJOR, (byte) (withVectors ? 'V' : 'N'),
                    (byte) 'L', n, a.pointer(), n, values);
            requireConverged(info, symmetric);
            values.get(w);
            if (!withVectors) {
                return new SymmetricEigen(w, null);
            }
            // column-major eigenvectors are the rows of the row-major buffer: transpose
            return new SymmetricEigen(w, a.toMatrix().transpose());
        }
    }

    /** The heap-array call, for platforms without the native library (where LAPACK will fail to load). */
    private static SymmetricEigen decomposeRowMajor(Matrix symmetric, boolean withVectors, double[] w) {
        int n = symmetric.rows();
        double[] a = symmetric.data().clone();
        int info = openblas.LAPACKE_dsyevd(openblas.LAPACK_ROW_MAJOR, (byte) (withVectors ? 'V' : 'N'),
                (byte) 'U', n, a, n, w);
        requireConverged(info, symmetric);
        return new SymmetricEigen(w, withVectors ? new Matrix(n, n, a) : null);
    }

    private static void requireConverged(int info, Matrix symmetric) {
        if (info != 0) {
            throw new ArithmeticException("LAPACK dsyevd failed to converge (info " + info + ") on a "
                    + symmetric.shape() + " matrix");
        }
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
