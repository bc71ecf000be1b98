package org.ntklab.train;

import org.ntklab.flow.NumericalFailureException;

/**
 * Every ReLU of a hidden layer is off on every training sample: the network's outputs no longer
 * depend on its input, no gradient reaches the layers below, and training cannot bring it back (a
 * learning rate beyond stability pushes all pre-activations negative). Such a run is meaningless, so
 * it stops with this error instead of running on to "complete".
 */
public final class DeadNetworkException extends NumericalFailureException {
    public DeadNetworkException(long step, double time) {
        super(step, time, "dead network", "every ReLU of a hidden layer is dead on every training sample at step "
                + step + ", flow time t = " + time + ": the outputs no longer depend on the input and training "
                + "cannot revive them (" + (step == 0 ? "at initialisation" : "try a smaller learning rate or the "
                + "time-rescaled integrator") + ")");
    }
}
