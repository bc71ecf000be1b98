package org.ntklab.train;

import org.ntklab.arch.Parameters;

/**
 * A flow d(state)/dt = -direction(state): gradient flow of a network (direction = dL/dtheta), or the
 * kernel machine's dynamics. Integrators move {@link #state()} in place.
 */
public interface GradientField {

    /** The live state vector. */
    Parameters state();

    /**
     * Writes the direction at the current state into {@code direction} and returns the objective value
     * there (the training loss).
     */
    double evaluate(Parameters direction);

    /**
     * -dL/dt along the flow at the point where {@code direction} was evaluated, given
     * {@code squaredNorm} = ||direction||^2 (which the integrator has computed anyway): that is the
     * rate of a plain gradient flow; fields whose direction is not the objective's gradient override it.
     */
    default double decreaseRate(Parameters direction, double squaredNorm) {
        return squaredNorm;
    }

    /**
     * True when the objective attains its minimum value 0 (squared loss), so that a loss at the
     * rounding floor of its residuals means the flow has arrived; false when the infimum is only
     * approached as t grows (cross-entropy on separable data), where a tiny loss still moves.
     */
    default boolean attainsMinimum() {
        return false;
    }
}
