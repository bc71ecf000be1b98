package org.ntklab.bench;

import java.util.concurrent.TimeUnit;
import org.ntklab.arch.Architecture;
import org.ntklab.arch.Network;
import org.ntklab.kernel.EmpiricalNtk;
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

/** The exact empirical NTK Gram matrix of fcn(d = 784, L = 3, m = 1024) on n = 512 samples. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class EmpiricalNtkBenchmark {
    @Param("784")
    public int d;
    @Param("3")
    public int depth;
    @Param("1024")
    public int width;
    @Param("512")
    public int n;

    private Network network;
    private Matrix x;

    @Setup(Level.Trial)
    public void setUp() {
        network = Network.initialize(Architecture.fcn(d, depth, width, 1), 11);
        x = Workloads.inputs(n, d, 12);
    }

    @Benchmark
    public Matrix empiricalNtk() {
        return EmpiricalNtk.gram(network, x);
    }
}
