package org.ntklab.linalg;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a large product is cut into output blocks, and who runs them. The cut depends on the shape
 * alone, never on the thread count, so a product gives the same bits on one thread as on eight:
 * only who computes each block changes (see {@link Blas}).
 */
final class Partition {
    /** Products with fewer multiply-adds than this run as one call: splitting would cost more than it gains. */
    static final long MIN_SPLIT_WORK = 1L << 21;
    /** Smallest extent of a block along the split dimension. */
    static final int MIN_BLOCK_EXTENT = 64;
    /** At most this many blocks: a power of two, so that 1, 2, 4 or 8 threads share them evenly. */
    static final int MAX_BLOCKS = 8;

    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(runnable -> {
        Thread t = new Thread(runnable, "ntklab-products");
        t.setDaemon(true);
        return t;
    });

    private Partition() {
    }

    /** One block of a split product; {@code shared} is true when blocks run on several threads at once. */
    @FunctionalInterface
    interface Block {
        void run(int block, boolean shared);
    }

    /** Blocks for C (m x n) = op(A) (m x k) op(B) (k x n), split along the longer side of C. */
    static int gemmBlocks(int m, int n, int k) {
        return blocks((long) m * n * k, Math.max(m, n));
    }

    /** Row bands for the lower triangle of the n x n product A A^T, A n x k. */
    static int syrkBlocks(int n, int k) {
        return blocks((long) n * (n + 1) / 2 * k, n);
    }

    private static int blocks(long work, int extent) {
        if (work < MIN_SPLIT_WORK) {
            return 1;
        }
        return Math.min(MAX_BLOCKS, Integer.highestOneBit(Math.max(1, extent / MIN_BLOCK_EXTENT)));
    }

    /** Start of block {@code b} of {@code blocks} equal parts of [0, extent). */
    static int evenStart(int extent, int blocks, int b) {
        return (int) ((long) extent * b / blocks);
    }

    /**
     * Start of row band {@code b} of {@code blocks} bands of an n x n lower triangle that hold about
     * the same number of entries: band b starts at n sqrt(b / blocks).
     */
    static int triangleStart(int n, int blocks, int b) {
        if (b >= blocks) {
            return n;
        }
        return (int) Math.round(n * Math.sqrt((double) b / blocks));
    }

    /** Runs blocks 0 .. blocks-1 on up to {@link Blas#threads()} threads, the caller among them. */
    static void run(int blocks, Block body) {
        int threads = Math.min(Blas.threads(), blocks);
        if (threads <= 1) {
            for (int b = 0; b < blocks; b++) {
                body.run(b, false);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int b = next.getAndIncrement(); b < blocks; b = next.getAndIncrement()) {
                body.run(b, true);
            }
        };
        Future<?>[] helpers = new Future<?>[threads - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = WORKERS.submit(worker);
        }
        RuntimeException failure = null;
        try {
            worker.run();
        } catch (RuntimeException e) {
            failure = e;
        }
        // wait for every helper, even when interrupted: they write into the caller's buffers
        boolean interrupted = false;
        for (Future<?> helper : helpers) {
            while (true) {
                try {
                    helper.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (failure == null) {
                        failure = cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
