package org.ntklab.linalg;

/**
 * Products with at most {@link #MAX_THIN} rows or columns in the result (matrix-vector products and
 * their few-column relatives, as in kernel-machine dynamics where an n x n kernel multiplies an
 * n x C state) computed in Java on the heap arrays. Through the JNI binding every native call
 * copies its array arguments into fresh native memory and back; for such products that copy of the
 * large operand costs more than the product itself, which is memory-bound anyway.
 *
 * <p>Each output entry is a sum in a fixed order (four interleaved partial sums, then the rest), and
 * output rows are split over threads only as whole rows, so results do not depend on the thread count.
 */
final class SkinnyProducts {
    /** Largest number of result rows or columns handled here. */
    static final int MAX_THIN = 4;

    private SkinnyProducts() {
    }

    static boolean applies(int m, int n) {
        return Math.min(m, n) <= MAX_THIN;
    }

    /** C = alpha op(A) op(B) + beta C, row-major arrays with leading dimensions (A is m x k after op). */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc) {
        if (n > MAX_THIN) {
            // few rows: C^T = op(B)^T op(A)^T has few columns
            double[] ct = new double[n * m];
            thinRight(!transB, !transA, n, m, k, b, ldb, a, lda, ct, m);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[i * ldc + j] = combine(alpha, ct[j * m + i], beta, c[i * ldc + j]);
                }
            }
            return;
        }
        double[] raw = new double[m * n];
        thinRight(transA, transB, m, n, k, a, lda, b, ldb, raw, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[i * ldc + j] = combine(alpha, raw[i * n + j], beta, c[i * ldc + j]);
            }
        }
    }

    private static double combine(double alpha, double product, double beta, double old) {
        return alpha * product + (beta == 0 ? 0.0 : beta * old);
    }

    /** out (m x n, n <= MAX_THIN, leading dimension ldo) = op(A) op(B), overwritten. */
    private static void thinRight(boolean transA, boolean transB, int m, int n, int k,
                                  double[] a, int lda, double[] b, int ldb, double[] out, int ldo) {
        // op(B)'s columns as contiguous vectors
        double[][] cols = new double[n][k];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                cols[j][p] = transB ? b[j * ldb + p] : b[p * ldb + j];
            }
        }
        if (!transA) {
            // row i of op(A) is contiguous: one dot product per output entry
            ParallelLoops.forRange(m, (long) k * n, (from, to) -> {
                for (int i = from; i < to; i++) {
                    for (int j = 0; j < n; j++) {
                        out[i * ldo + j] = dot(a, i * lda, cols[j], k);
                    }
                }
            });
        } else {
            // op(A)[i][p] = A[p][i]: sweep the rows of A, accumulating every output row at once
            ParallelLoops.forRange(m, (long) k * n, (from, to) -> {
                int len = to - from;
                double[][] acc = new double[n][len];
                for (int p = 0; p < k; p++) {
                    int row = p * lda + from;
                    for (int j = 0; j < n; j++) {
                        double coef = cols[j][p];
                        double[] accj = acc[j];
                        for (int i = 0; i < len; i++) {
                            accj[i] += a[row + i] * coef;
                        }
                    }
                }
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < len; i++) {
                        out[(from + i) * ldo + j] = acc[j][i];
                    }
                }
            });
        }
    }

    /** sum_p x[off + p] y[p] with four interleaved partial sums. */
    private static double dot(double[] x, int off, double[] y, int k) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int p = 0;
        for (; p + 3 < k; p += 4) {
            s0 += x[off + p] * y[p];
            s1 += x[off + p + 1] * y[p + 1];
            s2 += x[off + p + 2] * y[p + 2];
            s3 += x[off + p + 3] * y[p + 3];
        }
        for (; p < k; p++) {
            s0 += x[off + p] * y[p];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
