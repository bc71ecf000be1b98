package org.ntklab.io;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ntklab.linalg.Matrix;

/**
 * NumPy's {@code .npy} format for float64 arrays, so results open with {@code numpy.load}.
 * Writes version 1.0, dtype {@code '<f8'}, C order, header padded to a multiple of 64 bytes as the
 * format specification asks. Reads versions 1.0 to 3.0 of float64 arrays (either byte order and
 * memory order), and checks the header's shape against the file length before allocating.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int HEADER_ALIGNMENT = 64;
    private static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final int MAX_HEADER_BYTES = 1 << 20; // real headers are a few hundred bytes
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final Pattern DIMENSION = Pattern.compile("[+-]?[0-9]+");

    private Npy() {
    }

    /** Writes a rows x cols matrix as a 2-D array of shape (rows, cols). */
    public static void write(Path file, Matrix m) {
        writeArray(file, "(" + m.rows() + ", " + m.cols() + ")", m.data());
    }

    /** Writes a vector as a 1-D array of shape (n,). */
    public static void write(Path file, double[] values) {
        writeArray(file, "(" + values.length + ",)", values);
    }

    /** Reads a 2-D float64 array. */
    public static Matrix readMatrix(Path file) {
        NpyArray array = read(file);
        if (array.shape.length != 2) {
            throw new FileFormatException(file + ": expected a 2-D array, found shape "
                    + array.shapeText() + (array.shape.length == 1 ? " (use Npy.readVector for 1-D arrays)" : ""));
        }
        int rows = (int) array.shape[0];
        int cols = (int) array.shape[1];
        if (array.fortranOrder) {
            return new Matrix(cols, rows, array.data).transpose();
        }
        return new Matrix(rows, cols, array.data);
    }

    /** Reads a 1-D float64 array. */
    public static double[] readVector(Path file) {
        NpyArray array = read(file);
        if (array.shape.length != 1) {
            throw new FileFormatException(file + ": expected a 1-D array, found shape " + array.shapeText());
        }
        return array.data;
    }

    private static void writeArray(Path file, String shape, double[] values) {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
        int prefix = MAGIC.length + 2 + 2;
        int unpadded = prefix + dict.length() + 1; // +1 for the closing newline
        int padding = (HEADER_ALIGNMENT - unpadded % HEADER_ALIGNMENT) % HEADER_ALIGNMENT;
        String header = dict + " ".repeat(padding) + "\n";
        AtomicFiles.write(file, out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.write(MAGIC);
            data.writeByte(1);
            data.writeByte(0);
            data.writeByte(header.length() & 0xFF); // header length is little-endian
            data.writeByte(header.length() >>> 8);
            data.write(header.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer buffer = ByteBuffer.allocate(8 * 8192).order(ByteOrder.LITTLE_ENDIAN);
            for (int start = 0; start < values.length; start += 8192) {
                int end = Math.min(values.length, start + 8192);
                buffer.clear();
                buffer.asDoubleBuffer().put(values, start, end - start);
                data.write(buffer.array(), 0, 8 * (end - start));
            }
            data.flush();
        });
    }

    private record NpyArray(long[] shape, boolean fortranOrder, double[] data) {
        String shapeText() {
            List<String> parts = new ArrayList<>();
            for (long s : shape) {
                parts.add(Long.toString(s));
            }
            return "(" + String.join(", ", parts) + (shape.length == 1 ? ",)" : ")");
        }
    }

    private static NpyArray read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileLength = channel.size();
            ByteBuffer start = readExactly(channel, file, Math.min(fileLength, 12), "the preamble");
            if (start.limit() < 10) {
                throw new FileFormatException(file + ": too short to be a .npy file (" + fileLength + " bytes)");
            }
            if (!startsWithMagic(start)) {
                throw new FileFormatException(file + ": not a .npy file (missing the \\x93NUMPY magic string)");
            }
            int major = start.get(6) & 0xFF;
            int minor = start.get(7) & 0xFF;
            long headerLength;
            int prefix;
            if (major == 1) {
                headerLength = start.getShort(8) & 0xFFFF;
                prefix = 10;
            } else if (major == 2 || major == 3) {
                if (start.limit() < 12) {
                    throw new FileFormatException(file + ": truncated .npy preamble (" + fileLength + " bytes)");
                }
                headerLength = start.getInt(8) & 0xFFFFFFFFL;
                prefix = 12;
            } else {
                throw new FileFormatException(file + ": unsupported .npy format version " + major + "." + minor);
            }
            if (headerLength > MAX_HEADER_BYTES) {
                throw new FileFormatException(file + ": implausible .npy header length " + headerLength + " bytes");
            }
            if (prefix + headerLength > fileLength) {
                throw new FileFormatException(file + ": truncated: the header claims " + headerLength
                        + " bytes but the file has only " + (fileLength - prefix) + " after the preamble");
            }
            channel.position(prefix);
            ByteBuffer headerBytes = readExactly(channel, file, headerLength, "the header");
            String header = new String(headerBytes.array(), 0, headerBytes.limit(),
                    major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Header parsed = parseHeader(file, header);
            long dataLength = fileLength - prefix - headerLength;
            long expected = 8L * parsed.count;
            if (dataLength != expected) {
                throw new FileFormatException(file + ": " + (dataLength < expected ? "truncated" : "trailing bytes")
                        + ": shape " + new NpyArray(parsed.shape, false, null).shapeText() + " of float64 needs "
                        + expected + " data bytes but the file has " + dataLength);
            }
            double[] data = new double[(int) parsed.count];
            ByteBuffer chunk = ByteBuffer.allocate(8 * 8192).order(parsed.order);
            int filled = 0;
            while (filled < data.length) {
                chunk.clear();
                chunk.limit(8 * Math.min(8192, data.length - filled));
                while (chunk.hasRemaining()) {
                    if (channel.read(chunk) < 0) {
                        throw new FileFormatException(file + ": truncated while reading the data");
                    }
                }
                chunk.flip();
                int n = chunk.remaining() / 8;
                chunk.asDoubleBuffer().get(data, filled, n);
                filled += n;
            }
            return new NpyArray(parsed.shape, parsed.fortranOrder, data);
        } catch (NoSuchFileException e) {
            throw new FileFormatException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean startsWithMagic(ByteBuffer buffer) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (buffer.get(i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static ByteBuffer readExactly(FileChannel channel, Path file, long length, String what)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new FileFormatException(file + ": truncated inside " + what);
            }
        }
        buffer.flip();
        return buffer;
    }

    private record Header(long[] shape, long count, boolean fortranOrder, ByteOrder order) {
    }

    private static Header parseHeader(Path file, String header) {
        String dict = header.strip();
        if (!dict.startsWith("{") || !dict.endsWith("}")) {
            throw new FileFormatException(file + ": malformed .npy header (not a dictionary): " + dict);
        }
        String descr = find(file, DESCR, dict, "descr");
        ByteOrder order;
        if (descr.equals("<f8")) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (descr.equals(">f8")) {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new FileFormatException(file + ": unsupported dtype '" + descr + "', only float64 ('<f8' or '>f8') is read");
        }
        boolean fortranOrder = find(file, FORTRAN, dict, "fortran_order").equals("True");
        String shapeText = find(file, SHAPE, dict, "shape").strip();
        List<Long> dims = new ArrayList<>();
        if (!shapeText.isEmpty()) {
            String[] parts = shapeText.split(",", -1);
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i].strip();
                if (part.isEmpty() && i == parts.length - 1 && i > 0) {
                    break; // the trailing comma of a 1-tuple, or a tolerated one after the last entry
                }
                // ASCII digits (Python's int literal; Long.parseLong alone would take other scripts' digits)
                if (!DIMENSION.matcher(part).matches()) {
                    throw new FileFormatException(file + ": malformed shape (" + shapeText + ") in .npy header");
                }
                long dim;
                try {
                    dim = Long.parseLong(part);
                } catch (NumberFormatException e) {
                    throw new FileFormatException(file + ": malformed shape (" + shapeText + ") in .npy header: "
                            + part + " is not a dimension");
                }
                if (dim < 0) {
                    throw new FileFormatException(file + ": malformed shape (" + shapeText + ") in .npy header: "
                            + "negative dimension " + dim);
                }
                // each dimension on its own, not only the product: with a 0 elsewhere the product is 0,
                // and a large product could overflow the long
                if (dim > MAX_ELEMENTS) {
                    throw new FileFormatException(file + ": shape (" + shapeText + ") has a dimension of " + dim
                            + ", more than one array can hold");
                }
                dims.add(dim);
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long dim : shape) {
            count *= dim;
            if (count > MAX_ELEMENTS) {
                throw new FileFormatException(file + ": shape (" + shapeText + ") has more elements than one array can hold");
            }
        }
        if (shape.length > 2) {
            throw new FileFormatException(file + ": " + shape.length + "-D arrays are not supported, only 1-D and 2-D");
        }
        return new Header(shape, count, fortranOrder, order);
    }

    private static String find(Path file, Pattern pattern, String dict, String key) {
        Matcher m = pattern.matcher(dict);
        if (!m.find()) {
            throw new FileFormatException(file + ": .npy header has no valid '" + key + "' entry: " + dict);
        }
        String value = m.group(1);
        if (dict.indexOf("'" + key + "'", dict.indexOf("'" + key + "'") + 1) >= 0) {
            // NumPy's header is one dictionary literal; two entries for a key leave its value ambiguous
            throw new FileFormatException(file + ": .npy header has more than one '" + key + "' entry: " + dict);
        }
        return value;
    }
}
