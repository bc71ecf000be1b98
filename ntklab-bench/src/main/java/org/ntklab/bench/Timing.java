package org.ntklab.bench;

import java.util.Arrays;

/** Wall-clock timing of repeated runs, for the comparison with PyTorch (JMH does its own). */
public final class Timing {
    private Timing() {
    }

    /** Seconds of each of {@code runs} timed runs, after {@code warmup} untimed ones. */
    public static double[] seconds(Runnable task, int warmup, int runs) {
        for (int i = 0; i < warmup; i++) {
            task.run();
        }
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            task.run();
            t[i] = (System.nanoTime() - start) / 1e9;
        }
        return t;
    }

    /**
     * Untimed runs until both at least {@code minRuns} runs and {@code minSeconds} seconds are done,
     * so that the JIT has compiled the hot loops whatever the workload's size.
     */
    public static void warmUp(Runnable task, int minRuns, double minSeconds) {
        long start = System.nanoTime();
        for (int i = 0; i < minRuns || (System.nanoTime() - start) / 1e9 < minSeconds; i++) {
            task.run();
        }
    }

    public static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    public static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }
}
