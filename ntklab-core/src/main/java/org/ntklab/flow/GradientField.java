package org.ntklab.flow;

import org.ntklab.linalg.BlockVector;

/**
 * A flow d(state)/dt = -direction(state): gradient flow of a network (direction = dL/dtheta), or the
 * kernel machine's dynamics. Integrators move {@link #state()} in place.
 */
public interface GradientField {

    /** The live state vector. */
    BlockVector state();

    /**
     * Writes the direction at the current state into {@code direction} and returns the objective value
     * there (the training loss).
     */
    double evaluate(BlockVector direction);

    /**
     * True when {@link #evaluateDisplaced} evaluates off the state without moving it (a network that
     * adds a low-rank step to its products); integrators then take their trial points that way.
     */
    default boolean evaluatesDisplaced() {
        return false;
    }

    /**
     * As {@link #evaluate} at state + scale * step, with the state left exactly as it is. Only for
     * fields whose {@link #evaluatesDisplaced()} is true; {@code step} must not be {@code direction}.
     */
    default double evaluateDisplaced(double scale, BlockVector step, BlockVector direction) {
        throw new UnsupportedOperationException("this field cannot evaluate off its state");
    }

    /**
     * The loss decrease that a step of flow time {@code dt} would make to first order, dt * (-dL/dt),
     * at the point where {@code direction} was evaluated, given {@code norm} = ||direction|| (which the
     * integrator has computed anyway). For a plain gradient flow that is dt ||g||^2, formed as
     * (dt ||g||) ||g|| because ||g||^2 alone underflows late under cross-entropy while dt ||g|| (a
     * parameter step) does not. Fields whose direction is not the objective's gradient override it.
     */
    default double predictedDecrease(double dt, BlockVector direction, double norm) {
        return dt * norm * norm;
    }

    /**
     * True when the objective attains its minimum value 0 (squared loss), so that a loss at the
     * rounding floor of its residuals means the flow has arrived; false when the infimum is only
     * approached as t grows (cross-entropy on separable data), where a tiny loss still moves.
     */
    default boolean attainsMinimum() {
        return false;
    }

    /**
     * True when {@link #descend} can take a gradient-descent step in place without forming the gradient
     * (a network updating its own weights); fixed-step descent then uses it.
     */
    default boolean descendsInPlace() {
        return false;
    }

    /**
     * theta <- theta - learningRate * grad L(theta) in place; returns L before the step. Only for
     * fields whose {@link #descendsInPlace()} is true.
     */
    default double descend(double learningRate, long step, double time) {
        throw new UnsupportedOperationException("this field cannot descend in place");
    }
}
