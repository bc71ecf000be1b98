package org.ntklab.flow;

/**
 * The local error estimate of the time-rescaled flow: a trial Euler step is checked against its linear
 * prediction. Over a step dt the loss should fall by dt * (-dL/dt); the defect
 * |1 - actual decrease / predicted decrease| is about dt times the curvature along the flow over the
 * slope, i.e. the Euler step's relative local error. A step passes when the defect is at most
 * {@code relativeTolerance}.
 *
 * <p>Why the loss and not the usual difference of gradients: the loss is continuous where a ReLU
 * pre-activation changes sign while the gradient jumps, so this test does not stall at such kinks
 * (a gradient-difference estimate stays large however small dt gets). When the predicted decrease is
 * below the rounding level of the loss ({@code lossResolution} relative to |L|), the difference of two
 * losses is rounding noise: the defect is then 0 and the step is bounded by the parameter-step limit of
 * {@link StepSizeRule} alone.
 */
final class ErrorEstimate {
    private final double relativeTolerance;
    private final double lossResolution;

    ErrorEstimate(TimeRescaledGradientFlow.Settings settings) {
        this.relativeTolerance = settings.relativeTolerance();
        this.lossResolution = settings.lossResolution();
    }

    /**
     * The defect of a trial step from loss {@code value} to {@code trialValue}, whose linear prediction
     * was a decrease by {@code predictedDecrease}; 0 below the loss's rounding level. NaN or infinite when
     * the trial's loss is.
     */
    double defect(double value, double trialValue, double predictedDecrease) {
        if (predictedDecrease > lossResolution * Math.abs(value)) {
            return Math.abs(1 - (value - trialValue) / predictedDecrease);
        }
        return 0;
    }

    /** Whether the defect is too large for the step to be accepted on accuracy grounds. */
    boolean fails(double defect) {
        return defect > relativeTolerance;
    }
}
