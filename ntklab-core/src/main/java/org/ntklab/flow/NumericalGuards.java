package org.ntklab.flow;

import org.ntklab.linalg.BlockVector;

/**
 * The checks that stop an integrator (or a field evaluation) at the first non-finite number, with a
 * {@link NumericalFailureException} naming the step, the flow time and the quantity, rather than
 * integrating NaNs to t-max.
 */
public final class NumericalGuards {
    /**
     * A proposed step below this has underflowed: t + dt == t for every t above about 1e-284, and only
     * repeated rejections (a field that is not finite anywhere near the state) shrink a step this far.
     */
    static final double SMALLEST_STEP = 1e-300;

    private NumericalGuards() {
    }

    /** Throws, naming step and flow time, when the loss is not finite. */
    public static void requireFiniteLoss(double value, long step, double time) {
        if (!Double.isFinite(value)) {
            throw new NumericalFailureException(step, time, "loss (" + value + ")");
        }
    }

    /** Throws when the loss or an entry of the gradient (the flow's direction) is not finite. */
    public static void requireFiniteGradient(double value, BlockVector direction, long step, double time) {
        requireFiniteLoss(value, step, time);
        if (!direction.allFinite()) {
            throw new NumericalFailureException(step, time, "gradient entry " + direction.firstNonFinite());
        }
    }

    /**
     * Below this, ||g||^2 summed entry by entry has lost digits to underflow (entries under 1e-154 square
     * to denormals or 0): the norm is then taken with scaling.
     */
    static final double SMALLEST_PLAIN_SQUARED_NORM = 1e-200;

    /**
     * As {@link #requireFiniteGradient}, and returns ||direction||. The plain sum of squares is NaN or
     * infinite exactly when an entry is (or when it overflows), so the entries are scanned only then,
     * and the step size rule's norm costs no extra pass over the parameters. Where the sum of squares
     * overflows or underflows (cross-entropy past ln t ~ 230, where ||g|| < 1e-100) the norm is taken
     * with scaling, which is exact down to the smallest double: a gradient too small to square is
     * still a direction to follow, not a stationary point.
     */
    static double finiteNorm(double value, BlockVector direction, long step, double time) {
        requireFiniteLoss(value, step, time);
        double norm = normIfFinite(direction);
        if (Double.isNaN(norm)) {
            throw new NumericalFailureException(step, time, "gradient entry " + direction.firstNonFinite());
        }
        return norm;
    }

    /** ||direction|| as {@link #finiteNorm} takes it, or NaN when an entry is not finite. */
    static double normIfFinite(BlockVector direction) {
        double squaredNorm = direction.dot(direction);
        if (!Double.isFinite(squaredNorm)) {
            return direction.allFinite() ? direction.scaledNorm() : Double.NaN;
        }
        return squaredNorm < SMALLEST_PLAIN_SQUARED_NORM ? direction.scaledNorm() : Math.sqrt(squaredNorm);
    }

    /** Throws when rejections have shrunk the proposed step below {@link #SMALLEST_STEP}. */
    static void requireUsableStep(double proposedStep, long step, double time) {
        if (proposedStep < SMALLEST_STEP) {
            throw new NumericalFailureException(step, time, "step size (underflow)");
        }
    }
}
