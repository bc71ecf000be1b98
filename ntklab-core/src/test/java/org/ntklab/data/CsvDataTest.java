package org.ntklab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDataTest {
    @TempDir
    Path dir;

    private Path csv(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static void assertMessage(RuntimeException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
        }
    }

    @Test
    void readsRowsInOrderWithOrWithoutHeader() throws IOException {
        String rows = "3,4,1\n1,0,0\n0,2,1\n";
        Path plain = csv("plain.csv", rows);
        Path headed = csv("headed.csv", "x1, x2, label\n" + rows);
        for (Path file : new Path[] {plain, headed}) {
            Dataset raw = DataSpec.parse("csv:" + file + ",norm=raw").load(0).train();
            assertEquals(3, raw.n());
            assertEquals(2, raw.dim());
            assertArrayEquals(new double[] {3, 4, 1, 0, 0, 2}, raw.x().data());
            assertArrayEquals(new int[] {1, 0, 1}, raw.labels());
            Dataset unit = DataSpec.parse("csv:" + file).load(0).train();
            assertArrayEquals(new double[] {0.6, 0.8, 1, 0, 0, 1}, unit.x().data(), 1e-15);
        }
    }

    @Test
    void arbitraryIntegerLabelsBecomeClassIndices() throws IOException {
        Path file = csv("labels.csv", "1,5\n2,-1\n3,5\n4,7.0\n");
        Dataset d = DataSpec.parse("csv:path=" + file + ",norm=raw").load(0).train();
        assertArrayEquals(new String[] {"-1", "5", "7"}, d.classNames());
        assertArrayEquals(new int[] {1, 0, 1, 2}, d.labels());
        Dataset pair = DataSpec.parse("csv:" + file + ",classes=5,-1,norm=raw").load(0).train();
        assertArrayEquals(new int[] {0, 1, 0}, pair.labels());
    }

    @Test
    void nanIsAnErrorNamingFileLineAndColumn() throws IOException {
        Path file = csv("nan.csv", "a,b,label\n1,2,0\n\n3,NaN,1\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> DataSpec.parse("csv:" + file).load(0));
        assertMessage(e, file.toString(), "line 4", "column 2", "NaN");
        Path inf = csv("inf.csv", "1,Infinity,0\n");
        assertMessage(assertThrows(DataFormatException.class, () -> DataSpec.parse("csv:" + inf).load(0)),
                inf.toString(), "line 1", "column 2", "Infinity");
    }

    @Test
    void nonNumericCellsRaggedRowsAndBadLabels() throws IOException {
        Path text = csv("text.csv", "1,2,0\n1,two,1\n");
        assertMessage(assertThrows(DataFormatException.class, () -> DataSpec.parse("csv:" + text).load(0)),
                text.toString(), "line 2", "column 2", "'two' is not a number");
        Path ragged = csv("ragged.csv", "1,2,0\n1,1\n");
        assertMessage(assertThrows(DataFormatException.class, () -> DataSpec.parse("csv:" + ragged).load(0)),
                ragged.toString(), "line 2", "2 columns");
        Path label = csv("label.csv", "1,2,0\n1,1,0.5\n");
        assertMessage(assertThrows(DataFormatException.class, () -> DataSpec.parse("csv:" + label).load(0)),
                label.toString(), "line 2", "column 3", "not an integer");
        Path empty = csv("empty.csv", "x,y,label\n");
        assertMessage(assertThrows(DataFormatException.class, () -> DataSpec.parse("csv:" + empty).load(0)),
                empty.toString(), "no data rows");
        Path missing = dir.resolve("missing.csv");
        assertMessage(assertThrows(DataFormatException.class, () -> DataSpec.parse("csv:" + missing).load(0)),
                missing.toString(), "no such file");
    }

    @Test
    void samplingOptionsApplyToCsvToo() throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            rows.append(i + 1).append(',').append(i % 3).append(',').append(i % 3).append('\n');
        }
        Path file = csv("many.csv", rows.toString());
        DataSplit split = DataSpec.parse("csv:" + file + ",classes=0,2,n=4,test=3").load(5);
        assertArrayEquals(new int[] {4, 4}, split.train().classCounts());
        assertArrayEquals(new int[] {3, 3}, split.test().classCounts());
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DataSpec.parse("csv:" + file + ",classes=0,2,n=9,test=3").load(5));
        assertMessage(e, file.toString(), "has 10 samples", "n=9");
    }
}
