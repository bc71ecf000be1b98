package org.ntklab.cli.kernel;

import java.nio.file.Path;
import java.util.List;
import org.ntklab.cli.report.Table;
import org.ntklab.cli.run.CsvFile;

/**
 * The headline numbers of a kernel run: sizes, the extreme eigenvalues of both Gram matrices and
 * their relative distance ||K - Theta||_F / ||Theta||_F. Recorded as run.json's {@code results},
 * written as summary.csv (one row, with the configuration, so summaries of many runs concatenate
 * into one table) and printed.
 *
 * @param n samples, d input dimension, outputs C
 */
public record KernelSummary(int n, int d, int outputs, double lambdaMinAnalytic, double lambdaMaxAnalytic,
                            double lambdaMinEmpirical, double lambdaMaxEmpirical, double relativeDistance) {
    public static final String FILE = "summary.csv";

    public void writeCsv(Path file, KernelConfig config) {
        CsvFile.write(file,
                List.of("arch", "depth", "width", "alpha", "outputs", "seed", "n", "d",
                        "lambda_min_analytic", "lambda_max_analytic", "lambda_min_empirical", "lambda_max_empirical",
                        "relative_distance"),
                List.of(List.of(config.arch(), config.depth(), config.width(), config.alpha(), outputs, config.seed(),
                        n, d, lambdaMinAnalytic, lambdaMaxAnalytic, lambdaMinEmpirical, lambdaMaxEmpirical,
                        relativeDistance)));
    }

    /** The console and report table: one row per kernel. */
    public Table table() {
        return new Table("kernel", "n", "d", "C", "lambda_min", "lambda_max", "||K - Theta||_F / ||Theta||_F")
                .row("analytic Theta", n, d, outputs, lambdaMinAnalytic, lambdaMaxAnalytic, "-")
                .row("empirical K", n, d, outputs, lambdaMinEmpirical, lambdaMaxEmpirical, relativeDistance);
    }
}
