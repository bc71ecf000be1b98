package org.ntklab.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Issue 3's long-horizon evidence, too slow for the unit tests: FCN L = 2 on the paper's six circle
 * points, cross-entropy to t = 1e30 and squared loss to t = 1e6, at several widths and seeds. Prints
 * one line per run with steps, wall time and D_inf at t = 0, 1e6 and t_max.
 *
 * <pre>java -cp ... org.ntklab.train.LongHorizonExperiment OUT_DIR ce|mse WIDTH[,WIDTH...] SEEDS</pre>
 */
public final class LongHorizonExperiment {
    private LongHorizonExperiment() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        String loss = args[1];
        int seeds = Integer.parseInt(args[3]);
        for (String w : args[2].split(",")) {
            int width = Integer.parseInt(w);
            for (int seed = 1; seed <= seeds; seed++) {
                TrainingConfig base = TrainingConfig.defaults("fcn", 2, width, 1.0, "circle:n=6", loss);
                double tMax = loss.equals("ce") ? 1e30 : 1e6;
                TrainingConfig config = base.with(java.util.Map.of("t-max", tMax, "max-steps", 30_000, "seed", seed,
                        "checkpoint-seconds", 600));
                Path dir = out.resolve(loss + "-m" + width + "-s" + seed);
                Files.createDirectories(dir);
                TrainingRun.Result r = TrainingRun.start(config, dir).run(TrainingRun.ProgressListener.NONE);
                List<double[]> rows = MetricsLog.read(dir.resolve("metrics.csv"));
                int t = MetricsLog.column("t");
                int d = MetricsLog.column("d_inf");
                double supD = 0;
                double at6 = Double.NaN;
                for (double[] row : rows) {
                    supD = Math.max(supD, row[d]);
                    if (Double.isNaN(at6) && row[t] >= 1e6 * (1 - 1e-9)) {
                        at6 = row[d];
                    }
                }
                double[] last = rows.get(rows.size() - 1);
                System.out.printf("%s m=%d seed=%d reached=%s t=%.3g steps=%d wall=%.1fs D_inf(0)=%.4f D_inf(1e6)=%.4f "
                                + "D_inf(tmax)=%.4f sup D_inf=%.4f max|f|=%.2f lambda_min(end)=%.4g gap(end)=%.3g%n",
                        loss, width, seed, r.reachedTMax(), r.t(), r.steps(), r.wallSeconds(), rows.get(0)[d], at6,
                        last[d], supD, last[MetricsLog.column("max_abs_f")], last[MetricsLog.column("lambda_min")],
                        last[MetricsLog.column("kernel_gap")]);
            }
        }
    }
}
