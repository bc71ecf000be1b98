package org.ntklab.linalg;

import java.util.ArrayList;
import java.util.List;

/**
 * A state vector as named blocks in a fixed order: a network's trainable parameters (one block per
 * weight matrix or bias vector), or the kernel machine's state. Vector-space operations treat the
 * blocks as one long vector theta; the integrators of {@code org.ntklab.flow} work on it.
 *
 * <p>An owner may keep a faster mirror of the values ({@link #deferSync}). After a network's descent
 * step the newest weight values live in the network's native buffers:
 * descent steps update them in place and copy nothing to the heap. Every method of this class brings
 * the heap blocks up to date first (one copy, only when a step has run since the last one), so
 * callers see current values. A modification count ({@link #version()}) tells the network whether the
 * values changed since it last wrote them, i.e. whether its next pass must copy them to native
 * memory again. Every method that changes values counts, and so does handing out a live block
 * ({@link #block}). So an array obtained from {@link #block} is valid until the next
 * a network's descent step of a network using these parameters: fetch it again after one.
 *
 * <p>A block may also be held as a low-rank product ({@link #setProduct}): the weight gradient of a
 * dense layer on n samples, g^T z, has rank n, and for a wide layer (m x m weights, n = 6 points) its
 * factors are a thousand times smaller than the matrix. The integrator's updates, the norm and the
 * finiteness check use the factors directly ({@link #saveAndAddScaled}, {@link #setToBasePlusScaled},
 * {@link #dot}, {@link #allFinite}), which saves the passes over memory that forming, copying and
 * reading the m x m gradient cost; every other method forms the dense block first, so callers see
 * ordinary arrays.
 */
public final class BlockVector {
    private final List<String> names;
    private final List<double[]> blocks;
    private long version;
    /** Set while a network holds newer weight values than these blocks (see a network's descent step). */
    private Runnable deferredSync;
    /** ||theta||^2 as recorded by {@link #recordSquaredNorm}, valid while version == squaredNormVersion. */
    private double squaredNorm;
    private long squaredNormVersion = -1;
    /** Block k as a product where products[k] is set (its dense array is then stale), else null. */
    private final LowRankProduct[] products;

