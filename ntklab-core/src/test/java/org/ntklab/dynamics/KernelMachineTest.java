package org.ntklab.dynamics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ntklab.arch.Architecture;
import org.ntklab.data.DataSpec;
import org.ntklab.data.Dataset;
import org.ntklab.flow.TimeRescaledGradientFlow;
import org.ntklab.kernel.AnalyticKernels;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Matrix;
import org.ntklab.loss.BinaryCrossEntropy;
import org.ntklab.loss.Reduction;
import org.ntklab.loss.SquaredLoss;
import org.ntklab.loss.Targets;
import org.ntklab.testing.TestMatrices;

class KernelMachineTest {
    static Dataset circle() {
        return DataSpec.parse("circle:n=6").load(1).train();
    }

    /** Classical RK4 with a fixed small step for du/dt = -s Theta (u - y): an independent reference. */
    static Matrix rungeKutta(Matrix theta, Matrix u0, Matrix y, double scale, double t, double h) {
        Matrix u = u0.copy();
        int steps = (int) Math.round(t / h);
        for (int k = 0; k < steps; k++) {
            Matrix k1 = velocity(theta, u, y, scale);
            Matrix k2 = velocity(theta, axpy(u, h / 2, k1), y, scale);
            Matrix k3 = velocity(theta, axpy(u, h / 2, k2), y, scale);
            Matrix k4 = velocity(theta, axpy(u, h, k3), y, scale);
            for (int i = 0; i < u.data().length; i++) {
                u.data()[i] += h / 6 * (k1.data()[i] + 2 * k2.data()[i] + 2 * k3.data()[i] + k4.data()[i]);
            }
        }
        return u;
    }

    static Matrix velocity(Matrix theta, Matrix u, Matrix y, double scale) {
        Matrix r = u.copy();
        for (int i = 0; i < r.data().length; i++) {
            r.data()[i] = -scale * (u.data()[i] - y.data()[i]);
        }
        return Blas.multiply(theta, r);
    }

    static Matrix axpy(Matrix x, double a, Matrix y) {
        Matrix out = x.copy();
        for (int i = 0; i < out.data().length; i++) {
            out.data()[i] += a * y.data()[i];
        }
        return out;
    }

    @Test
    void squaredLossClosedFormEqualsRungeKutta() {
        Dataset data = DataSpec.parse("sphere:d=3,n=8").load(2).train();
        Matrix theta = AnalyticKernels.ntk(Architecture.fcn(3, 2, 1, 1), data.x(), data.x());
        Matrix u0 = TestMatrices.gaussian(8, 1, 4);
        Targets targets = Targets.of(data);
        for (Reduction reduction : Reduction.values()) {
            ClosedFormKernelRegression closed = new ClosedFormKernelRegression(theta, null, u0, null, targets,
                    new SquaredLoss(reduction));
            for (double t : new double[] {0.05, 0.5, 5}) {
                closed.advanceTo(t);
                Matrix reference = rungeKutta(theta, u0, targets.values(), reduction.factor(8), t, 2e-4);
                double gap = closed.trainOutputs().distanceMax(reference);
                assertTrue(gap < 1e-8, reduction + " t=" + t + ": gap to RK4 " + gap);
            }
        }
    }

