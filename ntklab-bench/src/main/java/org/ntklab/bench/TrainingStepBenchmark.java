package org.ntklab.bench;

import java.util.concurrent.TimeUnit;
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

/** One training step (forward, backward, update) of fcn(d = 784, L = 3, m = 1024) on n = 256 samples. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class TrainingStepBenchmark {
    @Param("784")
    public int d;
    @Param("3")
    public int depth;
    @Param("1024")
    public int width;
    @Param("256")
    public int n;

    private Workloads.TrainingStep step;

    @Setup(Level.Trial)
    public void setUp() {
        // a small step keeps the weights (and so the ReLU patterns) essentially fixed over the run
        step = new Workloads.TrainingStep(d, depth, width, n, 7, 1e-6);
    }

    @Benchmark
    public double trainingStep() {
        return step.step();
    }
}
