package org.ntklab.sweep;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ntklab.cli.report.Chart;
import org.ntklab.cli.report.HtmlReport;
import org.ntklab.cli.report.Table;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.cli.train.Metrics;
import org.ntklab.cli.train.TrainSummary;
import org.ntklab.train.TrainingConfig;

/**
 * The sweep's table: one row per cell, read from the cells' run directories (so cells skipped
 * because an earlier invocation finished them count like the others), written as aggregate.csv
 * and aggregate.parquet, and the sweep report with its figures.
 */
final class Aggregate {
    static final String CSV = "aggregate.csv";
    static final String PARQUET = "aggregate.parquet";
    static final String REPORT = "report.html";
    /** Columns that measure the machine, not the run: they differ between two otherwise equal sweeps. */
    static final List<String> WALL_TIME_COLUMNS = List.of("wall_seconds");

    private record Column(String name, DataType type) {
    }

    private final SweepSpec spec;
    private final List<Column> columns = new ArrayList<>();
    private final List<List<Object>> rows = new ArrayList<>();
    private final List<TrainingConfig> configs = new ArrayList<>();
    private final List<TrainSummary> summaries = new ArrayList<>();

    private Aggregate(SweepSpec spec) {
        this.spec = spec;
        column("cell", DataTypes.StringType);
        column("status", DataTypes.StringType);
        column("arch", DataTypes.StringType);
        column("depth", DataTypes.IntegerType);
        column("width", DataTypes.IntegerType);
        column("alpha", DataTypes.DoubleType);
        column("loss", DataTypes.StringType);
        column("reduction", DataTypes.StringType);
        column("integrator", DataTypes.StringType);
        column("data", DataTypes.StringType);
        column("seed", DataTypes.LongType);
        column("t_max", DataTypes.DoubleType);
        column("t_end", DataTypes.DoubleType);
        column("steps", DataTypes.LongType);
        column("d_inf_0", DataTypes.DoubleType);
        column("d_inf_end", DataTypes.DoubleType);
        column("sup_d_inf", DataTypes.DoubleType);
        for (double t : spec.dInfAt()) {
            column("d_inf_at_" + timeLabel(t), DataTypes.DoubleType);
        }
        column("t_star", DataTypes.DoubleType);
        for (String c : spec.finalColumns()) {
            column("final_" + c, DataTypes.DoubleType);
        }
        column("wall_seconds", DataTypes.DoubleType);
        column("error", DataTypes.StringType);
    }

    private void column(String name, DataType type) {
        columns.add(new Column(name, type));
    }

    /**
     * One row per cell in grid order; a cell without a finished run directory gets status
     * "failed" with this invocation's error (or "missing"), its numbers NaN.
     */
    static Aggregate of(SweepSpec spec, Path root, Map<String, CellOutcome> outcomes) {
        Aggregate a = new Aggregate(spec);
        for (Cell cell : spec.cells()) {
            TrainingConfig c = cell.config();
            List<Object> row = new ArrayList<>(List.of(cell.name()));
            TrainSummary s = null;
            Metrics m = null;
            if (cell.finishedIn(root)) {
                m = Metrics.read(cell.dir(root));
                s = TrainSummary.of(m, RunRecord.read(cell.dir(root).resolve(RunRecord.FILE_NAME)),
                        spec.divergenceThreshold());
            }
            CellOutcome outcome = outcomes.get(cell.name());
            row.add(s != null ? s.status() : outcome != null && outcome.message() != null ? "failed" : "missing");
            row.addAll(List.of(c.arch(), c.depth(), c.width(), c.alpha(), c.loss(), c.reduction(), c.integrator(),
                    c.data(), c.seed(), c.tMax()));
            row.add(s == null ? Double.NaN : s.tEnd());
            row.add(s == null ? -1L : s.steps());
            row.add(s == null ? Double.NaN : s.dInf0());
            row.add(s == null ? Double.NaN : s.dInfEnd());
            row.add(s == null ? Double.NaN : s.supDInf());
            for (double t : spec.dInfAt()) {
                row.add(s == null ? Double.NaN : TrainSummary.dInfAt(m, t));
            }
            row.add(s == null ? Double.NaN : s.tStar());
            for (String col : spec.finalColumns()) {
                row.add(m == null || !m.has(col) ? Double.NaN : m.last(col));
            }
            row.add(s == null ? Double.NaN : s.wallSeconds());
            row.add(s == null && outcome != null && outcome.message() != null ? outcome.message() : "");
            a.rows.add(row);
            a.configs.add(c);
            a.summaries.add(s);
        }
        return a;
    }

    List<String> header() {
        return columns.stream().map(Column::name).toList();
    }

    List<List<Object>> rows() {
        return rows;
    }

