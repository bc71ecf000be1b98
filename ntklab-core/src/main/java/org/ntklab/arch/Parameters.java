package org.ntklab.arch;

import java.util.ArrayList;
import java.util.List;
import org.ntklab.linalg.ParallelLoops;

/**
 * All trainable parameters of a network, as named blocks (one per weight matrix or bias vector) in a
 * fixed order. Vector-space operations treat the blocks as one long vector theta.
 */
public final class Parameters {
    private final List<String> names;
    private final List<double[]> blocks;

    public Parameters(List<String> names, List<double[]> blocks) {
        if (names.size() != blocks.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + blocks.size() + " blocks");
        }
        this.names = List.copyOf(names);
        this.blocks = new ArrayList<>(blocks);
    }

    /** Zeros with the same block shapes. */
    public Parameters zerosLike() {
        List<double[]> zeros = new ArrayList<>();
        for (double[] b : blocks) {
            zeros.add(new double[b.length]);
        }
        return new Parameters(names, zeros);
    }

    public Parameters copy() {
        List<double[]> copies = new ArrayList<>();
        for (double[] b : blocks) {
            copies.add(b.clone());
        }
        return new Parameters(names, copies);
    }

    public int blockCount() {
        return blocks.size();
    }

    public double[] block(int i) {
        return blocks.get(i);
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
    public void addScaled(double alpha, Parameters other) {
        requireSameShape(other);
        for (int k = 0; k < blocks.size(); k++) {
            double[] a = blocks.get(k);
            double[] b = other.blocks.get(k);
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
    public void saveAndAddScaled(Parameters saveTo, double alpha, Parameters other) {
        requireSameShape(saveTo);
        requireSameShape(other);
        for (int k = 0; k < blocks.size(); k++) {
            double[] a = blocks.get(k);
            double[] saved = saveTo.blocks.get(k);
            double[] b = other.blocks.get(k);
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
    public void setToBasePlusScaled(Parameters base, double alpha, Parameters x, Parameters y) {
        requireSameShape(base);
        requireSameShape(x);
        requireSameShape(y);
        for (int k = 0; k < blocks.size(); k++) {
            double[] a = blocks.get(k);
            double[] b0 = base.blocks.get(k);
            double[] bx = x.blocks.get(k);
            double[] by = y.blocks.get(k);
            ParallelLoops.forRange(a.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    double v = b0[i] + alpha * bx[i];
                    a[i] = v + alpha * by[i];
                }
            });
        }
    }

    public void fill(double value) {
        for (double[] b : blocks) {
            java.util.Arrays.fill(b, value);
        }
    }

    /** Overwrites this with other's values. */
    public void setFrom(Parameters other) {
        requireSameShape(other);
        for (int k = 0; k < blocks.size(); k++) {
            System.arraycopy(other.blocks.get(k), 0, blocks.get(k), 0, blocks.get(k).length);
        }
    }

    public double dot(Parameters other) {
        requireSameShape(other);
        double s = 0;
        for (int k = 0; k < blocks.size(); k++) {
            double[] a = blocks.get(k);
            double[] b = other.blocks.get(k);
            for (int i = 0; i < a.length; i++) {
                s += a[i] * b[i];
            }
        }
        return s;
    }

    public double norm() {
        return Math.sqrt(dot(this));
    }

    /** ||this - other||. */
    public double distance(Parameters other) {
        requireSameShape(other);
        double s = 0;
        for (int k = 0; k < blocks.size(); k++) {
            double[] a = blocks.get(k);
            double[] b = other.blocks.get(k);
            for (int i = 0; i < a.length; i++) {
                double d = a[i] - b[i];
                s += d * d;
            }
        }
        return Math.sqrt(s);
    }

    /** The first non-finite entry as "name[index]", or null when all are finite. */
    public String firstNonFinite() {
        for (int k = 0; k < blocks.size(); k++) {
            double[] a = blocks.get(k);
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
        for (double[] b : blocks) {
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
        int o = 0;
        for (double[] b : blocks) {
            System.arraycopy(flat, o, b, 0, b.length);
            o += b.length;
        }
    }

    private void requireSameShape(Parameters other) {
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
