package org.ntklab.linalg;

import org.bytedeco.openblas.global.openblas;

/**
 * Matrix products through native OpenBLAS (brought by the build as the bytedeco jars), with a plain
 * Java fallback when the native library cannot be loaded on this platform. OpenBLAS splits level-3
 * work over output blocks, never over the summation index, so results do not depend on thread count.
 */
public final class Blas {
    private static final boolean NATIVE = loadNative();

    private Blas() {
    }

    private static boolean loadNative() {
        if (Boolean.getBoolean("ntklab.pureJava")) {
            return false;
        }
        try {
            double[] one = {1.0};
            double[] out = {0.0};
            openblas.cblas_dgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans,
                    1, 1, 1, 1.0, one, 1, one, 1, 0.0, out, 1);
            return out[0] == 1.0;
        } catch (Throwable e) {
            System.err.println("ntklab: native OpenBLAS unavailable (" + e + "), using pure Java products");
            return false;
        }
    }

    /** True when products run in native OpenBLAS. */
    public static boolean isNative() {
        return NATIVE;
    }

    /** C = alpha op(A) op(B) + beta C, where op transposes when the flag is set. */
    public static void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm: op(A) " + m + "x" + k + " times op(B) " + kb + "x" + n
                    + " into C " + c.shape());
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            scaleInPlace(c, beta);
            return;
        }
        if (NATIVE) {
            openblas.cblas_dgemm(openblas.CblasRowMajor,
                    transA ? openblas.CblasTrans : openblas.CblasNoTrans,
                    transB ? openblas.CblasTrans : openblas.CblasNoTrans,
                    m, n, k, alpha, a.data(), a.cols(), b.data(), b.cols(), beta, c.data(), c.cols());
        } else {
            javaGemm(transA, transB, m, n, k, alpha, a, b, beta, c);
        }
    }

    /** op(A) op(B) as a new matrix. */
    public static Matrix multiply(boolean transA, Matrix a, boolean transB, Matrix b) {
        Matrix c = new Matrix(transA ? a.cols() : a.rows(), transB ? b.rows() : b.cols());
        gemm(transA, transB, 1.0, a, b, 0.0, c);
        return c;
    }

    public static Matrix multiply(Matrix a, Matrix b) {
        return multiply(false, a, false, b);
    }

    /** A A^T (the Gram matrix of A's rows). */
    public static Matrix gramOfRows(Matrix a) {
        Matrix c = new Matrix(a.rows(), a.rows());
        gemm(false, true, 1.0, a, a, 0.0, c);
        return c;
    }

    private static void scaleInPlace(Matrix c, double beta) {
        double[] d = c.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = beta == 0 ? 0 : beta * d[i];
        }
    }

    private static void javaGemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                                 Matrix a, Matrix b, double beta, Matrix c) {
        // Materialise A as m x k and B as k x n row-major, then an i-k-j loop that streams rows of B.
        Matrix aa = transA ? a.transpose() : a;
        Matrix bb = transB ? b.transpose() : b;
        double[] ad = aa.data();
        double[] bd = bb.data();
        double[] cd = c.data();
        double[] acc = new double[n];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(acc, 0.0);
            for (int p = 0; p < k; p++) {
                double aip = ad[i * k + p];
                if (aip == 0) {
                    continue;
                }
                int bo = p * n;
                for (int j = 0; j < n; j++) {
                    acc[j] += aip * bd[bo + j];
                }
            }
            int co = i * n;
            for (int j = 0; j < n; j++) {
                cd[co + j] = alpha * acc[j] + (beta == 0 ? 0 : beta * cd[co + j]);
            }
        }
    }
}
