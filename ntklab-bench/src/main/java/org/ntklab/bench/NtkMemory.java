package org.ntklab.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.ntklab.arch.Architecture;
import org.ntklab.arch.Network;
import org.ntklab.kernel.EmpiricalNtk;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.NativeMatrix;

/**
 * Peak memory of {@link EmpiricalNtk#gram} on a large set, in units a reader can check against the
 * claim "the Gram matrix plus a few n x m buffers": the Java heap (peak usage of the heap pools while
 * the Gram matrix is computed, above what was in use before: an upper bound, as it includes garbage
 * not yet collected), native memory (the exact peak of live JavaCPP memory, which rises only when a
 * {@link NativeMatrix} is allocated and is recorded at every such allocation) and the process's peak
 * resident set (VmHWM) before and after, which also covers memory neither count sees (OpenBLAS's own
 * work buffers, JNI copies of heap arrays, heap the JVM commits). Run it with a small -Xmx (512m for
 * n = 4096): that the computation completes then bounds its live heap too.
 *
 * <pre>
 *   java -Xmx512m -cp ntklab-bench/target/benchmarks.jar org.ntklab.bench.NtkMemory [n] [m] [d] [L]
 * </pre>
 * Defaults: n = 4096, m = 1024, d = 784, L = 3, one output.
 */
public final class NtkMemory {
    private NtkMemory() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        int m = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int d = args.length > 2 ? Integer.parseInt(args[2]) : 784;
        int depth = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Network network = Network.initialize(Architecture.fcn(d, depth, m, 1), 11);
        Matrix x = Workloads.inputs(n, d, 12);
        // native weight mirrors are made on the first forward pass: do one small pass first so that
        // they count as the network's (like its heap parameters), not as the Gram computation's
        network.forward(x.rowRange(0, 1));

        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        System.gc();
        long heapBefore = heapPools.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        long nativeBefore = Pointer.totalBytes();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);

        String rssBefore = vmHwm();
        NativeMatrix.resetPeakNativeBytes();
        long allocatedBefore = NativeMatrix.allocatedBytes();

        long start = System.nanoTime();
        Matrix k = EmpiricalNtk.gram(network, x);
        double seconds = (System.nanoTime() - start) / 1e9;
        long nativePeak = NativeMatrix.peakNativeBytes();
        long nativeAllocated = NativeMatrix.allocatedBytes() - allocatedBefore;

        long heapPeak = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        double mb = 1 << 20;
        double gramBytes = (double) k.rows() * k.cols() * Double.BYTES;
        double bufferBytes = (double) n * m * Double.BYTES;
        double heapDuring = heapPeak - heapBefore;
        double nativeDuring = nativePeak - nativeBefore;
        System.out.printf(Locale.ROOT, "empirical NTK gram: fcn(d=%d, L=%d, m=%d), n=%d: %.1f s%n", d, depth, m, n, seconds);
        System.out.printf(Locale.ROOT, "Gram matrix %dx%d: %.1f MB; one n x m buffer: %.1f MB; inputs: %.1f MB%n",
                k.rows(), k.cols(), gramBytes / mb, bufferBytes / mb, (double) n * d * Double.BYTES / mb);
        System.out.printf(Locale.ROOT, "heap in use before: %.1f MB (inputs, parameters, JVM)%n", heapBefore / mb);
        System.out.printf(Locale.ROOT, "heap peak above that during gram (sum of pool peaks, an upper bound): %.1f MB"
                + " = Gram + %.1f MB%n", heapDuring / mb, (heapDuring - gramBytes) / mb);
        System.out.printf(Locale.ROOT, "native peak above that during gram (live JavaCPP buffers, exact): %.1f MB"
                + " = %.2f n x m buffers (%.1f MB allocated in all; %.1f MB still live after gram)%n",
                nativeDuring / mb, nativeDuring / bufferBytes, nativeAllocated / mb,
                (Pointer.totalBytes() - nativeBefore) / mb);
        System.out.printf(Locale.ROOT, "computation total: Gram + %.2f n x m buffers (%.1f MB beyond the Gram matrix)%n",
                (heapDuring - gramBytes + nativeDuring) / bufferBytes, (heapDuring - gramBytes + nativeDuring) / mb);
        System.out.printf(Locale.ROOT, "a per-sample Jacobian would take n x P = %d x %d doubles = %.1f GB%n",
                n, network.parameters().count(), (double) n * network.parameters().count() * Double.BYTES / 1e9);
        System.out.printf(Locale.ROOT, "process peak resident set (VmHWM): %s before gram, %s after%n",
                rssBefore, vmHwm());
        if (k.get(0, 0) <= 0) {
            throw new AssertionError("Gram diagonal must be positive");
        }
    }

    private static String vmHwm() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmHWM")).map(l -> l.substring(6).trim()).findFirst().orElse("n/a");
        } catch (IOException e) {
            return "n/a";
        }
    }
}
