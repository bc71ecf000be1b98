package org.ntklab.train;

import org.ntklab.arch.Network;
import org.ntklab.arch.OneHiddenLayer;
import org.ntklab.flow.GradientField;
import org.ntklab.flow.NumericalFailureException;
import org.ntklab.flow.NumericalGuards;
import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.Matrix;
import org.ntklab.loss.Loss;
import org.ntklab.loss.SquaredLoss;
import org.ntklab.loss.Targets;

/** The training loss of a network on a fixed batch, as a gradient field over its parameters. */
public final class NetworkObjective implements GradientField {
    private final Network network;
    private final Matrix inputs;
    private final Targets targets;
    private final Loss loss;
    private final Matrix outputGradient;
    /** The fused evaluator when the network has one hidden layer (the fast path for very wide ones). */
    private final OneHiddenLayer oneHiddenLayer;

    public NetworkObjective(Network network, Matrix inputs, Targets targets, Loss loss) {
        network.architecture().requireInputs("training inputs", inputs);
        if (inputs.rows() != targets.n() || network.outputs() != targets.outputs()) {
            throw new IllegalArgumentException("network with " + network.outputs() + " outputs on "
                    + inputs.rows() + " inputs does not match targets " + targets.values().shape());
        }
        this.network = network;
        this.inputs = inputs;
        this.targets = targets;
        this.loss = loss;
        this.outputGradient = new Matrix(targets.n(), targets.outputs());
        this.oneHiddenLayer = OneHiddenLayer.of(network).orElse(null);
    }

    @Override
    public BlockVector state() {
        return network.parameters();
    }

    @Override
    public double evaluate(BlockVector direction) {
        if (oneHiddenLayer != null) {
            BlockVector theta = network.parameters();
            double value = loss.evaluate(oneHiddenLayer.forward(theta, inputs), targets, outputGradient);
            direction.recordSquaredNorm(oneHiddenLayer.gradientInto(theta, inputs, outputGradient, direction));
            return value;
        }
        return lossAndGradient(network.trace(inputs), direction);
    }

    /** The loss at a trace's outputs, and its gradient with respect to the parameters into {@code direction}. */
    private double lossAndGradient(Network.Trace trace, BlockVector direction) {
        double value = loss.evaluate(trace.output(), targets, outputGradient);
        network.gradientInto(trace, outputGradient, direction);
        return value;
    }

    /**
     * The flow's trial points are evaluated off the state ({@link Network#traceDisplaced}) unless the
     * network has the fused one-hidden-layer path or {@code -Dntklab.displacedTrial=false} is set (the
     * trial is then formed in the state and undone, as before 2026-12-01: a benchmark's baseline).
     */
    @Override
    public boolean evaluatesDisplaced() {
        return oneHiddenLayer == null && displacedTrials;
    }

    private static volatile boolean displacedTrials =
            !"false".equalsIgnoreCase(System.getProperty("ntklab.displacedTrial", "true"));

    /** Switches displaced trial points on or off for this JVM (tests and benchmarks compare both). */
    public static void setDisplacedTrials(boolean on) {
        displacedTrials = on;
    }

    @Override
    public double evaluateDisplaced(double scale, BlockVector step, BlockVector direction) {
        if (step == direction) {
            throw new IllegalArgumentException("the step and the direction written must be different vectors");
        }
        return lossAndGradient(network.traceDisplaced(inputs, scale, step), direction);
    }

    @Override
    public boolean descendsInPlace() {
        return true;
    }

    /**
     * One gradient-descent step in place, theta <- theta - learningRate dL/dtheta, without forming
     * the gradient ({@link Network#descend}); returns the loss before the step. Throws, naming step
     * and flow time, when the loss is not finite (nothing changed) or an updated parameter is not.
     */
    @Override
    public double descend(double learningRate, long step, double time) {
        Network.Trace trace = network.trace(inputs);
        double value = loss.evaluate(trace.output(), targets, outputGradient);
        NumericalGuards.requireFiniteLoss(value, step, time);
        network.descend(trace, outputGradient, learningRate);
        BlockVector state = network.parameters();
        if (!state.allFinite()) {
            throw new NumericalFailureException(step, time, "parameter " + state.firstNonFinite() + " after the update");
        }
        return value;
    }

    @Override
    public boolean attainsMinimum() {
        return loss instanceof SquaredLoss;
    }

    public Network network() {
        return network;
    }
}
