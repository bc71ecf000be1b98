package org.ntklab.metrics;

import org.ntklab.dynamics.KernelMachine;
import org.ntklab.flow.Integrator;
import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.Matrix;
import org.ntklab.loss.Loss;
import org.ntklab.loss.Targets;

/**
 * What stays fixed over a training run and the metrics compare against.
 *
 * @param testInputs           the test inputs, or null without a test set
 * @param testTargets          their targets, or null without a test set
 * @param initialParameters    theta_0
 * @param analyticGram         Theta, the infinite-width NTK on the training inputs (with outputs)
 * @param initialEmpiricalGram K_0, or null when the empirical NTK is not observed
 * @param kernelMachine        the NTK kernel machine run beside the network, or null
 */
public record TrainingSetup(Loss loss, Targets targets, Matrix testInputs, Targets testTargets,
                            BlockVector initialParameters, Matrix analyticGram, Matrix initialEmpiricalGram,
                            KernelMachine kernelMachine, Integrator integrator) {
}
