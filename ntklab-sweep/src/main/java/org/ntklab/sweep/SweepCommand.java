package org.ntklab.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.ntklab.cli.Main;
import org.ntklab.cli.SweepOptions;
import org.ntklab.cli.common.ExitCodes;
import org.ntklab.cli.report.Table;
import org.ntklab.cli.run.Json;
import org.ntklab.cli.run.SpecFile;
import org.ntklab.io.InvalidInputException;
import org.ntklab.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ntklab sweep SPEC}: every cell of a grid of train runs, as Spark tasks, then one table and a
 * report. Options and help text are in {@link SweepOptions} (in ntklab-cli, so that the plain CLI lists
 * the command); this class replaces that stand-in.
 */
@Command(name = "sweep")
public final class SweepCommand extends SweepOptions {
    public static final String RECORD = "sweep.json";

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws IOException {
        SweepSpec spec = SweepSpec.read(specFile);
        if (out == null && spec.output() == null) {
            throw new InvalidInputException("spec " + specFile + " names no output root; give 'output:' or --out");
        }
        Path root = (out != null ? out : Path.of(spec.output())).toAbsolutePath().normalize();
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new InvalidInputException("output root " + root + " exists and is not a directory");
        }
        PrintWriter stdout = command.commandLine().getOut();
        PrintWriter stderr = command.commandLine().getErr();
        for (Cell c : spec.cells()) {
            // a finished run of another configuration under this name: the spec changed since
            TrainingConfig recorded = c.conflictingConfig(root);
            if (recorded != null) {
                throw new InvalidInputException("output root " + root + " already holds a finished run "
                        + c.name() + " with another configuration (" + difference(recorded, c.config())
                        + "); choose another output root or remove that run directory");
            }
        }
        List<Cell> pending = spec.cells().stream().filter(c -> !c.finishedIn(root)).toList();
        if (dryRun) {
            for (Cell c : spec.cells()) {
                stdout.println(c.name() + (!pending.contains(c) ? "  (done)"
                        : c.resumableIn(root) ? "  (unfinished: continues from its checkpoint)" : ""));
            }
            stdout.println(spec.cells().size() + " cells, " + pending.size() + " to run; output root " + root);
            return ExitCodes.OK;
        }
        Files.createDirectories(root);
        String started = Instant.now().toString();
        Map<String, CellOutcome> outcomes = new LinkedHashMap<>();
        String chosenMaster = master != null ? master : System.getProperty("spark.master", "local[*]");
        try (SparkSession spark = SparkSessions.start(chosenMaster, conf)) {
            if (!quiet) {
                stderr.println("ntklab sweep: " + spec.cells().size() + " cells, " + (spec.cells().size() - pending.size())
                        + " already done, " + pending.size() + " to run on " + spark.sparkContext().master());
            }
            if (!pending.isEmpty()) {
                SparkListener progress = quiet ? null : progressLines(pending, stderr);
                if (progress != null) {
                    spark.sparkContext().addSparkListener(progress);
                }
                JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                // one partition per cell: each cell is one task, scheduled wherever a core is free
                List<CellOutcome> ran = jsc.parallelize(pending, pending.size())
                        .map(new CellRunner(root, spec.cellReports()))
                        .collect();
                ran.forEach(o -> outcomes.put(o.cell(), o));
            }
            for (Cell c : spec.cells()) {
                outcomes.putIfAbsent(c.name(), new CellOutcome(c.name(), CellOutcome.SKIPPED, null, 0, null));
            }
            Aggregate aggregate = Aggregate.of(spec, root, outcomes);
            aggregate.writeCsv(root);
            aggregate.writeParquet(spark, root);
            List<String> failed = outcomes.values().stream().filter(o -> o.outcome().equals(CellOutcome.FAILED))
                    .map(o -> o.cell() + ": " + o.message()).toList();
            aggregate.writeReport(root, "Sweep " + root.getFileName(), List.of(
                    spec.cells().size() + " cells from " + specFile + ", run on Spark (" + spark.sparkContext().master()
                            + "); statuses: " + aggregate.statusCounts() + ".",
                    failed.isEmpty() ? "No cell failed in the last invocation."
                            : "Failed in the last invocation: " + String.join("; ", failed)));
            writeRecord(root, spec, spark.sparkContext().master(), started, outcomes);
            print(stdout, aggregate, root);
            if (!failed.isEmpty()) {
                throw new CellsFailedException(failed.size() + " of " + spec.cells().size() + " cells failed ("
                        + String.join("; ", failed) + "); the others are in " + root
                        + "; run the sweep again to retry the failed cells");
            }
        }
        return ExitCodes.OK;
    }

    /**
     * One stderr line per finished cell, from Spark's listener bus (the cells' stage is the first;
     * a task's index is its cell's position in pending). Later jobs (the Parquet writer) are ignored.
     */
    private static SparkListener progressLines(List<Cell> pending, PrintWriter stderr) {
        AtomicInteger done = new AtomicInteger();
        AtomicInteger cellStage = new AtomicInteger(-1);
        return new SparkListener() {
            @Override
            public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
                cellStage.compareAndSet(-1, submitted.stageInfo().stageId()); // the first stage is the cells'
            }

            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                int index = end.taskInfo().index();
                if (end.stageId() == cellStage.get() && end.taskInfo().successful() && index < pending.size()) {
                    stderr.println("ntklab sweep: [" + done.incrementAndGet() + "/" + pending.size() + "] "
                            + pending.get(index).name() + " (" + end.taskInfo().host() + ", "
                            + Table.number(end.taskInfo().duration() / 1000.0) + " s)");
                }
            }
        };
    }

    /** "t-max 100 there, 1000 in the spec" for the options that differ. */
    private static String difference(TrainingConfig there, TrainingConfig here) {
        ObjectNode a = Json.MAPPER.valueToTree(there);
        ObjectNode b = Json.MAPPER.valueToTree(here);
        List<String> differences = new ArrayList<>();
        b.fieldNames().forEachRemaining(key -> {
            if (!b.get(key).equals(a.get(key))) {
                differences.add(key + " " + a.path(key).asText() + " there, " + b.get(key).asText() + " in the spec");
            }
        });
        return String.join(", ", differences);
    }

    private void writeRecord(Path root, SweepSpec spec, String usedMaster, String started,
                             Map<String, CellOutcome> outcomes) {
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("kind", SweepSpec.KIND);
        record.put("spec-file", specFile.toAbsolutePath().toString());
        record.set("spec", SpecFile.read(specFile, SweepSpec.KIND));
        record.put("master", usedMaster);
        record.put("start-time", started);
        record.put("end-time", Instant.now().toString());
        record.set("cells", Json.MAPPER.valueToTree(new ArrayList<>(outcomes.values())));
        Json.write(root.resolve(RECORD), record);
    }

    private static void print(PrintWriter stdout, Aggregate aggregate, Path root) {
        Table table = new Table("cell", "status", "sup_d_inf", "t_star", "wall_seconds");
        List<String> header = aggregate.header();
        for (List<Object> r : aggregate.rows()) {
            table.row(r.get(0), r.get(1), r.get(header.indexOf("sup_d_inf")), r.get(header.indexOf("t_star")),
                    r.get(header.indexOf("wall_seconds")));
        }
        stdout.print(table.toText());
        stdout.println("statuses: " + aggregate.statusCounts());
        stdout.println("table: " + root.resolve(Aggregate.CSV) + " and " + URI.create("file:" + root.resolve(Aggregate.PARQUET)).getPath());
        stdout.println("report: " + root.resolve(Aggregate.REPORT));
    }

    /** Some cells failed; the rest are done and aggregated (exit code 1). */
    static final class CellsFailedException extends RuntimeException {
        CellsFailedException(String message) {
            super(message);
        }
    }
}
