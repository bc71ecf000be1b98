package org.ntklab.flow;

import org.ntklab.io.InvalidInputException;
import org.ntklab.linalg.BlockVector;

/**
 * Gradient flow integrated with steps that grow as the gradient shrinks, so that flow times like
 * 1e30 are reached in thousands of steps while every step stays small in parameter space.
 *
 * <p>Each step is an explicit Heun (trapezoidal) step: a trial Euler step, checked by the
 * {@link ErrorEstimate}, then, if accepted, the average of the gradients at both ends (second order).
 * A rejected step is retried shorter. How long a step is, including the floor below which a step is
 * accepted regardless of the error test, is the {@link StepSizeRule}; non-finite numbers stop the run
 * through the {@link NumericalGuards}. Elapsed flow time is the exact sum of accepted dt's.
 *
 * <p><b>Kinks.</b> Where the flow slides along a ReLU kink (a pre-activation pushed towards zero from
 * both sides) no step passes the error test. A step at the accepted floor is then taken anyway when it
 * lowers the loss: its Euler trial, or else (the trial climbed the kink's far wall) its Heun point,
 * whose average of the gradients on the two sides follows the kink, as gradient descent's chattering
 * does ({@link #slideAlongKink}). Such steps are counted as {@linkplain #forcedSteps() forced}.
 *
 * <p><b>Stationary points.</b> Explicit steps on a stiff, converged problem (squared loss after the
 * residual has vanished) are limited by stability, not accuracy, so the flow skips to the target
 * instead when nothing can move any more ({@link #atRest}).
 */
public final class TimeRescaledGradientFlow implements Integrator {

