package org.ntklab.flow;

import org.ntklab.io.InvalidInputException;
import org.ntklab.linalg.BlockVector;

/**
 * Gradient flow integrated with steps that grow as the gradient shrinks, so that flow times like
 * 1e30 are reached in thousands of steps while every step stays small in parameter space.
 *
 * <p><b>Step rule.</b> Each step is an explicit Heun (trapezoidal) step of size dt with
 * <pre>
 *   dt = min( dt_proposed,                       error control, below
 *             maxParameterStep / ||g||,            ||Delta theta|| stays bounded
 *             maxTimeGrowth * max(t, initialStep), at most (1 + maxTimeGrowth)x flow time per step
 *             target - t )                         land exactly on observation times
 * </pre>
 * Under cross-entropy ||g|| decays like 1/t, so dt grows like t: the number of steps grows like
 * log t, not t.
 *
 * <p><b>Error control.</b> Each trial Euler step is checked against its linear prediction: the loss
 * should fall by dt * (-dL/dt), and the defect |1 - actual / predicted| is about dt times the
 * curvature along the flow over the slope, i.e. the Euler step's relative local error. A step is
 * accepted when the defect is at most {@code relativeTolerance}; the next proposal is
 * dt * clamp(0.9 relativeTolerance / defect, 0.2, 2), and a rejected step is retried with the reduced
 * dt. The accepted update is Heun's (the trapezoidal average of the gradients at both ends, second
 * order). The loss is continuous where a ReLU pre-activation changes sign while the gradient jumps,
 * so this test, unlike a gradient-difference estimate, does not stall at such kinks. When the
 * predicted decrease is below the rounding level of the loss (lossResolution relative to |L|), the
 * step is accepted on the parameter-step bound alone. Where the flow slides along a kink (a
 * pre-activation pushed towards zero from both sides) no step passes the test; a step no longer than
 * {@code minParameterStep} in parameter space is then accepted regardless of the defect when it lowers
 * the loss: its Euler trial, or else (the trial climbed the kink's far wall) its Heun point, whose
 * average of the gradients on the two sides follows the kink, as gradient descent's chattering does.
 * Elapsed flow time is the exact sum of accepted dt's.
 *
 * <p><b>The log-time floor (minLogStep, default 0.01).</b> The forced step above is the longer of
 * minParameterStep in parameter space and minLogStep * t in flow time (never longer than
 * maxParameterStep). Why: in a sliding mode the defect does not shrink with dt, so a floor in
 * parameter space alone made the step count grow like t ||g|| / minParameterStep per e-fold of t,
 * which under cross-entropy (||g|| ~ 1/t) is a constant that depends on the seed: FCN L = 1,
 * m = 1024 took 23,559 steps to t = 1e9 (1,100 per e-fold), FCN L = 2 seed 3 had not reached 1e19
 * after 21,276. With the floor, accepted steps per e-fold are at most 1 / ln(1 + minLogStep) = 100.5
 * however the kinks fall, and rejections per accepted step are bounded by the shrink factor (0.2)
 * between the proposal and the floor. Why it is accurate: the late cross-entropy flow is
 * self-similar in ln t (the outputs grow like ln t, the parameters move by O(1) per e-fold), so a
 * step of 1 % of t is 1 % of an e-fold; measured against runs with every tolerance 4x tighter and
 * against gradient descent with a tiny step, the outputs differ by about 1e-3 relative and D_inf by
 * under 1e-4 (IntegratorAgreementTest; scripts/integrator-accuracy.py; docs/performance.md).
 *
 * <p><b>Stationary points.</b> Explicit steps on a stiff, converged problem (squared loss after the
 * residual has vanished) are limited by stability, not accuracy. When ||g|| (target - t) is below
 * {@code stationaryTolerance}, the whole remaining interval could move theta by at most that much
 * (||g|| does not increase along a gradient flow near a minimum); and when the objective attains its
 * minimum (squared loss) and has fallen to lossResolution times its initial value, it sits at the
 * rounding floor of its residuals. In both cases time advances to the target with theta unchanged and
 * the skip is counted.
 */
