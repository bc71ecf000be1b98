package org.ntklab.train;

import org.ntklab.arch.Network;
import org.ntklab.arch.Parameters;
import org.ntklab.linalg.Matrix;

/** The training loss of a network on a fixed batch, as a gradient field over its parameters. */
public final class NetworkObjective implements GradientField {
    private final Network network;
    private final Matrix inputs;
    private final Targets targets;
    private final Loss loss;
    private final Matrix outputGradient;

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
    }

    @Override
    public Parameters state() {
        return network.parameters();
    }

    @Override
    public double evaluate(Parameters direction) {
        Network.Trace trace = network.trace(inputs);
        double value = loss.evaluate(trace.output(), targets, outputGradient);
        network.gradientInto(trace, outputGradient, direction);
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
