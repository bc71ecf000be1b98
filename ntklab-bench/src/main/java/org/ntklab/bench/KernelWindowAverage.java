package org.ntklab.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ntklab.arch.Architecture;
import org.ntklab.arch.Network;
import org.ntklab.data.DataSpec;
import org.ntklab.data.Dataset;
import org.ntklab.flow.TimeRescaledGradientFlow;
import org.ntklab.kernel.AnalyticKernels;
import org.ntklab.kernel.EmpiricalNtk;
import org.ntklab.linalg.Matrix;
import org.ntklab.loss.BinaryCrossEntropy;
import org.ntklab.loss.Reduction;
import org.ntklab.loss.Targets;
import org.ntklab.scaling.TimeToLevel;
import org.ntklab.train.NetworkObjective;
import org.ntklab.train.ObservationSchedule;

/**
 * The integrator-accuracy check of issue 14 with a second observable next to D_inf: D_inf of the
 * empirical NTK averaged over the flow between two observations (trapezoid in ln t over every
 * accepted step). A ReLU network's kernel jumps whenever a unit's pre-activation on a training
 * point changes sign; where the flow slides along such a kink, the sign at the instant of an
 * observation is chance, while the average over the window estimates the Filippov (sliding) value.
 * So the averaged D_inf separates integration error (which shows in both) from kink jitter (which
 * shows only in the instantaneous one).
 *
 * <pre>
 *   java -cp ntklab-bench/target/benchmarks.jar org.ntklab.bench.KernelWindowAverage OUT [seeds [depth width t-max factor]]
 * </pre>
 * (defaults: seeds 1-5, FCN L = 2, m = 1024, t-max 1e10, factor 4) runs cross-entropy (sum) on
 * circle:n=6 with the flow's default settings and with every tolerance divided by the factor,
 * observing 8 times per decade from t = 0.01 as {@code ntklab train} does, writes OUT/sS-fF.csv
 * (t, step, d_inf, d_inf_avg, max_abs_f) and prints, per seed, the largest relative difference
 * between the two runs at any observation (all, and where D_inf >= 0.5) and the difference in ln t
 * of their first crossings of D_inf = 1 and 2 (linear in ln t between observations).
 */
public final class KernelWindowAverage {
    private KernelWindowAverage() {
    }

