package org.ntklab.dynamics;

import java.util.List;
import org.ntklab.flow.GradientField;
import org.ntklab.flow.TimeRescaledGradientFlow;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.Matrix;
import org.ntklab.loss.Loss;
import org.ntklab.loss.Targets;

/**
 * The kernel machine for any loss (kernel logistic regression under cross-entropy), integrated with
 * the same time-rescaled scheme as the network. The state is a(t) = integral_0^t dL/du ds (n x C),
 * so that u(t) = u(0) - Theta a(t) and u_test(t) = u_test(0) - Theta(X_test, X) a(t), and
 * da/dt = dL/du(u(0) - Theta a).
 */
public final class IntegratedKernelMachine implements KernelMachine {
    private final Matrix ntk;
    private final Matrix testKernel;
    private final Matrix initialOutputs;
    private final Matrix initialTestOutputs;
    private final Targets targets;
    private final Loss loss;
    private final Matrix accumulated;
    private final BlockVector state;
    private final TimeRescaledGradientFlow integrator;
    private final GradientField field;

    public IntegratedKernelMachine(Matrix ntk, Matrix testKernel, Matrix initialOutputs, Matrix initialTestOutputs,
                                   Targets targets, Loss loss, TimeRescaledGradientFlow.Settings settings) {
        this.ntk = ntk;
        this.testKernel = testKernel;
        this.initialOutputs = initialOutputs;
        this.initialTestOutputs = initialTestOutputs;
        this.targets = targets;
        this.loss = loss;
        this.accumulated = new Matrix(initialOutputs.rows(), initialOutputs.cols());
        this.state = new BlockVector(List.of("a"), List.of(accumulated.data()));
        this.integrator = new TimeRescaledGradientFlow(settings);
        Matrix gradient = new Matrix(initialOutputs.rows(), initialOutputs.cols());
        this.field = new GradientField() {
            @Override
            public BlockVector state() {
                return state;
            }

            @Override
            public double evaluate(BlockVector direction) {
                double value = loss.evaluate(trainOutputs(), targets, gradient);
                // d(a)/dt = +dL/du, so the integrator's direction (state' = -direction) is -dL/du
                double[] d = direction.block(0);
                for (int k = 0; k < d.length; k++) {
                    d[k] = -gradient.data()[k];
                }
                return value;
            }

            @Override
            public double predictedDecrease(double dt, BlockVector direction, double norm) {
                // dL/dt = -g^T Theta g with g = dL/du = -direction (per output column), formed with the
                // unit direction so that it underflows no sooner than the norm itself
                if (norm == 0) {
                    return 0;
                }
                Matrix d = new Matrix(accumulated.rows(), accumulated.cols(), direction.block(0));
                Matrix thetaD = Blas.multiply(ntk, d);
                double unitRate = 0;
                for (int k = 0; k < d.data().length; k++) {
                    unitRate += d.data()[k] / norm * (thetaD.data()[k] / norm);
                }
                return dt * norm * norm * unitRate;
            }
        };
    }

    @Override
    public void advanceTo(double t) {
        integrator.advanceTo(field, t, Long.MAX_VALUE);
    }

    @Override
    public double time() {
        return integrator.time();
    }

    /** Integrator steps taken so far. */
    public long steps() {
        return integrator.steps();
    }

    @Override
    public Matrix trainOutputs() {
        Matrix u = initialOutputs.copy();
        Blas.gemm(false, false, -1.0, ntk, accumulated, 1.0, u);
        return u;
    }

    @Override
    public Matrix testOutputs() {
        if (testKernel == null) {
            return null;
        }
        Matrix u = initialTestOutputs.copy();
        Blas.gemm(false, false, -1.0, testKernel, accumulated, 1.0, u);
        return u;
    }

    @Override
    public double loss() {
        return loss.evaluate(trainOutputs(), targets, null);
    }

    @Override
    public double[] saveState() {
        double[] s = integrator.saveState();
        double[] out = new double[s.length + accumulated.data().length];
        System.arraycopy(s, 0, out, 0, s.length);
        System.arraycopy(accumulated.data(), 0, out, s.length, accumulated.data().length);
        return out;
    }

    @Override
    public void restoreState(double[] saved) {
        int k = saved.length - accumulated.data().length;
        integrator.restoreState(java.util.Arrays.copyOfRange(saved, 0, k));
        System.arraycopy(saved, k, accumulated.data(), 0, accumulated.data().length);
    }
}
