package org.ntklab.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The time-rescaled flow's error estimate, step-size rule and guards, each on its own. */
class StepControlTest {
    private static final TimeRescaledGradientFlow.Settings SETTINGS = TimeRescaledGradientFlow.Settings.defaults();

    @Test
    void defectIsTheRelativeMissOfTheLinearPrediction() {
        ErrorEstimate estimate = new ErrorEstimate(SETTINGS);
        // predicted a fall by 0.1, fell by 0.09: the prediction missed by 10 %
        assertEquals(0.1, estimate.defect(1.0, 0.91, 0.1), 1e-12);
        assertFalse(estimate.fails(0.1));
        assertTrue(estimate.fails(0.5));
        // a predicted fall below the loss's rounding level says nothing: no defect
        assertEquals(0, estimate.defect(1.0, 2.0, 1e-13));
    }

    @Test
    void proposalGrowsAtMostTwiceAndRetriesAtLeastTenPercentShorter() {
        StepSizeRule rule = new StepSizeRule(SETTINGS);
        assertEquals(SETTINGS.initialStep(), rule.proposed());
        rule.accepted(1.0, 0, 0, false);
        assertEquals(2.0, rule.proposed(), "no defect: the largest growth");
        rule.accepted(1.0, 1e6, 0, false);
        assertEquals(0.2, rule.proposed(), 1e-15, "a huge defect: the largest shrink");
        rule.rejected(1.0, SETTINGS.relativeTolerance(), 0, false);
        assertEquals(0.9, rule.proposed(), 1e-15, "a defect just failing: retried 10 % shorter");
        rule.rejected(1.0, Double.NaN, 0, false);
        assertEquals(0.2, rule.proposed(), 1e-15, "no estimate: the largest shrink");
        rule.rejected(1.0, 1e6, 0.5, true);
        assertEquals(0.5, rule.proposed(), "the loss fell: not below the floor accepted anyway");
        rule.restore(3.0);
        rule.accepted(0.1, 0, 0, true);
        assertEquals(3.0, rule.proposed(), "a step shortened to a target does not lower the proposal");
    }

    @Test
    void stepIsBoundedInParameterSpaceAndInTimeGrowth() {
        StepSizeRule rule = new StepSizeRule(SETTINGS);
        rule.restore(1e9);
        assertEquals(SETTINGS.maxParameterStep() / 1e-3, rule.next(1e9, 1e-3));
        assertEquals(SETTINGS.maxTimeGrowth() * 100, rule.next(100, 1e-12));
        // the floor: the longer of minParameterStep / ||g|| and minLogStep t, at most maxParameterStep / ||g||
        assertEquals(SETTINGS.minLogStep() * 1e6, rule.acceptedFloor(1e6, 2e-6));
        assertEquals(SETTINGS.maxParameterStep() / 1.0, rule.acceptedFloor(1e6, 1.0));
        assertEquals(SETTINGS.minParameterStep(), rule.acceptedFloor(0, 1.0));
        assertTrue(StepSizeRule.atFloor(1.0 + 1e-12, 1.0));
        assertFalse(StepSizeRule.atFloor(1.001, 1.0));
    }

    @Test
    void guardsNameTheFailure() {
        NumericalFailureException loss = assertThrows(NumericalFailureException.class,
                () -> NumericalGuards.requireFiniteLoss(Double.NaN, 7, 2.5));
        assertEquals(7, loss.step());
        assertThrows(NumericalFailureException.class, () -> NumericalGuards.requireUsableStep(1e-301, 1, 1));
        NumericalGuards.requireUsableStep(1e-299, 1, 1);
    }
}
