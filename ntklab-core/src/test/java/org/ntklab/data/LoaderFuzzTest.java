package org.ntklab.data;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.io.FileFormatException;
import org.ntklab.io.Npy;
import org.ntklab.linalg.Matrix;

/**
 * A seeded fuzzer for the loaders: mutated IDX image and label files (raw and gzip), mutated .npy files
 * and mutated data-spec strings. Every input must end in a valid result or in the loader's documented
 * exception (DataFormatException, FileFormatException, DataSpecException) with a message, never in
 * another exception, an error or a hang. A valid result must also be consistent: an image file's
 * dimensions multiply to its pixel count, a matrix has the shape its header claims, and a spec's
 * canonical form parses back to the same spec.
 */
class LoaderFuzzTest {
    private static final long SEED = 0x5EED_F022L;
    private static final int BATCH = 250;
    private static final Duration BATCH_LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** Distinct problems (exception type and where it came from) with the first input that caused each. */
    private final Map<String, String> failures = new LinkedHashMap<>();

    private interface Case {
        void run() throws Exception;
    }

    /** Runs one case; a documented exception with a message is fine, anything else is recorded. */
    private void check(String input, Class<? extends RuntimeException> documented, Case c) {
        try {
            c.run();
        } catch (Throwable e) {
            if (documented.isInstance(e) && e.getMessage() != null && !e.getMessage().isBlank()) {
                return;
            }
            StackTraceElement top = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
            String key = e.getClass().getName() + (documented.isInstance(e) ? " without a message" : "") + " at " + top;
            if (e instanceof AssertionError && e.getMessage() != null) { // a failed check: tell them apart by what
                String what = e.getMessage().replaceAll("[0-9]+", "#");
                key += ": " + what.substring(0, Math.min(what.length(), 40));
            }
            failures.putIfAbsent(key, input + " -> " + e);
            if (e instanceof VirtualMachineError error && !(e instanceof OutOfMemoryError)) {
                throw error;
            }
        }
    }

    /** Runs count cases in batches, each batch under a time limit (a hang fails the test). */
    private int fuzz(String target, int count, Consumer<Integer> oneCase) {
        for (int start = 0; start < count; start += BATCH) {
            int from = start;
            int to = Math.min(count, start + BATCH);
            assertTimeoutPreemptively(BATCH_LIMIT, () -> {
                for (int i = from; i < to; i++) {
                    oneCase.accept(i);
                }
            }, () -> target + ": cases " + from + ".." + (to - 1) + " did not finish within " + BATCH_LIMIT);
        }
        System.out.println("fuzz " + target + ": " + count + " cases");
        return count;
    }

    private void assertNoFailures(String target) {
        assertTrue(failures.isEmpty(), target + ": " + failures.size() + " distinct problems:\n"
                + String.join("\n", failures.entrySet().stream().map(e -> e.getKey() + "\n    " + e.getValue()).toList()));
    }

    // ---------------------------------------------------------------- IDX

