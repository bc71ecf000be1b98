package org.ntklab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.linalg.Matrix;

class NpyTest {
    @TempDir
    Path dir;

    private static Matrix sample() {
        return Matrix.of(new double[][] {{1.5, -2, Math.PI}, {1e-300, Double.MAX_VALUE, -0.0}});
    }

    @Test
    void matrixAndVectorRoundTrip() {
        Path m = dir.resolve("m.npy");
        Npy.write(m, sample());
        Matrix back = Npy.readMatrix(m);
        assertEquals(2, back.rows());
        assertEquals(3, back.cols());
        assertArrayEquals(sample().data(), back.data());
        Path v = dir.resolve("v.npy");
        double[] values = {3, 1, 4, 1, 5};
        Npy.write(v, values);
        assertArrayEquals(values, Npy.readVector(v));
        Path empty = dir.resolve("empty.npy");
        Npy.write(empty, new Matrix(0, 4));
        assertEquals(4, Npy.readMatrix(empty).cols());
    }

    @Test
    void headerFollowsTheFormatSpecification() throws IOException {
        Path file = dir.resolve("m.npy");
        Npy.write(file, sample());
        byte[] bytes = Files.readAllBytes(file);
        assertEquals((byte) 0x93, bytes[0]);
        assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, bytes[6]);
        assertEquals(0, bytes[7]);
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        assertEquals(0, (10 + headerLength) % 64, "data starts at a multiple of 64 bytes");
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"), header);
        assertTrue(header.endsWith("\n"));
        assertEquals(10 + headerLength + 6 * 8, bytes.length);
        assertEquals(1.5, ByteBuffer.wrap(bytes, 10 + headerLength, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble());
    }

    @Test
    void writeLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("m.npy");
        Npy.write(file, sample());
        Npy.write(file, new double[] {1, 2}); // replaces the old file
        assertEquals(2, Npy.readVector(file).length);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    private Path npyFile(String name, String header, int dataBytes) throws IOException {
        byte[] headerBytes = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + headerBytes.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) headerBytes.length).put(headerBytes);
        return Files.write(dir.resolve(name), b.array());
    }

    private static void assertMessage(RuntimeException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
        }
    }

    @Test
    void badFilesGiveClearErrors() throws IOException {
        Path truncated = npyFile("truncated.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }\n", 40);
        assertMessage(assertThrows(FileFormatException.class, () -> Npy.readMatrix(truncated)),
                truncated.toString(), "truncated", "needs 48 data bytes", "has 40");
        // a huge claimed shape in a tiny file fails on the length check, before any allocation
        Path huge = npyFile("huge.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 10000), }\n", 8);
        assertMessage(assertThrows(FileFormatException.class, () -> Npy.readMatrix(huge)), huge.toString(), "truncated");
        Path tooBig = npyFile("toobig.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }\n", 8);
        assertMessage(assertThrows(FileFormatException.class, () -> Npy.readMatrix(tooBig)),
                tooBig.toString(), "more elements");
        Path ints = npyFile("ints.npy", "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }\n", 8);
        assertMessage(assertThrows(FileFormatException.class, () -> Npy.readVector(ints)),
                ints.toString(), "unsupported dtype '<i8'");
        Path vector = npyFile("vector.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }\n", 8);
        assertMessage(assertThrows(FileFormatException.class, () -> Npy.readMatrix(vector)),
                vector.toString(), "expected a 2-D array", "(1,)");
        Path noShape = npyFile("noshape.npy", "{'descr': '<f8', 'fortran_order': False}\n", 8);
        assertMessage(assertThrows(FileFormatException.class, () -> Npy.readVector(noShape)),
                noShape.toString(), "'shape'");
        Path text = Files.writeString(dir.resolve("text.npy"), "just some text, not numpy");
        assertMessage(assertThrows(FileFormatException.class, () -> Npy.readMatrix(text)),
                text.toString(), "not a .npy file");
        Path missing = dir.resolve("missing.npy");
        assertMessage(assertThrows(FileFormatException.class, () -> Npy.readMatrix(missing)),
                missing.toString(), "no such file");
    }

    /** A python3 that has numpy: Debian's python3-numpy first, then whatever python3 is on PATH. */
    private static String pythonWithNumpy() {
        for (String python : new String[] {"/usr/bin/python3", "python3"}) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import numpy").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return python;
                }
            } catch (IOException | InterruptedException e) {
                // not there; try the next
            }
        }
        return null;
    }

    private static String run(String python, String script, Path... args) throws Exception {
        String[] command = new String[3 + args.length];
        command[0] = python;
        command[1] = "-c";
        command[2] = script;
        for (int i = 0; i < args.length; i++) {
            command[3 + i] = args[i].toString();
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), out);
        return out.strip();
    }

    @Test
    void numpyReadsWhatWeWriteAndWeReadWhatNumpyWrites() throws Exception {
        String python = pythonWithNumpy();
        if (python == null) {
            System.out.println("NpyTest: skipping the NumPy check, no python3 with numpy found "
                    + "(apt-get install python3-numpy)");
        }
        assumeTrue(python != null, "no python3 with numpy (apt-get install python3-numpy)");
        Path ours = dir.resolve("ours.npy");
        Npy.write(ours, sample());
        Path vector = dir.resolve("vector.npy");
        Npy.write(vector, new double[] {0.1, 0.2});
        String out = run(python, """
                import sys, numpy as np
                a = np.load(sys.argv[1]); v = np.load(sys.argv[2])
                expected = np.array([[1.5, -2, np.pi], [1e-300, np.finfo(np.float64).max, -0.0]])
                assert a.dtype == np.float64 and a.shape == (2, 3), (a.dtype, a.shape)
                assert np.array_equal(a, expected), a
                assert v.shape == (2,) and v[0] == 0.1 and v[1] == 0.2, v
                print('ok', a.shape)
                """, ours, vector);
        assertEquals("ok (2, 3)", out);

        Path theirs = dir.resolve("theirs.npy");
        Path fortran = dir.resolve("fortran.npy");
        Path bigEndian = dir.resolve("big.npy");
        run(python, """
                import sys, numpy as np
                a = np.arange(12, dtype=np.float64).reshape(3, 4) / 8
                np.save(sys.argv[1], a)
                np.save(sys.argv[2], np.asfortranarray(a))
                np.save(sys.argv[3], a.astype('>f8'))
                """, theirs, fortran, bigEndian);
        double[] expected = new double[12];
        Arrays.setAll(expected, k -> k / 8.0);
        for (Path file : new Path[] {theirs, fortran, bigEndian}) {
            Matrix m = Npy.readMatrix(file);
            assertEquals(3, m.rows(), file.toString());
            assertEquals(4, m.cols(), file.toString());
            assertArrayEquals(expected, m.data(), file.toString());
        }
    }
}
