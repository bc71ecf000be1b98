package org.ntklab.bench;

import java.util.concurrent.TimeUnit;
import org.ntklab.arch.Architecture;
import org.ntklab.dynamics.IntegratedKernelMachine;
import org.ntklab.flow.TimeRescaledGradientFlow;
import org.ntklab.kernel.AnalyticKernels;
import org.ntklab.linalg.Matrix;
import org.ntklab.loss.BinaryCrossEntropy;
import org.ntklab.loss.Reduction;
import org.ntklab.loss.Targets;
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

/**
 * The cross-entropy kernel machine (kernel logistic regression under gradient flow) on n = 1024
 * samples with the analytic NTK of fcn(d = 784, L = 3), integrated by the time-rescaled scheme with
 * default settings from t = 0 to {@code horizon} (about 3,000 Heun steps for t = 10: with the summed
 * loss the kernel's largest eigenvalue grows like n and bounds the step). Each invocation starts
 * from a fresh machine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class KernelMachineBenchmark {
    @Param("1024")
    public int n;
    @Param("10")
    public double horizon;

    private Matrix ntk;
    private Matrix initialOutputs;
    private Targets targets;

    @Setup(Level.Trial)
    public void setUp() {
        Matrix x = Workloads.inputs(n, 784, 31);
        ntk = AnalyticKernels.ntk(Architecture.fcn(784, 3, 1024, 1), x, x);
        initialOutputs = new Matrix(n, 1);
        targets = Workloads.binaryTargets(n, 32);
    }

    @Benchmark
    public Matrix crossEntropyIntegration() {
        IntegratedKernelMachine machine = new IntegratedKernelMachine(ntk, null, initialOutputs, null, targets,
                new BinaryCrossEntropy(Reduction.SUM), TimeRescaledGradientFlow.Settings.defaults());
        machine.advanceTo(horizon);
        return machine.trainOutputs();
    }
}
