package org.ntklab.loss;

/** How per-sample losses are combined. docs/paper.md eq. 2.3 uses a sum; PyTorch's default is a mean. */
public enum Reduction {
    SUM,
    MEAN;

    /** The factor applied to the summed loss (and its gradient) for n samples. */
    public double factor(int n) {
        return this == SUM ? 1.0 : 1.0 / n;
    }
}
