package org.ntklab.bench;

import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.bytedeco.javacpp.Pointer;
import org.ntklab.linalg.NativeMatrix;

/**
 * Memory allocated per training step once the loop is warm, for fcn(d = 784, L = 3, m = 1024) on
 * n = 256, C = 1 (or the configuration given): Java heap bytes over all threads (HotSpot's per-thread
 * allocation counters; a thread that ends during the measurement would take its count with it, and
 * the output says if one did) and native bytes, both allocated ({@link NativeMatrix#allocatedBytes()},
 * which counts buffers freed again within the step too) and net growth of live JavaCPP memory.
 *
 * <pre>
 *   java -cp ntklab-bench/target/benchmarks.jar org.ntklab.bench.StepAllocation [steps [d L m n]]
 * </pre>
 */
public final class StepAllocation {
    private StepAllocation() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int d = args.length > 4 ? Integer.parseInt(args[1]) : 784;
        int depth = args.length > 4 ? Integer.parseInt(args[2]) : 3;
        int m = args.length > 4 ? Integer.parseInt(args[3]) : 1024;
        int n = args.length > 4 ? Integer.parseInt(args[4]) : 256;
        Workloads.TrainingStep step = new Workloads.TrainingStep(d, depth, m, n, 7, 1e-6);
        for (int i = 0; i < 5; i++) {
            step.step();
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Set<Long> threadsBefore = ids(threads);
        long heapBefore = allocated(threads);
        long nativeBefore = Pointer.totalBytes();
        long nativeAllocatedBefore = NativeMatrix.allocatedBytes();
        for (int i = 0; i < steps; i++) {
            step.step();
        }
        long heap = allocated(threads) - heapBefore;
        long nativeAllocated = NativeMatrix.allocatedBytes() - nativeAllocatedBefore;
        long nativeGrowth = Pointer.totalBytes() - nativeBefore;
        Set<Long> ended = new HashSet<>(threadsBefore);
        ended.removeAll(ids(threads));
        long activation = (long) n * m * Double.BYTES;
        System.out.printf(Locale.ROOT, "fcn(d=%d, L=%d, m=%d), n=%d, %d steps after 5 warm-up steps:%n", d, depth, m, n, steps);
        System.out.printf(Locale.ROOT, "Java heap allocated per step (all threads): %.0f bytes%s%n", (double) heap / steps,
                ended.isEmpty() ? "" : " (" + ended.size() + " thread(s) ended meanwhile: their allocations are missing)");
        System.out.printf(Locale.ROOT, "native memory allocated per step: %.0f bytes; live native memory grew by %d bytes"
                + " over the %d steps%n", (double) nativeAllocated / steps, nativeGrowth, steps);
        System.out.printf(Locale.ROOT, "for scale: one n x m activation is %d bytes, the parameters %d bytes%n",
                activation, step.network.parameters().count() * Double.BYTES);
        boolean free = nativeAllocated == 0 && nativeGrowth == 0 && heap / steps < activation / 100 && ended.isEmpty();
        System.out.println(free
                ? "allocation-free: no native allocation, and less than 1% of one activation of heap per step"
                : "NOT allocation-free by that measure (native allocations, or heap >= 1% of an activation per step)");
        if (!free) {
            System.exit(1);
        }
    }

    private static Set<Long> ids(com.sun.management.ThreadMXBean threads) {
        Set<Long> s = new HashSet<>();
        for (long id : threads.getAllThreadIds()) {
            s.add(id);
        }
        return s;
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
