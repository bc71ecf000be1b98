package org.ntklab.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ntklab.arch.Architecture;
import org.ntklab.data.DataSpec;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.SymmetricEigen;
import org.ntklab.testing.TestMatrices;

/** docs/paper.md item 1: the analytic NTK Gram matrix on distinct inputs is strictly positive definite. */
class PositiveDefinitenessTest {

    static List<Architecture> architectures(int d) {
        return List.of(Architecture.fcn(d, 1, 1, 1), Architecture.fcn(d, 2, 1, 1), Architecture.fcn(d, 4, 1, 1),
                Architecture.resnet(d, 1, 1, 1.0, 1), Architecture.resnet(d, 3, 1, 0.5, 1),
                Architecture.resnet(d, 4, 1, 1.0, 1));
    }

    static double lambdaMin(Architecture arch, Matrix x) {
        return SymmetricEigen.eigenvalues(AnalyticKernels.ntk(arch, x, x))[0];
    }

    @Test
    void positiveOnThePapersCirclePoints() {
        Matrix x = DataSpec.parse("circle:n=6").load(1).train().x();
        for (Architecture arch : architectures(2)) {
            double l = lambdaMin(arch, x);
            System.out.printf("circle:n=6 %s lambda_min=%.6g%n", arch.label(), l);
            assertTrue(l > 1e-3, arch.label() + " lambda_min " + l);
        }
    }

    @Test
    void positiveOnRandomSpherePoints() {
        Matrix x = TestMatrices.unitRows(40, 5, 3);
        for (Architecture arch : architectures(5)) {
            double l = lambdaMin(arch, x);
            System.out.printf("sphere d=5 n=40 %s lambda_min=%.6g%n", arch.label(), l);
            assertTrue(l > 1e-4, arch.label() + " lambda_min " + l);
        }
    }

    @Test
    void positiveOnRealMnistDigits() {
        Matrix x = DataSpec.parse("mnist:parity,n=50").load(1).train().x();
        for (Architecture arch : architectures(784)) {
            double l = lambdaMin(arch, x);
            System.out.printf("mnist parity n=100 %s lambda_min=%.6g%n", arch.label(), l);
            assertTrue(l > 1e-4, arch.label() + " lambda_min " + l);
        }
    }

    /** Two inputs at angle delta on the circle, plus four fixed ones. */
    static Matrix circleWithClosePair(double delta) {
        double[][] rows = new double[6][];
        rows[0] = new double[] {1, 0};
        rows[1] = new double[] {Math.cos(delta), Math.sin(delta)};
        for (int i = 2; i < 6; i++) {
            double t = i * Math.PI / 3;
            rows[i] = new double[] {Math.cos(t), Math.sin(t)};
        }
        return Matrix.of(rows);
    }

    @Test
    void fallsMonotonicallyTowardsZeroAsTwoInputsApproach() {
        double[] deltas = {0.8, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 1e-4};
        for (Architecture arch : architectures(2)) {
            StringBuilder report = new StringBuilder(arch.label() + ":");
            double previous = Double.POSITIVE_INFINITY;
            for (double delta : deltas) {
                double l = lambdaMin(arch, circleWithClosePair(delta));
                report.append(String.format(" %.0e->%.3g", delta, l));
                assertTrue(l > 0 && l < previous, report.toString());
                previous = l;
            }
            System.out.println(report);
            assertTrue(previous < 1e-2 * lambdaMin(arch, circleWithClosePair(deltas[0])), report.toString());
        }
    }
}
