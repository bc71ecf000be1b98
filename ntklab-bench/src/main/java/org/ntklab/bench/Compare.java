package org.ntklab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.ntklab.arch.Architecture;
import org.ntklab.arch.Network;
import org.ntklab.io.Npy;
import org.ntklab.kernel.EmpiricalNtk;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.BlockVector;
import org.ntklab.linalg.Matrix;

/**
 * ntklab's half of {@code scripts/compare-with-pytorch.sh}: times a training step and the empirical
 * NTK (medians of repeated runs), measures the machine's dgemm throughput in the same process, and
 * exports inputs, targets, weights and results as .npy so that the PyTorch script runs the same
 * configurations on the same numbers and checks that both compute the same things.
 *
 * <pre>
 *   java -cp ... org.ntklab.bench.Compare --out DIR [--runs 11] [--serve]   (or --probe)
 *        [--train d,L,m,n] [--ntk d,L,m,n] [--dgemm 2000]
 * </pre>
 * Writes DIR/train/*.npy and DIR/ntk/*.npy, then either times everything once and writes
 * DIR/ntklab.json, or with {@code --serve} answers timing requests on standard input, one per line
 * ({@code info}, {@code train K}, {@code ntk K}, {@code dgemm K}, {@code quit}), with one line each on
 * standard output. The PyTorch script uses the server to alternate batches of ntklab and PyTorch
 * runs, so that load from other processes on the machine falls on both sides alike.
 */
public final class Compare {
    private Compare() {
    }

    public static void main(String[] args) throws IOException {
        Path out = null;
        int runs = 11;
        int[] train = {784, 3, 1024, 256};
        int[] ntk = {784, 3, 512, 256};
        int dgemmSize = 2000;
        boolean serve = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--probe" -> {
                    // loads the native library (with OPENBLAS_VERBOSE=2 it names its kernels on stderr)
                    System.out.println("native " + Blas.isNative() + " threads " + Blas.threads());
                    return;
                }
                case "--serve" -> serve = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--train" -> train = parseConfig(args[++i]);
                case "--ntk" -> ntk = parseConfig(args[++i]);
                case "--dgemm" -> dgemmSize = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (expected --out DIR, --runs N, --train d,L,m,n, --ntk d,L,m,n, --dgemm n)");
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        if (runs < 5) {
            throw new IllegalArgumentException("--runs must be at least 5 (medians of at least 5 runs)");
        }
        Files.createDirectories(out);
        if (serve) {
            new Server(out, train, ntk, dgemmSize).run();
            return;
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("blas_native", Blas.isNative());
        results.put("blas_threads", Blas.threads());
        results.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        results.put("runs", runs);

        // the machine's limit, measured in this process just before the workloads
        double dgemm = Machine.dgemmGflops(dgemmSize, runs);
        results.put("dgemm_n", dgemmSize);
        results.put("dgemm_gflops", dgemm);
        System.err.printf(Locale.ROOT, "dgemm %d^3: %.1f GFLOP/s (median of %d)%n", dgemmSize, dgemm, runs);

        trainingStep(out.resolve("train"), train, runs, dgemm, results);
        empiricalNtk(out.resolve("ntk"), ntk, Math.max(5, runs / 2), results);

        Files.writeString(out.resolve("ntklab.json"), toJson(results), StandardCharsets.UTF_8);
    }

    /** Learning rate of the one step whose update is compared with PyTorch's SGD step. */
    static final double CHECK_LEARNING_RATE = 0.01;

    /**
     * The training-step workload, with its weights, data, output, loss, gradient and the update of one
     * timed-path step exported to dir.
     */
    static Workloads.TrainingStep exportedTrainingStep(Path dir, int[] c, Map<String, Object> results)
            throws IOException {
        Files.createDirectories(dir);
        Workloads.TrainingStep step = new Workloads.TrainingStep(c[0], c[1], c[2], c[3], 7, 1e-6);
        exportParameters(dir, step.network.parameters());
        Npy.write(dir.resolve("x.npy"), step.x);
        Npy.write(dir.resolve("y.npy"), step.targets.values());
        // the loss, output and gradient at the exported weights, for the cross-check
        Network.Trace trace = step.network.trace(step.x);
        double loss = step.loss.evaluate(trace.output(), step.targets, step.outputGradient);
        BlockVector grad = step.network.gradient(trace, step.outputGradient);
        Npy.write(dir.resolve("output.npy"), trace.output());
        Npy.write(dir.resolve("grad.npy"), grad.flatten());
        // the update the timed step itself makes (the fused Network.descend), on a twin at a learning
        // rate large enough that theta_1 - theta_0 keeps its digits
        Workloads.TrainingStep twin = new Workloads.TrainingStep(c[0], c[1], c[2], c[3], 7, CHECK_LEARNING_RATE);
        double[] before = twin.network.parameters().flatten();
        twin.step();
        double[] update = twin.network.parameters().flatten();
        for (int i = 0; i < update.length; i++) {
            update[i] -= before[i];
        }
        Npy.write(dir.resolve("update.npy"), update);
        results.put("train_check_learning_rate", CHECK_LEARNING_RATE);
        results.put("train_config", config(c));
        results.put("train_loss0", loss);
        results.put("train_flops", step.flops());
        return step;
    }

