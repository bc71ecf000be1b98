package org.ntklab.cli.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.cli.Cli;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.cli.run.Json;
import org.ntklab.io.Npy;
import org.ntklab.linalg.Matrix;

class KernelCommandTest {
    @TempDir
    Path tmp;

    private static final String[] SMALL_FCN = {
        "kernel", "--arch", "fcn", "--depth", "2", "--width", "64", "--data", "circle:n=6", "--seed", "3"};

    private Cli.Result kernel(Path out, String... more) {
        String[] args = new String[SMALL_FCN.length + 2 + more.length];
        System.arraycopy(SMALL_FCN, 0, args, 0, SMALL_FCN.length);
        args[SMALL_FCN.length] = "--out";
        args[SMALL_FCN.length + 1] = out.toString();
        System.arraycopy(more, 0, args, SMALL_FCN.length + 2, more.length);
        return Cli.run(args);
    }

    @Test
    void writesTheRunDirectory() throws IOException {
        Path out = tmp.resolve("runs/circle");
        Cli.Result result = kernel(out);

        assertEquals(0, result.exitCode(), result.err());
        for (String file : new String[] {"ntk_analytic.npy", "ntk_empirical.npy", "spectrum.csv", "summary.csv",
                "run.json", "report.html", "spectrum.png", "spectrum.svg", "entries.png", "entries.svg"}) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file + " missing");
        }
        Matrix theta = Npy.readMatrix(out.resolve("ntk_analytic.npy"));
        Matrix k = Npy.readMatrix(out.resolve("ntk_empirical.npy"));
        assertEquals("6x6", theta.shape());
        assertEquals("6x6", k.shape());

        CsvFile spectrum = CsvFile.read(out.resolve("spectrum.csv"));
        assertEquals(java.util.List.of("index", "analytic", "empirical"), spectrum.header());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, spectrum.column("index"));
        double[] analytic = spectrum.column("analytic");
        for (int i = 1; i < analytic.length; i++) {
            assertTrue(analytic[i - 1] <= analytic[i], "eigenvalues ascending");
        }
        assertTrue(analytic[0] > 0, "the NTK of six distinct points on the circle is positive definite");

        // the printed table and the run directory, nothing on stderr (no terminal: no progress)
        assertTrue(result.out().contains("analytic Theta"), result.out());
        assertTrue(result.out().strip().endsWith("run directory: " + out.toAbsolutePath().normalize()), result.out());
        assertEquals("", result.err());
        // no working directory left next to the run
        try (var siblings = Files.list(out.getParent())) {
            assertEquals(1, siblings.count());
        }
    }

    @Test
    void runJsonRecordsConfigurationAndProvenance() throws IOException {
        Path out = tmp.resolve("run");
        assertEquals(0, kernel(out, "--outputs", "2").exitCode());

        JsonNode run = Json.MAPPER.readTree(out.resolve("run.json").toFile());
        assertEquals("kernel", run.get("kind").asText());
        assertEquals(3, run.get("seed").asLong());
        JsonNode config = run.get("config");
        assertEquals("fcn", config.get("arch").asText());
        assertEquals(64, config.get("width").asInt());
        assertEquals(2, config.get("outputs").asInt());
        assertEquals(1.0, config.get("alpha").asDouble());
        assertEquals("circle:n=6,sectors=6,random=false,test=0,norm=unit", config.get("data").asText(),
                "the canonical data spec");
        for (String key : new String[] {"ntklab-version", "git-commit", "start-time", "end-time", "wall-seconds",
                "environment", "arguments", "working-directory"}) {
            assertTrue(run.has(key), key);
        }
        for (String key : new String[] {"java", "os", "cores", "hostname"}) {
            assertTrue(run.get("environment").has(key), key);
        }
        assertEquals(12, Npy.readMatrix(out.resolve("ntk_analytic.npy")).rows(), "n C rows");
        assertEquals(6, run.get("results").get("n").asInt());
    }

    @Test
    void runJsonAsSpecRepeatsTheRunAndFlagsOverrideIt() throws IOException {
        Path first = tmp.resolve("first");
        assertEquals(0, kernel(first).exitCode());

        Path again = tmp.resolve("again");
        Cli.Result repeat = Cli.run("kernel", "--spec", first.resolve("run.json").toString(), "--out", again.toString());
        assertEquals(0, repeat.exitCode(), repeat.err());
        assertArrayEquals(Files.readAllBytes(first.resolve("ntk_empirical.npy")),
                Files.readAllBytes(again.resolve("ntk_empirical.npy")), "same seed, same bytes");

        Path wider = tmp.resolve("wider");
        assertEquals(0, Cli.run("kernel", "--spec", first.resolve("run.json").toString(), "--width", "128",
                "--out", wider.toString()).exitCode());
        JsonNode config = Json.MAPPER.readTree(wider.resolve("run.json").toFile()).get("config");
        assertEquals(128, config.get("width").asInt(), "the flag wins");
        assertEquals(2, config.get("depth").asInt(), "the rest comes from the spec");
    }

    @Test
    void yamlSpec() throws IOException {
        Path spec = tmp.resolve("resnet.yaml");
        Files.writeString(spec, """
                # a ResNet on near-duplicate points
                kind: kernel
                arch: resnet
                depth: 2
                width: 32
                alpha: 0.5
                data: sphere:d=5,n=8,near=0.01
                seed: 11
                """);
        Path out = tmp.resolve("resnet");
        Cli.Result result = Cli.run("kernel", "--spec", spec.toString(), "--out", out.toString());
        assertEquals(0, result.exitCode(), result.err());
        JsonNode config = Json.MAPPER.readTree(out.resolve("run.json").toFile()).get("config");
        assertEquals("resnet", config.get("arch").asText());
        assertEquals(0.5, config.get("alpha").asDouble());
        assertEquals("8x8", Npy.readMatrix(out.resolve("ntk_empirical.npy")).shape());
    }
}
