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
     * As {@link #requireFiniteGradient}, and returns ||direction||^2: the sum is NaN or infinite exactly
     * when an entry is (or when it overflows), so the entries are scanned only then, and the step size
     * rule's norm costs no extra pass over the parameters.
     */
    static double finiteSquaredNorm(double value, BlockVector direction, long step, double time) {
        requireFiniteLoss(value, step, time);
        double squaredNorm = direction.dot(direction);
        if (!Double.isFinite(squaredNorm)) {
            String bad = direction.firstNonFinite();
            if (bad != null) {
                throw new NumericalFailureException(step, time, "gradient entry " + bad);
            }
        }
        if (squaredNorm == 0 && direction.anyNonZero()) {
            // every g_i^2 underflowed (||g|| below about 1e-162, e.g. cross-entropy past ln t ~ 370): the
            // step rule would take the flow for stationary and skip ahead without moving, silently
            throw new NumericalFailureException(step, time, "gradient norm",
                    "the gradient is too small for double precision at step " + step + ", flow time t = " + time
                            + " (loss " + value + "): its squared norm underflows to 0, so the flow cannot "
                            + "follow it further; end the run earlier (--t-max, --stop-at-d-inf)");
        }
        return squaredNorm;
    }

    /** Throws when rejections have shrunk the proposed step below {@link #SMALLEST_STEP}. */
    static void requireUsableStep(double proposedStep, long step, double time) {
        if (proposedStep < SMALLEST_STEP) {
            throw new NumericalFailureException(step, time, "step size (underflow)");
        }
    }
}
