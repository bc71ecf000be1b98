package org.ntklab.linalg;

import org.bytedeco.openblas.global.openblas;

/**
 * Matrix products through native OpenBLAS (brought by the build as the bytedeco jars), with a plain
 * Java fallback when the native library cannot be loaded on this platform.
 *
 * <p><b>Determinism.</b> OpenBLAS itself always runs single-threaded here: its own threading picks
 * a summation blocking that depends on the thread count and on the CPU kernel (with
 * {@code OPENBLAS_CORETYPE=Haswell} a 2-thread dgemm differed from the 1-thread one in the last
 * bit). Instead, large products on native buffers are cut into output blocks by {@link Partition},
 * a rule that looks only at the shape, and the blocks are spread over {@link #threads()} Java
 * threads. Each block is the same single-threaded call whichever thread runs it, so results are
 * bit-identical for every thread count, on every CPU. Different CPU kernels (core types) may still
 * differ from each other in the last bits.
 *
 * <p>Two families of calls: on {@link Matrix} (heap arrays, which the JNI binding copies into native
 * memory and back on every call; matrix-vector shaped products are therefore done in Java, see
 * {@link SkinnyProducts}) and on {@link NativeMatrix} (native buffers BLAS works on in place: the
 * hot paths of training and of the empirical NTK).
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
            // products are split over threads by ntklab (see the class comment), never by OpenBLAS
            org.bytedeco.openblas.global.openblas_nolapack.blas_set_num_threads(1);
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
        if (SkinnyProducts.applies(m, n)) {
            // matrix-vector shaped: cheaper in Java than copying the big operand through JNI
            SkinnyProducts.gemm(transA, transB, m, n, k, alpha, a.data(), a.cols(), b.data(), b.cols(),
                    beta, c.data(), c.cols());
        } else if (NATIVE) {
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

    /** A A^T (the Gram matrix of A's rows), exactly symmetric: one triangle by dsyrk, then mirrored. */
    public static Matrix gramOfRows(Matrix a) {
        int n = a.rows();
        int k = a.cols();
        Matrix c = new Matrix(n, n);
        if (n == 0 || k == 0) {
            return c;
        }
        if (NATIVE) {
            openblas.cblas_dsyrk(openblas.CblasRowMajor, openblas.CblasLower, openblas.CblasNoTrans,
                    n, k, 1.0, a.data(), k, 0.0, c.data(), n);
            mirrorLowerToUpper(c.data(), n);
        } else {
            gemm(false, true, 1.0, a, a, 0.0, c);
            mirrorLowerToUpper(c.data(), n);
        }
        return c;
    }

    /** Copies the lower triangle of a square matrix onto its upper triangle, making it exactly symmetric. */
    public static void mirrorLowerToUpper(Matrix c) {
        if (c.rows() != c.cols()) {
            throw new IllegalArgumentException("mirror of a non-square matrix " + c.shape());
        }
        mirrorLowerToUpper(c.data(), c.rows());
    }

    /** Copies the lower triangle of a row-major n x n array onto its upper triangle. */
    static void mirrorLowerToUpper(double[] c, int n) {
        // blocked so that both the row reads and the column writes stay in cache
        final int block = 64;
        for (int ib = 0; ib < n; ib += block) {
            int iEnd = Math.min(n, ib + block);
            for (int jb = 0; jb <= ib; jb += block) {
                int jEnd = Math.min(n, jb + block);
                for (int i = ib; i < iEnd; i++) {
                    int row = i * n;
                    for (int j = jb; j < Math.min(jEnd, i); j++) {
                        c[j * n + i] = c[row + j];
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Products on NativeMatrix: no copies, BLAS works on the buffers in place.

    /** C = alpha op(A) op(B) + beta C on native buffers. */
    public static void gemm(boolean transA, boolean transB, double alpha, NativeMatrix a, NativeMatrix b,
                            double beta, NativeMatrix c) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm: op(A) " + m + "x" + k + " times op(B) " + kb + "x" + n
                    + " into C " + c.shape());
        }
        gemm(transA, transB, m, n, k, alpha, a, 0, a.cols(), b, 0, b.cols(), beta, c, 0, c.cols());
    }

    /**
     * The general form on native buffers: C = alpha op(A) op(B) + beta C where op(A) is m x k, op(B)
     * is k x n and each operand starts at a row-major offset with its own leading dimension (so
     * blocks of rows can be multiplied without copying). Operands may be the same buffer.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            NativeMatrix a, long aOffset, int lda, NativeMatrix b, long bOffset, int ldb,
                            double beta, NativeMatrix c, long cOffset, int ldc) {
        requireExtent("A", a, aOffset, transA ? k : m, transA ? m : k, lda);
        requireExtent("B", b, bOffset, transB ? n : k, transB ? k : n, ldb);
        requireExtent("C", c, cOffset, m, n, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (NATIVE) {
            int blocks = Partition.gemmBlocks(m, n, k);
            if (blocks == 1) {
                nativeGemm(transA, transB, m, n, k, alpha, view(a, 0, aOffset), lda, view(b, 1, bOffset), ldb,
                        beta, view(c, 2, cOffset), ldc);
                return;
            }
            boolean byRows = m >= n;
            int dim = byRows ? m : n;
            Partition.run(blocks, (block, shared) -> {
                int from = Partition.evenStart(dim, blocks, block);
                int to = Partition.evenStart(dim, blocks, block + 1);
                if (byRows) {
                    // rows [from, to) of C take rows [from, to) of op(A)
                    long aAt = aOffset + (long) from * (transA ? 1 : lda);
                    nativeGemm(transA, transB, to - from, n, k, alpha, pointer(a, 0, aAt, shared), lda,
                            pointer(b, 1, bOffset, shared), ldb, beta,
                            pointer(c, 2, cOffset + (long) from * ldc, shared), ldc);
                } else {
                    // columns [from, to) of C take columns [from, to) of op(B)
                    long bAt = bOffset + (long) from * (transB ? ldb : 1);
                    nativeGemm(transA, transB, m, to - from, k, alpha, pointer(a, 0, aOffset, shared), lda,
                            pointer(b, 1, bAt, shared), ldb, beta, pointer(c, 2, cOffset + from, shared), ldc);
                }
            });
        } else {
            javaGemm(transA, transB, m, n, k, alpha, a.heapArray(), (int) aOffset, lda,
                    b.heapArray(), (int) bOffset, ldb, beta, c.heapArray(), (int) cOffset, ldc);
        }
    }

    /**
     * C = alpha A A^T + beta C for A n x k (native buffers); only the lower triangle of C is written
     * (dsyrk). Use {@link #mirrorLowerToUpper(NativeMatrix)} for the full matrix.
     */
    public static void syrkLower(double alpha, NativeMatrix a, double beta, NativeMatrix c) {
        int n = a.rows();
        int k = a.cols();
        if (c.rows() != n || c.cols() != n) {
            throw new IllegalArgumentException("syrk: A " + a.shape() + " into C " + c.shape());
        }
        syrkLower(n, k, alpha, a, 0, Math.max(1, k), beta, c, 0, n);
    }

    /**
     * The general form of {@link #syrkLower(double, NativeMatrix, double, NativeMatrix)}: the lower
     * triangle of the n x n block of C at {@code cOffset} (leading dimension ldc) becomes
     * alpha A A^T + beta C for the n x k block of A at {@code aOffset} (leading dimension lda).
     */
    public static void syrkLower(int n, int k, double alpha, NativeMatrix a, long aOffset, int lda,
                                 double beta, NativeMatrix c, long cOffset, int ldc) {
        requireExtent("A", a, aOffset, n, k, lda);
        requireExtent("C", c, cOffset, n, n, ldc);
        if (n == 0) {
            return;
        }
        if (NATIVE) {
            int blocks = Partition.syrkBlocks(n, k);
            if (blocks == 1) {
                openblas.cblas_dsyrk(openblas.CblasRowMajor, openblas.CblasLower, openblas.CblasNoTrans,
                        n, k, alpha, view(a, 0, aOffset), lda, beta, view(c, 2, cOffset), ldc);
                return;
            }
            // row band [from, to) of the lower triangle: the rectangle left of the diagonal by dgemm,
            // the diagonal block by dsyrk; band edges split the triangle's area evenly
            Partition.run(blocks, (block, shared) -> {
                int from = Partition.triangleStart(n, blocks, block);
                int to = Partition.triangleStart(n, blocks, block + 1);
                long aRows = aOffset + (long) from * lda;
                long cRows = cOffset + (long) from * ldc;
                if (from > 0) {
                    nativeGemm(false, true, to - from, from, k, alpha, pointer(a, 0, aRows, shared), lda,
                            pointer(a, 1, aOffset, shared), lda, beta, pointer(c, 2, cRows, shared), ldc);
                }
                openblas.cblas_dsyrk(openblas.CblasRowMajor, openblas.CblasLower, openblas.CblasNoTrans,
                        to - from, k, alpha, pointer(a, 0, aRows, shared), lda, beta,
                        pointer(c, 2, cRows + from, shared), ldc);
            });
        } else {
            javaGemm(false, true, n, n, k, alpha, a.heapArray(), (int) aOffset, lda, a.heapArray(), (int) aOffset,
                    lda, beta, c.heapArray(), (int) cOffset, ldc);
        }
    }

    /** Copies the lower triangle of a square native matrix onto its upper triangle. */
    public static void mirrorLowerToUpper(NativeMatrix c) {
        int n = c.rows();
        if (c.cols() != n) {
            throw new IllegalArgumentException("mirror of a non-square matrix " + c.shape());
        }
        java.nio.DoubleBuffer b = c.buffer();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                b.put(j * n + i, b.get(i * n + j));
            }
        }
    }

    /** Sets the number of threads large products use (results do not depend on it, only speed). */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("BLAS threads must be at least 1, got " + threads);
        }
        configuredThreads = threads;
    }

    /**
     * Threads large native products are spread over: as set, else OPENBLAS_NUM_THREADS (kept as the
     * familiar knob, though OpenBLAS itself always runs one thread), else the available processors.
     */
    public static int threads() {
        if (!NATIVE) {
            return 1;
        }
        if (configuredThreads > 0) {
            return configuredThreads;
        }
        String env = System.getenv("OPENBLAS_NUM_THREADS");
        if (env != null) {
            try {
                return Math.max(1, Integer.parseInt(env.trim()));
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private static volatile int configuredThreads = -1;

    private static void requireExtent(String name, NativeMatrix x, long offset, int rows, int cols, int ld) {
        if (rows < 0 || cols < 0 || offset < 0 || ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("gemm: bad extent for " + name + ": " + rows + "x" + cols
                    + " at offset " + offset + " with leading dimension " + ld);
        }
        long last = rows == 0 || cols == 0 ? offset : offset + (long) (rows - 1) * ld + cols;
        if (last > x.size()) {
            throw new IllegalArgumentException("gemm: " + name + " block " + rows + "x" + cols + " at offset "
                    + offset + " (leading dimension " + ld + ") overruns a " + x.shape() + " matrix");
        }
    }

    /**
     * A pointer to {@code x} at {@code offset}. Each operand slot has its own view object per
     * matrix, so A, B and C may be the same buffer at different offsets; views are cached on the
     * matrix, so steady-state calls allocate nothing.
     */
    private static org.bytedeco.javacpp.DoublePointer view(NativeMatrix x, int slot, long offset) {
        return x.view(slot).position(offset);
    }

    /**
     * A pointer for one block of a split product: the cached view when the blocks run on the calling
     * thread alone, else a fresh one (the cached views are not shared between threads).
     */
    private static org.bytedeco.javacpp.DoublePointer pointer(NativeMatrix x, int slot, long offset, boolean shared) {
        return shared ? new org.bytedeco.javacpp.DoublePointer(x.pointer()).position(offset) : view(x, slot, offset);
    }

    private static void nativeGemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                                   org.bytedeco.javacpp.DoublePointer a, int lda,
                                   org.bytedeco.javacpp.DoublePointer b, int ldb, double beta,
                                   org.bytedeco.javacpp.DoublePointer c, int ldc) {
        openblas.cblas_dgemm(openblas.CblasRowMajor,
                transA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transB ? openblas.CblasTrans : openblas.CblasNoTrans,
                m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    private static void scaleInPlace(Matrix c, double beta) {
        double[] d = c.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = beta == 0 ? 0 : beta * d[i];
        }
    }

    private static void javaGemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                                 Matrix a, Matrix b, double beta, Matrix c) {
        javaGemm(transA, transB, m, n, k, alpha, a.data(), 0, a.cols(), b.data(), 0, b.cols(),
                beta, c.data(), 0, c.cols());
    }

    /**
     * The pure-Java product on row-major arrays with offsets and leading dimensions: op(A) and op(B)
     * are first gathered as m x k and k x n arrays, then an i-p-j loop streams rows of op(B).
     */
    static void javaGemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                         double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                         double beta, double[] c, int cOff, int ldc) {
        double[] ad = new double[m * k];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                ad[i * k + p] = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
            }
        }
        double[] bd = new double[k * n];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                bd[p * n + j] = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            }
        }
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
            int co = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[co + j] = alpha * acc[j] + (beta == 0 ? 0 : beta * c[co + j]);
            }
        }
    }
}
