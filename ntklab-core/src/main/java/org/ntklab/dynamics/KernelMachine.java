package org.ntklab.dynamics;

import org.ntklab.linalg.Matrix;

/**
 * NTK theory's prediction for a network trained by gradient flow: the outputs u evolve as
 * du/dt = -Theta(X, X) dL/du from u(0) = f_0(X), with the kernel frozen at the analytic NTK.
 * Test outputs follow u_test(t) = f_0(X_test) - Theta(X_test, X) integral_0^t dL/du ds.
 */
public interface KernelMachine {

    /** Moves the kernel machine to flow time t (>= the current time). */
    void advanceTo(double t);

    double time();

    /** u(t) on the training inputs (n x C). */
    Matrix trainOutputs();

    /** u(t) on the test inputs (n_test x C), or null without a test set. */
    Matrix testOutputs();

    /** The training loss at u(t). */
    double loss();

    /** State for checkpoints: restoring it continues bit for bit. */
    double[] saveState();

    void restoreState(double[] state);
}