public final class TimeRescaledGradientFlow implements Integrator {

    /** The step rule's knobs; see the class comment. */
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
    private double time;
    private long steps;
    private long rejected;
    private long stationarySkips;
    private long forcedSteps;
    private double proposedStep;
    private double value = Double.NaN;
    private double lossScale = Double.NaN;
    private BlockVector direction;
    private BlockVector trial;
    private BlockVector saved;
    private boolean directionValid;
    /** ||direction||^2, computed with the direction's finiteness check. */
    private double directionSquaredNorm;

    public TimeRescaledGradientFlow(Settings settings) {
        this.settings = settings;
        this.proposedStep = settings.initialStep();
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
        if (direction == null) {
            direction = state.zerosLike();
            trial = state.zerosLike();
            saved = state.zerosLike();
        }
        if (!directionValid) {
            value = field.evaluate(direction);
            directionSquaredNorm = finiteSquaredNorm(value, direction, steps, time);
            directionValid = true;
            if (Double.isNaN(lossScale)) {
                lossScale = Math.abs(value);
            }
        }
        while (time < target) {
            if (steps >= maxSteps) {
                return false;
            }
            double rate = field.decreaseRate(direction, directionSquaredNorm);
            double gradientNorm = Math.sqrt(directionSquaredNorm);
            boolean arrived = field.attainsMinimum() && value <= settings.lossResolution() * lossScale;
            if (arrived || gradientNorm * (target - time) <= settings.stationaryTolerance()) {
                time = target;
                stationarySkips++;
                break;
            }
            double dt = Math.min(proposedStep, settings.maxParameterStep() / gradientNorm);
            dt = Math.min(dt, settings.maxTimeGrowth() * Math.max(time, settings.initialStep()));
            boolean last = dt >= target - time;
            if (last) {
                dt = target - time;
            }
            state.saveAndAddScaled(saved, -dt, direction);
            double trialValue = field.evaluate(trial);
            double predicted = dt * rate;
            double defect = 0;
            // below the loss's rounding level the test is noise
            if (predicted > settings.lossResolution() * Math.abs(value)) {
                defect = Math.abs(1 - (value - trialValue) / predicted);
            }
            boolean finite = Double.isFinite(trialValue) && trial.allFinite();
            // at a ReLU kink the defect need not shrink with dt: below the smallest parameter step,
            // accept (Heun's average of the gradients on both sides follows the kink)
            // (a step a million times shorter still is accepted even if the loss rose: the point sits
            // exactly on a kink, where the one-sided gradient need not be a descent direction)
            double floor = acceptedFloor(gradientNorm);
            boolean shortStep = dt <= floor * (1 + 1e-9);
            boolean forced = finite && (trialValue < value && shortStep
                    || dt * gradientNorm <= settings.minParameterStep() * 1e-6);
            boolean failsTest = defect > settings.relativeTolerance();
            if (forced && failsTest) {
                forcedSteps++;
            }
            if (finite && !forced && failsTest && shortStep && slideAlongKink(field, dt)) {
                time = last ? target : time + dt;
                steps++;
                forcedSteps++;
                continue;
            }
            if (!finite || (!forced && failsTest)) {
                state.setFrom(saved);
                rejected++;
                double factor = Double.isFinite(defect) && defect > 0 ? 0.9 * settings.relativeTolerance() / defect : 0.2;
                proposedStep = dt * Math.max(0.2, Math.min(factor, 0.9));
                if (finite && trialValue < value) {
                    // the loss fell but not as predicted (a kink): no point shrinking below the step
                    // that is accepted anyway; when the loss rose (instability), keep shrinking
                    proposedStep = Math.max(proposedStep, floor);
                }
                if (proposedStep < 1e-300) {
                    throw new NumericalFailureException(steps, time, "step size (underflow)");
                }
                continue;
            }
            // keep the Heun step: theta = saved - dt/2 (g(saved) + g(theta_Euler))
            state.setToBasePlusScaled(saved, -0.5 * dt, direction, trial);
            time = last ? target : time + dt;
            steps++;
            double factor = defect > 0 ? 0.9 * settings.relativeTolerance() / defect : 2.0;
            double grown = Math.max(dt * Math.max(0.2, Math.min(factor, 2.0)), floor);
            // a step shortened to land on a target says nothing about the attainable step size
            proposedStep = last ? Math.max(proposedStep, grown) : grown;
            value = field.evaluate(direction);
            directionSquaredNorm = finiteSquaredNorm(value, direction, steps, time);
        }
        return true;
    }

