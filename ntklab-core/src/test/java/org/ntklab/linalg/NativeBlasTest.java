package org.ntklab.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ntklab.testing.TestMatrices;

/** Products on native buffers against the pure-Java product, and independence of the thread count. */
class NativeBlasTest {

    /** Entry (i, j) of op(A) op(B) summed in plain Java. */
    private static double reference(boolean ta, boolean tb, Matrix a, Matrix b, int i, int j, int k) {
        double s = 0;
        for (int p = 0; p < k; p++) {
            s += (ta ? a.get(p, i) : a.get(i, p)) * (tb ? b.get(j, p) : b.get(p, j));
        }
        return s;
    }

    @Test
    void gemmOnNativeBuffersMatchesPlainSums() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                int m = 7;
                int n = 5;
                int k = 9;
                Matrix a = TestMatrices.gaussian(ta ? k : m, ta ? m : k, 1);
                Matrix b = TestMatrices.gaussian(tb ? n : k, tb ? k : n, 2);
                Matrix c0 = TestMatrices.gaussian(m, n, 3);
                try (NativeMatrix na = NativeMatrix.copyOf(a); NativeMatrix nb = NativeMatrix.copyOf(b);
                     NativeMatrix nc = NativeMatrix.copyOf(c0)) {
                    Blas.gemm(ta, tb, 2.0, na, nb, 0.5, nc);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double expected = 2.0 * reference(ta, tb, a, b, i, j, k) + 0.5 * c0.get(i, j);
                            assertEquals(expected, nc.get(i, j), 1e-12, "ta=" + ta + " tb=" + tb);
                        }
                    }
                }
            }
        }
    }

    @Test
    void thinProductsOnHeapMatricesMatchPlainSums() {
        int[][] shapes = {{300, 1, 257}, {300, 3, 64}, {2, 350, 129}, {1, 1, 5}, {4, 4, 1000}, {700, 2, 700}};
        for (int[] shape : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    int m = shape[0];
                    int n = shape[1];
                    int k = shape[2];
                    Matrix a = TestMatrices.gaussian(ta ? k : m, ta ? m : k, 21);
                    Matrix b = TestMatrices.gaussian(tb ? n : k, tb ? k : n, 22);
                    Matrix c = TestMatrices.gaussian(m, n, 23);
                    Matrix c0 = c.copy();
                    Blas.gemm(ta, tb, -1.5, a, b, 0.25, c);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double expected = -1.5 * reference(ta, tb, a, b, i, j, k) + 0.25 * c0.get(i, j);
                            assertEquals(expected, c.get(i, j), 1e-11 * Math.sqrt(k),
                                    m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb);
                        }
                    }
                }
            }
        }
        // beta = 0 ignores what C held, even NaN
        Matrix c = new Matrix(3, 1);
        c.set(1, 0, Double.NaN);
        Blas.gemm(false, false, 1.0, Matrix.identity(3), Matrix.of(new double[][] {{1}, {2}, {3}}), 0.0, c);
        assertArrayEquals(new double[] {1, 2, 3}, c.data());
    }

    @Test
    void blocksAtOffsetsOfTheSameBuffer() {
        // C[2:5, 1:4] = A[3:6] A[0:3]^T, with A and B the same buffer at different offsets
        Matrix a = TestMatrices.gaussian(6, 4, 5);
        try (NativeMatrix na = NativeMatrix.copyOf(a); NativeMatrix c = NativeMatrix.zeros(6, 6)) {
            Blas.gemm(false, true, 3, 3, 4, 1.0, na, 3 * 4, 4, na, 0, 4, 0.0, c, 2 * 6 + 1, 6);
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    boolean inside = i >= 2 && i < 5 && j >= 1 && j < 4;
                    double expected = inside ? reference(false, true, a, a, i + 1, j - 1, 4) : 0.0;
                    assertEquals(expected, c.get(i, j), 1e-12, "(" + i + ", " + j + ")");
                }
            }
            assertThrows(IllegalArgumentException.class,
                    () -> Blas.gemm(false, true, 4, 3, 4, 1.0, na, 3 * 4, 4, na, 0, 4, 0.0, c, 0, 6));
        }
    }

    @Test
    void syrkFillsTheLowerTriangleAndGramOfRowsIsSymmetric() {
        Matrix a = TestMatrices.gaussian(6, 5, 7);
        Matrix full = Blas.multiply(false, a, true, a);
        try (NativeMatrix na = NativeMatrix.copyOf(a); NativeMatrix c = NativeMatrix.zeros(6, 6)) {
            Blas.syrkLower(1.0, na, 0.0, c);
            Blas.mirrorLowerToUpper(c);
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    assertEquals(full.get(i, j), c.get(i, j), 1e-12);
                }
            }
        }
        Matrix g = Blas.gramOfRows(TestMatrices.gaussian(70, 9, 8));
        for (int i = 0; i < 70; i++) {
            for (int j = 0; j < 70; j++) {
                assertEquals(g.get(i, j), g.get(j, i), 0.0);
            }
        }
    }

    @Test
    void productsSplitIntoBlocksMatchPlainSums() {
        // large enough to be cut into blocks: by rows of C (m >= n), by columns (m < n), and triangle bands
        int[][] shapes = {{300, 140, 260}, {150, 320, 200}};
        int before = Blas.threads();
        try {
            for (int threads : new int[] {1, 2}) {
                Blas.setThreads(threads);
                for (int[] shape : shapes) {
                    int m = shape[0];
                    int n = shape[1];
                    int k = shape[2];
                    assertTrue(Partition.gemmBlocks(m, n, k) > 1, "shape " + m + "x" + n + "x" + k + " is split");
                    for (boolean ta : new boolean[] {false, true}) {
                        for (boolean tb : new boolean[] {false, true}) {
                            Matrix a = TestMatrices.gaussian(ta ? k : m, ta ? m : k, 31);
                            Matrix b = TestMatrices.gaussian(tb ? n : k, tb ? k : n, 32);
                            Matrix c0 = TestMatrices.gaussian(m, n, 33);
                            try (NativeMatrix na = NativeMatrix.copyOf(a); NativeMatrix nb = NativeMatrix.copyOf(b);
                                 NativeMatrix nc = NativeMatrix.copyOf(c0)) {
                                Blas.gemm(ta, tb, -0.5, na, nb, 2.0, nc);
                                for (int i = 0; i < m; i++) {
                                    for (int j = 0; j < n; j++) {
                                        double expected = -0.5 * reference(ta, tb, a, b, i, j, k) + 2.0 * c0.get(i, j);
                                        assertEquals(expected, nc.get(i, j), 1e-11 * Math.sqrt(k),
                                                m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb + " threads=" + threads
                                                        + " at (" + i + ", " + j + ")");
                                    }
                                }
                            }
                        }
                    }
                }
                // a triangle cut into bands, inside a larger C at an offset, with beta != 0
                int n = 200;
                int k = 150;
                assertTrue(Partition.syrkBlocks(n, k) > 1);
                Matrix a = TestMatrices.gaussian(n, k, 34);
                Matrix c0 = TestMatrices.gaussian(n + 3, n + 5, 35);
                try (NativeMatrix na = NativeMatrix.copyOf(a); NativeMatrix nc = NativeMatrix.copyOf(c0)) {
                    long offset = 2L * (n + 5) + 4;
                    Blas.syrkLower(n, k, 1.5, na, 0, k, 0.5, nc, offset, n + 5);
                    for (int i = 0; i < n + 3; i++) {
                        for (int j = 0; j < n + 5; j++) {
                            int bi = i - 2;
                            int bj = j - 4;
                            boolean lower = bi >= 0 && bi < n && bj >= 0 && bj <= bi;
                            double expected = lower ? 1.5 * reference(false, true, a, a, bi, bj, k) + 0.5 * c0.get(i, j)
                                    : c0.get(i, j);
                            assertEquals(expected, nc.get(i, j), 1e-11 * Math.sqrt(k),
                                    "syrk threads=" + threads + " at (" + i + ", " + j + ")");
                        }
                    }
                }
            }
        } finally {
            Blas.setThreads(before);
        }
    }

    @Test
    void triangleBandsCoverEveryRowOnce() {
        for (int n : new int[] {1, 7, 64, 300, 1001}) {
            for (int blocks : new int[] {1, 2, 4, 8}) {
                assertEquals(0, Partition.triangleStart(n, blocks, 0));
                assertEquals(n, Partition.triangleStart(n, blocks, blocks));
                for (int b = 0; b < blocks; b++) {
                    assertTrue(Partition.triangleStart(n, blocks, b) <= Partition.triangleStart(n, blocks, b + 1));
                }
            }
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        if (!Blas.isNative()) {
            return;
        }
        // split into blocks (checked), which 1 and 2 threads share differently
        Matrix a = TestMatrices.gaussian(300, 260, 9);
        Matrix b = TestMatrices.gaussian(280, 260, 10);
        assertTrue(Partition.gemmBlocks(300, 280, 260) > 1 && Partition.syrkBlocks(300, 260) > 1);
        int before = Blas.threads();
        try (NativeMatrix na = NativeMatrix.copyOf(a); NativeMatrix nb = NativeMatrix.copyOf(b);
             NativeMatrix c1 = NativeMatrix.zeros(300, 280); NativeMatrix c2 = NativeMatrix.zeros(300, 280);
             NativeMatrix s1 = NativeMatrix.zeros(300, 300); NativeMatrix s2 = NativeMatrix.zeros(300, 300)) {
            Blas.setThreads(1);
            Blas.gemm(false, true, 1.0, na, nb, 0.0, c1);
            Blas.syrkLower(1.0, na, 0.0, s1);
            Blas.setThreads(Math.max(2, Runtime.getRuntime().availableProcessors()));
            Blas.gemm(false, true, 1.0, na, nb, 0.0, c2);
            Blas.syrkLower(1.0, na, 0.0, s2);
            assertArrayEquals(c1.toMatrix().data(), c2.toMatrix().data());
            assertArrayEquals(s1.toMatrix().data(), s2.toMatrix().data());
        } finally {
            Blas.setThreads(before);
        }
    }

    @Test
    void nativeMatrixCopiesAndCloses() {
        Matrix a = TestMatrices.gaussian(3, 4, 11);
        NativeMatrix na = NativeMatrix.copyOf(a);
        assertArrayEquals(a.data(), na.toMatrix().data());
        na.fill(0.0);
        assertTrue(na.toMatrix().maxAbs() == 0.0);
        na.close();
        assertTrue(na.isClosed());
        assertThrows(IllegalStateException.class, () -> na.get(0, 0));
    }
}
