package org.ntklab.linalg;

import java.nio.DoubleBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A dense row-major matrix of doubles stored outside the Java heap, so that native BLAS reads and
 * writes it in place. Calls on {@link Matrix} pass Java arrays, which the JNI layer copies into and
 * out of freshly allocated native memory on every call; for the hot loops (forward and backward
 * passes, Gram products) that copying costs as much as the arithmetic. Buffers of this type are
 * allocated once and reused (workspaces keyed by batch size), and released with {@link #close()}.
 *
 * <p>Where native BLAS is unavailable ({@code -Dntklab.pureJava=true}, or no binary for the
 * platform) the storage is a heap array and {@link Blas} uses its Java products; the API is the same.
 *
 * <p>Element access goes through {@link #buffer()}, a {@link DoubleBuffer} view of the storage
 * (absolute get/put by row-major index). Not thread-safe; a buffer belongs to one computation.
 */
public final class NativeMatrix implements AutoCloseable {
    /** Largest number of entries: a DoubleBuffer view is indexed by int bytes / 8. */
    public static final int MAX_ENTRIES = Integer.MAX_VALUE / Double.BYTES;

    /** Bytes of storage allocated by all instances so far (never decreases); see {@link #allocatedBytes()}. */
    private static final AtomicLong ALLOCATED_BYTES = new AtomicLong();
    /** Largest {@link Pointer#totalBytes()} seen just after an allocation; see {@link #peakNativeBytes()}. */
    private static final AtomicLong PEAK_NATIVE_BYTES = new AtomicLong();

    private final int rows;
    private final int cols;
    /** Native storage, or null in the pure-Java fallback. */
    private DoublePointer pointer;
    private DoubleBuffer buffer;
    /** Non-owning pointers onto the storage, one per BLAS operand slot (A, B, C), made on first use. */
    private final DoublePointer[] views = new DoublePointer[3];

    private NativeMatrix(int rows, int cols, boolean zero) {
        long size = (long) rows * cols;
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative matrix shape " + rows + "x" + cols);
        }
        if (size > MAX_ENTRIES) {
            throw new IllegalArgumentException("native matrix " + rows + "x" + cols + " has more than "
                    + MAX_ENTRIES + " entries");
        }
        this.rows = rows;
        this.cols = cols;
        if (Blas.isNative()) {
            // at least one element so that empty matrices still have a valid address
            pointer = new DoublePointer(Math.max(size, 1));
            ALLOCATED_BYTES.addAndGet(Math.max(size, 1) * Double.BYTES);
            PEAK_NATIVE_BYTES.accumulateAndGet(Pointer.totalBytes(), Math::max);
            if (zero) {
                Pointer.memset(pointer, 0, Math.max(size, 1) * Double.BYTES);
            }
            buffer = pointer.limit(size).asBuffer();
        } else {
            buffer = DoubleBuffer.wrap(new double[(int) size]);
            ALLOCATED_BYTES.addAndGet(size * Double.BYTES);
        }
    }

    /**
     * Bytes of storage allocated by all native matrices since the JVM started, freed or not (native
     * memory, or heap arrays in the pure-Java fallback). The difference between two readings is what
     * the code in between allocated: a measurement aid (the benchmarks' allocation checks).
     */
    public static long allocatedBytes() {
        return ALLOCATED_BYTES.get();
    }

    /**
     * The largest amount of live JavaCPP native memory ({@link Pointer#totalBytes()}, all native
     * matrices and any other JavaCPP allocation) seen just after a native-matrix allocation since the
     * last {@link #resetPeakNativeBytes()}. Native matrices are the only native allocations on the
     * hot paths, and live native memory rises only when one is allocated, so this is the exact peak of
     * what they hold; a measurement aid.
     */
    public static long peakNativeBytes() {
        return Math.max(PEAK_NATIVE_BYTES.get(), Pointer.totalBytes());
    }

    /** Starts a new peak: {@link #peakNativeBytes()} from the native memory live now. */
    public static void resetPeakNativeBytes() {
        PEAK_NATIVE_BYTES.set(Pointer.totalBytes());
    }

    /** A zero-filled rows x cols matrix. */
    public static NativeMatrix zeros(int rows, int cols) {
        return new NativeMatrix(rows, cols, true);
    }

    /**
     * A rows x cols matrix whose contents are unspecified (native memory is not cleared), for buffers
     * that are always overwritten before being read.
     */
    public static NativeMatrix uninitialized(int rows, int cols) {
        return new NativeMatrix(rows, cols, false);
    }

    /** A copy of a heap matrix. */
    public static NativeMatrix copyOf(Matrix m) {
        NativeMatrix n = new NativeMatrix(m.rows(), m.cols(), false);
        n.copyFrom(m.data());
        return n;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int size() {
        return rows * cols;
    }

    public String shape() {
        return rows + "x" + cols;
    }

    public boolean hasShape(int r, int c) {
        return rows == r && cols == c;
    }

    /** Row-major view of the storage: entry (i, j) is at index i * cols + j. */
    public DoubleBuffer buffer() {
        requireOpen();
        return buffer;
    }

    /** The native storage for BLAS calls, or null in the pure-Java fallback. */
    DoublePointer pointer() {
        requireOpen();
        return pointer;
    }

    /** A reusable non-owning pointer onto the storage for BLAS operand {@code slot} (0, 1 or 2). */
    DoublePointer view(int slot) {
        DoublePointer p = pointer();
        DoublePointer v = views[slot];
        if (v == null) {
            v = new DoublePointer(p);
            views[slot] = v;
        }
        return v;
    }

    /** The heap array in the pure-Java fallback, or null when the storage is native. */
    double[] heapArray() {
        requireOpen();
        return buffer.hasArray() ? buffer.array() : null;
    }

    public double get(int i, int j) {
        return buffer().get(i * cols + j);
    }

    public void set(int i, int j, double v) {
        buffer().put(i * cols + j, v);
    }

    /** Overwrites all entries with the row-major {@code values} (length rows * cols). */
    public void copyFrom(double[] values) {
        if (values.length != size()) {
            throw new IllegalArgumentException(values.length + " values for a " + shape() + " matrix");
        }
        DoubleBuffer b = buffer();
        ParallelLoops.forRange(values.length, (from, to) -> b.put(from, values, from, to - from));
    }

    public void copyFrom(Matrix m) {
        if (m.rows() != rows || m.cols() != cols) {
            throw new IllegalArgumentException("copy of a " + m.shape() + " matrix into a " + shape() + " one");
        }
        copyFrom(m.data());
    }

    /** Copies all entries, row-major, into {@code out} (length rows * cols). */
    public void copyTo(double[] out) {
        if (out.length != size()) {
            throw new IllegalArgumentException("copy of a " + shape() + " matrix into " + out.length + " values");
        }
        DoubleBuffer b = buffer();
        ParallelLoops.forRange(out.length, (from, to) -> b.get(from, out, from, to - from));
    }

    /** A heap copy. */
    public Matrix toMatrix() {
        Matrix m = new Matrix(rows, cols);
        copyTo(m.data());
        return m;
    }

    public void fill(double value) {
        DoubleBuffer b = buffer();
        if (value == 0.0 && pointer != null) {
            Pointer.memset(pointer, 0, (long) size() * Double.BYTES);
            return;
        }
        for (int k = 0, n = size(); k < n; k++) {
            b.put(k, value);
        }
    }

    public boolean isClosed() {
        return buffer == null;
    }

    /** Releases the storage now rather than at garbage collection. Further use throws. */
    @Override
    public void close() {
        if (pointer != null) {
            java.util.Arrays.fill(views, null);
            pointer.close();
            pointer = null;
        }
        buffer = null;
    }

    private void requireOpen() {
        if (buffer == null) {
            throw new IllegalStateException("native matrix " + shape() + " was closed");
        }
    }

    @Override
    public String toString() {
        return "NativeMatrix[" + shape() + (pointer == null ? ", heap" : "") + "]";
    }
}
