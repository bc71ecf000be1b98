package org.ntklab.bench;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ntklab.arch.Architecture;
import org.ntklab.arch.LowRankGradients;
import org.ntklab.arch.Network;
import org.ntklab.data.DataSpec;
import org.ntklab.data.Dataset;
import org.ntklab.flow.TimeRescaledGradientFlow;
import org.ntklab.loss.BinaryCrossEntropy;
import org.ntklab.loss.Reduction;
import org.ntklab.loss.Targets;
import org.ntklab.train.NetworkObjective;

/**
 * The flow step against the machine's memory limit. A gradient-flow step on a few samples (the
 * paper's six circle points) does little arithmetic per weight, so its floor is the time to stream
 * the parameter vector through memory as often as the step's passes touch it.
 *
 * <pre>
 *   java -cp ntklab-bench/target/benchmarks.jar org.ntklab.bench.FlowStepBandwidth [depth width [steps]]
 * </pre>
 * (defaults: depth 2, width 4096, 40 timed steps) prints
 * <ul>
 *   <li>the memory bandwidth: a STREAM triad a[i] = b[i] + s c[i] over three heap arrays of 2^25
 *       doubles (268 MB each, far beyond any cache), with 1 and 2 threads, median of 9 runs, counted
 *       as STREAM counts it (24 bytes per index: two reads and one write);</li>
 *   <li>the flow step: TimeRescaledGradientFlow with the default settings on FCN(d = 2, L, m), summed
 *       binary cross-entropy on circle:n=6, median over single steps after a warm-up, with the
 *       rejected steps of that stretch; with the weight gradients formed, as low-rank factors
 *       ({@link LowRankGradients}), and as factors with the trial point displaced instead of formed
 *       ({@link NetworkObjective#setDisplacedTrials}), and the ratios;</li>
 *   <li>the bytes one accepted step moves through memory, counted pass by pass from the code (see
 *       {@link #bytesPerStep}), and the achieved bandwidth as a fraction of the measured triad.</li>
 * </ul>
 */
public final class FlowStepBandwidth {
    private FlowStepBandwidth() {
    }

