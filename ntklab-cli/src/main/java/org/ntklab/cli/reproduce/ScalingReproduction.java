package org.ntklab.cli.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ntklab.cli.common.Progress;
import org.ntklab.cli.report.Chart;
import org.ntklab.cli.report.Claim;
import org.ntklab.cli.report.HtmlReport;
import org.ntklab.cli.report.Table;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.cli.run.RunRecorder;
import org.ntklab.io.InvalidInputException;
import org.ntklab.scaling.TimeToLevel;

/**
 * {@code ntklab reproduce scaling}: runs the width-law grid ({@link ScalingPlan}), or reads a
 * finished one ({@code --from DIR}: a sweep of sweeps/scaling.yaml or an earlier run), and writes
 * the time to every level, the competing laws with intervals, figures and a report.
 */
final class ScalingReproduction {
    private ScalingReproduction() {
    }

    /** What run.json records as the configuration. */
    record ScalingConfig(String experiment, boolean quick, List<Long> seeds, List<String> parts, int minWidth,
                         int maxWidth, String from, double tMax, double stopAtDInf) {
    }

    static int run(RunRecorder recorder, boolean quick, List<Long> seeds, List<String> parts, int minWidth, int maxWidth, Path from,
                   Double checkpointSeconds, int workers, Path target, boolean resuming, Progress progressFor,
                   PrintWriter stdout) throws Exception {
        ScalingPlan plan = ScalingPlan.of(quick, seeds, parts, minWidth, maxWidth).checkpointingEvery(checkpointSeconds);
        if (from != null && !Files.isDirectory(from)) {
            throw new InvalidInputException("--from " + from + ": no such directory");
        }
        ScalingConfig config = new ScalingConfig(ScalingPlan.EXPERIMENT, quick, plan.seeds(),
                plan.parts().stream().map(ScalingPlan.Part::id).toList(), minWidth, maxWidth,
                from == null ? null : from.toAbsolutePath().toString(), plan.tMax(), ScalingPlan.STOP_LEVEL);
        ScalingAnalysis analysis;
        Path finished;
        try (ReproductionDirectory run = ReproductionDirectory.open(target, resuming, recorder, config, plan.seeds().get(0))) {
            try {
                Map<String, Double> seconds = Map.of();
                if (from == null) {
                    seconds = Scheduler.runAll(plan.tasks(), workers, run.path(), progressFor);
                }
                progressFor.message("time to level, fits, figures and report");
                analysis = ScalingAnalysis.of(from == null ? run.path().resolve("runs") : from);
                List<Chart.Figure> figures = analysis.write(run.path());
                Map<String, Object> results = Reproduction.results(analysis.claims,
                        analysis.claims.stream().filter(Claim::held).count());
                results.put("runs", analysis.runs.size());
                results.put("task-wall-seconds", seconds);
                results.put("jobs", workers);
                run.addLegs(results);
                RunRecord record = recorder.finish(config, plan.seeds().get(0), results);
                record.writeTo(run.path());
                report(analysis, figures, record, quick, from).write(run.path().resolve(ReproduceReport.REPORT_FILE));
            } catch (Exception e) {
                run.failed(e);
                throw e;
            }
            finished = run.finish();
            progressFor.update(1.0);
        }
        Table verdicts = new Table("claim", "evidence", "verdict");
        analysis.claims.forEach(c -> verdicts.row(c.claim(), c.evidence(), c.verdict()));
        stdout.print(verdicts.toText());
        Reproduction.printHeld(stdout, analysis.claims.stream().filter(Claim::held).count(), analysis.claims.size(),
                quick);
        Reproduction.printWhere(stdout, finished);
        return 0;
    }

    /**
     * {@code ntklab report DIR} of a scaling reproduction: the analysis, figures and report again
     * from its runs (or the --from directory it recorded).
     */
    static Path render(Path dir, RunRecord record) {
        String from = record.config().path("from").isTextual() ? record.config().path("from").asText() : null;
        ScalingAnalysis analysis = ScalingAnalysis.of(from == null ? dir.resolve("runs") : Path.of(from));
        List<Chart.Figure> figures = analysis.write(dir);
        Path file = dir.resolve(ReproduceReport.REPORT_FILE);
        report(analysis, figures, record, record.config().path("quick").asBoolean(), from == null ? null : Path.of(from))
                .write(file);
        return file;
    }

