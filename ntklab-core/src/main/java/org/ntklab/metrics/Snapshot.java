package org.ntklab.metrics;

import org.ntklab.arch.Network;
import org.ntklab.linalg.Matrix;

/**
 * A training run at one observation time, as the metrics read it (read-only by convention). The
 * expensive quantities several metrics share are computed once by the run, which also checks them.
 *
 * @param trainOutputs         f, the network's outputs on the training inputs
 * @param empiricalNtk         K_t on the training inputs, or null when the empirical NTK is not observed
 * @param kernelMachineOutputs u, the kernel machine's training outputs at t, or null without a machine
 * @param wallSeconds          wall time of the run so far, over all its sessions
 */
public record Snapshot(TrainingSetup setup, double t, long step, double wallSeconds, Network network,
                       Matrix trainOutputs, Matrix empiricalNtk, Matrix kernelMachineOutputs) {
}
