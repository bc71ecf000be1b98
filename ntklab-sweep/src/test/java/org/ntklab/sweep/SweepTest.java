package org.ntklab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.cli.train.TrainSummary;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.cli.run.Json;
import org.ntklab.cli.run.RunRecord;

/**
 * A small sweep in Spark's local mode: eight good cells and one whose data file does not exist.
 * The aggregated table is checked against the run directories, recomputed here from their
 * metrics.csv and run.json; the failed cell is reported and does not stop the others; the
 * Parquet table holds the same rows as the CSV one. Then the same sweep on a standalone cluster
 * (a master and a worker started on this machine's loopback interface by
 * scripts/spark-standalone.sh, from the module's jars) gives the same table, except for the
 * wall-time column, which measures the machine.
 */
class SweepTest {
    @TempDir
    static Path tmp;
    static Path spec;
    static Path root;

    @BeforeAll
    static void localSweep() {
        root = tmp.resolve("out");
        spec = Sweeps.eightCells(tmp, root.toString(), 10, """
                cells:
                  - {width: 8, loss: ce, seed: 3, data: "csv:%s"}
                """.formatted(tmp.resolve("no-such-file.csv")));
        Sweeps.Result r = Sweeps.run("sweep", spec.toString(), "--master", "local[2]", "-q");
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("1 of 9 cells failed (fcn-L1-m8-ce-s3-data"), r.err());
    }

    @Test
    void aggregatesEveryCellFromItsRunDirectory() throws Exception {

        CsvFile table = CsvFile.read(root.resolve(Aggregate.CSV));
        assertEquals(9, table.rows());
        List<String> names = table.text("cell");
        List<String> statuses = table.text("status");
        int complete = 0;
        for (int i = 0; i < table.rows(); i++) {
            Path run = root.resolve(names.get(i));
            if (names.get(i).startsWith("fcn-L1-m8-ce-s3")) {
                assertEquals("failed", statuses.get(i));
                assertTrue(table.text("error").get(i).contains("no-such-file.csv"), table.text("error").get(i));
                assertTrue(Files.notExists(run), "a failed cell leaves no run directory");
                continue;
            }
            complete++;
            assertEquals("complete", statuses.get(i), names.get(i));
            RunRecord record = RunRecord.read(run.resolve(RunRecord.FILE_NAME));
            JsonNode config = record.config();
            assertEquals(config.get("width").asInt(), (int) table.column("width")[i]);
            assertEquals(config.get("loss").asText(), table.text("loss").get(i));
            assertEquals(config.get("seed").asLong(), (long) table.column("seed")[i]);
            assertEquals(10.0, config.get("t-max").asDouble());

            // recompute the summary from metrics.csv, independently of TrainSummary
            CsvFile metrics = CsvFile.read(run.resolve("metrics.csv"));
            double[] t = metrics.column("t");
            double[] dInf = metrics.column("d_inf");
            int last = t.length - 1;
            double sup = Double.NEGATIVE_INFINITY;
            double tStar = Double.NaN;
            for (int k = 0; k < t.length; k++) {
                sup = Math.max(sup, dInf[k]);
                if (Double.isNaN(tStar) && dInf[k] > TrainSummary.DIVERGENCE_THRESHOLD) {
                    tStar = t[k];
                }
            }
            assertEquals(sup, table.column("sup_d_inf")[i]);
            assertEquals(tStar, table.column("t_star")[i]);
            assertEquals(dInf[0], table.column("d_inf_0")[i]);
            assertEquals(dInf[last], table.column("d_inf_end")[i]);
            assertEquals(t[last], table.column("t_end")[i]);
            assertEquals(10.0, t[last], 1e-9);
            assertEquals(dInf[last], table.column("d_inf_at_10")[i]);
            assertEquals(dInf[nearest(t, 1)], table.column("d_inf_at_1")[i]);
            assertEquals(metrics.column("loss")[last], table.column("final_loss")[i]);
            assertEquals(metrics.column("accuracy")[last], table.column("final_accuracy")[i]);
            assertEquals(metrics.column("max_abs_f")[last], table.column("final_max_abs_f")[i]);
            assertEquals(record.wallSeconds(), table.column("wall_seconds")[i]);
        }
        assertEquals(8, complete);

        JsonNode sweep = Json.MAPPER.readTree(root.resolve(SweepCommand.RECORD).toFile());
        assertEquals(9, sweep.get("cells").size());
        assertTrue(Files.isRegularFile(root.resolve(Aggregate.REPORT)));
        String report = Files.readString(root.resolve(Aggregate.REPORT));
        assertTrue(report.contains("sup_t D_inf against width") || Files.exists(root.resolve("sup-d-inf-vs-width.png")));
        assertTrue(Files.isRegularFile(root.resolve("sup-d-inf-vs-width.svg")));
        assertTrue(Files.isRegularFile(root.resolve("t-star-vs-width.png")));

        // the Parquet table holds the same rows as the CSV one
        try (SparkSession spark = SparkSession.builder().master("local[1]").appName("check")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate()) {
            Dataset<Row> parquet = spark.read().parquet(root.resolve(Aggregate.PARQUET).toString()).orderBy("cell");
            List<Row> rows = parquet.collectAsList();
            assertEquals(9, rows.size());
            assertEquals(table.header(), List.of(parquet.columns()));
            for (Row row : rows) {
                int i = names.indexOf(row.getString(row.fieldIndex("cell")));
                assertEquals(statuses.get(i), row.getString(row.fieldIndex("status")));
                assertEquals(table.column("width")[i], row.getInt(row.fieldIndex("width")));
                assertEquals(table.column("sup_d_inf")[i], row.getDouble(row.fieldIndex("sup_d_inf")));
                assertEquals(table.column("t_star")[i], row.getDouble(row.fieldIndex("t_star")));
                assertEquals(table.column("final_loss")[i], row.getDouble(row.fieldIndex("final_loss")));
            }
        }
    }

    private static int nearest(double[] t, double target) {
        int best = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] > 0 && (t[best] <= 0 || Math.abs(Math.log(t[i] / target)) < Math.abs(Math.log(t[best] / target)))) {
                best = i;
            }
        }
        return best;
    }
    @Test
    void aStandaloneClusterGivesTheLocalModeTable() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path state = tmp.resolve("spark");
        script("start", port, state);
        try {
            Path clusterRoot = tmp.resolve("cluster");
            Sweeps.Result cluster = Sweeps.run("sweep", spec.toString(), "--master", "spark://127.0.0.1:" + port,
                    "--out", clusterRoot.toString(), "-q");
            assertEquals(1, cluster.exitCode(), cluster.err());
            assertTrue(cluster.err().contains("1 of 9 cells failed (fcn-L1-m8-ce-s3-data"), cluster.err());
            JsonNode record = Json.MAPPER.readTree(clusterRoot.resolve(SweepCommand.RECORD).toFile());
            assertEquals("spark://127.0.0.1:" + port, record.get("master").asText());
            // the cells ran in an executor the worker started, not in this JVM
            try (var apps = Files.list(state.resolve("work"))) {
                assertEquals(1, apps.count());
            }
            List<String> localTable = Sweeps.tableWithout(root.resolve(Aggregate.CSV),
                    Aggregate.WALL_TIME_COLUMNS);
            List<String> clusterTable = Sweeps.tableWithout(clusterRoot.resolve(Aggregate.CSV),
                    Aggregate.WALL_TIME_COLUMNS);
            assertEquals(10, localTable.size());
            assertEquals(localTable, clusterTable);
            assertEquals(8, localTable.stream().filter(line -> line.contains(",complete,")).count());
        } finally {
            script("stop", port, state);
        }
    }

    private static void script(String command, int port, Path state) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("basedir", "."), "..", "scripts", "spark-standalone.sh");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(state.resolveSibling("spark-standalone.out").toFile()));
        pb.environment().put("SPARK_MASTER_PORT", Integer.toString(port));
        pb.environment().put("NTKLAB_SPARK_DIR", state.toString());
        pb.environment().put("NTKLAB_SPARK_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("SPARK_WORKER_MEMORY", "2g");
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "spark-standalone.sh " + command + " did not finish");
        assertEquals(0, p.exitValue(), "spark-standalone.sh " + command + ":\n"
                + Files.readString(state.resolveSibling("spark-standalone.out")));
    }
}
