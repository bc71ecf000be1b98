package org.ntklab.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ntklab.arch.Architecture;
import org.ntklab.arch.Network;
import org.ntklab.linalg.LinearFit;
import org.ntklab.linalg.Matrix;
import org.ntklab.testing.TestMatrices;

/**
 * At initialisation the empirical NTK converges to the analytic one like m^(-1/2). A wrong analytic
 * recursion (a misplaced +1, a missing bias term, a wrong residual factor) leaves a constant gap and
 * flattens the slope, so this is the test that the finite network and the formula are the same model.
 */
class WidthConvergenceTest {
    private static final int[] WIDTHS = {64, 256, 1024, 4096};
    private static final int SEEDS = 20;

    /** Architectures with identical parameter shapes at a width, so one draw serves all of them. */
    interface FamilyAtWidth {
        List<Architecture> at(int width);
    }

    static Stream<Arguments> families() {
        return Stream.of(
                Arguments.of("fcn L=1", (FamilyAtWidth) m -> List.of(Architecture.fcn(4, 1, m, 1))),
                Arguments.of("fcn L=2", (FamilyAtWidth) m -> List.of(Architecture.fcn(4, 2, m, 1))),
                Arguments.of("fcn L=3", (FamilyAtWidth) m -> List.of(Architecture.fcn(4, 3, m, 1))),
                // alpha only scales the residual branch: the same parameter draw serves alpha = 1 and 0.5
                Arguments.of("resnet L=2", (FamilyAtWidth) m -> List.of(
                        Architecture.resnet(4, 2, m, 1.0, 1), Architecture.resnet(4, 2, m, 0.5, 1))),
                Arguments.of("resnet L=4", (FamilyAtWidth) m -> List.of(
                        Architecture.resnet(4, 4, m, 1.0, 1), Architecture.resnet(4, 4, m, 0.5, 1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void relativeDistanceFallsLikeInverseSquareRootOfWidth(String name, FamilyAtWidth family) {
        Matrix x = TestMatrices.unitRows(6, 4, 99);
        int members = family.at(1).size();
        double[] logWidth = new double[WIDTHS.length];
        double[][] logDistance = new double[members][WIDTHS.length];
        for (int w = 0; w < WIDTHS.length; w++) {
            List<Architecture> archs = family.at(WIDTHS[w]);
            Matrix[] theta = archs.stream().map(a -> AnalyticKernels.ntkGram(a, x)).toArray(Matrix[]::new);
            // two workers, each redrawing one network in place per seed
            double[][] sums = IntStream.range(0, 2).parallel().mapToObj(worker -> {
                Network[] nets = new Network[members];
                double[] sum = new double[members];
                for (int seed = worker; seed < SEEDS; seed += 2) {
                    for (int a = 0; a < members; a++) {
                        if (a == 0) {
                            if (nets[0] == null) {
                                nets[0] = Network.initialize(archs.get(0), 1000 + seed);
                            } else {
                                nets[0].reinitialize(1000 + seed);
                            }
                        } else if (nets[a] == null) {
                            nets[a] = Network.withParameters(archs.get(a), nets[0].parameters());
                        }
                        sum[a] += EmpiricalNtk.gram(nets[a], x).distance(theta[a]) / theta[a].frobeniusNorm();
                    }
                }
                return sum;
            }).toArray(double[][]::new);
            logWidth[w] = Math.log(WIDTHS[w]);
            for (int a = 0; a < members; a++) {
                logDistance[a][w] = Math.log((sums[0][a] + sums[1][a]) / SEEDS);
            }
        }
        for (int a = 0; a < members; a++) {
            double slope = LinearFit.slope(logWidth, logDistance[a]);
            StringBuilder report = new StringBuilder(family.at(1).get(a).label().replace("m=1, ", "") + ":");
            for (int w = 0; w < WIDTHS.length; w++) {
                report.append(String.format(" D(%d)=%.4g", WIDTHS[w], Math.exp(logDistance[a][w])));
            }
            report.append(String.format(" slope=%.3f", slope));
            System.out.println(report);
            assertTrue(slope > -0.7 && slope < -0.3, report.toString());
        }
    }
}
