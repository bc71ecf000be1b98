package org.ntklab.arch;

import java.util.List;
import java.util.Locale;
import org.ntklab.activation.Activation;
import org.ntklab.activation.Activations;
import org.ntklab.io.InvalidInputException;

/**
 * A network as the options name it: {@code --arch fcn|resnet}, {@code --depth}, {@code --width},
 * {@code --alpha}, {@code --activation}. The one place that checks them and turns a name into an
 * {@link Architecture}; the training and kernel configurations both build their networks here.
 * Messages name the options as typed (exit code 2 on the command line).
 *
 * @param arch       fcn or resnet (any case; kept in lower case)
 * @param depth      hidden layers (fcn) or residual blocks (resnet), L
 * @param width      hidden width m
 * @param alpha      residual branch scaling (resnet only, must still be positive)
 * @param activation the hidden layers' activation spec; null (records made before it existed) is relu,
 *                   and the canonical form is kept ("leaky-relu" becomes "leaky-relu:0.01")
 */
public record ArchitectureSpec(String arch, int depth, int width, double alpha, String activation) {
    public static final String FCN = "fcn";
    public static final String RESNET = "resnet";
    /** The architectures, as --arch names them. */
    public static final List<String> KINDS = List.of(FCN, RESNET);

    public ArchitectureSpec {
        arch = arch == null ? null : arch.toLowerCase(Locale.ROOT);
        if (!KINDS.contains(arch)) {
            throw new InvalidInputException("--arch must be " + String.join(" or ", KINDS) + ", got '" + arch + "'");
        }
        requireAtLeastOne("--depth", depth);
        requireAtLeastOne("--width", width);
        try {
            activation = Activations.canonical(activation);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--activation: " + e.getMessage(), e);
        }
        if (!Double.isFinite(alpha) || alpha <= 0) {
            throw new InvalidInputException("--alpha must be a positive number, got " + alpha);
        }
    }

    /** With the paper's ReLU and alpha = 1. */
    public static ArchitectureSpec of(String arch, int depth, int width) {
        return new ArchitectureSpec(arch, depth, width, 1.0, Activations.DEFAULT);
    }

    public Architecture build(int inputDim, int outputs) {
        Activation phi = Activations.parse(activation);
        return arch.equals(FCN)
                ? Architecture.fcn(inputDim, depth, width, outputs, phi)
                : Architecture.resnet(inputDim, depth, width, alpha, outputs, phi);
    }

    private static void requireAtLeastOne(String option, long value) {
        if (value < 1) {
            throw new InvalidInputException(option + " must be at least 1, got " + value);
        }
    }
}
