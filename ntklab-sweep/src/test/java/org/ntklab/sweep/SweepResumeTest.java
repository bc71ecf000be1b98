package org.ntklab.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.cli.run.Json;
import org.ntklab.cli.run.RunRecord;

/**
 * Kills a sweep midway (SIGKILL of its JVM, no shutdown hooks) and starts it again: only the
 * missing cells run (the one killed in flight continues from its checkpoint), the finished ones are
 * left exactly as they were, and the final table is complete.
 * A spec edited afterwards is refused rather than given the old runs.
 */
class SweepResumeTest {
    @TempDir
    Path tmp;

    @Test
    void aKilledSweepCompletesOnlyTheMissingCells() throws Exception {
        Path root = tmp.resolve("out");
        Path spec = Sweeps.eightCells(tmp, root.toString(), 20, "");
        SweepSpec cells = SweepSpec.read(spec);

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Djava.awt.headless=true"));
        command.addAll(SparkSessions.JAVA_MODULE_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SweepMain.class.getName(),
                "sweep", spec.toString(), "--master", "local[1]",
                // a killed JVM cannot delete Spark's scratch directories: keep them in the test's
                "--conf", "spark.local.dir=" + tmp.resolve("spark-scratch")));
        Process sweep = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("first.log").toFile()).start();
        // kill it once a few cells are finished and while the others are not
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (finished(cells, root).size() < 2 && sweep.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        sweep.destroyForcibly();
        sweep.waitFor(30, TimeUnit.SECONDS);
        List<String> before = finished(cells, root);
        assertTrue(before.size() >= 2 && before.size() < 8,
                "killed with " + before.size() + " of 8 cells finished; log:\n" + Files.readString(tmp.resolve("first.log")));
        // the cell in flight was killed after its step-0 checkpoint (or between two cells)
        List<String> resumable = cells.cells().stream().filter(c -> c.resumableIn(root)).map(Cell::name).toList();
        assertTrue(resumable.size() <= 1, resumable.toString());
        Map<String, byte[]> records = new LinkedHashMap<>();
        for (String name : before) {
            records.put(name, Files.readAllBytes(root.resolve(name).resolve(RunRecord.FILE_NAME)));
        }

        Sweeps.Result again = Sweeps.run("sweep", spec.toString(), "--master", "local[2]", "-q");
        assertEquals(0, again.exitCode(), again.err());

        // the finished cells were skipped and left untouched, the one in flight continued, the others ran
        JsonNode outcomes = Json.MAPPER.readTree(root.resolve(SweepCommand.RECORD).toFile()).get("cells");
        int ran = 0;
        for (JsonNode o : outcomes) {
            String name = o.get("cell").asText();
            String expected = before.contains(name) ? CellOutcome.SKIPPED
                    : resumable.contains(name) ? CellOutcome.RESUMED : CellOutcome.RAN;
            assertEquals(expected, o.get("outcome").asText(), name);
            ran += expected.equals(CellOutcome.SKIPPED) ? 0 : 1;
        }
        assertEquals(8 - before.size(), ran);
        for (Map.Entry<String, byte[]> e : records.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(root.resolve(e.getKey()).resolve(RunRecord.FILE_NAME)),
                    e.getKey() + " was redone");
        }
        // nothing half-written is left, and the table has every cell
        try (Stream<Path> entries = Files.list(root)) {
            assertTrue(entries.noneMatch(p -> p.getFileName().toString().contains(".partial-")));
        }
        CsvFile table = CsvFile.read(root.resolve(Aggregate.CSV));
        assertEquals(8, table.rows());
        assertTrue(table.text("status").stream().allMatch("complete"::equals), table.text("status").toString());
        assertEquals(cells.cells().stream().map(Cell::name).toList(), table.text("cell"));

        // an edited spec does not take the old runs for its cells
        Path edited = Sweeps.eightCells(tmp.resolve("edited"), root.toString(), 30, "");
        Sweeps.Result conflict = Sweeps.run("sweep", edited.toString(), "--dry-run");
        assertEquals(2, conflict.exitCode(), conflict.err());
        assertTrue(conflict.err().contains("already holds a finished run fcn-L1-m8-ce-s1 with another configuration "
                + "(t-max 20.0 there, 30.0 in the spec)"), conflict.err());
    }

    private static List<String> finished(SweepSpec spec, Path root) {
        return spec.cells().stream().filter(c -> c.finishedIn(root)).map(Cell::name).toList();
    }
}
