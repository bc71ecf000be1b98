package org.ntklab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the mnist: kind finds its digits. */
class MnistFilesTest {
    @TempDir
    Path workingDir;

    private static void writeTinySet(Path dir, String imagesName, String labelsName) {
        byte[] pixels = new byte[4 * 784];
        for (int k = 0; k < pixels.length; k++) {
            pixels[k] = (byte) (1 + k % 200);
        }
        IdxWriter.writeImages(dir.resolve(imagesName), new IdxImages(4, 28, 28, pixels));
        IdxWriter.writeLabels(dir.resolve(labelsName), new int[] {0, 1, 0, 1});
    }

    @Test
    void autoFallsBackToTheBundledSubset() {
        LabelledSamples samples = MnistFiles.open(MnistFiles.Origin.AUTO, key -> null, workingDir);
        assertEquals(2000, samples.size());
        assertTrue(samples.source().contains("bundled"));
    }

    @Test
    void autoPrefersDataMnistUnderTheWorkingDirectory() {
        writeTinySet(workingDir.resolve("data/mnist"), MnistFiles.FULL_IMAGES, MnistFiles.FULL_LABELS);
        LabelledSamples samples = MnistFiles.open(MnistFiles.Origin.AUTO, key -> null, workingDir);
        assertEquals(4, samples.size());
        assertTrue(samples.source().contains(workingDir.resolve("data/mnist").toString()));
    }

    @Test
    void environmentVariableWinsAndStandardNamesWork(@TempDir Path other) {
        writeTinySet(workingDir.resolve("data/mnist"), MnistFiles.FULL_IMAGES, MnistFiles.FULL_LABELS);
        writeTinySet(other, "train-images-idx3-ubyte", "train-labels-idx1-ubyte");
        Map<String, String> env = Map.of(MnistFiles.ENV, other.toString());
        LabelledSamples samples = MnistFiles.open(MnistFiles.Origin.FULL, env::get, workingDir);
        assertTrue(samples.source().contains(other.resolve("train-images-idx3-ubyte").toString()), samples.source());
    }

    @Test
    void fullWithoutFilesTellsHowToFetchThem() {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> MnistFiles.open(MnistFiles.Origin.FULL, key -> null, workingDir));
        assertTrue(e.getMessage().contains("scripts/fetch-mnist.sh"), e.getMessage());
        assertTrue(e.getMessage().contains(workingDir.resolve("data/mnist").toString()), e.getMessage());
    }

    @Test
    void anEmptyDirectoryNamedByTheEnvironmentIsAnError() {
        Map<String, String> env = Map.of(MnistFiles.ENV, workingDir.toString());
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> MnistFiles.open(MnistFiles.Origin.AUTO, env::get, workingDir));
        assertTrue(e.getMessage().contains(MnistFiles.ENV), e.getMessage());
    }

    @Test
    void bundledIgnoresAnyFullSet() {
        writeTinySet(workingDir.resolve("data/mnist"), MnistFiles.FULL_IMAGES, MnistFiles.FULL_LABELS);
        assertEquals(2000, MnistFiles.open(MnistFiles.Origin.BUNDLED, key -> null, workingDir).size());
    }
}
