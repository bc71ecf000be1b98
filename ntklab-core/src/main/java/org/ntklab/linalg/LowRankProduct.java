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
    /** rank x rows, row-major. */
    final double[] left;
    /**
     * The rank rows of the right factor, one array each: every term of a row sum then reads its own
     * array at the same index, which lets the JIT vectorise the loop (on JDK 17 it does not when the
     * terms read one array at different offsets: 2.6x slower at m = 4096).
     */
    final double[][] right;

    LowRankProduct(int rank, int rows, int cols) {
        this.rank = rank;
        this.rows = rows;
        this.cols = cols;
        this.left = new double[rank * rows];
        this.right = new double[rank][cols];
    }

    boolean fits(int rank, int rows, int cols) {
        return this.rank == rank && this.rows == rows && this.cols == cols;
    }

    /** Copies the factors from native matrices: left (rank x rows) and right (rank x cols). */
    void copyFrom(NativeMatrix leftFactor, NativeMatrix rightFactor) {
        leftFactor.copyTo(left);
        java.nio.DoubleBuffer b = rightFactor.buffer();
        for (int j = 0; j < rank; j++) {
            b.get(j * cols, right[j], 0, cols);
        }
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
            double[] r0 = right[j];
            double[] r1 = right[j + 1];
            double[] r2 = right[j + 2];
            double[] r3 = right[j + 3];
            for (int c = 0; c < cols; c++) {
                out[c] = out[c] + a0 * r0[c] + a1 * r1[c] + a2 * r2[c] + a3 * r3[c];
            }
        }
        for (; j + 2 <= rank; j += 2) {
            double a0 = left[j * rows + r];
            double a1 = left[(j + 1) * rows + r];
            double[] r0 = right[j];
            double[] r1 = right[j + 1];
            for (int c = 0; c < cols; c++) {
                out[c] = out[c] + a0 * r0[c] + a1 * r1[c];
            }
        }
        for (; j < rank; j++) {
            double a0 = left[j * rows + r];
            double[] r0 = right[j];
            for (int c = 0; c < cols; c++) {
                out[c] = out[c] + a0 * r0[c];
            }
        }
    }

    /**
     * out += alpha x P^T (transposed: x is n x cols, out n x rows) or out += alpha x P (x is n x rows,
     * out n x cols), for this product P = left^T right, from the factors: n rank (rows + cols)
     * multiply-adds, P never formed. Each sample's rank inner products are taken first, then
     * combined with the other factor in the order j = 0, 1, ...
     */
    void multiplyAdd(double alpha, NativeMatrix x, boolean transposed, NativeMatrix out) {
        int inner = transposed ? cols : rows;
        int outer = transposed ? rows : cols;
        if (x.cols() != inner || out.cols() != outer || out.rows() != x.rows()) {
            throw new IllegalArgumentException("cannot add " + x.shape() + " times a " + rows + "x" + cols
                    + " product" + (transposed ? " transposed" : "") + " to " + out.shape());
        }
        java.nio.DoubleBuffer xb = x.buffer();
        java.nio.DoubleBuffer ob = out.buffer();
        double[] xi = new double[inner];
        double[] oi = new double[outer];
        double[] t = new double[rank];
        for (int i = 0; i < x.rows(); i++) {
            xb.get(i * inner, xi, 0, inner);
            for (int j = 0; j < rank; j++) {
                t[j] = transposed ? dot(xi, 0, right[j], 0, cols) : dot(xi, 0, left, j * rows, rows);
            }
            ob.get(i * outer, oi, 0, outer);
            for (int j = 0; j < rank; j++) {
                double a = alpha * t[j];
                if (transposed) {
                    for (int r = 0, o = j * rows; r < rows; r++) {
                        oi[r] += a * left[o + r];
                    }
                } else {
                    double[] rj = right[j];
                    for (int c = 0; c < cols; c++) {
                        oi[c] += a * rj[c];
                    }
                }
            }
            ob.put(i * outer, oi, 0, outer);
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
                double g = dot(left, j * rows, left, l * rows, rows) * dot(right[j], 0, right[l], 0, cols);
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
        for (double[] row : right) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double dot(double[] a, int i, double[] b, int j, int n) {
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += a[i + k] * b[j + k];
        }
        return s;
    }
}
