package org.ntklab.testing;

import java.util.Random;
import org.ntklab.linalg.Matrix;

/** Reproducible random matrices for tests. */
public final class TestMatrices {
    private TestMatrices() {
    }

    public static Matrix gaussian(int rows, int cols, long seed) {
        Random r = new Random(seed);
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.data().length; i++) {
            m.data()[i] = r.nextGaussian();
        }
        return m;
    }

    /** Gaussian rows scaled to unit norm. */
    public static Matrix unitRows(int rows, int cols, long seed) {
        Matrix m = gaussian(rows, cols, seed);
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += m.get(i, j) * m.get(i, j);
            }
            double norm = Math.sqrt(s);
            for (int j = 0; j < cols; j++) {
                m.set(i, j, m.get(i, j) / norm);
            }
        }
        return m;
    }
}
