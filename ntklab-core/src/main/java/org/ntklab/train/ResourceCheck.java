package org.ntklab.train;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.ntklab.data.DataSize;
import org.ntklab.io.InvalidInputException;

/**
 * Memory a command will need, computed from the sizes alone before anything is allocated, and
 * compared with what this JVM may use: impossible sizes ({@code --width 1000000000},
 * {@code circle:n=1000000000}) are refused at once with the numbers, instead of running for minutes
 * into an OutOfMemoryError. The estimates are generous upper bounds of the big arrays (a few copies
 * of the parameters, the Gram matrices and their eigen-decomposition, the n x m activations); small
 * runs are far below every limit. Java arrays must fit the heap ({@link Runtime#maxMemory}); heap and
 * native buffers (OpenBLAS mirrors of the weights and activations) together must fit the machine's
 * physical memory.
 */
public final class ResourceCheck {
    /** Parameter-sized arrays on the heap: the parameters, theta_0, the gradient, the integrator's
     *  stages and trial point, the checkpoint's flat copy. */
    static final int HEAP_PARAMETER_COPIES = 7;
    /** (nC)^2 matrices at once: Theta, K_0, K_t, the eigen-decomposition's copies, the kernel machine's. */
    static final int GRAM_COPIES = 8;
    /** n x m buffers per hidden layer (activations, their derivatives, the Gram computation's blocks). */
    static final int ACTIVATION_COPIES = 4;

    private ResourceCheck() {
    }

    /** What a command needs: bytes on the heap and in native memory, and a description of the sizes. */
    public record Need(double heapBytes, double nativeBytes, String sizes) {
    }

    /** Thrown for sizes that cannot fit: bad input (exit code 2), with the numbers. */
    public static final class TooLargeException extends InvalidInputException {
        public TooLargeException(String message) {
            super(message);
        }
    }

    /** BlockVector of an fcn or resnet on inputs of dimension d, in double arithmetic (no overflow). */
    public static double parameterCount(String arch, double depth, double width, double dim, double outputs) {
        double first = dim * width + width;
        double hidden = arch.equals("resnet") ? depth * 2 * (width * width + width) : (depth - 1) * (width * width + width);
        return first + hidden + width * outputs;
    }

    /**
     * A training run of {@code config} on data of {@code size} (NaN counts are left out: they are
     * checked again once the data is loaded) with {@code outputs} network outputs.
     */
    public static Need training(TrainingConfig config, DataSize size, int outputs) {
        double n = orZero(size.trainSamples());
        double nTest = orZero(size.testSamples());
        double dim = Double.isNaN(size.dim()) ? 1 : size.dim();
        return network(config.arch(), config.depth(), config.width(), dim, outputs, n, nTest,
                config.observeKernel() || config.kernelMachine(), orZero(size.loadBytes()));
    }

    /** As {@link #training(TrainingConfig, DataSize, int)} with one output (the known minimum before loading). */
    public static Need training(TrainingConfig config, DataSize size) {
        return training(config, size, 1);
    }

    /**
     * A network of the given shape on n training and nTest test samples, with the n C x n C Gram
     * matrices when {@code gram} is set, after a load that takes {@code loadBytes}.
     */
    public static Need network(String arch, double depth, double width, double dim, double outputs, double n,
                               double nTest, boolean gram, double loadBytes) {
        double parameters = parameterCount(arch, depth, width, dim, outputs);
        double samples = n + nTest;
        double data = samples * (dim * Double.BYTES + Integer.BYTES);
        double nc = n * outputs;
        double grams = gram ? GRAM_COPIES * nc * nc * Double.BYTES + nTest * n * Double.BYTES * 2 : 0;
        double layers = arch.equals("resnet") ? 2 * depth + 1 : depth;
        double activations = ACTIVATION_COPIES * Math.max(samples, 1) * width * layers * Double.BYTES;
        double heap = Math.max(loadBytes, data) + HEAP_PARAMETER_COPIES * parameters * Double.BYTES + grams;
        double nativeBytes = parameters * Double.BYTES + activations;
        String sizes = String.format(Locale.ROOT, "%s with depth %s and width %s on %s samples of dimension %s: "
                + "%s parameters", arch, count(depth), count(width), count(samples), count(dim), count(parameters))
                + (gram && n > 0 ? ", Gram matrices of " + count(nc) + " x " + count(nc) : "");
        return new Need(heap, nativeBytes, sizes);
    }

    /** Loading a data set alone (the data spec's size). */
    public static Need data(DataSize size) {
        double samples = orZero(size.trainSamples()) + orZero(size.testSamples());
        double dim = orZero(size.dim());
        double bytes = Math.max(orZero(size.loadBytes()), samples * (dim * Double.BYTES + Integer.BYTES));
        return new Need(bytes, 0, count(samples) + " samples of dimension " + count(dim));
    }

    /** Throws {@link TooLargeException} when {@code need} cannot fit; {@code what} (or null) starts the message. */
    public static void requireFits(String what, Need need) {
        requireFits(what, need, Runtime.getRuntime().maxMemory(), physicalMemory());
    }

    static void requireFits(String what, Need need, double maxHeap, double physical) {
        if (!(need.heapBytes() <= maxHeap)) { // NaN or infinite: far too large as well
            throw new TooLargeException(prefix(what) + "too large for this JVM: " + need.sizes() + " need about "
                    + bytes(need.heapBytes()) + " of heap, but the heap limit is " + bytes(maxHeap)
                    + " (raise it with NTKLAB_JAVA_OPTS=-Xmx..., or make the problem smaller)");
        }
        double total = need.heapBytes() + need.nativeBytes();
        if (physical > 0 && !(total <= physical)) {
            throw new TooLargeException(prefix(what) + "too large for this machine: " + need.sizes() + " need about "
                    + bytes(total) + " of memory (heap and native), but the machine has " + bytes(physical));
        }
    }

    private static String prefix(String what) {
        return what == null || what.isEmpty() ? "" : what + ": ";
    }

    /** The machine's physical memory in bytes, or 0 when unknown. */
    static double physicalMemory() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getTotalMemorySize();
            }
        } catch (RuntimeException | LinkageError e) {
            // not a HotSpot JVM: only the heap is checked
        }
        return 0;
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    static String count(double v) {
        return v < 1e7 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    static String bytes(double b) {
        if (!Double.isFinite(b)) {
            return "an unbounded amount";
        }
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f bytes", b) : String.format(Locale.ROOT, "%.3g %s", b, units[u]);
    }
}
