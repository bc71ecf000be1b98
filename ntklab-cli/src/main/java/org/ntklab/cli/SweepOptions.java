package org.ntklab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ntklab.cli.common.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ntklab sweep}'s options and help text. The command runs on Apache Spark, which lives in the
 * module ntklab-sweep so that this module does not carry it; there {@code SweepCommand} extends this
 * class and replaces it. Here it stands in for it, so that {@code ntklab --help}, {@code ntklab help
 * sweep}, completion and man pages show the real command; run directly, it says where the real one is.
 */
@Command(name = "sweep",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Runs a grid of train runs on Apache Spark and aggregates them.",
            "",
            "SPEC (YAML or JSON) gives the output root, the train options shared by all cells (base), the grid "
                    + "(product: lists of values whose every combination is a cell; cells: explicit option sets) "
                    + "and the metrics to aggregate (docs/cli.md). Each cell is one Spark task that trains into "
                    + "OUTPUT/CELL (e.g. fcn-L2-m64-ce-s1), an ordinary 'ntklab train' run directory.",
            "",
            "Resumable: cells whose run directory is complete are skipped, and a cell killed while training "
                    + "continues from its last checkpoint, so a killed or failed sweep is finished by starting "
                    + "it again. A failed cell is reported with its error and does not stop "
                    + "the others (exit code 1 at the end).",
            "",
            "Writes under OUTPUT: aggregate.csv and aggregate.parquet/ (a row per cell: configuration, sup_t "
                    + "D_inf, D_inf at chosen times, divergence time t*, final metrics, wall time), figures "
                    + "(sup_t D_inf and log t* against width, per loss), report.html and sweep.json (this "
                    + "invocation: master and what became of each cell).",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  ntklab sweep sweeps/width.yaml                        # Spark local mode, all cores",
            "  ntklab sweep sweeps/width.yaml --master local[1]",
            "  scripts/spark-standalone.sh start",
            "  ntklab sweep sweeps/width.yaml --master spark://127.0.0.1:7077",
            "",
            "On a cluster the output root must be on a file system shared by the driver and the workers."})
public class SweepOptions implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "The sweep spec, YAML or JSON.")
    protected Path specFile;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[*] (this machine, all cores), local[N], or spark://HOST:PORT "
                    + "(a standalone cluster). Default: the master spark-submit was given (spark.master), "
                    + "else local[*].")
    protected String master;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The output root (overrides the spec's output).")
    protected Path out;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "A Spark setting, e.g. --conf spark.executor.memory=4g (repeatable).")
    protected Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--dry-run", description = "List the cells and whether each is done, run nothing.")
    protected boolean dryRun;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    protected boolean quiet;

    // read by Main's failure handler, from the parse result
    @Option(names = "--stacktrace", description = "When the command fails, print the Java stack trace.")
    protected boolean stacktrace;

    @Override
    public Integer call() throws Exception {
        throw new IllegalStateException("'sweep' runs on Apache Spark in the module ntklab-sweep, which this "
                + "Java process does not have: start it through the ./ntklab launcher (it runs org.ntklab.sweep.SweepMain)");
    }
}