    /** One observation of a run. */
    record Row(double t, long step, double dInf, double dInfAvg, double maxAbsF) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: KernelWindowAverage OUT [seeds e.g. 1-5] [depth width t-max factor]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        String seeds = args.length > 1 ? args[1] : "1-5";
        int depth = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int width = args.length > 3 ? Integer.parseInt(args[3]) : 1024;
        double tMax = args.length > 4 ? Double.parseDouble(args[4]) : 1e10;
        double factor = args.length > 5 ? Double.parseDouble(args[5]) : 4.0;
        Files.createDirectories(out);
        String[] range = seeds.split("-");
        int first = Integer.parseInt(range[0]);
        int last = Integer.parseInt(range[range.length - 1]);
        for (int seed = first; seed <= last; seed++) {
            List<Row> base = run(seed, 1.0, depth, width, tMax, out.resolve("s" + seed + "-f1.csv"));
            List<Row> tight = run(seed, factor, depth, width, tMax, out.resolve("s" + seed + "-f" + (int) factor + ".csv"));
            System.out.println(compare(seed, base, tight));
        }
    }

    static List<Row> run(int seed, double factor, int depth, int width, double tMax, Path csv) throws IOException {
        Dataset data = DataSpec.parse("circle:n=6").load(seed).train();
        Architecture arch = Architecture.fcn(data.dim(), depth, width, 1);
        Network net = Network.initialize(arch, seed);
        NetworkObjective field = new NetworkObjective(net, data.x(), Targets.of(data),
                new BinaryCrossEntropy(Reduction.SUM));
        TimeRescaledGradientFlow.Settings settings = TimeRescaledGradientFlow.Settings.defaults();
        TimeRescaledGradientFlow flow = new TimeRescaledGradientFlow(factor == 1.0 ? settings : settings.tighter(factor));
        Matrix theta = AnalyticKernels.ntk(arch, data.x(), data.x());
        double thetaNorm = theta.frobeniusNorm();
        double firstObservation = 1e-2;
        List<Row> rows = new ArrayList<>();
        Matrix previous = EmpiricalNtk.gram(net, data.x());
        double previousLogT = Math.log(firstObservation);
        double[] sum = new double[previous.data().length];
        double weight = 0;
        for (double target : ObservationSchedule.times(firstObservation, tMax, 8)) {
            if (target == 0) {
                continue; // the window average starts at the first observation
            }
            boolean arrived = false;
            while (!arrived) {
                arrived = flow.advanceTo(field, target, flow.steps() + 1);
                Matrix k = EmpiricalNtk.gram(net, data.x());
                double logT = Math.log(flow.time());
                // the window starts at the first observation: steps before it count from there
                double w = logT - Math.max(previousLogT, Math.log(firstObservation));
                if (w > 0) {
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] += 0.5 * (k.data()[i] + previous.data()[i]) * w;
                    }
                    weight += w;
                }
                previousLogT = logT;
                previous = k;
            }
            Matrix average = new Matrix(previous.rows(), previous.cols());
            for (int i = 0; i < sum.length; i++) {
                average.data()[i] = weight > 0 ? sum[i] / weight : previous.data()[i];
            }
            rows.add(new Row(flow.time(), flow.steps(), previous.distance(theta) / thetaNorm,
                    average.distance(theta) / thetaNorm, net.forward(data.x()).maxAbs()));
            Arrays.fill(sum, 0);
            weight = 0;
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("t,step,d_inf,d_inf_avg,max_abs_f");
            for (Row r : rows) {
                w.printf(Locale.ROOT, "%.17g,%d,%.17g,%.17g,%.17g%n", r.t(), r.step(), r.dInf(), r.dInfAvg(), r.maxAbsF());
            }
        }
        return rows;
    }

    interface Observable {
        double of(Row r);
    }

    static String compare(int seed, List<Row> base, List<Row> tight) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "seed %d: steps %d / %d", seed,
                base.get(base.size() - 1).step(), tight.get(tight.size() - 1).step()));
        String[] names = {"max|f|", "D_inf", "D_inf averaged"};
        Observable[] observables = {Row::maxAbsF, Row::dInf, Row::dInfAvg};
        for (int o = 0; o < names.length; o++) {
            double all = 0;
            double late = 0;
            for (int i = 0; i < Math.min(base.size(), tight.size()); i++) {
                double a = observables[o].of(base.get(i));
                double b = observables[o].of(tight.get(i));
                double rel = Math.abs(a - b) / Math.abs(b);
                all = Math.max(all, rel);
                if (tight.get(i).dInf() >= 0.5) {
                    late = Math.max(late, rel);
                }
            }
            sb.append(String.format(Locale.ROOT, "; %s worst %.2f %% (%.2f %% where D_inf >= 0.5)", names[o],
                    100 * all, 100 * late));
        }
        for (int o = 1; o < names.length; o++) {
            for (double level : new double[] {1, 2}) {
                double a = logCrossing(base, observables[o], level);
                double b = logCrossing(tight, observables[o], level);
                sb.append(String.format(Locale.ROOT, "; %s = %g: |d ln t| %.3f", names[o], level, Math.abs(a - b)));
            }
        }
        return sb.toString();
    }

    /** ln t of the first crossing of {@code level}, linear in ln t between observations (NaN if never). */
    static double logCrossing(List<Row> rows, Observable o, double level) {
        double[] t = rows.stream().mapToDouble(Row::t).toArray();
        double[] values = rows.stream().mapToDouble(o::of).toArray();
        return Math.log(TimeToLevel.crossing(t, values, level));
    }
}
