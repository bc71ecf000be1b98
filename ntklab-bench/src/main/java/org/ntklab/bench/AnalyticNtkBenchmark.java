package org.ntklab.bench;

import java.util.concurrent.TimeUnit;
import org.ntklab.arch.Architecture;
import org.ntklab.kernel.AnalyticKernels;
import org.ntklab.linalg.Matrix;
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
import org.openjdk.jmh.annotations.Warmup;

/** The infinite-width NTK of fcn(d = 784, L = 3) on n = 2048 samples (n x n, one output). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class AnalyticNtkBenchmark {
    @Param("784")
    public int d;
    @Param("3")
    public int depth;
    @Param("2048")
    public int n;

    private Architecture architecture;
    private Matrix x;

    @Setup(Level.Trial)
    public void setUp() {
        architecture = Architecture.fcn(d, depth, 1024, 1);
        x = Workloads.inputs(n, d, 21);
    }

    @Benchmark
    public Matrix analyticNtk() {
        return AnalyticKernels.ntk(architecture, x, x);
    }
}
