package org.ntklab.linalg;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Element-wise loops over large arrays split over the common fork-join pool. Only for loops whose
 * iterations are independent (copies, axpy): every element is computed by the same arithmetic
 * whichever thread runs it, so results do not depend on the number of threads. Memory-bound loops
 * gain from a second core because one core alone does not saturate the memory bus.
 */
public final class ParallelLoops {
    /** Below this many elements a loop runs on the calling thread. */
    public static final int MIN_PARALLEL = 1 << 18;
    /**
     * {@code -Dntklab.parallelLoops=true|false|auto}; auto (the default) splits. It once split only
     * when OpenBLAS ran one thread, because a multi-threaded OpenBLAS kept its worker spinning after
     * each product and a Java worker on the second core competed with it (FCN L = 3, m = 1024,
     * n = 256: 60 ms a step unsplit, 66 ms split). OpenBLAS now always runs one thread; products are
     * split by {@link Partition}, whose workers park when idle.
     */
    private static final String MODE = System.getProperty("ntklab.parallelLoops", "auto");
    private static volatile Boolean enabled;
    /** Element operations per task. */
    private static final int GRAIN = 1 << 16;

    private ParallelLoops() {
    }

    /** A loop body over the index range [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** Runs {@code body} over [0, n), in parallel chunks when n is large. */
    public static void forRange(int n, RangeBody body) {
        forRange(n, 1, body);
    }

    /**
     * Runs {@code body} over [0, n) where each index costs about {@code workPerIndex} element
     * operations (a row of a matrix, say), in parallel chunks when the total work is large.
     */
    public static void forRange(int n, long workPerIndex, RangeBody body) {
        long work = Math.max(1, workPerIndex);
        if (!enabled() || n * work < MIN_PARALLEL || n < 2 || ForkJoinPool.getCommonPoolParallelism() < 1) {
            body.run(0, n);
            return;
        }
        // at most a few tasks per thread: enough to balance, few enough to allocate next to nothing
        int threads = ForkJoinPool.getCommonPoolParallelism() + 1;
        int grain = (int) Math.max(Math.max(1, GRAIN / work), (n + 4L * threads - 1) / (4L * threads));
        // the calling thread works too: it runs the root task and helps with the halves it forks
        new Split(body, 0, n, grain).invoke();
    }

    /** Whether loops are split over threads (see {@link #MODE}); decided once, on first use. */
    public static boolean enabled() {
        Boolean e = enabled;
        if (e == null) {
            e = switch (MODE) {
                case "true" -> true;
                case "false" -> false;
                case "auto" -> true;
                default -> throw new IllegalArgumentException(
                        "ntklab.parallelLoops must be true, false or auto, got '" + MODE + "'");
            };
            enabled = e;
        }
        return e;
    }

    private static final class Split extends RecursiveAction {
        private final RangeBody body;
        private final int from;
        private final int to;
        private final int grain;

        Split(RangeBody body, int from, int to, int grain) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.grain = grain;
        }

        @Override
        protected void compute() {
            if (to - from <= grain) {
                body.run(from, to);
                return;
            }
            int mid = from + (to - from) / 2;
            invokeAll(new Split(body, from, mid, grain), new Split(body, mid, to, grain));
        }
    }
}
