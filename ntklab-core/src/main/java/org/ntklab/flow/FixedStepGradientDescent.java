package org.ntklab.flow;

import org.ntklab.io.InvalidInputException;
import org.ntklab.linalg.BlockVector;

/** Full-batch gradient descent theta <- theta - eta dL/dtheta; flow time after k steps is k eta. */
public final class FixedStepGradientDescent implements Integrator {
    private final double learningRate;
    private long steps;
    private double value = Double.NaN;
    private BlockVector direction;

    public FixedStepGradientDescent(double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new InvalidInputException("learning rate must be positive and finite, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    @Override
    public double time() {
        return steps * learningRate;
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public double value() {
        return value;
    }

    @Override
    public boolean advanceTo(GradientField field, double target, long maxSteps) {
        while (time() < target) {
            if (steps >= maxSteps) {
                return false;
            }
            if (field.descendsInPlace()) {
                // a network updates its weights in place without forming the gradient
                value = field.descend(learningRate, steps, time());
            } else {
                if (direction == null) {
                    direction = field.state().zerosLike();
                }
                value = field.evaluate(direction);
                NumericalGuards.requireFiniteGradient(value, direction, steps, time());
                field.state().addScaled(-learningRate, direction);
            }
            steps++;
        }
        return true;
    }

    @Override
    public double[] saveState() {
        return new double[] {steps};
    }

    @Override
    public void restoreState(double[] state) {
        steps = (long) state[0];
    }

    @Override
    public String describe() {
        return "gradient descent, fixed step eta = " + learningRate;
    }
}
