package org.ntklab.cli.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ntklab.cli.report.Chart;
import org.ntklab.cli.report.Claim;
import org.ntklab.cli.report.HtmlReport;
import org.ntklab.cli.report.ReportRenderer;
import org.ntklab.cli.report.Table;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.io.FileFormatException;
import org.ntklab.linalg.Matrix;

/** Figures and report of a kernel run, from its .npy and .csv files and run.json. */
public final class KernelReport implements ReportRenderer {
    public static final String SPECTRUM_FIGURE = "spectrum";
    public static final String ENTRIES_FIGURE = "entries";
    /** Entries drawn in the scatter plot at most; more only blacken the plot and slow the SVG. */
    private static final int MAX_SCATTER_POINTS = 4000;

    @Override
    public String kind() {
        return "kernel";
    }

    @Override
    public Path render(Path dir, RunRecord record) {
        KernelConfig config = record.config(KernelConfig.class);
        KernelResult result = KernelResult.readFrom(dir);
        KernelSummary summary = result.summary(inputDimension(record, dir), config.outputs());

        Chart.Figure spectrum = spectrumChart(result).write(dir.resolve(SPECTRUM_FIGURE));
        Chart.Figure entries = entriesChart(result).write(dir.resolve(ENTRIES_FIGURE));

        String network = config.arch() + ", L = " + config.depth() + ", m = " + config.width()
                + (config.arch().equals(KernelConfig.RESNET) ? ", alpha = " + config.alpha() : "")
                + ", C = " + config.outputs();
        return new HtmlReport("NTK at initialisation: " + network)
                .paragraph("The analytic NTK Theta of the infinitely wide " + config.arch() + " and the empirical NTK K "
                        + "of one network of width m = " + config.width() + " at initialisation (seed " + config.seed()
                        + "), on the " + summary.n() + " training inputs of " + config.data() + ".")
                .paragraph(org.ntklab.cli.run.DataLine.of(config.data()))
                .section("Summary")
                .table(summary.table())
                .paragraph("For scale: m^-1/2 = " + Table.number(1 / Math.sqrt(config.width()))
                        + "; the relative distance shrinks like m^-1/2 as the width grows.")
                .section("Claims")
                .claims(claims(summary))
                .section("Spectra")
                .figure(spectrum, "Eigenvalues of Theta and K in ascending order, logarithmic scale.")
                .section("Entries")
                .figure(entries, "Entries of K against the same entries of Theta (upper triangle"
                        + (result.analytic().rows() * (result.analytic().rows() + 1) / 2 > MAX_SCATTER_POINTS
                        ? ", an evenly spaced subset" : "") + "); a width-independent kernel would put them on y = x.")
                .runSection(record)
                .write(dir.resolve(REPORT_FILE));
    }

    private static int inputDimension(RunRecord record, Path dir) {
        JsonNode d = record.results() == null ? null : record.results().get("d");
        if (d == null || !d.canConvertToInt()) {
            throw new FileFormatException(dir.resolve(RunRecord.FILE_NAME) + ": results have no input dimension \"d\"");
        }
        return d.asInt();
    }

    private static List<Claim> claims(KernelSummary s) {
        // below about n eps lambda_max an eigenvalue cannot be told from zero in double precision
        double roundOff = s.n() * s.outputs() * Math.ulp(1.0) * s.lambdaMaxAnalytic();
        double roundOffK = s.n() * s.outputs() * Math.ulp(1.0) * s.lambdaMaxEmpirical();
        return List.of(
                new Claim("The analytic NTK Gram matrix of distinct inputs is strictly positive definite "
                        + "(the paper's first result, for FCN and ResNet).",
                        "lambda_min(Theta) = " + Table.number(s.lambdaMinAnalytic()) + ", round-off level "
                                + Table.number(roundOff) + ", condition number "
                                + Table.number(s.lambdaMaxAnalytic() / s.lambdaMinAnalytic()),
                        s.lambdaMinAnalytic() > roundOff),
                new Claim("The empirical NTK Gram matrix at initialisation is positive definite "
                        + "(Theorem 1 assumes lambda_min(K_t) stays positive; this is t = 0).",
                        "lambda_min(K_0) = " + Table.number(s.lambdaMinEmpirical()) + ", round-off level "
                                + Table.number(roundOffK),
                        s.lambdaMinEmpirical() > roundOffK));
    }

    private static Chart spectrumChart(KernelResult result) {
        int size = result.analyticSpectrum().length;
        double[] index = new double[size];
        for (int k = 0; k < size; k++) {
            index[k] = k + 1;
        }
        return Chart.line("NTK spectrum: analytic Theta and empirical K at initialisation",
                        "k (eigenvalues in ascending order)", "eigenvalue")
                .logY()
                .integerX()
                .markers()
                .series("analytic Theta", index, result.analyticSpectrum())
                .series("empirical K", index, result.empiricalSpectrum());
    }

    private static Chart entriesChart(KernelResult result) {
        Matrix theta = result.analytic();
        Matrix k = result.empirical();
        int size = theta.rows();
        long entries = (long) size * (size + 1) / 2;
        long stride = Math.max(1, (entries + MAX_SCATTER_POINTS - 1) / MAX_SCATTER_POINTS);
        List<double[]> points = new ArrayList<>();
        long position = 0;
        for (int i = 0; i < size; i++) {
            for (int j = i; j < size; j++, position++) {
                if (position % stride == 0) {
                    points.add(new double[] {theta.get(i, j), k.get(i, j)});
                }
            }
        }
        double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
        Chart chart = Chart.scatter("Entries: empirical K against analytic Theta", "Theta(x_i, x_j)", "K(x_i, x_j)")
                .series("entries", x, y);
        // a fit needs two distinct Theta values; a single input has only one entry
        return Arrays.stream(x).distinct().limit(2).count() == 2 ? chart.fittedLine("entries") : chart;
    }
}
