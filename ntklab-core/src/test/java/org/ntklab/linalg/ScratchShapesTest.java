package org.ntklab.linalg;

import org.junit.jupiter.api.Test;
import org.ntklab.testing.TestMatrices;

class ScratchShapesTest {
    @Test
    void time() {
        int M = 65536;
        int[][] shapes = {{0, 1, 6, M, 2}, {0, 1, 6, 1, M}, {0, 0, 6, M, 1}, {1, 0, 1, M, 6}, {1, 0, M, 2, 6},
            {0, 1, 6, 4096, 4096}, {1, 0, 4096, 4096, 6}, {0, 0, 6, 4096, 4096}};
        for (int[] s : shapes) {
            boolean ta = s[0] == 1, tb = s[1] == 1;
            int m = s[2], n = s[3], k = s[4];
            try (NativeMatrix a = NativeMatrix.copyOf(TestMatrices.gaussian(ta ? k : m, ta ? m : k, 1));
                 NativeMatrix b = NativeMatrix.copyOf(TestMatrices.gaussian(tb ? n : k, tb ? k : n, 2));
                 NativeMatrix c = NativeMatrix.zeros(m, n)) {
                for (int w = 0; w < 20; w++) Blas.gemm(ta, tb, 1.0, a, b, 0.0, c);
                int reps = 200;
                long t0 = System.nanoTime();
                for (int r = 0; r < reps; r++) Blas.gemm(ta, tb, 1.0, a, b, 0.0, c);
                double us = (System.nanoTime() - t0) / 1e3 / reps;
                System.out.printf("SHAPE ta=%b tb=%b m=%d n=%d k=%d: %.1f us%n", ta, tb, m, n, k, us);
            }
        }
    }
}
