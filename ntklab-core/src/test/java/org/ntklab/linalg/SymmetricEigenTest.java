package org.ntklab.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ntklab.testing.TestMatrices;

/** Eigen-pairs satisfy A v = lambda v with orthonormal v, read only the upper triangle, and do not depend on threads. */
class SymmetricEigenTest {

    @Test
    void eigenPairsOfASymmetricMatrix() {
        int n = 40;
        Matrix a = Blas.gramOfRows(TestMatrices.gaussian(n, n + 3, 1));
        SymmetricEigen e = SymmetricEigen.decompose(a);
        Matrix v = e.vectors();
        Matrix av = Blas.multiply(a, v);
        double scale = e.max();
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                assertTrue(e.values()[k] >= e.values()[k - 1]);
            }
            for (int i = 0; i < n; i++) {
                assertEquals(e.values()[k] * v.get(i, k), av.get(i, k), 1e-11 * scale);
            }
        }
        Matrix vtv = Blas.multiply(true, v, false, v);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(i == j ? 1.0 : 0.0, vtv.get(i, j), 1e-12);
            }
        }
        // values alone come from a different LAPACK path (no vectors): equal to rounding
        assertArrayEquals(e.values(), SymmetricEigen.eigenvalues(a), 1e-12 * scale);
    }

    @Test
    void onlyTheUpperTriangleIsRead() {
        Matrix a = Blas.gramOfRows(TestMatrices.gaussian(12, 15, 2));
        Matrix upper = a.copy();
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < i; j++) {
                upper.set(i, j, 1e6 * (i + j));
            }
        }
        assertArrayEquals(SymmetricEigen.eigenvalues(a), SymmetricEigen.eigenvalues(upper));
    }

    @Test
    void spectraDoNotDependOnTheBlasThreadCount() {
        if (!Blas.isNative()) {
            return;
        }
        Matrix a = Blas.gramOfRows(TestMatrices.gaussian(300, 310, 3));
        int before = Blas.threads();
        try {
            Blas.setThreads(1);
            SymmetricEigen one = SymmetricEigen.decompose(a);
            Blas.setThreads(Math.max(2, Runtime.getRuntime().availableProcessors()));
            SymmetricEigen many = SymmetricEigen.decompose(a);
            assertArrayEquals(one.values(), many.values());
            assertArrayEquals(one.vectors().data(), many.vectors().data());
            assertEquals(Math.max(2, Runtime.getRuntime().availableProcessors()), Blas.threads());
        } finally {
            Blas.setThreads(before);
        }
    }
}
