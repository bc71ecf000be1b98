package org.ntklab.arch;

import java.util.ArrayList;
import java.util.List;
import org.ntklab.linalg.NativeMatrix;

/**
 * Reusable native buffers by shape. A forward or backward pass takes the buffers it needs and gives
 * them back when their contents are dead; the next pass at the same batch size finds them again, so
 * a training loop allocates only during its first step. Buffers are not zeroed on reuse: every user
 * overwrites what it takes. Few distinct shapes exist per network, so a linear scan beats hashing
 * (and allocates nothing).
 */
final class BufferPool implements AutoCloseable {
    private final List<Shelf> shelves = new ArrayList<>();
    private final List<NativeMatrix> all = new ArrayList<>();

    private static final class Shelf {
        final int rows;
        final int cols;
        final ArrayList<NativeMatrix> free = new ArrayList<>();

        Shelf(int rows, int cols) {
            this.rows = rows;
            this.cols = cols;
        }
    }

    /** A rows x cols buffer with unspecified contents. */
    NativeMatrix take(int rows, int cols) {
        Shelf shelf = shelf(rows, cols);
        int k = shelf.free.size();
        if (k > 0) {
            return shelf.free.remove(k - 1);
        }
        NativeMatrix m = NativeMatrix.uninitialized(rows, cols);
        all.add(m);
        return m;
    }

    /** Gives a buffer taken from this pool back; its contents become garbage. */
    void release(NativeMatrix m) {
        shelf(m.rows(), m.cols()).free.add(m);
    }

    private Shelf shelf(int rows, int cols) {
        for (int i = 0; i < shelves.size(); i++) {
            Shelf s = shelves.get(i);
            if (s.rows == rows && s.cols == cols) {
                return s;
            }
        }
        Shelf s = new Shelf(rows, cols);
        shelves.add(s);
        return s;
    }

    /** Bytes held by all buffers this pool ever allocated. */
    long bytes() {
        long b = 0;
        for (NativeMatrix m : all) {
            b += (long) m.size() * Double.BYTES;
        }
        return b;
    }

    @Override
    public void close() {
        for (NativeMatrix m : all) {
            m.close();
        }
        all.clear();
        shelves.clear();
    }
}
