package org.ntklab.cli.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.activation.Activations;
import org.ntklab.arch.Architecture;
import org.ntklab.cli.Cli;
import org.ntklab.cli.run.Json;
import org.ntklab.data.DataSpec;
import org.ntklab.io.Npy;
import org.ntklab.kernel.AnalyticKernels;
import org.ntklab.linalg.Matrix;
import org.ntklab.train.TrainingConfig;

/** --activation in kernel, train and spec files; run.json's key; nngp_analytic.npy; bad names (exit code 2). */
class ActivationOptionTest {
    @TempDir
    Path tmp;

    @Test
    void kernelWritesBothAnalyticKernelsOfTheChosenActivation() throws IOException {
        for (String activation : new String[] {"relu", "erf", "leaky-relu:0.2", "tanh"}) {
            Path out = tmp.resolve("k-" + activation.replace(':', '-'));
            Cli.Result r = Cli.run("kernel", "--arch", "fcn", "--depth", "2", "--width", "32", "--activation", activation,
                    "--data", "circle:n=6", "--seed", "1", "--out", out.toString());
            assertEquals(0, r.exitCode(), r.err());
            Matrix x = DataSpec.parse("circle:n=6").load(1).train().x();
            Architecture arch = Architecture.fcn(2, 2, 32, 1, Activations.parse(activation));
            Matrix theta = Npy.readMatrix(out.resolve("ntk_analytic.npy"));
            Matrix sigma = Npy.readMatrix(out.resolve("nngp_analytic.npy"));
            assertTrue(theta.distance(AnalyticKernels.ntk(arch, x, x)) == 0.0, activation);
            assertTrue(sigma.distance(AnalyticKernels.nngp(arch, x, x)) == 0.0, activation);
            JsonNode config = Json.MAPPER.readTree(out.resolve("run.json").toFile()).get("config");
            assertEquals(Activations.canonical(activation), config.get("activation").asText());
        }
    }

    @Test
    void trainRecordsTheActivationAndASpecRepeatsIt() throws IOException {
        Path first = tmp.resolve("first");
        Cli.Result r = Cli.run("train", "--arch", "fcn", "--depth", "1", "--width", "16", "--activation", "gelu",
                "--data", "circle:n=6", "--seed", "2", "--t-max", "10", "--out", first.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode config = Json.MAPPER.readTree(first.resolve("run.json").toFile()).get("config");
        assertEquals("gelu", config.get("activation").asText());

        // a spec file made from the run.json, without the key: an old run, which is relu
        ObjectNode old = (ObjectNode) config.deepCopy();
        old.remove("activation");
        Path spec = tmp.resolve("old.json");
        Files.writeString(spec, Json.MAPPER.writeValueAsString(old));
        Path second = tmp.resolve("second");
        r = Cli.run("train", "--spec", spec.toString(), "--out", second.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("relu", Json.MAPPER.readTree(second.resolve("run.json").toFile()).get("config").get("activation")
                .asText());
        // and binding an old record directly gives relu too
        assertEquals("relu", Json.MAPPER.treeToValue(old, TrainingConfig.class).activation());

        Path yaml = tmp.resolve("spec.yaml");
        Files.writeString(yaml, "arch: fcn\ndepth: 1\nwidth: 16\ndata: circle:n=6\nseed: 1\nt-max: 10\n"
                + "activation: leaky-relu:0.1\n");
        Path third = tmp.resolve("third");
        r = Cli.run("train", "--spec", yaml.toString(), "--out", third.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("leaky-relu:0.1", Json.MAPPER.readTree(third.resolve("run.json").toFile()).get("config")
                .get("activation").asText());
    }

    @Test
    void badActivationsAreUsageErrorsNamingTheOptionAndTheValue() throws IOException {
        Cli.Result r = Cli.run("kernel", "--arch", "fcn", "--depth", "1", "--width", "8", "--activation", "swish",
                "--data", "circle:n=6", "--seed", "1", "--out", tmp.resolve("a").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--activation") && r.err().contains("'swish'") && r.err().contains("gelu"), r.err());
        r = Cli.run("train", "--arch", "fcn", "--depth", "1", "--width", "8", "--activation", "leaky-relu:x",
                "--data", "circle:n=6", "--seed", "1", "--out", tmp.resolve("b").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--activation") && r.err().contains("slope") && r.err().contains("'x'"), r.err());
        Path yaml = tmp.resolve("bad.yaml");
        Files.writeString(yaml, "arch: fcn\ndepth: 1\nwidth: 8\ndata: circle:n=6\nseed: 1\nactivation: leaky-relu:-1\n");
        r = Cli.run("train", "--spec", yaml.toString(), "--out", tmp.resolve("c").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--activation") && r.err().contains("-1"), r.err());
        assertFalse(Files.exists(tmp.resolve("a")) || Files.exists(tmp.resolve("b")) || Files.exists(tmp.resolve("c")));
    }
}
