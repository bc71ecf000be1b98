package org.ntklab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ntklab.arch.Architecture;
import org.ntklab.arch.Network;
import org.ntklab.kernel.EmpiricalNtk;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.NativeMatrix;

/**
 * How close the empirical NTK can come to the machine's dgemm rate: the eNTK of FCN(d, L, m) on n
 * samples against the same matrix products run alone. Every product the eNTK forms (forward
 * X W^T, back-propagation delta W, the Gram blocks D D^T and Z Z^T by dsyrk) is timed on its own
 * with the same shape, through the same {@link Blas} entry points (so with the same split over
 * threads); their sum is the time the eNTK would take if everything between the products (bias and
 * ReLU, masks, the Hadamard combination, bookkeeping) were free. Its FLOP rate, as a fraction of
 * the n x n x n dgemm measured in the same run, is the ceiling of the eNTK's fraction on this
 * machine with this BLAS.
 *
 * <pre>
 *   java -cp ntklab-bench/target/benchmarks.jar org.ntklab.bench.EmpiricalNtkCeiling [d L m n [rounds]]
 * </pre>
 * (defaults 784 3 512 256, 5 rounds). Each round measures dgemm 2000^3, the eNTK and the products
 * back to back (medians of 21 calls each), so that load from elsewhere falls on all three alike;
 * the report gives every round and the medians over rounds.
 */
public final class EmpiricalNtkCeiling {
    private EmpiricalNtkCeiling() {
    }

    /** One product shape the eNTK forms, and how many times. */
    private record Product(String name, int m, int n, int k, boolean syrk, boolean transB, int count) {
        double flops() {
            // syrk forms only the lower triangle: n (n + 1) / 2 k multiply-adds, counted as n^2 k
            return count * (syrk ? (double) m * m * k : 2.0 * m * n * k);
        }
    }

    public static void main(String[] args) {
        int d = args.length > 0 ? Integer.parseInt(args[0]) : 784;
        int depth = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int width = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 5;

        List<Product> products = new ArrayList<>();
        products.add(new Product("forward X W1^T", n, width, d, false, true, 1));
        products.add(new Product("forward Z W^T (hidden)", n, width, width, false, true, depth - 1));
        products.add(new Product("backward delta W (hidden)", n, width, width, false, false, depth - 1));
        products.add(new Product("Gram D D^T (dense layers)", n, n, width, true, false, depth));
        products.add(new Product("Gram X X^T", n, n, d, true, false, 1));
        products.add(new Product("Gram Z Z^T (hidden, readout)", n, n, width, true, false, depth));
        double productFlops = products.stream().mapToDouble(Product::flops).sum();
        double ntkFlops = Workloads.empiricalNtkFlops(d, depth, width, n);

        Network network = Network.initialize(Architecture.fcn(d, depth, width, 1), 11);
        Matrix x = Workloads.inputs(n, d, 12);
        Timing.warmUp(() -> EmpiricalNtk.gram(network, x), 10, 3.0);
        System.out.printf(Locale.ROOT, "eNTK of FCN(d = %d, L = %d, m = %d) on n = %d: %.3f GFLOP counted, "
                        + "%.3f GFLOP in the products timed alone (the rest: the readout's n-vector products)%n",
                d, depth, width, n, ntkFlops / 1e9, productFlops / 1e9);
        System.out.printf(Locale.ROOT, "threads %d%n", Blas.threads());
        double[] ntkFraction = new double[rounds];
        double[] ceiling = new double[rounds];
        double[] outside = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            double dgemm = Machine.dgemmGflops(2000, 5);
            double ntk = Timing.median(Timing.seconds(() -> EmpiricalNtk.gram(network, x), 0, 21));
            double alone = 0;
            StringBuilder parts = new StringBuilder();
            for (Product p : products) {
                double t = p.count() * time(p);
                alone += t;
                parts.append(String.format(Locale.ROOT, " %s %.2f ms (%.0f%%);", p.name(), t * 1e3,
                        100 * p.flops() / t / 1e9 / dgemm));
            }
            ntkFraction[r] = ntkFlops / ntk / 1e9 / dgemm;
            ceiling[r] = productFlops / alone / 1e9 / dgemm;
            outside[r] = 1 - alone / ntk;
            System.out.printf(Locale.ROOT, "round %d: dgemm %.1f GFLOP/s; eNTK %.2f ms = %.0f%% of dgemm; products alone "
                            + "%.2f ms = %.0f%% of dgemm; time outside the products %.0f%%;%s%n",
                    r + 1, dgemm, ntk * 1e3, 100 * ntkFraction[r], alone * 1e3, 100 * ceiling[r],
                    100 * outside[r], parts);
        }
        System.out.printf(Locale.ROOT, "median over %d rounds: eNTK %.0f%% of dgemm, ceiling (products alone) %.0f%%, "
                        + "time outside the products %.0f%%%n", rounds, 100 * Timing.median(ntkFraction),
                100 * Timing.median(ceiling), 100 * Timing.median(outside));
        System.out.printf(Locale.ROOT, "RATIO empirical_ntk_of_dgemm %.3f%nRATIO products_alone_of_dgemm %.3f%n",
                Timing.median(ntkFraction), Timing.median(ceiling));
    }

    /** Median seconds of one product of this shape, as the eNTK calls it. */
    private static double time(Product p) {
        try (NativeMatrix a = Machine.randomNative(p.m(), p.k(), 1);
             NativeMatrix b = p.transB() ? Machine.randomNative(p.n(), p.k(), 2) : Machine.randomNative(p.k(), p.n(), 2);
             NativeMatrix c = NativeMatrix.uninitialized(p.m(), p.syrk() ? p.m() : p.n())) {
            Runnable call = p.syrk() ? () -> Blas.syrkLower(1.0, a, 0.0, c)
                    : () -> Blas.gemm(false, p.transB(), 1.0, a, b, 0.0, c);
            return Timing.median(Timing.seconds(call, 3, 21));
        }
    }
}
