package org.ntklab.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX format of MNIST, Fashion-MNIST and KMNIST ({@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}), raw or gzip-compressed; gzip is recognised by its magic bytes,
 * whatever the file is called.
 *
 * <p>A header is never trusted for an allocation: a raw file's claimed size is checked against the
 * file length first, and a compressed stream is read in growing chunks, so a header that claims
 * gigabytes in a small file ends in a "truncated" error, not in an OutOfMemoryError.
 */
public final class IdxReader {
    /** Unsigned bytes, 3 dimensions (count, rows, cols). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Unsigned bytes, 1 dimension (count). */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int MAX_PAYLOAD = Integer.MAX_VALUE - 8;
    private static final int FIRST_CHUNK = 1 << 20;

    private IdxReader() {
    }

    public static IdxImages readImages(Path file) {
        Payload p = readFile(file, IMAGES_MAGIC);
        return new IdxImages(p.dims[0], p.dims[1], p.dims[2], p.bytes);
    }

    /** Labels as 0..255. */
    public static int[] readLabels(Path file) {
        return toLabels(readFile(file, LABELS_MAGIC).bytes);
    }

    /** Reads images from a stream (a classpath resource); {@code source} names it in errors. */
    static IdxImages readImages(InputStream in, String source) {
        Payload p = readStream(in, source, -1, IMAGES_MAGIC);
        return new IdxImages(p.dims[0], p.dims[1], p.dims[2], p.bytes);
    }

    static int[] readLabels(InputStream in, String source) {
        return toLabels(readStream(in, source, -1, LABELS_MAGIC).bytes);
    }

