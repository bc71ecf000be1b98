package org.ntklab.cli.kernel;

import org.ntklab.arch.Architecture;
import org.ntklab.arch.ArchitectureSpec;
import org.ntklab.io.InvalidInputException;

/**
 * The options of {@code ntklab kernel}, as recorded in run.json's {@code config} and read from spec
 * files; component names are the long options ({@code --depth} is {@code depth}).
 *
 * @param arch    fcn or resnet
 * @param depth   hidden layers (fcn) or residual blocks (resnet), L
 * @param width   hidden width m
 * @param alpha   residual scaling (resnet only)
 * @param activation the hidden layers' activation (relu when absent, as in records made before it existed)
 * @param outputs network outputs C
 * @param data    data spec; the training inputs are used
 * @param seed    seeds the data set and the network's initial parameters
 * @param monteCarlo networks (seeds seed, seed + 1, ...) whose mean empirical NTK is also computed; 0: none
 */
public record KernelConfig(String arch, String activation, int depth, int width, double alpha, int outputs,
                           String data, long seed, int monteCarlo) {
    public static final String FCN = ArchitectureSpec.FCN;
    public static final String RESNET = ArchitectureSpec.RESNET;

    public KernelConfig {
        // the network options are checked where the network is built, as for ntklab train
        ArchitectureSpec model = new ArchitectureSpec(arch, depth, width, alpha, activation);
        arch = model.arch();
        activation = model.activation();
        if (outputs < 1) {
            throw new InvalidInputException("--outputs must be at least 1, got " + outputs);
        }
        if (monteCarlo == 1 || monteCarlo < 0) {
            throw new InvalidInputException("--monte-carlo must be 0 (off) or at least 2 networks, got " + monteCarlo);
        }
        if (data == null || data.isBlank()) {
            throw new InvalidInputException("--data must name a data set, e.g. circle:n=6");
        }
    }

    /** The same configuration with the data spec in its canonical form, for the run record. */
    public KernelConfig withData(String canonicalData) {
        return new KernelConfig(arch, activation, depth, width, alpha, outputs, canonicalData, seed, monteCarlo);
    }

    public Architecture architecture(int inputDim) {
        return new ArchitectureSpec(arch, depth, width, alpha, activation).build(inputDim, outputs);
    }
}