    /** "d_inf_at_100", "d_inf_at_1e30", "d_inf_at_0p5": names Parquet and SQL take without quoting. */
    static String timeLabel(double t) {
        String s = t == Math.rint(t) && t < 1e6 ? Long.toString((long) t)
                : BigDecimal.valueOf(t).stripTrailingZeros().toString().toLowerCase(Locale.ROOT).replace("+", "");
        return s.replace('.', 'p').replace('-', 'm');
    }

    void writeCsv(Path root) {
        CsvFile.write(root.resolve(CSV), header(), rows.stream().<List<?>>map(r -> r).toList());
    }

    /** aggregate.parquet/ through Spark's DataFrame writer (one file; replaced on every invocation). */
    void writeParquet(SparkSession spark, Path root) {
        StructType schema = new StructType(columns.stream()
                .map(c -> new StructField(c.name(), c.type(), !c.type().equals(DataTypes.StringType)
                        || c.name().equals("error"), org.apache.spark.sql.types.Metadata.empty()))
                .toArray(StructField[]::new));
        List<Row> sparkRows = rows.stream().map(r -> RowFactory.create(r.toArray())).toList();
        spark.createDataFrame(sparkRows, schema).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(root.resolve(PARQUET).toUri().toString());
    }

    /** report.html with the table and the two figures across the sweep. */
    void writeReport(Path root, String title, List<String> notes) {
        Map<String, List<double[]>> supByLoss = new TreeMap<>();
        Map<String, List<double[]>> tStarByLoss = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            TrainSummary s = summaries.get(i);
            if (s == null) {
                continue;
            }
            String loss = configs.get(i).loss();
            supByLoss.computeIfAbsent(loss, k -> new ArrayList<>()).add(new double[] {configs.get(i).width(), s.supDInf()});
            tStarByLoss.computeIfAbsent(loss, k -> new ArrayList<>())
                    .add(new double[] {configs.get(i).width(), s.tStar() > 0 ? Math.log10(s.tStar()) : Double.NaN});
        }
        HtmlReport report = new HtmlReport(title);
        notes.forEach(report::paragraph);
        if (!supByLoss.isEmpty()) {
            Chart sup = Chart.scatter("sup_t D_inf against width", "width m", "sup_t D_inf").logX().logY();
            supByLoss.forEach((loss, points) -> sup.series(loss, xs(points), ys(points)));
            supByLoss.forEach((loss, points) -> {
                if (points.stream().mapToDouble(p -> p[0]).distinct().count() >= 2
                        && points.stream().allMatch(p -> p[1] > 0 && Double.isFinite(p[1]))) {
                    sup.fittedLine(loss);
                }
            });
            Chart tStar = Chart.scatter("Divergence time t* against width", "width m", "log10 t*").logX();
            tStarByLoss.forEach((loss, points) -> tStar.series(loss, xs(points), ys(points)));
            report.section("Across the sweep")
                    .figure(sup.write(root.resolve("sup-d-inf-vs-width")),
                            "sup over the observations of D_inf = ||K_t - Theta||_F / ||Theta||_F, one point per "
                                    + "finished cell, by loss; dashed: least-squares power law")
                    .figure(tStar.write(root.resolve("t-star-vs-width")),
                            "log10 of t*, the first observation time with D_inf above "
                                    + Table.number(spec.divergenceThreshold())
                                    + "; cells that never crossed it (or started above it) are left out");
        }
        Table table = new Table("cell", "status", "sup_t D_inf", "t*", "final loss", "wall s");
        for (int i = 0; i < rows.size(); i++) {
            TrainSummary s = summaries.get(i);
            List<Object> r = rows.get(i);
            table.row(r.get(0), r.get(1), s == null ? "-" : Table.number(s.supDInf()),
                    s == null || Double.isNaN(s.tStar()) ? "-" : Table.number(s.tStar()),
                    s == null ? "-" : Table.number(s.finalLoss()), s == null ? "-" : Table.number(s.wallSeconds()));
        }
        report.section("Cells").table(table)
                .paragraph("Every column of every cell is in " + CSV + " and " + PARQUET + "; each cell's run "
                        + "directory holds its metrics.csv, run.json" + (spec.cellReports() ? " and report.html." : "."));
        report.write(root.resolve(REPORT));
    }

    private static double[] xs(List<double[]> points) {
        return points.stream().mapToDouble(p -> p[0]).toArray();
    }

    private static double[] ys(List<double[]> points) {
        return points.stream().mapToDouble(p -> p[1]).toArray();
    }

    /** The cells' statuses, for the summary line. */
    Map<String, Integer> statusCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        rows.forEach(r -> counts.merge((String) r.get(1), 1, Integer::sum));
        return counts;
    }
}