    private static byte[] idx(int magic, int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(payload);
        return b.array();
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] pixels(int n, int salt) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 37 + salt);
        }
        return p;
    }

    private static final int[] SPECIAL_INTS = {0, 1, 2, 3, -1, 255, 256, 65535, 65536, 1 << 24, 0x7FFFFFFF, 0x80000000,
        0x7FFFFFF7, 46341, 1 << 30, 60000, 28, 784};

    /** One mutation of a valid IDX file of the given rank (1 = labels, 3 = images). */
    private static byte[] mutateIdx(byte[] valid, int rank, SplittableRandom r) {
        byte[] b = valid.clone();
        int ops = 1 + (r.nextInt(4) == 0 ? 1 : 0);
        for (int op = 0; op < ops; op++) {
            b = switch (r.nextInt(12)) {
                case 0 -> flipBits(b, r);
                case 1 -> overwriteBytes(b, r);
                case 2 -> { // one byte of a header dimension
                    if (b.length >= 4 + 4 * rank) {
                        b[4 + r.nextInt(4 * rank)] = (byte) r.nextInt(256);
                    }
                    yield b;
                }
                case 3, 4 -> { // a whole dimension set to a special or huge value
                    if (b.length >= 4 + 4 * rank) {
                        int value = r.nextBoolean() ? SPECIAL_INTS[r.nextInt(SPECIAL_INTS.length)] : r.nextInt();
                        ByteBuffer.wrap(b).putInt(4 + 4 * r.nextInt(rank), value);
                        if (rank == 3 && r.nextInt(3) == 0) {
                            ByteBuffer.wrap(b).putInt(4, 0); // no images, but huge rows x cols
                        }
                    }
                    yield b;
                }
                case 5 -> java.util.Arrays.copyOf(b, r.nextInt(b.length + 1)); // truncation
                case 6 -> extend(b, r);
                case 7 -> { // magic: swapped, other IDX types, garbage
                    if (b.length >= 4) {
                        int[] magics = {IdxReader.IMAGES_MAGIC, IdxReader.LABELS_MAGIC, 0x00000802, 0x00000D03,
                            0x00000C01, 0x00000804, 0x08030000, r.nextInt()};
                        ByteBuffer.wrap(b).putInt(0, magics[r.nextInt(magics.length)]);
                    }
                    yield b;
                }
                case 8 -> spliceBytes(b, r);
                case 9 -> gzip(b);
                case 10 -> corruptGzip(gzip(b), r);
                default -> { // gzip a huge claim with little data behind it
                    if (b.length >= 8) {
                        ByteBuffer.wrap(b).putInt(4, r.nextBoolean() ? 0x7FFFFFF0 : 1 << (20 + r.nextInt(11)));
                    }
                    yield r.nextBoolean() ? gzip(b) : b;
                }
            };
        }
        return b;
    }

    private static byte[] flipBits(byte[] b, SplittableRandom r) {
        if (b.length > 0) {
            for (int k = 1 + r.nextInt(4); k > 0; k--) {
                b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            }
        }
        return b;
    }

    private static byte[] overwriteBytes(byte[] b, SplittableRandom r) {
        if (b.length > 0) {
            for (int k = 1 + r.nextInt(4); k > 0; k--) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
        }
        return b;
    }

    private static byte[] extend(byte[] b, SplittableRandom r) {
        byte[] extra = new byte[1 + r.nextInt(r.nextBoolean() ? 8 : 300)];
        if (r.nextBoolean()) {
            r.nextBytes(extra);
        }
        byte[] out = java.util.Arrays.copyOf(b, b.length + extra.length);
        System.arraycopy(extra, 0, out, b.length, extra.length);
        return out;
    }

    /** Deletes or inserts a few bytes somewhere inside. */
    private static byte[] spliceBytes(byte[] b, SplittableRandom r) {
        int at = r.nextInt(b.length + 1);
        if (r.nextBoolean() && at < b.length) {
            int n = 1 + r.nextInt(Math.min(8, b.length - at));
            byte[] out = new byte[b.length - n];
            System.arraycopy(b, 0, out, 0, at);
            System.arraycopy(b, at + n, out, at, b.length - at - n);
            return out;
        }
        byte[] insert = new byte[1 + r.nextInt(8)];
        r.nextBytes(insert);
        byte[] out = new byte[b.length + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at, out, at + insert.length, b.length - at);
        return out;
    }

    private static byte[] corruptGzip(byte[] gz, SplittableRandom r) {
        return switch (r.nextInt(7)) {
            case 0 -> flipBits(gz, r);
            case 1 -> java.util.Arrays.copyOf(gz, r.nextInt(gz.length)); // cut short, possibly inside the header
            case 2 -> { // CRC or length in the trailer
                gz[gz.length - 1 - r.nextInt(8)] ^= (byte) (1 + r.nextInt(255));
                yield gz;
            }
            case 3 -> extend(gz, r); // garbage after the member
            case 4 -> { // a second member
                byte[] out = java.util.Arrays.copyOf(gz, 2 * gz.length);
                System.arraycopy(gz, 0, out, gz.length, gz.length);
                yield out;
            }
            case 5 -> { // header flags (FEXTRA, FNAME, FCOMMENT, FHCRC, reserved) and method
                gz[r.nextBoolean() ? 3 : 2] = (byte) r.nextInt(256);
                yield gz;
            }
            default -> java.util.Arrays.copyOf(gz, r.nextInt(1, 11)); // magic and little else
        };
    }

    private static void checkImages(IdxImages images) {
        assertTrue(images.count() >= 0 && images.rows() > 0 && images.cols() > 0, "dimensions " + images);
        long perImage = (long) images.rows() * images.cols();
        assertTrue(perImage == images.pixelsPerImage(), "pixelsPerImage " + images.pixelsPerImage() + " for "
                + images.rows() + "x" + images.cols());
        assertTrue(perImage * images.count() == images.pixels().length, "pixel count");
    }

    @Test
    void idxReaderEndsInADataOrFormatError() throws IOException {
        List<byte[]> images = List.of(
                idx(IdxReader.IMAGES_MAGIC, new int[] {3, 2, 4}, pixels(24, 1)),
                idx(IdxReader.IMAGES_MAGIC, new int[] {5, 3, 3}, pixels(45, 7)),
                idx(IdxReader.IMAGES_MAGIC, new int[] {1, 28, 28}, pixels(784, 3)),
                idx(IdxReader.IMAGES_MAGIC, new int[] {0, 2, 2}, new byte[0]));
        List<byte[]> labels = List.of(
                idx(IdxReader.LABELS_MAGIC, new int[] {3}, new byte[] {0, (byte) 255, 7}),
                idx(IdxReader.LABELS_MAGIC, new int[] {10}, pixels(10, 0)),
                idx(IdxReader.LABELS_MAGIC, new int[] {0}, new byte[0]));
        Path file = dir.resolve("fuzz-idx");
        SplittableRandom random = new SplittableRandom(SEED);
        // first a fixed corpus: every special value in every header dimension, with no data or a little
        List<byte[]> corpus = new ArrayList<>();
        for (int value : SPECIAL_INTS) {
            for (int k = 0; k < 3; k++) {
                for (int count : new int[] {0, 3}) {
                    int[] dims = {count, 2, 4};
                    dims[k] = value;
                    corpus.add(idx(IdxReader.IMAGES_MAGIC, dims, new byte[k == 0 ? 0 : 24]));
                }
            }
        }
        int total = fuzz("IdxReader", 4000, i -> {
            if (i < corpus.size()) {
                byte[] input = corpus.get(i);
                check("images corpus " + hex(input), DataFormatException.class, () -> {
                    checkImages(IdxReader.readImages(new ByteArrayInputStream(input), "fuzz"));
                    Files.write(file, input);
                    checkImages(IdxReader.readImages(file));
                });
                return;
            }
            boolean image = i % 2 == 0;
            List<byte[]> bases = image ? images : labels;
            byte[] valid = bases.get(random.nextInt(bases.size()));
            if (random.nextInt(5) == 0) { // sometimes start from gzip
                valid = gzip(valid);
            }
            byte[] input = mutateIdx(valid, image ? 3 : 1, random);
            boolean viaFile = random.nextBoolean(); // files know their length, streams do not
            boolean swapped = random.nextInt(20) == 0; // a label file given as images, or the other way
            String description = (image ^ swapped ? "images" : "labels") + (viaFile ? " file " : " stream ")
                    + hex(input);
            check(description, DataFormatException.class, () -> {
                if (viaFile) {
                    Files.write(file, input);
                }
                if (image ^ swapped) {
                    checkImages(viaFile ? IdxReader.readImages(file)
                            : IdxReader.readImages(new ByteArrayInputStream(input), "fuzz"));
                } else {
                    int[] read = viaFile ? IdxReader.readLabels(file)
                            : IdxReader.readLabels(new ByteArrayInputStream(input), "fuzz");
                    for (int label : read) {
                        assertTrue(label >= 0 && label <= 255);
                    }
                }
            });
        });
        assertTrue(total >= 4000);
        assertNoFailures("IdxReader");
    }

    // ---------------------------------------------------------------- .npy

    private static byte[] npy(int major, String dict, byte[] data, boolean consistentLength) {
        int prefix = major == 1 ? 10 : 12;
        byte[] text = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int unpadded = prefix + text.length + 1;
        int padding = (64 - unpadded % 64) % 64;
        byte[] header = new byte[text.length + padding + 1];
        System.arraycopy(text, 0, header, 0, text.length);
        java.util.Arrays.fill(header, text.length, header.length - 1, (byte) ' ');
        header[header.length - 1] = '\n';
        ByteBuffer b = ByteBuffer.allocate(prefix + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        int length = consistentLength ? header.length : header.length + 64;
        if (major == 1) {
            b.putShort((short) length);
        } else {
            b.putInt(length);
        }
        b.put(header).put(data);
        return b.array();
    }

    private static byte[] doubles(int n, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(8 * n).order(order);
        for (int i = 0; i < n; i++) {
            b.putDouble(i * 0.5 - 1);
        }
        return b.array();
    }

    private static final String[] SHAPES = {"(2, 3)", "(3, 2)", "(6,)", "(6)", "()", "(1, 6)", "(6, 1)", "(2, 3, 1)",
        "(99999999999, 3)", "(3, 99999999999)", "(0, 99999999999)", "(99999999999, 0)", "(0, 3)", "(3, 0)",
        "(0, 0)", "(-1, 3)", "(2, -3)", "(2,,3)", "(+2, 3)", "(2 3)", "(0x2, 3)", "(2.0, 3)", "(1e3, 2)",
        "(4, 4611686018427387904)", "(4611686018427387904, 4)", "(2147483648, 0)", "(0, 2147483648)",
        "(9223372036854775807, 9223372036854775807)", "(9223372036854775808, 1)", "(2, 3,)", "( 2 ,3 )",
        "(2147483647, 1)", "(1, 2147483647)", "(65536, 65536)", "(3037000500, 3037000500)", "(\u0662, 3)", "(,)",
        "(2, 3", "2, 3)", "[2, 3]", "(2)(3)", "((2, 3))", "(00002, 0003)", "(-0, 3)", "(2, 3, 4, 5)"};
    private static final String[] DESCRS = {"<f8", ">f8", "<f4", "<i8", "|u1", "f8", "<f8 ", "", "<c16", "O", "<U3",
        "=f8", "|f8"};
    private static final String[] FORTRAN = {"False", "True", "0", "1", "'False'", "false"};

    /** Headers that look almost right: two shape entries, digits of another script, a key twice. */
    private static final String[] ODD_HEADERS = {
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }{'shape': (1, 6)}",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 6), 'shape': (2, 3), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (\u0662, 3), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (\uFF12, 3), }",
        "{'descr': '<f8', 'descr': '>f8', 'fortran_order': False, 'shape': (2, 3), }",
        "{'descr': '<f8', 'fortran_order': False, 'fortran_order': True, 'shape': (2, 3), }"};
    private static final int NPY_CORPUS = 4 * SHAPES.length + 2 * ODD_HEADERS.length;

    /** Case i of a fixed corpus: every shape string, with no data and with the data it asks for, v1 and v3. */
    private static byte[] npyCorpus(int i) {
        if (i >= 4 * SHAPES.length) {
            int k = i - 4 * SHAPES.length;
            return npy(k % 2 == 0 ? 1 : 3, ODD_HEADERS[k / 2], doubles(6, ByteOrder.LITTLE_ENDIAN), true);
        }
        String shape = SHAPES[i / 4];
        String dict = "{'descr': '<f8', 'fortran_order': " + (i % 2 == 0 ? "False" : "True") + ", 'shape': " + shape
                + ", }";
        return npy(i % 4 < 2 ? 1 : 3, dict, doubles(i % 2 == 0 ? 0 : elements(shape), ByteOrder.LITTLE_ENDIAN), true);
    }

    /** How many elements a shape string asks for, when that is small; else 6. */
    private static int elements(String shape) {
        java.math.BigInteger product = java.math.BigInteger.ONE;
        Matcher m = Pattern.compile("\\d+").matcher(shape);
        while (m.find()) {
            product = product.multiply(new java.math.BigInteger(m.group()));
        }
        return product.compareTo(java.math.BigInteger.valueOf(1000)) <= 0 ? product.intValue() : 6;
    }

    /** A valid or deliberately edited .npy file. */
    private static byte[] npyCase(SplittableRandom r) {
        int major = new int[] {1, 1, 1, 2, 3}[r.nextInt(5)];
        boolean editHeader = r.nextInt(3) != 0;
        String descr = editHeader && r.nextInt(3) == 0 ? DESCRS[r.nextInt(DESCRS.length)] : "<f8";
        String fortran = editHeader && r.nextInt(4) == 0 ? FORTRAN[r.nextInt(FORTRAN.length)]
                : (r.nextBoolean() ? "False" : "True");
        String shape = editHeader && r.nextInt(2) == 0 ? SHAPES[r.nextInt(SHAPES.length)] : "(2, 3)";
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': " + shape + ", }";
        if (editHeader && r.nextInt(6) == 0) { // structural damage to the dictionary
            dict = switch (r.nextInt(6)) {
                case 0 -> dict.substring(1);
                case 1 -> dict.substring(0, dict.length() - 1);
                case 2 -> dict.replace("'shape'", "'shap'");
                case 3 -> dict.replace("'descr'", "\"descr\"");
                case 4 -> dict + "{'shape': (1, 1)}";
                default -> "";
            };
        }
        // as many doubles as the shape asks for, when that is small (0 for a shape with a 0 in it)
        int elements = elements(shape);
        int dataDoubles = switch (r.nextInt(8)) {
            case 0 -> r.nextInt(12);
            case 1 -> 0; // nothing behind a huge claim (whose element count might wrap to 0)
            default -> elements;
        };
        byte[] data = doubles(dataDoubles, descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        if (r.nextInt(7) == 0) {
            data = java.util.Arrays.copyOf(data, Math.max(0, data.length + r.nextInt(-7, 8)));
        }
        byte[] file = npy(major, dict, data, r.nextInt(10) != 0);
        // byte-level damage on top, half the time
        return switch (r.nextInt(12)) {
            case 0, 1 -> flipBits(file, r);
            case 2 -> overwriteBytes(file, r);
            case 3 -> java.util.Arrays.copyOf(file, r.nextInt(file.length + 1));
            case 4 -> extend(file, r);
            case 5 -> spliceBytes(file, r);
            case 6 -> { // the preamble: version and header length
                int at = 6 + r.nextInt(Math.min(6, file.length - 6));
                file[at] = (byte) new int[] {0, 1, 2, 3, 4, 0xFF, r.nextInt(256)}[r.nextInt(7)];
                yield file;
            }
            default -> file;
        };
    }

    private static final Pattern SHAPE_2D = Pattern.compile("'shape'\\s*:\\s*\\(\\s*[+-]?(\\d+)\\s*,\\s*[+-]?(\\d+)\\s*,?\\s*\\)");

    @Test
    void npyReaderEndsInAFileFormatError() {
        Path file = dir.resolve("fuzz.npy");
        SplittableRandom random = new SplittableRandom(SEED + 1);
        int total = fuzz("Npy.readMatrix", 2500, i -> {
            byte[] input = i < NPY_CORPUS ? npyCorpus(i) : npyCase(random);
            check("npy " + hex(input), FileFormatException.class, () -> {
                Files.write(file, input);
                Matrix m = Npy.readMatrix(file);
                assertTrue((long) m.rows() * m.cols() == m.data().length);
                // an accepted file has exactly the shape its header claims
                String header = new String(input, StandardCharsets.ISO_8859_1);
                Matcher shape = SHAPE_2D.matcher(header);
                assertTrue(shape.find(), "accepted without a 2-D shape in the header");
                assertTrue(!shape.find(), "accepted a header with two shapes");
                shape.reset().find();
                assertTrue(Long.parseLong(shape.group(1)) == m.rows() && Long.parseLong(shape.group(2)) == m.cols(),
                        "header shape (" + shape.group(1) + ", " + shape.group(2) + ") read as " + m.rows() + "x"
                                + m.cols());
            });
        });
        assertTrue(total >= 2500);
        assertNoFailures("Npy.readMatrix");
    }

    // ---------------------------------------------------------------- data specs

    private static final String[] VALID_SPECS = {
        "circle:n=6", "circle:n=200,random=true,sectors=4,test=100", "circle:n=5,sectors=2,near=0.5,norm=raw",
        "sphere:d=10,n=64,teacher=relu", "sphere:d=10,n=32,near=0.001", "sphere", "circle",
        "mnist:classes=0,1,n=100,test=50", "mnist:parity,n=100", "mnist:classes=0,1,2,n=50", "mnist:all,source=bundled",
        "fashion:classes=7,9,n=100", "fashion:parity,test=3", "idx:images=a/b.gz,labels=c/d.gz,classes=3,5,n=200",
        "csv:points.csv", "csv:path=data/points.csv,classes=-1,1,norm=raw", "csv:x.csv,n=all,test=0"};
    private static final String ALPHABET = ",,,:==  abcdeilnoprstuvxyz0123456789.-+eE/_"
            + "\u0000\t\n\u00A0\u2028\u200B\u202E\u0130\u0131\u00DF\uFF11\u0662\u00E9\u0301\uD83D\uDE00\uD800\uFFFD";
    private static final String[] VALUES = {"", "-1", "0", "1", "2", "07", "+3", "2147483647", "2147483648",
        "-2147483648", "99999999999999999999", "NaN", "Infinity", "-Infinity", "1e309", "4.9e-324", "0x1p-3", "1d",
        "\u0662", "\uFF11", "true", "TRUE", "yes", "all", "parity", "../..", "/", "a=b", "a:b", " ", "\u0000",
        "relu", "Linear", "RAW", "bundled", "full", "3,5", "0,0", "1,2,3,4,5,6,7,8,9,10"};

    private static String mutateSpec(SplittableRandom r) {
        String s = VALID_SPECS[r.nextInt(VALID_SPECS.length)];
        switch (r.nextInt(10)) {
            case 0, 1, 2 -> { // character edits
                StringBuilder b = new StringBuilder(s);
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    int at = r.nextInt(b.length() + 1);
                    char c = ALPHABET.charAt(r.nextInt(ALPHABET.length()));
                    switch (r.nextInt(3)) {
                        case 0 -> b.insert(at, c);
                        case 1 -> {
                            if (at < b.length()) {
                                b.deleteCharAt(at);
                            }
                        }
                        default -> {
                            if (at < b.length()) {
                                b.setCharAt(at, c);
                            }
                        }
                    }
                }
                return b.toString();
            }
            case 3, 4 -> { // a value replaced
                String[] items = s.split(",", -1);
                int k = r.nextInt(items.length);
                int eq = items[k].indexOf('=');
                items[k] = (eq >= 0 ? items[k].substring(0, eq + 1) : items[k] + "=") + VALUES[r.nextInt(VALUES.length)];
                return String.join(",", items);
            }
            case 5 -> { // an item added: a known or empty key, a repeated one
                String[] keys = {"n", "test", "norm", "classes", "sectors", "near", "d", "teacher", "source", "path",
                    "images", "labels", "random", "", " ", "N", "Classes", "n ", "\u0130mages"};
                return s + (s.contains(":") ? "," : ":") + keys[r.nextInt(keys.length)] + "="
                        + VALUES[r.nextInt(VALUES.length)];
            }
            case 6 -> { // random unicode, including unpaired surrogates
                StringBuilder b = new StringBuilder();
                for (int k = r.nextInt(40); k > 0; k--) {
                    b.append((char) r.nextInt(0x10000));
                }
                return r.nextBoolean() ? b.toString() : s.substring(0, r.nextInt(s.length() + 1)) + b;
            }
            case 7 -> { // very long
                int n = 1000 + r.nextInt(30_000);
                return switch (r.nextInt(5)) {
                    case 0 -> "mnist:classes=" + String.join(",", java.util.stream.IntStream.range(0, n / 6)
                            .mapToObj(Integer::toString).toList());
                    case 1 -> "circle:n=" + "0".repeat(n) + "6";
                    case 2 -> "csv:" + "d/".repeat(n / 2) + "x.csv";
                    case 3 -> "circle:" + "n=6,".repeat(n / 4);
                    default -> s + ",".repeat(n);
                };
            }
            case 8 -> { // empty keys, empty kinds, bare punctuation
                return ODD[r.nextInt(ODD.length)];
            }
            default -> {
                return r.nextInt(20) == 0 ? null : s.toUpperCase(java.util.Locale.ROOT);
            }
        }
    }

    private static final String[] ODD = {"=", ":", ",", "=6", ":=", "circle:=", "circle:=6", "circle:n=", "csv:=x", "csv:,",
        ":n=6", "circle::n=6", "circle:n==6", "circle:,n=6", "csv:path=", "idx:images=,labels=", "mnist:,",
        "circle:n=6,", "  ", "\u0000", "csv:\u0000", "idx:images=a\u0000b,labels=c", "mnist:classes=",
        "mnist:classes=,1", "mnist:classes=1", "mnist:classes=all,3", "csv:parity", "csv:all",
        "csv:path=parity", "csv:path=all", "csv:path=a=b", "csv:path=n=5", "csv:path=3", "csv:path=x,7",
        "mnist:classes=" + "1,".repeat(50_000) + "2"};

    @Test
    void dataSpecParseEndsInADataSpecError() {
        SplittableRandom random = new SplittableRandom(SEED + 2);
        int total = fuzz("DataSpec.parse", 4000, i -> {
            String spec = i < ODD.length ? ODD[i] : mutateSpec(random);
            check("spec " + quote(spec), IllegalArgumentException.class, () -> {
                DataSpec parsed;
                try {
                    parsed = DataSpec.parse(spec);
                } catch (IllegalArgumentException e) {
                    assertTrue(e instanceof DataSpecException, "not a DataSpecException: " + e);
                    assertTrue(e.getMessage().contains("grammar"), "no grammar in: " + e.getMessage());
                    // the spec is quoted escaped: no control character reaches the terminal but the grammar's line break
                    assertTrue(e.getMessage().chars().noneMatch(c -> Character.isISOControl(c) && c != '\n'),
                            "raw control character in: " + quote(e.getMessage()));
                    throw e;
                }
                try {
                    parsed.size(); // the up-front size of a parsed spec: a number or a data file error, nothing else
                } catch (DataFormatException e) {
                    // a path that is a directory or a device
                }
                // the canonical form parses back to the same spec
                String canonical = parsed.toString();
                DataSpec again;
                try {
                    again = DataSpec.parse(canonical);
                } catch (DataSpecException e) {
                    throw new AssertionError("canonical form " + quote(canonical) + " does not parse: " + e.getMessage(), e);
                }
                assertTrue(canonical.equals(again.toString()), quote(canonical) + " parses back as "
                        + quote(again.toString()));
            });
        });
        assertTrue(total >= 4000);
        assertNoFailures("DataSpec.parse");
    }

    // ---------------------------------------------------------------- CSV data files

    private static final String[] CSV_CELLS = {"0", "1", "-1", "0.5", "1e3", "-2.5E-3", "NaN", "Infinity", "1e309",
        "", " ", "x", "\"1\"", "\"", "\"a,b\"", "2147483648", "1.5", "+1", "0x10", "\u0000", "\u00e9", "\t", "#"};

    private static String csvCase(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        if (r.nextInt(4) == 0) {
            b.append("x,y,label\n");
        }
        int rows = r.nextInt(12);
        int cols = 1 + r.nextInt(4);
        for (int i = 0; i < rows; i++) {
            int k = r.nextInt(10) == 0 ? 1 + r.nextInt(5) : cols;
            for (int c = 0; c < k; c++) {
                if (c > 0) {
                    b.append(r.nextInt(30) == 0 ? ";" : ",");
                }
                b.append(r.nextInt(3) == 0 ? CSV_CELLS[r.nextInt(CSV_CELLS.length)]
                        : c == k - 1 ? String.valueOf(r.nextInt(3)) : String.valueOf(r.nextDouble() * 4 - 2));
            }
            b.append(r.nextInt(20) == 0 ? "\r\n" : r.nextInt(40) == 0 ? "" : "\n");
        }
        if (r.nextInt(10) == 0) { // random bytes appended
            for (int k = r.nextInt(20); k > 0; k--) {
                b.append((char) r.nextInt(0x100));
            }
        }
        return b.toString();
    }

    @Test
    void csvLoaderEndsInADataError() {
        Path file = dir.resolve("fuzz.csv");
        SplittableRandom random = new SplittableRandom(SEED + 3);
        int total = fuzz("csv loader", 2000, i -> {
            String content = csvCase(random);
            String spec = "csv:" + file + (i % 3 == 0 ? ",norm=raw" : i % 3 == 1 ? ",n=1,test=1" : "");
            check("csv " + quote(content) + " with " + spec, RuntimeException.class, () -> {
                Files.writeString(file, content, StandardCharsets.ISO_8859_1);
                try {
                    DataSplit split = DataSpec.parse(spec).load(1);
                    assertTrue(split.train().n() > 0, "an accepted file has samples");
                } catch (DataFormatException | DataSpecException e) {
                    assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "no message: " + e);
                    return;
                } catch (RuntimeException e) {
                    throw new AssertionError("undocumented " + e, e);
                }
            });
        });
        assertTrue(total >= 2000);
        assertNoFailures("csv loader");
    }

    // ----------------------------------------------------------------

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder(b.length + "B:");
        for (int i = 0; i < Math.min(b.length, 96); i++) {
            s.append(String.format("%02x", b[i]));
        }
        return s.append(b.length > 96 ? "..." : "").toString();
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder q = new StringBuilder("\"");
        for (int i = 0; i < Math.min(s.length(), 200); i++) {
            char c = s.charAt(i);
            q.append(c < 0x20 || c > 0x7E ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return q.append(s.length() > 200 ? "...(" + s.length() + " chars)" : "").append('"').toString();
    }
}