    /** The knobs of the error test ({@link ErrorEstimate}) and the step size ({@link StepSizeRule}). */
    public record Settings(double relativeTolerance, double lossResolution, double minParameterStep,
                           double maxParameterStep, double maxTimeGrowth, double initialStep,
                           double stationaryTolerance, double minLogStep) {
        public Settings {
            if (!(minLogStep >= 0) || !(minLogStep < maxTimeGrowth)) {
                throw new InvalidInputException("minimum log-time step must be in [0, maximum time growth), got "
                        + minLogStep);
            }
            requirePositive("minimum parameter step", minParameterStep);
            requirePositive("relative tolerance", relativeTolerance);
            requirePositive("loss resolution", lossResolution);
            requirePositive("maximum parameter step", maxParameterStep);
            requirePositive("maximum time growth", maxTimeGrowth);
            requirePositive("initial step", initialStep);
            if (!(stationaryTolerance >= 0)) {
                throw new InvalidInputException("stationary tolerance must be >= 0, got " + stationaryTolerance);
            }
        }

        private static void requirePositive(String what, double v) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new InvalidInputException(what + " must be positive and finite, got " + v);
            }
        }

        /** As before the log-time floor existed (minLogStep 0): how runs recorded without it resume. */
        public Settings(double relativeTolerance, double lossResolution, double minParameterStep,
                        double maxParameterStep, double maxTimeGrowth, double initialStep, double stationaryTolerance) {
            this(relativeTolerance, lossResolution, minParameterStep, maxParameterStep, maxTimeGrowth, initialStep,
                    stationaryTolerance, 0.0);
        }

        public static Settings defaults() {
            return new Settings(0.2, 1e-12, 5e-3, 0.1, 0.25, 1e-3, 1e-8, 0.01);
        }

        /** Every tolerance divided by {@code factor} (the accuracy check's tighter run). */
        public Settings tighter(double factor) {
            return new Settings(relativeTolerance / factor, lossResolution, minParameterStep / factor,
                    maxParameterStep / factor, maxTimeGrowth / factor, initialStep, stationaryTolerance,
                    minLogStep / factor);
        }
    }

    private final Settings settings;
    private final ErrorEstimate errorEstimate;
    private final StepSizeRule stepSize;
    private double time;
    private long steps;
    private long rejected;
    private long stationarySkips;
    private long forcedSteps;
    private double value = Double.NaN;
    private double lossScale = Double.NaN;
    private BlockVector direction;
    private BlockVector trial;
    private BlockVector saved;
    private boolean directionValid;
    /** ||direction||, computed with the direction's finiteness check (scaled where its square underflows). */
    private double directionNorm;

    public TimeRescaledGradientFlow(Settings settings) {
        this.settings = settings;
        this.errorEstimate = new ErrorEstimate(settings);
        this.stepSize = new StepSizeRule(settings);
    }

    @Override
    public double time() {
        return time;
    }

    @Override
    public long steps() {
        return steps;
    }

    /** Steps rejected by the error control so far. */
    public long rejectedSteps() {
        return rejected;
    }

    /** Steps accepted at the minimum parameter step although their defect was too large (kinks). */
    public long forcedSteps() {
        return forcedSteps;
    }

    @Override
    public double value() {
        return value;
    }

    @Override
    public boolean advanceTo(GradientField field, double target, long maxSteps) {
        BlockVector state = field.state();
        prepare(field);
        while (time < target) {
            if (steps >= maxSteps) {
                return false;
            }
            double gradientNorm = directionNorm;
            if (atRest(field, gradientNorm, target)) {
                time = target;
                stationarySkips++;
                break;
            }
            double dt = stepSize.next(time, gradientNorm);
            boolean landsOnTarget = dt >= target - time;
            if (landsOnTarget) {
                dt = target - time;
            }
            // the Euler trial, judged by how far its loss is from the linear prediction; a field that
            // evaluates off its state leaves it untouched, so a rejected trial has nothing to undo
            boolean displaced = field.evaluatesDisplaced();
            double trialValue;
            if (displaced) {
                trialValue = field.evaluateDisplaced(-dt, direction, trial);
            } else {
                state.saveAndAddScaled(saved(state), -dt, direction);
                trialValue = field.evaluate(trial);
            }
            double defect = errorEstimate.defect(value, trialValue, field.predictedDecrease(dt, direction, gradientNorm));
            boolean finite = Double.isFinite(trialValue) && trial.allFinite();
            boolean failsTest = errorEstimate.fails(defect);
            double floor = stepSize.acceptedFloor(time, gradientNorm);
            boolean atFloor = StepSizeRule.atFloor(dt, floor);
            // at a kink the defect need not shrink with dt: a step at the floor that lowers the loss, or a
            // negligible one, is taken whatever the defect
            boolean forced = finite && (trialValue < value && atFloor || stepSize.negligible(dt, gradientNorm));
            if (forced && failsTest) {
                forcedSteps++;
            }
            if (finite && !forced && failsTest && atFloor && slideAlongKink(field, dt, displaced)) {
                time = landsOnTarget ? target : time + dt;
                steps++;
                forcedSteps++;
                continue;
            }
            if (!finite || (!forced && failsTest)) {
                if (!displaced) {
                    state.setFrom(saved);
                }
                rejected++;
                stepSize.rejected(dt, defect, floor, finite && trialValue < value);
                NumericalGuards.requireUsableStep(stepSize.proposed(), steps, time);
                continue;
            }
            // keep the Heun step: theta = saved - dt/2 (g(saved) + g(theta_Euler)); displaced, the
            // state still is the base point (the same entries: each is read before it is written)
            state.setToBasePlusScaled(displaced ? state : saved, -0.5 * dt, direction, trial);
            time = landsOnTarget ? target : time + dt;
            steps++;
            stepSize.accepted(dt, defect, floor, landsOnTarget);
            evaluateDirection(field);
        }
        return true;
    }

    /**
     * Allocates the work vectors on the first call, and evaluates the direction at the current state
     * when it is not known (first call, or after a restore); the loss scale is the first loss seen.
     */
    private void prepare(GradientField field) {
        if (direction == null) {
            direction = field.state().zerosLike();
            trial = field.state().zerosLike();
        }
        if (!directionValid) {
            evaluateDirection(field);
            directionValid = true;
            if (Double.isNaN(lossScale)) {
                lossScale = Math.abs(value);
            }
        }
    }

    /**
     * The copy of theta a trial or a kink slide comes back to, allocated when first needed: a field that
     * evaluates its trials displaced never needs one unless it slides along a kink (at m = 4096 and
     * L = 2 a copy is 134 MB).
     */
    private BlockVector saved(BlockVector state) {
        if (saved == null) {
            saved = state.zerosLike();
        }
        return saved;
    }

    /** The loss and the direction at the current state, checked finite, and the direction's norm. */
    private void evaluateDirection(GradientField field) {
        value = field.evaluate(direction);
        directionNorm = NumericalGuards.finiteNorm(value, direction, steps, time);
    }

    /**
     * Whether the flow can skip to {@code target} with theta unchanged. When ||g|| (target - t) is below
     * {@code stationaryTolerance}, the whole remaining interval could move theta by at most that much
     * (||g|| does not increase along a gradient flow near a minimum); and when the objective attains its
     * minimum (squared loss) and has fallen to lossResolution times its initial value, it sits at the
     * rounding floor of its residuals, where explicit steps only fight their own instability.
     */
    private boolean atRest(GradientField field, double gradientNorm, double target) {
        boolean arrived = field.attainsMinimum() && value <= settings.lossResolution() * lossScale;
        return arrived || gradientNorm * (target - time) <= settings.stationaryTolerance();
    }

    /**
     * The Euler trial of a short step overshot a kink and the loss rose; Heun's average of the
     * gradients on the two sides may still descend (the flow slides along the kink, as in
     * L = 2|x| - y, where the Euler trial climbs the far wall while the average moves along the
     * valley). Tries the Heun point: keeps it, with its gradient as the next direction, when its loss
     * is below the current one; otherwise restores the state and returns false.
     */
    private boolean slideAlongKink(GradientField field, double dt, boolean displaced) {
        BlockVector state = field.state();
        if (displaced) {
            saved(state).setFrom(state); // the trial left the state as it was: keep it to come back to
        }
        state.setToBasePlusScaled(saved, -0.5 * dt, direction, trial);
        double heunValue = field.evaluate(trial);
        boolean lower = Double.isFinite(heunValue) && heunValue < value;
        double heunNorm = lower ? NumericalGuards.normIfFinite(trial) : Double.NaN;
        if (lower && !Double.isNaN(heunNorm)) {
            BlockVector gradient = trial;
            trial = direction;
            direction = gradient;
            value = heunValue;
            directionNorm = heunNorm;
            stepSize.atLeast(stepSize.acceptedFloor(time, directionNorm));
            return true;
        }
        state.setFrom(saved);
        // trial now holds the Heun point's gradient; the next attempt evaluates its own trial
        return false;
    }

    @Override
    public double[] saveState() {
        return new double[] {time, steps, rejected, stationarySkips, stepSize.proposed(), forcedSteps, lossScale};
    }

    @Override
    public void restoreState(double[] state) {
        time = state[0];
        steps = (long) state[1];
        rejected = (long) state[2];
        stationarySkips = (long) state[3];
        stepSize.restore(state[4]);
        forcedSteps = (long) state[5];
        lossScale = state[6];
        directionValid = false;
    }

    @Override
    public String describe() {
        return "time-rescaled gradient flow (Heun, relative tolerance " + settings.relativeTolerance()
                + ", max parameter step " + settings.maxParameterStep() + ", max time growth "
                + settings.maxTimeGrowth() + ", min log-time step " + settings.minLogStep() + ")";
    }
}
