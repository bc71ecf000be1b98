package org.ntklab.flow;

/**
 * Integrates a {@link GradientField} forward in flow time. State that must survive a checkpoint is
 * exposed as a few numbers so that a resumed run continues bit for bit.
 */
public interface Integrator {

    /** Current flow time t. */
    double time();

    /** Accepted steps so far. */
    long steps();

    /** Objective value at the current state (valid after the first advance). */
    double value();

    /**
     * Advances to flow time {@code target} or, for fixed steps, to the first step boundary at or after
     * it. Stops early (returning false) when {@code maxSteps} accepted steps have been taken.
     */
    boolean advanceTo(GradientField field, double target, long maxSteps);

    /** The integrator's own state (time, steps, step-size memory), for checkpoints. */
    double[] saveState();

    void restoreState(double[] state);

    /** A short description for logs and run records. */
    String describe();
}