    public static void main(String[] args) throws Exception {
        int depth = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int width = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 40;

        double triad1 = triadGigabytesPerSecond(1);
        double triad2 = triadGigabytesPerSecond(2);
        System.out.printf("STREAM triad (Java, heap, 3 x 2^25 doubles): 1 thread %.1f GB/s, 2 threads %.1f GB/s%n",
                triad1, triad2);

        Dataset data = DataSpec.parse("circle:n=6").load(1).train();
        double[] medians = new double[Mode.values().length];
        for (Mode mode : Mode.values()) {
            LowRankGradients.setEnabled(mode != Mode.FORMED);
            NetworkObjective.setDisplacedTrials(mode == Mode.DISPLACED);
            Network network = Network.initialize(Architecture.fcn(2, depth, width, 1), 1);
            NetworkObjective field = new NetworkObjective(network, data.x(), Targets.of(data),
                    new BinaryCrossEntropy(Reduction.SUM));
            TimeRescaledGradientFlow flow = new TimeRescaledGradientFlow(TimeRescaledGradientFlow.Settings.defaults());
            long parameters = network.parameters().count();
            // warm-up: the JIT, the native buffers and the step size settle
            Timing.warmUp(() -> flow.advanceTo(field, Double.MAX_VALUE, flow.steps() + 1), 10, 5.0);
            long rejectedBefore = flow.rejectedSteps();
            double[] seconds = new double[steps];
            for (int i = 0; i < steps; i++) {
                long start = System.nanoTime();
                flow.advanceTo(field, Double.MAX_VALUE, flow.steps() + 1);
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
            long rejected = flow.rejectedSteps() - rejectedBefore;
            double median = Timing.median(seconds);
            medians[mode.ordinal()] = median;
            double bytes = bytesPerStep(depth, parameters, mode);
            double achieved = bytes / median / 1e9;
            System.out.printf("flow step, FCN L = %d, m = %d, n = %d (%,d parameters, %.0f MB), %s: "
                            + "median %.2f ms over %d steps (%d rejected among them; min %.2f, max %.2f ms)%n",
                    depth, width, data.n(), parameters, parameters * 8 / 1e6, mode.description, median * 1e3,
                    steps, rejected, Arrays.stream(seconds).min().orElse(0) * 1e3,
                    Arrays.stream(seconds).max().orElse(0) * 1e3);
            System.out.printf("  bytes per accepted step (counted from the passes): %.0f MB = %.1f passes over the parameters%n",
                    bytes / 1e6, bytes / (parameters * 8.0));
            System.out.printf("  achieved %.1f GB/s = %.0f%% of the 2-thread triad (floor for these passes: %.2f ms)%n",
                    achieved, 100 * achieved / triad2, bytes / (triad2 * 1e9) * 1e3);
            if (mode == Mode.DISPLACED) {
                System.out.printf("RATIO flow_step_bandwidth %.3f%n", achieved / triad2);
            }
        }
        LowRankGradients.setEnabled(true);
        NetworkObjective.setDisplacedTrials(true);
        System.out.printf("RATIO low_rank_step_speedup %.3f (formed / low-rank median step time, trials formed)%n",
                medians[Mode.FORMED.ordinal()] / medians[Mode.LOW_RANK.ordinal()]);
        System.out.printf("RATIO displaced_trial_speedup %.3f (low-rank with trials formed / displaced median step time)%n",
                medians[Mode.LOW_RANK.ordinal()] / medians[Mode.DISPLACED.ordinal()]);
    }

    /** How the step is taken: the weight gradients formed or as factors, the trial point formed or displaced. */
    enum Mode {
        FORMED("weight gradients formed, trial formed"),
        LOW_RANK("weight gradients as low-rank factors, trial formed"),
        DISPLACED("weight gradients as low-rank factors, trial displaced (the default)");

        final String description;

        Mode(String description) {
            this.description = description;
        }
    }

    /**
     * Bytes moved through memory by one accepted step of {@link TimeRescaledGradientFlow#advanceTo},
     * counted from the code's passes over arrays of the parameters' size P (8 bytes each); passes over
     * the n x m activations (n = 6 here, a few MB at most) and over low-rank factors (n x m) are left
     * out, they stay in cache. A write counts once (as STREAM counts it; a write-allocate would read
     * the line too).
     * <ol>
     *   <li>{@code saveAndAddScaled}: reads theta and g, writes saved and theta: 4 P; with g as
     *       low-rank factors (its rows formed in cache as they are used): 3 P;</li>
     *   <li>two gradient evaluations (the Euler trial, and the new direction at the accepted point).
     *       Networks with hidden layers after the first (general path), each: the copy of the heap
     *       weights to their native mirror (read + write, 2 P), the forward products W z (read W,
     *       P), the backward products W^T delta (read W, P; the first layer's, d x m with d = 2, is
     *       not formed), and, when weight gradients are formed, their formation by BLAS in a native
     *       buffer (write, P) and copy to the heap gradient (read + write, 2 P): 7 P each formed,
     *       4 P each as factors.
     *       One hidden layer ({@code OneHiddenLayer}), each: the forward pass reads theta (P), the
     *       gradient reads theta again and writes g (2 P), summing its squares as it goes: 3 P each;</li>
     *   <li>{@code setToBasePlusScaled} (Heun's update): reads saved, g and the trial gradient,
     *       writes theta: 4 P; 2 P with both gradients as factors;</li>
     *   <li>the squared norm of the new gradient, and the finiteness check of the trial gradient:
     *       2 P on the general path with formed gradients (the norm a sequential sum), 0 with factors
     *       (from their small Gram matrices) and on the fused one-hidden-layer path (its squares are
     *       summed as the gradient is written).</li>
     * </ol>
     * 24 P on the general path with formed gradients, 13 P with factors, 14 P with one hidden layer.
     * With displaced trials (the default on the general path) the trial is never written: no
     * {@code saveAndAddScaled}, no copy to the native mirror for the trial's evaluation (2 P: W z and
     * W^T delta, plus s (dW z) from the factors), Heun's update in place (reads theta, writes it:
     * 2 P), the accepted point's evaluation as before (4 P): 8 P.
     * Biases and the first layer are counted as full passes too; they are a small part of P.
     */
    static double bytesPerStep(int depth, long parameters, Mode mode) {
        double passes = depth == 1 ? 4 + 2 * 3 + 4
                : switch (mode) {
                    case FORMED -> 4 + 2 * 7 + 4 + 2;
                    case LOW_RANK -> 3 + 2 * 4 + 2;
                    case DISPLACED -> 2 + 4 + 2;
                };
        return passes * parameters * 8.0;
    }

    /** Median GB/s of a STREAM triad over three 2^25-double heap arrays split over {@code threads}. */
    static double triadGigabytesPerSecond(int threads) throws Exception {
        int length = 1 << 25;
        double[] a = new double[length];
        double[] b = new double[length];
        double[] c = new double[length];
        Arrays.fill(b, 1.0);
        Arrays.fill(c, 2.0);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            double[] rates = new double[9];
            for (int run = -2; run < rates.length; run++) {
                double scalar = 3.0 + run;
                Future<?>[] parts = new Future<?>[threads];
                long start = System.nanoTime();
                for (int p = 0; p < threads; p++) {
                    int from = (int) ((long) length * p / threads);
                    int to = (int) ((long) length * (p + 1) / threads);
                    parts[p] = pool.submit(() -> {
                        for (int i = from; i < to; i++) {
                            a[i] = b[i] + scalar * c[i];
                        }
                    });
                }
                for (Future<?> f : parts) {
                    f.get();
                }
                double s = (System.nanoTime() - start) / 1e9;
                if (run >= 0) {
                    rates[run] = 24.0 * length / s / 1e9;
                }
            }
            if (a[length - 1] != 1.0 + (3.0 + rates.length - 1) * 2.0) {
                throw new IllegalStateException("triad result is wrong: " + a[length - 1]);
            }
            return Timing.median(rates);
        } finally {
            pool.shutdown();
        }
    }
}