    /** The integrated kernel machine (used for cross-entropy) reproduces the closed form, test outputs too. */
    @Test
    void integratedMachineMatchesClosedFormUnderSquaredLoss() {
        Dataset data = DataSpec.parse("sphere:d=3,n=8").load(2).train();
        Dataset test = DataSpec.parse("sphere:d=3,n=5").load(3).train();
        Architecture arch = Architecture.fcn(3, 2, 1, 1);
        Matrix theta = AnalyticKernels.ntk(arch, data.x(), data.x());
        Matrix testKernel = AnalyticKernels.ntk(arch, test.x(), data.x());
        Matrix u0 = TestMatrices.gaussian(8, 1, 4);
        Matrix uTest0 = TestMatrices.gaussian(5, 1, 5);
        Targets targets = Targets.of(data);
        SquaredLoss loss = new SquaredLoss(Reduction.SUM);
        ClosedFormKernelRegression closed = new ClosedFormKernelRegression(theta, testKernel, u0, uTest0, targets, loss);
        IntegratedKernelMachine integrated = new IntegratedKernelMachine(theta, testKernel, u0, uTest0, targets, loss,
                new TimeRescaledGradientFlow.Settings(1e-3, 1e-12, 1e-9, 0.1, 0.25, 1e-4, 1e-12));
        for (double t : new double[] {0.1, 1, 10, 100}) {
            closed.advanceTo(t);
            integrated.advanceTo(t);
            double train = closed.trainOutputs().distanceMax(integrated.trainOutputs());
            double testGap = closed.testOutputs().distanceMax(integrated.testOutputs());
            assertTrue(train < 1e-5 && testGap < 1e-5, "t=" + t + ": train gap " + train + ", test gap " + testGap
                    + " after " + integrated.steps() + " steps");
        }
    }

    /** d/dt u = -Theta dL/du, checked on the closed form by a central difference in t. */
    @Test
    void squaredLossClosedFormSolvesTheOde() {
        Dataset data = circle();
        Matrix theta = AnalyticKernels.ntk(Architecture.fcn(2, 3, 1, 1), data.x(), data.x());
        Targets targets = Targets.of(data);
        Matrix u0 = TestMatrices.gaussian(6, 1, 9);
        SquaredLoss loss = new SquaredLoss(Reduction.SUM);
        ClosedFormKernelRegression km = new ClosedFormKernelRegression(theta, null, u0, null, targets, loss);
        double t = 0.2;
        double h = 1e-5;
        km.advanceTo(t + h);
        Matrix plus = km.trainOutputs();
        km.advanceTo(t - h);
        Matrix minus = km.trainOutputs();
        km.advanceTo(t);
        Matrix u = km.trainOutputs();
        Matrix grad = new Matrix(6, 1);
        loss.evaluate(u, targets, grad);
        Matrix velocity = Blas.multiply(theta, grad);
        for (int i = 0; i < 6; i++) {
            double numeric = (plus.get(i, 0) - minus.get(i, 0)) / (2 * h);
            assertTrue(Math.abs(numeric + velocity.get(i, 0)) < 1e-6 * Math.max(1, Math.abs(numeric)),
                    "sample " + i + ": " + numeric + " vs " + -velocity.get(i, 0));
        }
    }

    /** Kernel logistic regression on separable data: outputs grow like log t. */
    @Test
    void crossEntropyOutputsGrowLikeLogTime() {
        Dataset data = circle();
        Matrix theta = AnalyticKernels.ntk(Architecture.fcn(2, 3, 1, 1), data.x(), data.x());
        Targets targets = Targets.of(data);
        IntegratedKernelMachine km = new IntegratedKernelMachine(theta, null, new Matrix(6, 1), null, targets,
                new BinaryCrossEntropy(Reduction.SUM), TimeRescaledGradientFlow.Settings.defaults());
        int points = 17;
        double[] logT = new double[points];
        double[] maxU = new double[points];
        StringBuilder report = new StringBuilder();
        for (int k = 0; k < points; k++) {
            double t = Math.pow(10, 4 + k);
            km.advanceTo(t);
            logT[k] = Math.log(t);
            maxU[k] = km.trainOutputs().maxAbs();
            report.append(String.format("t=1e%d max|u|=%.3f; ", 4 + k, maxU[k]));
        }
        double slope = org.ntklab.linalg.LinearFit.slope(logT, maxU);
        report.append(String.format("slope d max|u| / d ln t = %.3f after %d steps", slope, km.steps()));
        System.out.println(report);
        assertTrue(slope > 0.5 && slope < 2, report.toString());
    }
}
