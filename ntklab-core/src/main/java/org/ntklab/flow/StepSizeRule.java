package org.ntklab.flow;

/**
 * How long the time-rescaled flow's next step is. A step of size dt has
 * <pre>
 *   dt = min( proposed,                             from the error control, below
 *             maxParameterStep / ||g||,             ||Delta theta|| stays bounded
 *             maxTimeGrowth * max(t, initialStep),  at most (1 + maxTimeGrowth)x flow time per step
 *             target - t )                          land exactly on observation times
 * </pre>
 * (the last limit is the caller's). Under cross-entropy ||g|| decays like 1/t, so dt grows like t: the
 * number of steps grows like log t, not t.
 *
 * <p><b>The proposal.</b> After an accepted step the next proposal is
 * dt * clamp(SAFETY * relativeTolerance / defect, MAX_SHRINK, MAX_GROWTH); a rejected step is retried
 * with dt * clamp(SAFETY * relativeTolerance / defect, MAX_SHRINK, MAX_RETRY), i.e. at least 10 % shorter.
 *
 * <p><b>The accepted floor and the log-time floor (minLogStep, default 0.01).</b> Where the flow slides
 * along a ReLU kink (a pre-activation pushed towards zero from both sides) no step passes the error
 * test, and the defect does not shrink with dt. A step no longer than the floor, the longer of
 * minParameterStep in parameter space and minLogStep * t in flow time (never longer than
 * maxParameterStep), is then accepted regardless of the defect when it lowers the loss. Why the
 * log-time part: a floor in parameter space alone made the step count grow like t ||g|| / minParameterStep
 * per e-fold of t, which under cross-entropy (||g|| ~ 1/t) is a constant that depends on the seed: FCN
 * L = 1, m = 1024 took 23,559 steps to t = 1e9 (1,100 per e-fold), FCN L = 2 seed 3 had not reached 1e19
 * after 21,276. With the floor, accepted steps per e-fold are at most 1 / ln(1 + minLogStep) = 100.5
 * however the kinks fall, and rejections per accepted step are bounded by the shrink factor between the
 * proposal and the floor. Why it is accurate: the late cross-entropy flow is self-similar in ln t (the
 * outputs grow like ln t, the parameters move by O(1) per e-fold), so a step of 1 % of t is 1 % of an
 * e-fold; measured against gradient descent with a tiny step the outputs differ by about 1e-3
 * relative (IntegratorAgreementTest), and against runs with every tolerance 4x tighter by under 0.6 %
 * (FCN L = 2, m = 1024). D_inf agrees less well, 2 to 14 %, because the kernel jumps when a unit
 * sliding on a kink flips (scripts/integrator-accuracy.py; docs/performance.md).
 *
 * <p>The proposal is the rule's only state; it is part of the integrator's checkpoint.
 */
final class StepSizeRule {
    /** Aim 10 % below the tolerance, so that the next step most likely passes. */
    static final double SAFETY = 0.9;
    /** At most 5x shorter per step: one estimate (which may be noise) must not collapse the step. */
    static final double MAX_SHRINK = 0.2;
    /** At most 2x longer per accepted step. */
    static final double MAX_GROWTH = 2.0;
    /** A rejected step is retried at least 10 % shorter, else it could be rejected again and again. */
    static final double MAX_RETRY = 0.9;
    /** dt at the floor up to rounding (it was computed from the floor) counts as at the floor. */
    static final double FLOOR_ROUNDING = 1e-9;
    /**
     * Steps this much shorter than minParameterStep in parameter space are accepted even if the loss
     * rose: the state then sits exactly on a kink, where the one-sided gradient need not descend.
     */
    static final double NEGLIGIBLE_FRACTION = 1e-6;

    private final TimeRescaledGradientFlow.Settings settings;
    private double proposed;

    StepSizeRule(TimeRescaledGradientFlow.Settings settings) {
        this.settings = settings;
        this.proposed = settings.initialStep();
    }

    /** The next step from flow time {@code time} where the gradient has norm {@code gradientNorm}. */
    double next(double time, double gradientNorm) {
        double dt = Math.min(proposed, settings.maxParameterStep() / gradientNorm);
        return Math.min(dt, settings.maxTimeGrowth() * Math.max(time, settings.initialStep()));
    }

    /**
     * The step accepted without the error test when it lowers the loss: the longer of minParameterStep
     * in parameter space and minLogStep * t in flow time, never longer than maxParameterStep in
     * parameter space.
     */
    double acceptedFloor(double time, double gradientNorm) {
        double floor = Math.max(settings.minParameterStep() / gradientNorm,
                settings.minLogStep() * Math.max(time, settings.initialStep()));
        return Math.min(floor, settings.maxParameterStep() / gradientNorm);
    }

    /** Whether {@code dt} is no longer than the accepted floor. */
    static boolean atFloor(double dt, double floor) {
        return dt <= floor * (1 + FLOOR_ROUNDING);
    }

    /** Whether a step moves the parameters by a negligible fraction of minParameterStep. */
    boolean negligible(double dt, double gradientNorm) {
        return dt * gradientNorm <= settings.minParameterStep() * NEGLIGIBLE_FRACTION;
    }

    /**
     * After a rejected step {@code dt}: shrink it as the defect says (by MAX_SHRINK when the defect is no
     * estimate: not finite, or 0). When the loss fell but not as predicted (a kink) there is no point in
     * shrinking below the floor that is accepted anyway; when it rose (instability), keep shrinking.
     */
    void rejected(double dt, double defect, double floor, boolean lossFell) {
        double factor = Double.isFinite(defect) && defect > 0 ? SAFETY * settings.relativeTolerance() / defect
                : MAX_SHRINK;
        proposed = dt * Math.max(MAX_SHRINK, Math.min(factor, MAX_RETRY));
        if (lossFell) {
            proposed = Math.max(proposed, floor);
        }
    }

    /**
     * After an accepted step {@code dt}: grow or shrink it as the defect says, not below the floor. A
     * step shortened to land on a target says nothing about the attainable step size, so it only ever
     * raises the proposal.
     */
    void accepted(double dt, double defect, double floor, boolean shortenedToTarget) {
        double factor = defect > 0 ? SAFETY * settings.relativeTolerance() / defect : MAX_GROWTH;
        double grown = Math.max(dt * Math.max(MAX_SHRINK, Math.min(factor, MAX_GROWTH)), floor);
        proposed = shortenedToTarget ? Math.max(proposed, grown) : grown;
    }

    /** Raises the proposal to at least {@code floor} (after a step that slid along a kink). */
    void atLeast(double floor) {
        proposed = Math.max(proposed, floor);
    }

    double proposed() {
        return proposed;
    }

    void restore(double proposed) {
        this.proposed = proposed;
    }
}
