package org.ntklab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Fashion-MNIST from Debian's dataset-fashion-mnist; skipped where the package is not installed. */
class FashionMnistTest {

    @Test
    void loadsThroughTheIdxReader() {
        assumeTrue(System.getenv(SampleSource.Fashion.ENV) != null
                        || Files.isRegularFile(SampleSource.Fashion.DEBIAN_DIR.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        DataSplit split = DataSpec.parse("fashion:classes=7,9,n=30,test=10").load(2);
        assertArrayEquals(new String[] {"Sneaker", "Ankle boot"}, split.train().classNames());
        assertArrayEquals(new int[] {30, 30}, split.train().classCounts());
        assertArrayEquals(new int[] {10, 10}, split.test().classCounts());
        assertEquals(784, split.train().dim());
        LabelledSamples all = new SampleSource.Fashion().open();
        assertEquals(60_000, all.size());
    }
}
