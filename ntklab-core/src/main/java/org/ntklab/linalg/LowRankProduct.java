package org.ntklab.linalg;

/**
 * A rows x cols matrix held as left^T right, a sum of {@code rank} outer products: left is rank x rows
 * and right rank x cols, both row-major. A dense layer's weight gradient on n samples is one, with
 * left = the gradient at the layer's output and right = its input, and rank n.
 */
final class LowRankProduct {
    final int rank;
    final int rows;
    final int cols;
    final double[] left;
    final double[] right;

    LowRankProduct(int rank, int rows, int cols) {
        this.rank = rank;
        this.rows = rows;
        this.cols = cols;
        this.left = new double[rank * rows];
        this.right = new double[rank * cols];
    }

    boolean fits(int rank, int rows, int cols) {
        return this.rank == rank && this.rows == rows && this.cols == cols;
    }

    /**
     * Row r into {@code out} (length at least cols): sum over j of left[j][r] right[j], added in the
     * order j = 0, 1, ... Every use of an entry goes through here, so all paths agree to the bit.
     */
    void row(int r, double[] out) {
        java.util.Arrays.fill(out, 0, cols, 0.0);
        int j = 0;
        // four, then two, then one term per pass over the row: the same sum, in the same order,
        // with fewer loads and stores of out
        for (; j + 4 <= rank; j += 4) {
            double a0 = left[j * rows + r];
            double a1 = left[(j + 1) * rows + r];
            double a2 = left[(j + 2) * rows + r];
            double a3 = left[(j + 3) * rows + r];
            int o0 = j * cols;
            int o1 = o0 + cols;
            int o2 = o1 + cols;
            int o3 = o2 + cols;
            for (int c = 0; c < cols; c++) {
                out[c] = out[c] + a0 * right[o0 + c] + a1 * right[o1 + c] + a2 * right[o2 + c] + a3 * right[o3 + c];
            }
        }
        for (; j + 2 <= rank; j += 2) {
            double a0 = left[j * rows + r];
            double a1 = left[(j + 1) * rows + r];
            int o0 = j * cols;
            int o1 = o0 + cols;
            for (int c = 0; c < cols; c++) {
                out[c] = out[c] + a0 * right[o0 + c] + a1 * right[o1 + c];
            }
        }
        for (; j < rank; j++) {
            double a0 = left[j * rows + r];
            int o0 = j * cols;
            for (int c = 0; c < cols; c++) {
                out[c] = out[c] + a0 * right[o0 + c];
            }
        }
    }

    /**
     * The sum of squares of the entries, sum over j, l of (left left^T)[j][l] (right right^T)[j][l],
     * from the two rank x rank Gram matrices: O(rank^2 (rows + cols)) instead of a pass over the matrix.
     */
    double squaredNorm() {
        double s = 0;
        for (int j = 0; j < rank; j++) {
            for (int l = j; l < rank; l++) {
                double g = dot(left, j * rows, l * rows, rows) * dot(right, j * cols, l * cols, cols);
                s += j == l ? g : 2 * g;
            }
        }
        return Math.max(s, 0.0); // rounding in the off-diagonal terms must not make it negative
    }

    boolean factorsFinite() {
        for (double v : left) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        for (double v : right) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static double dot(double[] a, int i, int j, int n) {
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += a[i + k] * a[j + k];
        }
        return s;
    }
}