    public BlockVector(List<String> names, List<double[]> blocks) {
        if (names.size() != blocks.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + blocks.size() + " blocks");
        }
        this.names = List.copyOf(names);
        this.blocks = new ArrayList<>(blocks);
        this.products = new LowRankProduct[blocks.size()];
    }

    /** Zeros with the same block shapes. */
    public BlockVector zerosLike() {
        List<double[]> zeros = new ArrayList<>();
        for (double[] b : blocks) {
            zeros.add(new double[b.length]);
        }
        return new BlockVector(names, zeros);
    }

    public BlockVector copy() {
        List<double[]> copies = new ArrayList<>();
        for (double[] b : live()) {
            copies.add(b.clone());
        }
        return new BlockVector(names, copies);
    }

    public int blockCount() {
        return blocks.size();
    }

    /** The live block i: writing into it changes the parameters (this counts as a modification). */
    public double[] block(int i) {
        syncDeferred();
        materialize(i);
        version++;
        return blocks.get(i);
    }

    /**
     * Sets block k, a rows x cols matrix stored row-major with rows = left.cols() and
     * cols = right.cols(), to left^T right (a sum of left.rows() outer products), keeping copies of the
     * two factors instead of forming the matrix. Methods that need the dense block form it then, row by
     * row with {@link LowRankProduct#row}, so every path gives the same numbers.
     */
    public void setProduct(int k, NativeMatrix left, NativeMatrix right) {
        if (left.rows() != right.rows() || (long) left.cols() * right.cols() != blocks.get(k).length) {
            throw new IllegalArgumentException("a product of " + left.shape() + "^T and " + right.shape()
                    + " does not fit block " + names.get(k) + " of " + blocks.get(k).length + " entries");
        }
        syncDeferred();
        version++;
        LowRankProduct p = products[k];
        if (p == null || !p.fits(left.rows(), left.cols(), right.cols())) {
            p = new LowRankProduct(left.rows(), left.cols(), right.cols());
        }
        p.copyFrom(left, right);
        products[k] = p;
    }

    /**
     * out += alpha x B^T (transposed: B is block k, rows x cols, x is n x cols) or out += alpha x B
     * (x is n x rows), for block k held as a product ({@link #setProduct}): from its two factors,
     * without forming it. A network evaluates at theta + alpha B this way, W z + alpha (B z), reading
     * only its own weights ({@code Network#traceDisplaced}).
     */
    public void multiplyAddProduct(int k, double alpha, NativeMatrix x, boolean transposed, NativeMatrix out) {
        syncDeferred();
        LowRankProduct p = products[k];
        if (p == null) {
            throw new IllegalStateException("block " + names.get(k) + " is not held as a product");
        }
        p.multiplyAdd(alpha, x, transposed, out);
    }

    /**
     * Block k for reading only (formed first when it is a product). Unlike {@link #block} this does
     * not count as a modification, so the caller must not write into it.
     */
    public double[] values(int k) {
        return denseBlock(k);
    }

    /** Whether block k is held as a product ({@link #setProduct}). */
    public boolean isProduct(int k) {
        return products[k] != null;
    }

    /** Block k as a dense array again (no-op when it is one). */
    private void materialize(int k) {
        LowRankProduct p = products[k];
        if (p == null) {
            return;
        }
        double[] a = blocks.get(k);
        ParallelLoops.forRange(p.rows, (long) p.rank * p.cols, (from, to) -> {
            double[] row = new double[p.cols];
            for (int r = from; r < to; r++) {
                p.row(r, row);
                System.arraycopy(row, 0, a, r * p.cols, p.cols);
            }
        });
        products[k] = null;
    }

    /** Forgets the products of this vector: for methods about to overwrite every value. */
    private void dropProducts() {
        java.util.Arrays.fill(products, null);
    }

    /**
     * Records that {@code sync} will bring the heap blocks up to date (a network's native weights are
     * ahead of them); it runs before any method of this class reads or writes values. A pending sync of
     * another network runs first.
     */
    public void deferSync(Runnable sync) {
        if (deferredSync != null && deferredSync != sync) {
            syncDeferred();
        }
        deferredSync = sync;
    }

    /** Runs the pending sync, if any: afterwards the heap blocks hold the current values. */
    public void syncDeferred() {
        Runnable sync = deferredSync;
        if (sync != null) {
            deferredSync = null;
            sync.run();
        }
    }

    /** Forgets a pending sync: for callers about to overwrite every value. */
    public void dropDeferredSync() {
        deferredSync = null;
    }

    /** The blocks, up to date and dense. */
    private List<double[]> live() {
        syncDeferred();
        for (int k = 0; k < products.length; k++) {
            materialize(k);
        }
        return blocks;
    }

    /** Block k, dense (formed first when it is a product). */
    private double[] denseBlock(int k) {
        syncDeferred();
        materialize(k);
        return blocks.get(k);
    }

    /** The dense blocks as they are, for methods that handle products themselves (after syncDeferred). */
    private List<double[]> raw() {
        syncDeferred();
        return blocks;
    }

    /** Counts modifications: changes whenever values may have changed through this object. */
    public long version() {
        return version;
    }

    /** Records that values were changed other than through this object (a network's initialisation). */
    public void markModified() {
        version++;
    }

    public String name(int i) {
        return names.get(i);
    }

    public List<String> names() {
        return names;
    }

    /** Total number of scalar parameters. */
    public long count() {
        long c = 0;
        for (double[] b : blocks) {
            c += b.length;
        }
        return c;
    }

    /** this += alpha * other (large blocks on both cores; each entry's arithmetic is the same either way). */
    public void addScaled(double alpha, BlockVector other) {
        requireSameShape(other);
        version++;
        for (int k = 0; k < blocks.size(); k++) {
            double[] a = denseBlock(k);
            double[] b = other.denseBlock(k);
            ParallelLoops.forRange(a.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    a[i] += alpha * b[i];
                }
            });
        }
    }

    /**
     * saveTo = this, then this += alpha * other, in one pass over memory (the same numbers as
     * {@code saveTo.setFrom(this); this.addScaled(alpha, other)}).
     */
    public void saveAndAddScaled(BlockVector saveTo, double alpha, BlockVector other) {
        requireSameShape(saveTo);
        requireSameShape(other);
        version++;
        saveTo.version++;
        saveTo.syncDeferred();
        saveTo.dropProducts();
        for (int k = 0; k < blocks.size(); k++) {
            materialize(k);
            double[] a = raw().get(k);
            double[] saved = saveTo.raw().get(k);
            LowRankProduct p = other.productOrNull(k);
            if (p != null) {
                ParallelLoops.forRange(p.rows, (long) p.rank * p.cols, (from, to) -> {
                    double[] row = new double[p.cols];
                    for (int r = from; r < to; r++) {
                        p.row(r, row);
                        for (int c = 0, i = r * p.cols; c < p.cols; c++, i++) {
                            saved[i] = a[i];
                            a[i] += alpha * row[c];
                        }
                    }
                });
                continue;
            }
            double[] b = other.denseBlock(k);
            ParallelLoops.forRange(a.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    saved[i] = a[i];
                    a[i] += alpha * b[i];
                }
            });
        }
    }

    /**
     * this = (base + alpha * x) + alpha * y, entry by entry, in one pass over memory: the same numbers
     * as {@code setFrom(base); addScaled(alpha, x); addScaled(alpha, y)} (a Heun step's update).
     */
    public void setToBasePlusScaled(BlockVector base, double alpha, BlockVector x, BlockVector y) {
        requireSameShape(base);
        requireSameShape(x);
        requireSameShape(y);
        version++;
        for (int k = 0; k < blocks.size(); k++) {
            double[] b0 = base.denseBlock(k);
            products[k] = null; // every entry is overwritten
            double[] a = raw().get(k);
            LowRankProduct px = x.productOrNull(k);
            LowRankProduct py = y.productOrNull(k);
            if (px != null || py != null) {
                double[] bx = px == null ? x.denseBlock(k) : null;
                double[] by = py == null ? y.denseBlock(k) : null;
                int rows = px != null ? px.rows : py.rows;
                int cols = a.length / rows;
                long work = (long) cols * ((px == null ? 1 : px.rank) + (py == null ? 1 : py.rank));
                ParallelLoops.forRange(rows, work, (from, to) -> {
                    double[] rowX = px == null ? null : new double[cols];
                    double[] rowY = py == null ? null : new double[cols];
                    for (int r = from; r < to; r++) {
                        int o = r * cols;
                        if (px != null) {
                            px.row(r, rowX);
                        }
                        if (py != null) {
                            py.row(r, rowY);
                        }
                        for (int c = 0; c < cols; c++) {
                            double v = b0[o + c] + alpha * (px != null ? rowX[c] : bx[o + c]);
                            a[o + c] = v + alpha * (py != null ? rowY[c] : by[o + c]);
                        }
                    }
                });
                continue;
            }
            double[] bx = x.denseBlock(k);
            double[] by = y.denseBlock(k);
            ParallelLoops.forRange(a.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    double v = b0[i] + alpha * bx[i];
                    a[i] = v + alpha * by[i];
                }
            });
        }
    }

    public void fill(double value) {
        version++;
        syncDeferred();
        dropProducts();
        for (double[] b : live()) {
            java.util.Arrays.fill(b, value);
        }
    }

    /** Overwrites this with other's values. */
    public void setFrom(BlockVector other) {
        requireSameShape(other);
        version++;
        syncDeferred();
        dropProducts();
        for (int k = 0; k < blocks.size(); k++) {
            System.arraycopy(other.denseBlock(k), 0, raw().get(k), 0, raw().get(k).length);
        }
    }

    /**
     * Records ||this||^2, computed by whoever just wrote these values (a fused gradient evaluation
     * sums the squares as it writes them): {@code dot(this)} returns it, without a pass over memory,
     * until the values next change.
     */
    public void recordSquaredNorm(double squaredNorm) {
        this.squaredNorm = squaredNorm;
        this.squaredNormVersion = version;
    }

    public double dot(BlockVector other) {
        if (other == this && squaredNormVersion == version && deferredSync == null) {
            return squaredNorm;
        }
        requireSameShape(other);
        if (other == this) {
            return squaredNorm();
        }
        double s = 0;
        for (int k = 0; k < blocks.size(); k++) {
            double[] a = denseBlock(k);
            double[] b = other.denseBlock(k);
            for (int i = 0; i < a.length; i++) {
                s += a[i] * b[i];
            }
        }
        return s;
    }

    /** ||this||^2, products from their factors (the dense entries are never formed). */
    private double squaredNorm() {
        double s = 0;
        for (int k = 0; k < blocks.size(); k++) {
            LowRankProduct p = productOrNull(k);
            if (p != null) {
                s += p.squaredNorm();
                continue;
            }
            double[] a = raw().get(k);
            for (double v : a) {
                s += v * v;
            }
        }
        return s;
    }

    /** The product that holds block k, or null when the block is dense (after any pending sync). */
    private LowRankProduct productOrNull(int k) {
        syncDeferred();
        return products[k];
    }

    /**
     * Below this, a sum of squares has lost digits to underflow (entries under 1e-154 square to
     * denormals or 0), and {@link #norm} takes the norm with scaling instead.
     */
    static final double SMALLEST_PLAIN_SQUARED_NORM = 1e-200;

    /**
     * ||this||: the square root of the sum of squares (free when a fused evaluation recorded it), or,
     * where that sum underflows or overflows, the norm with scaling, exact down to the smallest
     * double. Late under cross-entropy a gradient's squares underflow while the gradient is still a
     * direction to follow. NaN or infinite when an entry is.
     */
    public double norm() {
        double squaredNorm = dot(this);
        return Double.isFinite(squaredNorm) && squaredNorm >= SMALLEST_PLAIN_SQUARED_NORM ? Math.sqrt(squaredNorm)
                : scaledNorm();
    }

    /**
     * ||this||, computed with scaling (the largest |entry| factored out) so that it neither underflows
     * nor overflows while the norm itself is a finite double; two passes. 0 when every entry is 0, NaN
     * or infinite when an entry is.
     */
    private double scaledNorm() {
        double largest = 0;
        for (double[] a : live()) {
            for (double v : a) {
                largest = Math.max(largest, Math.abs(v));
            }
        }
        if (largest == 0 || !Double.isFinite(largest)) {
            return largest;
        }
        double s = 0;
        for (double[] a : live()) {
            for (double v : a) {
                double r = v / largest;
                s += r * r;
            }
        }
        return largest * Math.sqrt(s);
    }

    /** ||this - other||. */
    public double distance(BlockVector other) {
        requireSameShape(other);
        double s = 0;
        for (int k = 0; k < blocks.size(); k++) {
            double[] a = denseBlock(k);
            double[] b = other.denseBlock(k);
            for (int i = 0; i < a.length; i++) {
                double d = a[i] - b[i];
                s += d * d;
            }
        }
        return Math.sqrt(s);
    }

    /**
     * Whether every entry is finite, in one branch-free pass on both cores (v * 0 is 0 for finite v
     * and NaN otherwise; four independent sums per chunk).
     */
    public boolean allFinite() {
        if (squaredNormVersion == version && deferredSync == null && Double.isFinite(squaredNorm)) {
            return true; // a finite recorded sum of squares: every entry is finite
        }
        boolean[] bad = new boolean[1];
        for (int k = 0; k < blocks.size(); k++) {
            LowRankProduct p = productOrNull(k);
            if (p != null && p.factorsFinite() && Double.isFinite(p.squaredNorm())) {
                continue; // a finite sum of squares: every entry is finite
            }
            double[] a = denseBlock(k);
            ParallelLoops.forRange(a.length, (from, to) -> {
                double c0 = 0;
                double c1 = 0;
                double c2 = 0;
                double c3 = 0;
                int i = from;
                for (; i + 3 < to; i += 4) {
                    c0 += a[i] * 0.0;
                    c1 += a[i + 1] * 0.0;
                    c2 += a[i + 2] * 0.0;
                    c3 += a[i + 3] * 0.0;
                }
                for (; i < to; i++) {
                    c0 += a[i] * 0.0;
                }
                if ((c0 + c1) + (c2 + c3) != 0.0) {
                    bad[0] = true; // only ever set to true; the join publishes it
                }
            });
            if (bad[0]) {
                return false;
            }
        }
        return true;
    }

    /** The first non-finite entry as "name[index]", or null when all are finite. */
    public String firstNonFinite() {
        for (int k = 0; k < blocks.size(); k++) {
            double[] a = denseBlock(k);
            for (int i = 0; i < a.length; i++) {
                if (!Double.isFinite(a[i])) {
                    return names.get(k) + "[" + i + "]";
                }
            }
        }
        return null;
    }

    /** All blocks concatenated (for tests, Jacobians and checkpoints). */
    public double[] flatten() {
        long n = count();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(n + " parameters do not fit one array");
        }
        double[] flat = new double[(int) n];
        int o = 0;
        for (double[] b : live()) {
            System.arraycopy(b, 0, flat, o, b.length);
            o += b.length;
        }
        return flat;
    }

    /** Overwrites the blocks from a flat vector laid out as {@link #flatten()}. */
    public void unflatten(double[] flat) {
        if (flat.length != count()) {
            throw new IllegalArgumentException("flat vector has " + flat.length + " entries, expected " + count());
        }
        version++;
        syncDeferred();
        dropProducts();
        int o = 0;
        for (double[] b : live()) {
            System.arraycopy(flat, o, b, 0, b.length);
            o += b.length;
        }
    }

    private void requireSameShape(BlockVector other) {
        if (other.blocks.size() != blocks.size()) {
            throw new IllegalArgumentException("parameter sets differ: " + blocks.size() + " against "
                    + other.blocks.size() + " blocks");
        }
        for (int k = 0; k < blocks.size(); k++) {
            if (blocks.get(k).length != other.blocks.get(k).length) {
                throw new IllegalArgumentException("parameter block " + names.get(k) + " differs in size");
            }
        }
    }
}
