package org.ntklab.data;

import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.ntklab.io.AtomicFiles;
import org.ntklab.io.InvalidInputException;

/**
 * Writes IDX image and label files, gzip-compressed when the name ends in {@code .gz}. The JDK's
 * gzip header carries no timestamp, so the same content always gives the same bytes.
 */
public final class IdxWriter {
    private IdxWriter() {
    }

    public static void writeImages(Path file, IdxImages images) {
        write(file, IdxReader.IMAGES_MAGIC, new int[] {images.count(), images.rows(), images.cols()}, images.pixels());
    }

    /** @param labels values 0..255 */
    public static void writeLabels(Path file, int[] labels) {
        byte[] bytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 255) {
                throw new InvalidInputException("label " + labels[i] + " at " + i + " does not fit an unsigned byte");
            }
            bytes[i] = (byte) labels[i];
        }
        write(file, IdxReader.LABELS_MAGIC, new int[] {labels.length}, bytes);
    }

    private static void write(Path file, int magic, int[] dims, byte[] payload) {
        boolean gzip = file.getFileName().toString().endsWith(".gz");
        AtomicFiles.write(file, out -> {
            OutputStream target = gzip ? new GZIPOutputStream(out, 1 << 16) : out;
            DataOutputStream data = new DataOutputStream(target); // big-endian, as IDX wants
            data.writeInt(magic);
            for (int dim : dims) {
                data.writeInt(dim);
            }
            data.write(payload);
            data.flush();
            if (target instanceof GZIPOutputStream gz) {
                gz.finish();
            }
        });
    }
}
