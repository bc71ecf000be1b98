package org.ntklab.cli.kernel;

import java.util.Locale;
import org.ntklab.activation.Activation;
import org.ntklab.activation.Activations;
import org.ntklab.arch.Architecture;
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
    public static final String FCN = "fcn";
    public static final String RESNET = "resnet";

    public KernelConfig {
        arch = arch == null ? null : arch.toLowerCase(Locale.ROOT);
        if (!FCN.equals(arch) && !RESNET.equals(arch)) {
            throw new InvalidInputException("--arch must be fcn or resnet, got '" + arch + "'");
        }
        try {
            activation = Activations.canonical(activation);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--activation: " + e.getMessage(), e);
        }
        requirePositive("--depth", depth);
        requirePositive("--width", width);
        requirePositive("--outputs", outputs);
        if (!Double.isFinite(alpha) || alpha <= 0) {
            throw new InvalidInputException("--alpha must be a positive number, got " + alpha);
        }
        if (monteCarlo == 1 || monteCarlo < 0) {
            throw new InvalidInputException("--monte-carlo must be 0 (off) or at least 2 networks, got " + monteCarlo);
        }
        if (data == null || data.isBlank()) {
            throw new InvalidInputException("--data must name a data set, e.g. circle:n=6");
        }
    }

    private static void requirePositive(String option, int value) {
        if (value < 1) {
            throw new InvalidInputException(option + " must be at least 1, got " + value);
        }
    }

    /** The same configuration with the data spec in its canonical form, for the run record. */
    public KernelConfig withData(String canonicalData) {
        return new KernelConfig(arch, activation, depth, width, alpha, outputs, canonicalData, seed, monteCarlo);
    }

    public Architecture architecture(int inputDim) {
        Activation phi = Activations.parse(activation);
        return arch.equals(FCN)
                ? Architecture.fcn(inputDim, depth, width, outputs, phi)
                : Architecture.resnet(inputDim, depth, width, alpha, outputs, phi);
    }
}
