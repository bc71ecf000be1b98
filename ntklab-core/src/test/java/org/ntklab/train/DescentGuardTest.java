package org.ntklab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ntklab.arch.Architecture;
import org.ntklab.arch.Network;
import org.ntklab.flow.FixedStepGradientDescent;
import org.ntklab.flow.NumericalFailureException;
import org.ntklab.linalg.Matrix;
import org.ntklab.loss.Reduction;
import org.ntklab.loss.SquaredLoss;
import org.ntklab.loss.Targets;
import org.ntklab.testing.TestMatrices;

/**
 * Gradient descent updates the network in place ({@link Network#descend}), so it checks the updated
 * parameters rather than the gradient: an update that overflows stops the integrator at that step,
 * naming the parameter.
 */
class DescentGuardTest {
    @Test
    void anOverflowingUpdateIsNamedAtItsStep() {
        Network network = Network.initialize(Architecture.fcn(3, 2, 8, 1), 1);
        Matrix x = TestMatrices.gaussian(5, 3, 2);
        Matrix far = new Matrix(5, 1);
        far.data()[0] = 1e6; // a residual of 1e6: gradient entries far above 1
        Targets targets = new Targets(far, new int[5], 2);
        NetworkObjective objective = new NetworkObjective(network, x, targets, new SquaredLoss(Reduction.SUM));
        // one step with eta = 1e-3 is fine; a second integrator with eta = MAX_VALUE overflows at once
        FixedStepGradientDescent gentle = new FixedStepGradientDescent(1e-3);
        assertTrue(gentle.advanceTo(objective, 1e-3, 10));
        FixedStepGradientDescent absurd = new FixedStepGradientDescent(Double.MAX_VALUE);
        NumericalFailureException e = assertThrows(NumericalFailureException.class,
                () -> absurd.advanceTo(objective, Double.MAX_VALUE, 10));
        assertEquals(0, e.step());
        assertTrue(e.quantity().startsWith("parameter layer") && e.quantity().endsWith("after the update"),
                e.getMessage());
    }
}