    private static HtmlReport report(ScalingAnalysis analysis, List<Chart.Figure> figures, RunRecord record,
                                     boolean quick, Path from) {
        HtmlReport html = new HtmlReport("ntklab reproduce scaling: how the divergence of the empirical NTK "
                + "depends on the width");
        html.section("Question and method");
        html.paragraph("Under cross-entropy the empirical NTK leaves the analytic one at every width. When, and how "
                + "does that time grow with the width m? Each run trains on the six circle points (circle:n=6, "
                + "inputs on the unit circle, labels alternating) by gradient flow until D_inf = ||K_t - Theta||_F / "
                + "||Theta||_F first reaches " + Table.number(ScalingPlan.STOP_LEVEL) + " (--stop-at-d-inf) or t = "
                + Table.number(record.config().path("t-max").asDouble()) + ". The time to reach a level c is the "
                + "first crossing, interpolated linearly in ln t between the observations around it (8 per decade); "
                + "levels are absolute (c = " + span(TimeToLevel.ABSOLUTE_LEVELS) + ") and relative ("
                + String.join(", ", numbers(TimeToLevel.RELATIVE_LEVELS)) + " times the run's D_inf(0)).");
        html.paragraph("Competing laws are fitted to the median of ln t_c over seeds at each width: power law "
                + "ln t_c = a + k ln m; stretched exponential ln t_c = a + b m^beta; log-quadratic ln t_c = a + k ln m "
                + "+ q (ln m)^2. Each is judged by its leave-one-width-out prediction error (RMS, in ln t); intervals "
                + "are 95% bootstrap intervals over seeds (" + ScalingAnalysis.REPLICATES + " replicates). Full table: "
                + ScalingAnalysis.FITS_FILE + "; crossing times: " + ScalingAnalysis.TIME_TO_LEVEL_FILE + ".");
        if (quick) {
            html.paragraph("Quick mode: small widths, " + record.config().path("seeds").size() + " seeds, t-max "
                    + Table.number(record.config().path("t-max").asDouble()) + ". The numbers check the pipeline; they "
                    + "are not evidence.");
        }
        if (from != null) {
            html.paragraph("Runs read from " + from.toAbsolutePath() + ".");
        }
        html.section("Claims, evidence and verdicts");
        html.claims(analysis.claims);
        html.section("What the measured law implies for sup_t D_inf");
        for (String implication : analysis.implications()) {
            html.paragraph(implication);
        }
        html.section("Figures");
        for (Chart.Figure f : figures) {
            html.figure(f, f.png().getFileName().toString());
        }
        html.section("Time to level, per width");
        for (Map.Entry<String, Table> e : analysis.medianTables.entrySet()) {
            html.paragraph(e.getKey() + " (levels " + java.util.Arrays.toString(TimeToLevel.ABSOLUTE_LEVELS)
                    + " and multiples " + java.util.Arrays.toString(TimeToLevel.RELATIVE_LEVELS) + " of D_inf(0))");
            html.table(e.getValue());
        }
        html.section("What it cost");
        double[] hours = analysis.totalAndLongestHours();
        html.paragraph(String.format(java.util.Locale.ROOT, "The %d runs took %.1f core-hours in all (the wall "
                + "time of each run, added over its resumptions; runs shared the machine with others, so on a quiet one "
                + "they are faster). The longest took %.2f hours: with one core per run (a cluster, 'ntklab sweep "
                + "sweeps/scaling.yaml --master spark://...') that is about the wall time of the whole grid; on one "
                + "machine it is the sum divided by the number of runs side by side, and the wide runs, bound by "
                + "memory bandwidth, gain little from running two at once.", analysis.runs.size(), hours[0], hours[1]));
        JsonNode legs = record.results().path("legs");
        if (legs.size() > 1) {
            html.paragraph(String.format(java.util.Locale.ROOT, "This reproduction ran in %d legs (it was killed and "
                    + "resumed with 'ntklab reproduce --resume'), %.2f hours of wall time in all; a leg killed by SIGKILL "
                    + "counts to its last heartbeat (run.json is rewritten every %d s while it runs).", legs.size(),
                    record.results().path("wall-seconds-all-legs").asDouble() / 3600,
                    ReproductionDirectory.HEARTBEAT_SECONDS));
        }
        html.table(analysis.costTable());
        html.runSection(record);
        return html;
    }

    /** The levels as text, as the tables print them. */
    private static List<String> numbers(double[] levels) {
        return java.util.Arrays.stream(levels).mapToObj(Table::number).toList();
    }

    /** "first ... last" of the levels. */
    private static String span(double[] levels) {
        List<String> all = numbers(levels);
        return all.get(0) + " ... " + all.get(all.size() - 1);
    }
}
