package org.ntklab.linalg;

import java.util.Arrays;

/**
 * A dense row-major matrix of doubles. Deliberately small: storage, shape, element access and a few
 * whole-matrix helpers. Products go through {@link Blas}; spectra through {@link SymmetricEigen}.
 * The backing array is exposed because hot loops and BLAS calls work on it directly.
 */
public final class Matrix {
    private final int rows;
    private final int cols;
    private final double[] data;

    public Matrix(int rows, int cols) {
        this(rows, cols, new double[checkedSize(rows, cols)]);
    }

    /** Wraps {@code data} (not copied) as a rows x cols row-major matrix. */
    public Matrix(int rows, int cols, double[] data) {
        if (data.length != checkedSize(rows, cols)) {
            throw new IllegalArgumentException(
                    "data length " + data.length + " does not match shape " + rows + "x" + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    private static int checkedSize(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative matrix shape " + rows + "x" + cols);
        }
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("matrix " + rows + "x" + cols + " is too large for one array");
        }
        return (int) size;
    }

    /** Copies a rectangular array of rows into a new matrix. */
    public static Matrix of(double[][] values) {
        int r = values.length;
        int c = r == 0 ? 0 : values[0].length;
        Matrix m = new Matrix(r, c);
        for (int i = 0; i < r; i++) {
            if (values[i].length != c) {
                throw new IllegalArgumentException("row " + i + " has " + values[i].length + " entries, expected " + c);
            }
            System.arraycopy(values[i], 0, m.data, i * c, c);
        }
        return m;
    }

    public static Matrix identity(int n) {
        Matrix m = new Matrix(n, n);
        for (int i = 0; i < n; i++) {
            m.data[i * n + i] = 1.0;
        }
        return m;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The backing row-major array (not a copy). */
    public double[] data() {
        return data;
    }

    public double get(int i, int j) {
        return data[i * cols + j];
    }

    public void set(int i, int j, double v) {
        data[i * cols + j] = v;
    }

    public void add(int i, int j, double v) {
        data[i * cols + j] += v;
    }

    public double[] row(int i) {
        return Arrays.copyOfRange(data, i * cols, (i + 1) * cols);
    }

    public Matrix copy() {
        return new Matrix(rows, cols, data.clone());
    }

    public Matrix transpose() {
        Matrix t = new Matrix(cols, rows);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t.data[j * rows + i] = data[i * cols + j];
            }
        }
        return t;
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive), copied. */
    public Matrix rowRange(int from, int to) {
        return new Matrix(to - from, cols, Arrays.copyOfRange(data, from * cols, to * cols));
    }

    /** The rows at the given indices, copied, in that order. */
    public Matrix selectRows(int[] indices) {
        Matrix m = new Matrix(indices.length, cols);
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(data, indices[k] * cols, m.data, k * cols, cols);
        }
        return m;
    }

    public double frobeniusNorm() {
        // scaled sum of squares so very large entries (diverging kernels) do not overflow
        double scale = 0;
        for (double v : data) {
            scale = Math.max(scale, Math.abs(v));
        }
        if (scale == 0 || !Double.isFinite(scale)) {
            return scale;
        }
        double s = 0;
        for (double v : data) {
            double u = v / scale;
            s += u * u;
        }
        return scale * Math.sqrt(s);
    }

    /** ||this - other||_F. */
    public double distance(Matrix other) {
        requireSameShape(other, "distance");
        Matrix d = new Matrix(rows, cols);
        for (int k = 0; k < data.length; k++) {
            d.data[k] = data[k] - other.data[k];
        }
        return d.frobeniusNorm();
    }

    /** max |this - other| over all entries. */
    public double distanceMax(Matrix other) {
        requireSameShape(other, "distanceMax");
        double m = 0;
        for (int k = 0; k < data.length; k++) {
            m = Math.max(m, Math.abs(data[k] - other.data[k]));
        }
        return m;
    }

    public double maxAbs() {
        double m = 0;
        for (double v : data) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    public boolean allFinite() {
        for (double v : data) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    public void requireSameShape(Matrix other, String what) {
        if (rows != other.rows || cols != other.cols) {
            throw new IllegalArgumentException(what + ": shapes differ, " + rows + "x" + cols
                    + " against " + other.rows + "x" + other.cols);
        }
    }

    public String shape() {
        return rows + "x" + cols;
    }

    @Override
    public String toString() {
        return "Matrix[" + shape() + "]";
    }
}
