package org.ntklab.arch;

import java.util.ArrayList;
import java.util.List;
import org.ntklab.io.InvalidInputException;
import org.ntklab.kernelmap.KernelState;

/**
 * a -> a + alpha * branch(a). The branch must preserve width and end in a zero-mean random linear
 * map (Dense then WidthScale), which makes the skip path and the branch uncorrelated at infinite
 * width: Sigma' = Sigma + alpha^2 Sigma_branch and Theta' = Theta + alpha^2 Theta_branch, where the
 * branch's own transforms already carry the skip path's Theta into Theta_branch.
 */
public record Residual(List<Layer> branch, double alpha) implements Layer {
    public Residual {
        if (branch == null || branch.isEmpty()) {
            throw new InvalidInputException("residual branch must have at least one layer");
        }
        if (!Double.isFinite(alpha)) {
            throw new InvalidInputException("residual scale alpha must be finite, got " + alpha);
        }
        branch = List.copyOf(branch);
    }

    @Override
    public int outputWidth(int inputWidth) {
        int w = inputWidth;
        for (Layer layer : branch) {
            w = layer.outputWidth(w);
        }
        if (w != inputWidth) {
            throw new InvalidInputException("residual branch maps width " + inputWidth + " to " + w
                    + "; it must preserve width");
        }
        return inputWidth;
    }

    @Override
    public KernelState transform(KernelState in) {
        KernelState b = in;
        for (Layer layer : branch) {
            b = layer.transform(b);
        }
        return in.plusScaled(alpha * alpha, b);
    }

    @Override
    public FiniteLayer instantiate(int inputWidth, ParameterRegistry registry) {
        List<FiniteLayer> finite = new ArrayList<>();
        int w = inputWidth;
        for (Layer layer : branch) {
            finite.add(layer.instantiate(w, registry));
            w = layer.outputWidth(w);
        }
        return new FiniteLayer.ResidualInstance(finite, alpha);
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("Residual(alpha=" + alpha + ": ");
        for (int i = 0; i < branch.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(branch.get(i).describe());
        }
        return sb.append(")").toString();
    }
}
