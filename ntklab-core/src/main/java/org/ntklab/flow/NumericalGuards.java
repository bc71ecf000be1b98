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
     * As {@link #requireFiniteGradient}, and returns ||direction|| ({@link BlockVector#norm}, scaled
     * where the squares underflow: a gradient too small to square is still a direction to follow, not a
     * stationary point). The norm is NaN or infinite exactly when an entry is (or when it overflows), so
     * the entries are scanned only then, and the step size rule's norm costs no extra pass.
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
        double norm = direction.norm();
        return Double.isFinite(norm) || direction.allFinite() ? norm : Double.NaN;
    }

    /** Throws when rejections have shrunk the proposed step below {@link #SMALLEST_STEP}. */
    static void requireUsableStep(double proposedStep, long step, double time) {
        if (proposedStep < SMALLEST_STEP) {
            throw new NumericalFailureException(step, time, "step size (underflow)");
        }
    }
}