    /** The empirical-NTK workload, with its weights, inputs and Gram matrix exported to dir. */
    static Network exportedNtkNetwork(Path dir, int[] c, Matrix[] inputs, Map<String, Object> results)
            throws IOException {
        Files.createDirectories(dir);
        Network network = Network.initialize(Architecture.fcn(c[0], c[1], c[2], 1), 11);
        Matrix x = Workloads.inputs(c[3], c[0], 12);
        exportParameters(dir, network.parameters());
        Npy.write(dir.resolve("x.npy"), x);
        Npy.write(dir.resolve("gram.npy"), EmpiricalNtk.gram(network, x));
        inputs[0] = x;
        results.put("ntk_config", config(c));
        results.put("ntk_flops", Workloads.empiricalNtkFlops(c[0], c[1], c[2], c[3]));
        return network;
    }

    private static void trainingStep(Path dir, int[] c, int runs, double dgemm, Map<String, Object> results)
            throws IOException {
        Workloads.TrainingStep step = exportedTrainingStep(dir, c, results);
        Timing.warmUp(step::step, 5, 3.0);
        double[] seconds = Timing.seconds(step::step, 0, runs);
        double median = Timing.median(seconds);
        double flops = step.flops();
        double gflops = flops / median / 1e9;
        results.put("train_seconds", seconds);
        results.put("train_median_s", median);
        results.put("train_gflops", gflops);
        results.put("train_fraction_of_dgemm", gflops / dgemm);
        System.err.printf(Locale.ROOT, "training step %s: median %.2f ms, %.1f GFLOP/s = %.0f%% of dgemm%n",
                config(c), median * 1e3, gflops, 100 * gflops / dgemm);
    }

    private static void empiricalNtk(Path dir, int[] c, int runs, Map<String, Object> results) throws IOException {
        Matrix[] x = new Matrix[1];
        Network network = exportedNtkNetwork(dir, c, x, results);
        Timing.warmUp(() -> EmpiricalNtk.gram(network, x[0]), 3, 2.0);
        double[] seconds = Timing.seconds(() -> EmpiricalNtk.gram(network, x[0]), 0, runs);
        double median = Timing.median(seconds);
        results.put("ntk_seconds", seconds);
        results.put("ntk_median_s", median);
        System.err.printf(Locale.ROOT, "empirical NTK %s: median %.2f ms%n", config(c), median * 1e3);
    }

    /** The request loop of {@code --serve}. */
    private static final class Server {
        private final Map<String, Object> info = new LinkedHashMap<>();
        private final Workloads.TrainingStep step;
        private final Network ntkNetwork;
        private final Matrix ntkInputs;
        private final Machine machine;

        Server(Path out, int[] train, int[] ntk, int dgemmSize) throws IOException {
            info.put("blas_native", Blas.isNative());
            info.put("blas_threads", Blas.threads());
            info.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            info.put("dgemm_n", dgemmSize);
            this.step = exportedTrainingStep(out.resolve("train"), train, info);
            Matrix[] x = new Matrix[1];
            this.ntkNetwork = exportedNtkNetwork(out.resolve("ntk"), ntk, x, info);
            this.ntkInputs = x[0];
            this.machine = new Machine(dgemmSize);
        }

        void run() throws IOException {
            // warm up the JIT and every buffer before the first timed request
            Timing.warmUp(step::step, 5, 3.0);
            Timing.warmUp(() -> EmpiricalNtk.gram(ntkNetwork, ntkInputs), 3, 2.0);
            machine.gflops(2, 0);
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
            System.out.println("ready");
            System.out.flush();
            String line;
            while ((line = in.readLine()) != null) {
                String[] cmd = line.trim().split("\\s+");
                int k = cmd.length > 1 ? Integer.parseInt(cmd[1]) : 1;
                String reply = switch (cmd[0]) {
                    case "info" -> toJson(info);
                    case "train" -> "train " + joined(Timing.seconds(step::step, 0, k));
                    case "ntk" -> "ntk " + joined(Timing.seconds(() -> EmpiricalNtk.gram(ntkNetwork, ntkInputs), 0, k));
                    case "dgemm" -> "dgemm " + joined(machine.gflops(0, k));
                    case "quit" -> null;
                    default -> "error unknown request " + cmd[0];
                };
                if (reply == null) {
                    break;
                }
                System.out.println(reply);
                System.out.flush();
            }
        }

        private static String joined(double[] v) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < v.length; i++) {
                sb.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.9g", v[i]));
            }
            return sb.toString();
        }
    }

    /** Parameter blocks as p00.npy, p01.npy, ... in network order, with their names in params.txt. */
    private static void exportParameters(Path dir, BlockVector p) throws IOException {
        StringBuilder names = new StringBuilder();
        for (int k = 0; k < p.blockCount(); k++) {
            Npy.write(dir.resolve(String.format(Locale.ROOT, "p%02d.npy", k)), p.block(k));
            names.append(p.name(k)).append('\n');
        }
        Files.writeString(dir.resolve("params.txt"), names, StandardCharsets.UTF_8);
    }

    private static int[] parseConfig(String s) {
        String[] parts = s.split(",");
        if (parts.length != 4) {
            throw new IllegalArgumentException("configuration '" + s + "' must be d,L,m,n");
        }
        int[] c = new int[4];
        for (int i = 0; i < 4; i++) {
            c[i] = Integer.parseInt(parts[i].trim());
        }
        return c;
    }

    private static Map<String, Object> config(int[] c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("d", c[0]);
        m.put("L", c[1]);
        m.put("m", c[2]);
        m.put("n", c[3]);
        return m;
    }

    @SuppressWarnings("unchecked")
    static String toJson(Object v) {
        if (v instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                sb.append(first ? "" : ", ").append('"').append(e.getKey()).append("\": ").append(toJson(e.getValue()));
                first = false;
            }
            return sb.append('}').toString();
        }
        if (v instanceof double[] a) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < a.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(toJson(a[i]));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? Double.toString(d) : "null"; // shortest round-trip form: exact
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return '"' + v.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