    private static int[] toLabels(byte[] bytes) {
        int[] labels = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            labels[i] = bytes[i] & 0xFF;
        }
        return labels;
    }

    private record Payload(int[] dims, byte[] bytes) {
    }

    private static Payload readFile(Path file, int magic) {
        // a directory, a device or an unreadable file is bad input (exit code 2), as for CSV files
        DataFiles.regularFileSize(file);
        try (InputStream in = Files.newInputStream(file)) {
            return readStream(in, file.toString(), Files.size(file), magic);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file + ": no such file", e);
        } catch (IOException e) {
            throw new DataFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** @param fileLength length of an uncompressed source, -1 when unknown */
    private static Payload readStream(InputStream raw, String source, long fileLength, int magic) {
        try {
            BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
            boolean gzip = isGzip(buffered);
            InputStream in = gzip ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16) : buffered;
            long knownLength = gzip ? -1 : fileLength;
            String what = gzip ? "decompressed data" : "file";

            byte[] first = readUpTo(in, 4);
            if (first.length < 4) {
                throw new DataFormatException(source + ": truncated: the " + what + " ends after " + first.length
                        + " bytes, inside the 4-byte IDX magic number");
            }
            int found = bigEndian(first, 0);
            if (found != magic) {
                throw new DataFormatException(source + ": wrong magic number " + hex(found) + ", expected "
                        + hex(magic) + " (" + describe(magic) + ")" + hint(found, magic));
            }
            int rank = magic & 0xFF;
            byte[] dimBytes = readUpTo(in, 4 * rank);
            if (dimBytes.length < 4 * rank) {
                throw new DataFormatException(source + ": truncated: the " + what + " ends inside the header ("
                        + (4 + dimBytes.length) + " of " + (4 + 4 * rank) + " header bytes)");
            }
            int[] dims = new int[rank];
            long payload = 1;
            for (int k = 0; k < rank; k++) {
                dims[k] = bigEndian(dimBytes, 4 * k);
                if (dims[k] < 0 || (k > 0 && dims[k] == 0)) {
                    throw new DataFormatException(source + ": invalid dimension " + Integer.toUnsignedString(dims[k])
                            + " in the IDX header (dimensions " + dimsText(dimBytes, rank) + ")");
                }
                // saturate instead of overflowing: three int dimensions can exceed a long
                payload = payload > Long.MAX_VALUE / Math.max(1, dims[k]) ? Long.MAX_VALUE : payload * dims[k];
            }
            long perItem = 1;
            for (int k = 1; k < rank; k++) {
                perItem *= dims[k]; // at most two positive ints here: fits in a long
            }
            if (perItem > MAX_PAYLOAD) {
                // checked apart from the count: with count 0 the payload is empty, but rows x cols would
                // still overflow an int (pixelsPerImage) for whoever uses the dimensions
                throw new DataFormatException(source + ": the IDX header claims images of " + dims[1] + "x" + dims[2]
                        + " = " + perItem + " pixels each, more than " + MAX_PAYLOAD + " bytes, which this reader does"
                        + " not hold in memory");
            }
            long headerLength = 4 + 4L * rank;
            if (knownLength >= 0 && knownLength - headerLength != payload) {
                throw new DataFormatException(source + ": " + (knownLength - headerLength < payload ? "truncated" : "too long")
                        + ": the header claims " + claim(dims) + " (" + payload + " data bytes) but the file has "
                        + (knownLength - headerLength) + " data bytes");
            }
            if (payload > MAX_PAYLOAD) {
                throw new DataFormatException(source + ": the IDX header claims " + claim(dims) + ", more than "
                        + MAX_PAYLOAD + " data bytes, which this reader does not hold in memory");
            }
            byte[] data = readUpTo(in, (int) payload);
            if (data.length < payload) {
                throw new DataFormatException(source + ": truncated: the header claims " + claim(dims) + " ("
                        + payload + " data bytes) but the " + what + " ends after " + data.length + " data bytes");
            }
            if (in.read() >= 0) {
                throw new DataFormatException(source + ": too long: the " + what + " goes on after the "
                        + payload + " data bytes that the header claims (" + claim(dims) + ")");
            }
            return new Payload(dims, data);
        } catch (EOFException e) {
            throw new DataFormatException(source + ": truncated gzip stream (" + e.getMessage() + ")", e);
        } catch (ZipException e) {
            throw new DataFormatException(source + ": corrupt gzip stream (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    /**
     * Reads up to {@code limit} bytes, growing the buffer only as data actually arrives, so a false
     * claim costs no more memory than the data that is really there.
     */
    private static byte[] readUpTo(InputStream in, int limit) throws IOException {
        byte[] buffer = new byte[Math.min(limit, FIRST_CHUNK)];
        int filled = 0;
        while (filled < limit) {
            if (filled == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(limit, 2L * buffer.length));
            }
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                return Arrays.copyOf(buffer, filled);
            }
            filled += n;
        }
        return buffer;
    }

    private static int bigEndian(byte[] b, int offset) {
        return ((b[offset] & 0xFF) << 24) | ((b[offset + 1] & 0xFF) << 16) | ((b[offset + 2] & 0xFF) << 8)
                | (b[offset + 3] & 0xFF);
    }

    private static String hex(int value) {
        return String.format("0x%08X", value);
    }

    private static String describe(int magic) {
        return magic == IMAGES_MAGIC ? "IDX images: unsigned bytes, 3 dimensions" : "IDX labels: unsigned bytes, 1 dimension";
    }

    private static String hint(int found, int expected) {
        if (found == IMAGES_MAGIC && expected == LABELS_MAGIC) {
            return "; this is an image file, were images and labels swapped?";
        }
        if (found == LABELS_MAGIC && expected == IMAGES_MAGIC) {
            return "; this is a label file, were images and labels swapped?";
        }
        return "";
    }

    private static String claim(int[] dims) {
        return dims.length == 3 ? dims[0] + " images of " + dims[1] + "x" + dims[2] : dims[0] + " labels";
    }

    private static String dimsText(byte[] dimBytes, int rank) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < rank; k++) {
            s.append(k == 0 ? "" : " x ").append(Integer.toUnsignedString(bigEndian(dimBytes, 4 * k)));
        }
        return s.toString();
    }
}
