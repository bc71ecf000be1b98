package org.ntklab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.ntklab.arch.Network;
import org.ntklab.data.DataSpec;
import org.ntklab.data.Dataset;
import org.ntklab.io.Npy;
import org.ntklab.linalg.Matrix;
import org.ntklab.loss.Targets;
import org.ntklab.train.TrainingConfig;

/**
 * Writes what {@code ntklab train} starts from for a configuration: the initial parameters
 * (p00.npy, p01.npy, ... in network order, names in params.txt, as {@link Compare} exports them),
 * the training inputs (x.npy) and the binary targets (y.npy), for scripts/crosscheck-gd-pytorch.sh.
 * The network and data come from the same calls as in {@link org.ntklab.train.TrainingRun}.
 *
 * <pre>java -cp benchmarks.jar org.ntklab.bench.ExportInitial fcn DEPTH WIDTH DATA SEED OUTDIR</pre>
 */
public final class ExportInitial {
    private ExportInitial() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            System.err.println("usage: ExportInitial ARCH DEPTH WIDTH DATA SEED OUTDIR");
            System.exit(64);
        }
        long seed = Long.parseLong(args[4]);
        TrainingConfig config = TrainingConfig.defaults(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                1.0, args[3], "ce");
        Dataset train = DataSpec.parse(config.data()).load(seed).train();
        if (Targets.outputsFor(train) != 1) {
            throw new IllegalArgumentException("ExportInitial handles two classes (one output) only");
        }
        Network network = Network.initialize(config.architecture(train.dim(), 1), seed);
        Path dir = Path.of(args[5]);
        Files.createDirectories(dir);
        StringBuilder names = new StringBuilder();
        for (int k = 0; k < network.parameters().blockCount(); k++) {
            Npy.write(dir.resolve(String.format(Locale.ROOT, "p%02d.npy", k)), network.parameters().block(k));
            names.append(network.parameters().name(k)).append('\n');
        }
        Files.writeString(dir.resolve("params.txt"), names, StandardCharsets.UTF_8);
        Npy.write(dir.resolve("x.npy"), train.x());
        double[] y = train.binaryTargets();
        Npy.write(dir.resolve("y.npy"), new Matrix(y.length, 1, y));
        Npy.write(dir.resolve("f0.npy"), network.forward(train.x()));
    }
}
