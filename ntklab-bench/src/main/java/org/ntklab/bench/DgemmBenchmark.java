package org.ntklab.bench;

import java.util.concurrent.TimeUnit;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.NativeMatrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** The machine's reference: native dgemm of two n x n matrices (2 n^3 flops) on native buffers. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class DgemmBenchmark {
    @Param("2000")
    public int n;

    private NativeMatrix a;
    private NativeMatrix b;
    private NativeMatrix c;

    @Setup(Level.Trial)
    public void setUp() {
        a = Machine.randomNative(n, n, 41);
        b = Machine.randomNative(n, n, 42);
        c = NativeMatrix.zeros(n, n);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        b.close();
        c.close();
    }

    @Benchmark
    public NativeMatrix dgemm() {
        Blas.gemm(false, false, 1.0, a, b, 0.0, c);
        return c;
    }
}
