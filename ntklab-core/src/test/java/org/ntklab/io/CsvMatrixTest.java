package org.ntklab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.linalg.Matrix;

class CsvMatrixTest {
    @TempDir
    Path dir;

    @Test
    void roundTripWithHeaderKeepsEveryDouble() throws IOException {
        Matrix m = Matrix.of(new double[][] {{0.1, -1e-310, 3}, {Math.PI, 1e300, -0.0}});
        Path file = dir.resolve("m.csv");
        CsvMatrix.write(file, m, new String[] {"time", "loss, total", "lambda_min"});
        List<CSVRecord> records;
        try (Reader reader = Files.newBufferedReader(file);
                CSVParser parser = CSVParser.builder().setReader(reader).setFormat(CSVFormat.DEFAULT).get()) {
            records = parser.getRecords();
        }
        assertEquals(3, records.size());
        assertEquals(List.of("time", "loss, total", "lambda_min"), records.get(0).toList());
        double[] back = new double[6];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                back[i * 3 + j] = Double.parseDouble(records.get(i + 1).get(j));
            }
        }
        assertArrayEquals(m.data(), back);
        assertEquals("time,\"loss, total\",lambda_min", Files.readAllLines(file).get(0));
    }

    @Test
    void withoutHeaderAndAtomic() throws IOException {
        Path file = dir.resolve("m.csv");
        CsvMatrix.write(file, Matrix.identity(2), null);
        assertEquals(List.of("1.0,0.0", "0.0,1.0"), Files.readAllLines(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void headerMustMatchTheColumns() {
        Path file = dir.resolve("bad.csv");
        assertThrows(IllegalArgumentException.class, () -> CsvMatrix.write(file, new Matrix(1, 2), new String[] {"a"}));
        assertEquals(false, Files.exists(file));
    }
}
