package org.ntklab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The npm-to-IDX conversion on a fake package of the same layout. */
class NpmMnistConverterTest {
    @TempDir
    Path dir;

    private Path fakePackage(int perDigit) throws IOException {
        Path pkg = dir.resolve("mnist");
        for (int d = 0; d <= 9; d++) {
            StringBuilder json = new StringBuilder("{ \"data\": [");
            for (int k = 0; k < perDigit * 784; k++) {
                int b = (d * 31 + k) % 256;
                json.append(k == 0 ? "" : ",").append(Math.round(b / 255.0 * 1000) / 1000.0);
            }
            json.append("]}\n");
            Path file = NpmMnistDigits.digitFile(pkg, d);
            Files.createDirectories(file.getParent());
            Files.writeString(file, json);
        }
        return pkg;
    }

    @Test
    void convertsDigitByDigitToIdx() throws IOException {
        Path pkg = fakePackage(3);
        Path out = dir.resolve("out");
        NpmMnistConverter.convert(pkg, out, "mnist", 2);
        IdxImages images = IdxReader.readImages(out.resolve("mnist-images-idx3-ubyte.gz"));
        int[] labels = IdxReader.readLabels(out.resolve("mnist-labels-idx1-ubyte.gz"));
        assertEquals(20, images.count());
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9}, labels);
        // sample k = 1 of digit 4 is IDX image 2 * 4 + 1
        for (int j = 0; j < 784; j++) {
            assertEquals((4 * 31 + 784 + j) % 256, images.pixel(9, j));
        }
    }

    @Test
    void aBadPackageFileLeavesNoOutput() throws IOException {
        Path pkg = fakePackage(1);
        Path broken = NpmMnistDigits.digitFile(pkg, 6);
        Files.writeString(broken, "{ \"data\": [0, 0.502, 0.502");
        Path out = dir.resolve("out");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> NpmMnistConverter.convert(pkg, out, "mnist", -1));
        assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
        assertTrue(!Files.exists(out) || isEmpty(out), "no partial output");

        Files.writeString(broken, "{ \"data\": [0.502, 0.502] }");
        DataFormatException count = assertThrows(DataFormatException.class,
                () -> NpmMnistConverter.convert(pkg, out, "mnist", -1));
        assertTrue(count.getMessage().contains("not a whole number of 28x28 images"), count.getMessage());
        Files.writeString(broken, "{ \"data\": [0.3337] }");
        assertTrue(assertThrows(DataFormatException.class, () -> NpmMnistConverter.convert(pkg, out, "mnist", -1))
                .getMessage().contains("not a pixel byte"));
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.findAny().isEmpty();
        }
    }
}
