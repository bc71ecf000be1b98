package org.ntklab.bench;

import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Gaussians;
import org.ntklab.linalg.NativeMatrix;

/** The machine's measured limit: native dgemm throughput on square matrices in native buffers. */
public final class Machine implements AutoCloseable {
    private final int n;
    private final NativeMatrix a;
    private final NativeMatrix b;
    private final NativeMatrix c;

    public Machine(int n) {
        this.n = n;
        this.a = randomNative(n, n, 41);
        this.b = randomNative(n, n, 42);
        this.c = NativeMatrix.zeros(n, n);
    }

    static NativeMatrix randomNative(int rows, int cols, long seed) {
        double[] v = new double[rows * cols];
        Gaussians.fill(v, seed, 0);
        NativeMatrix m = NativeMatrix.zeros(rows, cols);
        m.copyFrom(v);
        return m;
    }

    /** GFLOP/s of each of {@code runs} n x n x n dgemm calls, after {@code warmup} untimed ones. */
    public double[] gflops(int warmup, int runs) {
        double[] seconds = Timing.seconds(() -> Blas.gemm(false, false, 1.0, a, b, 0.0, c), warmup, runs);
        double[] g = new double[runs];
        for (int i = 0; i < runs; i++) {
            g[i] = 2.0 * n * n * n / seconds[i] / 1e9;
        }
        return g;
    }

    /** Median GFLOP/s of {@code runs} n x n x n dgemm calls (after two warm-up calls). */
    public static double dgemmGflops(int n, int runs) {
        try (Machine m = new Machine(n)) {
            return Timing.median(m.gflops(2, runs));
        }
    }

    @Override
    public void close() {
        a.close();
        b.close();
        c.close();
    }
}
