package org.ntklab.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;

/**
 * Memory allocated per training step once the loop is warm: Java heap bytes over all threads
 * (HotSpot's per-thread allocation counters) and native bytes (JavaCPP's count of live native
 * buffers), for fcn(d = 784, L = 3, m = 1024) on n = 256, C = 1.
 *
 * <pre>
 *   java -cp ntklab-bench/target/benchmarks.jar org.ntklab.bench.StepAllocation [steps]
 * </pre>
 */
public final class StepAllocation {
    private StepAllocation() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Workloads.TrainingStep step = new Workloads.TrainingStep(784, 3, 1024, 256, 7, 1e-6);
        for (int i = 0; i < 5; i++) {
            step.step();
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long heapBefore = allocated(threads);
        long nativeBefore = Pointer.totalBytes();
        for (int i = 0; i < steps; i++) {
            step.step();
        }
        long heap = allocated(threads) - heapBefore;
        long nativeGrowth = Pointer.totalBytes() - nativeBefore;
        System.out.printf(Locale.ROOT, "per training step after warm-up: %.0f bytes of Java heap allocated (all threads),"
                + " native memory grew by %d bytes over %d steps%n", (double) heap / steps, nativeGrowth, steps);
        System.out.printf(Locale.ROOT, "for scale: one n x m activation is %d bytes, the parameters %d bytes%n",
                256L * 1024 * Double.BYTES, step.network.parameters().count() * Double.BYTES);
    }

    private static long allocated(com.sun.management.ThreadMXBean threads) {
        long total = 0;
        for (long id : threads.getAllThreadIds()) {
            long b = threads.getThreadAllocatedBytes(id);
            if (b > 0) {
                total += b;
            }
        }
        return total;
    }
}