    /**
     * The Euler trial of a short step overshot a kink and the loss rose; Heun's average of the
     * gradients on the two sides may still descend (the flow slides along the kink, as in
     * L = 2|x| - y, where the Euler trial climbs the far wall while the average moves along the
     * valley). Tries the Heun point: keeps it, with its gradient as the next direction, when its loss
     * is below the current one; otherwise restores the state and returns false.
     */
    private boolean slideAlongKink(GradientField field, double dt) {
        BlockVector state = field.state();
        state.setToBasePlusScaled(saved, -0.5 * dt, direction, trial);
        double heunValue = field.evaluate(trial);
        boolean lower = Double.isFinite(heunValue) && heunValue < value;
        // the squared norm is finite only if every entry is; entries are scanned only when it is not
        double heunSquaredNorm = lower ? trial.dot(trial) : Double.NaN;
        if (lower && (Double.isFinite(heunSquaredNorm) || trial.allFinite())) {
            BlockVector gradient = trial;
            trial = direction;
            direction = gradient;
            value = heunValue;
            directionSquaredNorm = heunSquaredNorm;
            proposedStep = Math.max(proposedStep, acceptedFloor(Math.sqrt(directionSquaredNorm)));
            return true;
        }
        state.setFrom(saved);
        // trial now holds the Heun point's gradient; the next attempt evaluates its own trial
        return false;
    }

    /**
     * The step accepted without the error test (when it lowers the loss): the longer of
     * minParameterStep in parameter space and minLogStep * t in flow time, but never longer than
     * maxParameterStep in parameter space. The log-time part bounds the steps per e-fold of t by
     * 1 / ln(1 + minLogStep) however often the flow crosses or slides along ReLU kinks.
     */
    private double acceptedFloor(double gradientNorm) {
        double floor = Math.max(settings.minParameterStep() / gradientNorm,
                settings.minLogStep() * Math.max(time, settings.initialStep()));
        return Math.min(floor, settings.maxParameterStep() / gradientNorm);
    }

    /** Throws, naming step and flow time, when the loss is not finite. */
    public static void requireFiniteLoss(double value, long step, double time) {
        if (!Double.isFinite(value)) {
            throw new NumericalFailureException(step, time, "loss (" + value + ")");
        }
    }

    static void requireFinite(double value, BlockVector direction, long step, double time) {
        requireFiniteLoss(value, step, time);
        if (!direction.allFinite()) {
            throw new NumericalFailureException(step, time, "gradient entry " + direction.firstNonFinite());
        }
    }

    /**
     * As {@link #requireFinite(double, BlockVector, long, double)}, and returns ||direction||^2: the
     * sum is NaN or infinite exactly when an entry is (or when it overflows), so the entries are
     * scanned only then, and the step's norm costs no extra pass.
     */
    private static double finiteSquaredNorm(double value, BlockVector direction, long step, double time) {
        requireFiniteLoss(value, step, time);
        double squaredNorm = direction.dot(direction);
        if (!Double.isFinite(squaredNorm)) {
            String bad = direction.firstNonFinite();
            if (bad != null) {
                throw new NumericalFailureException(step, time, "gradient entry " + bad);
            }
        }
        return squaredNorm;
    }

    @Override
    public double[] saveState() {
        return new double[] {time, steps, rejected, stationarySkips, proposedStep, forcedSteps, lossScale};
    }

    @Override
    public void restoreState(double[] state) {
        time = state[0];
        steps = (long) state[1];
        rejected = (long) state[2];
        stationarySkips = (long) state[3];
        proposedStep = state[4];
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
