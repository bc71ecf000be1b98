package org.ntklab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    private static IdxImages sampleImages() {
        byte[] pixels = new byte[3 * 2 * 4];
        for (int k = 0; k < pixels.length; k++) {
            pixels[k] = (byte) (k * 11);
        }
        return new IdxImages(3, 2, 4, pixels);
    }

    private static byte[] idx(int magic, int[] dims, int payloadBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int dim : dims) {
            out.writeInt(dim);
        }
        out.write(new byte[payloadBytes]);
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static void assertMessage(RuntimeException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
        }
    }

    @Test
    void roundTripRawAndGzip() {
        IdxImages images = sampleImages();
        int[] labels = {0, 255, 7};
        for (String suffix : new String[] {"", ".gz"}) {
            Path imagesFile = dir.resolve("images-idx3-ubyte" + suffix);
            Path labelsFile = dir.resolve("labels-idx1-ubyte" + suffix);
            IdxWriter.writeImages(imagesFile, images);
            IdxWriter.writeLabels(labelsFile, labels);
            IdxImages read = IdxReader.readImages(imagesFile);
            assertEquals(3, read.count());
            assertEquals(2, read.rows());
            assertEquals(4, read.cols());
            assertArrayEquals(images.pixels(), read.pixels());
            assertEquals(0xFF & (byte) (5 * 11), read.pixel(0, 5));
            assertArrayEquals(labels, IdxReader.readLabels(labelsFile));
        }
    }

    @Test
    void gzipIsRecognisedByContentNotName() throws IOException {
        Path misnamed = file("labels-idx1-ubyte", gzip(idx(IdxReader.LABELS_MAGIC, new int[] {4}, 4)));
        assertArrayEquals(new int[] {0, 0, 0, 0}, IdxReader.readLabels(misnamed));
    }

    @Test
    void truncatedRawFile() throws IOException {
        byte[] full = idx(IdxReader.IMAGES_MAGIC, new int[] {10, 28, 28}, 10 * 784);
        Path cut = file("cut-images", Arrays.copyOf(full, full.length - 100));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(cut));
        assertMessage(e, cut.toString(), "truncated", "10 images of 28x28", "7740 data bytes");
    }

    @Test
    void truncatedGzipFile() throws IOException {
        byte[] compressed = gzip(idx(IdxReader.IMAGES_MAGIC, new int[] {10, 28, 28}, 10 * 784));
        Path cut = file("cut-images.gz", Arrays.copyOf(compressed, compressed.length / 2));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(cut));
        assertMessage(e, cut.toString(), "truncated");
        // complete gzip stream whose content is shorter than the header claims
        Path shortContent = file("short-images.gz", gzip(Arrays.copyOf(
                idx(IdxReader.IMAGES_MAGIC, new int[] {10, 28, 28}, 10 * 784), 16 + 5 * 784)));
        DataFormatException e2 = assertThrows(DataFormatException.class, () -> IdxReader.readImages(shortContent));
        assertMessage(e2, shortContent.toString(), "truncated", "ends after 3920 data bytes");
    }

    @Test
    void fileEndingInsideTheHeader() throws IOException {
        Path tiny = file("tiny", new byte[] {0, 0, 8});
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readImages(tiny)),
                tiny.toString(), "truncated", "magic number");
        Path half = file("half", Arrays.copyOf(idx(IdxReader.IMAGES_MAGIC, new int[] {1, 2, 2}, 4), 9));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readImages(half)),
                half.toString(), "truncated", "inside the header");
    }

    @Test
    void wrongMagicNumber() throws IOException {
        Path text = file("not-idx", "hello, this is not an IDX file".getBytes());
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(text));
        assertMessage(e, text.toString(), "wrong magic number 0x68656C6C", "expected 0x00000803");
        Path labels = file("labels", idx(IdxReader.LABELS_MAGIC, new int[] {2}, 2));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readImages(labels)),
                labels.toString(), "wrong magic number 0x00000801", "swapped");
    }

    @Test
    void hugeClaimInASmallFileIsATruncationErrorNotAnAllocation() throws IOException {
        // 12.5 million images of 28x28: about 10 GB claimed, 1 KB present
        int[] dims = {12_500_000, 28, 28};
        Path raw = file("huge-raw", idx(IdxReader.IMAGES_MAGIC, dims, 1000));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readImages(raw)),
                raw.toString(), "truncated", "12500000 images of 28x28", "9800000000 data bytes", "1000 data bytes");
        Path gz = file("huge.gz", gzip(idx(IdxReader.IMAGES_MAGIC, dims, 1000)));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readImages(gz)),
                gz.toString(), "12500000 images of 28x28");
        // a claim that fits in memory but not in the data: read stops where the data does
        Path gzFits = file("big.gz", gzip(idx(IdxReader.IMAGES_MAGIC, new int[] {1_000_000, 28, 28}, 1000)));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readImages(gzFits)),
                gzFits.toString(), "truncated", "ends after 1000 data bytes");
    }

    @Test
    void trailingBytesAreReported() throws IOException {
        Path longer = file("longer", idx(IdxReader.LABELS_MAGIC, new int[] {2}, 5));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readLabels(longer)),
                longer.toString(), "too long");
        Path longerGz = file("longer.gz", gzip(idx(IdxReader.LABELS_MAGIC, new int[] {2}, 5)));
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readLabels(longerGz)),
                longerGz.toString(), "too long");
    }

    @Test
    void imageLabelCountMismatchNamesBothFiles() throws IOException {
        Path images = file("three-images", idx(IdxReader.IMAGES_MAGIC, new int[] {3, 2, 2}, 12));
        Path labels = file("two-labels", idx(IdxReader.LABELS_MAGIC, new int[] {2}, 2));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DataSpec.parse("idx:images=" + images + ",labels=" + labels).load(0));
        assertMessage(e, "count mismatch", images.toString(), labels.toString(), "3 images", "2 labels");
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nowhere-idx3-ubyte.gz");
        assertMessage(assertThrows(DataFormatException.class, () -> IdxReader.readImages(missing)),
                missing.toString(), "no such file");
    }
}
