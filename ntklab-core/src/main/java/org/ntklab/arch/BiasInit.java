package org.ntklab.arch;

/** How a dense layer's bias exists and starts. */
public enum BiasInit {
    /** No bias parameter at all (the output layer). */
    NONE,
    /** Trained bias drawn i.i.d. N(0, 1): contributes 1 to the NNGP and to the NTK. */
    RANDOM,
    /** Trained bias starting at 0 (the ResNet's b_l, d_l): contributes 1 to the NTK only. */
    ZERO;

    public boolean exists() {
        return this != NONE;
    }
}
