package org.ntklab.cli.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ntklab.arch.Architecture;
import org.ntklab.cli.run.CsvFile;
import org.ntklab.data.Dataset;
import org.ntklab.io.InvalidInputException;
import org.ntklab.kernel.AnalyticKernels;
import org.ntklab.kernel.EmpiricalNtk;
import org.ntklab.linalg.Matrix;
import org.ntklab.train.TrainingRun;

/**
 * What {@code ntklab train --record-profile} and {@code --record-pairs} write at every observation:
 * the kernel profile through one training input ({@value #PROFILE_FILE}) and the empirical NTK on
 * chosen pairs of training samples ({@value #PAIRS_FILE}). Each file is rewritten (atomically) at
 * every observation, so it holds every observation made so far, also when a run is interrupted.
 */
public final class KernelRecordings {
    public static final String PROFILE_FILE = "kernel-profile.csv";
    public static final String PAIRS_FILE = "ntk-pairs.csv";
    /** Angles of the profile grid over [-pi, pi] unless --profile-angles says otherwise. */
    public static final int DEFAULT_ANGLES = 361;

    private KernelRecordings() {
    }

    /**
     * The kernel profile K_t(x_a, x') through training input a. On two-dimensional data, x' sweeps
     * the circle of radius |x_a| at {@code angles} polar angles evenly spaced over [-pi, pi]
     * (the paper's Fig. 2 and 3 with a = 0 on circle:n=6, where x_0 = (1, 0)); the first column is
     * {@code angle}. On other data, x' runs over the training inputs (first column {@code j}).
     * Then the column {@code analytic} (Theta(x_a, x')) and one column {@code t=T} per observation.
     */
    public static final class Profile implements TrainingRun.Observer {
        private Path file;
        private final String firstColumn;
        private final double[] grid;
        private final Matrix anchor;
        private final Matrix sweep;
        private final double[] analytic;
        private final List<String> names = new ArrayList<>();
        private final List<double[]> curves = new ArrayList<>();

        public Profile(Dataset train, Architecture architecture, int anchorIndex, Integer angles) {
            requireScalarOutput(architecture, "--record-profile");
            if (anchorIndex < 0 || anchorIndex >= train.n()) {
                throw new InvalidInputException("--record-profile " + anchorIndex + ": the training set has "
                        + train.n() + " samples, indices 0 to " + (train.n() - 1));
            }
            this.anchor = train.x().selectRows(new int[] {anchorIndex});
            if (train.dim() == 2) {
                int count = angles == null ? DEFAULT_ANGLES : angles;
                if (count < 2) {
                    throw new InvalidInputException("--profile-angles must be at least 2, got " + count);
                }
                double radius = Math.hypot(anchor.get(0, 0), anchor.get(0, 1));
                firstColumn = "angle";
                grid = angles(count);
                sweep = new Matrix(count, 2);
                for (int k = 0; k < count; k++) {
                    sweep.set(k, 0, radius * Math.cos(grid[k]));
                    sweep.set(k, 1, radius * Math.sin(grid[k]));
                }
            } else {
                if (angles != null) {
                    throw new InvalidInputException("--profile-angles applies to two-dimensional inputs only; "
                            + "these have " + train.dim() + " dimensions, so the profile runs over the training "
                            + "inputs K(x_a, x_j)");
                }
                firstColumn = "j";
                grid = new double[train.n()];
                for (int j = 0; j < grid.length; j++) {
                    grid[j] = j;
                }
                sweep = train.x();
            }
            this.analytic = AnalyticKernels.ntk(architecture, anchor, sweep).data().clone();
        }

        /** phi_k = -pi + 2 pi k / (count - 1), k = 0 .. count - 1. */
        public static double[] angles(int count) {
            double[] phi = new double[count];
            for (int k = 0; k < count; k++) {
                phi[k] = -Math.PI + 2 * Math.PI * k / (count - 1);
            }
            return phi;
        }

        /** Writes {@value #PROFILE_FILE} in {@code dir}. */
        public Profile into(Path dir) {
            this.file = dir.resolve(PROFILE_FILE);
            return this;
        }

        @Override
        public void observe(TrainingRun.Observation o) {
            names.add("t=" + o.t());
            curves.add(EmpiricalNtk.cross(o.network(), anchor, sweep).data().clone());
            write();
        }

        private void write() {
            List<String> header = new ArrayList<>(List.of(firstColumn, "analytic"));
            header.addAll(names);
            List<List<?>> rows = new ArrayList<>();
            for (int k = 0; k < grid.length; k++) {
                List<Object> row = new ArrayList<>();
                row.add(firstColumn.equals("j") ? (Object) (int) grid[k] : (Object) grid[k]);
                row.add(analytic[k]);
                for (double[] curve : curves) {
                    row.add(curve[k]);
                }
                rows.add(row);
            }
            CsvFile.write(file, header, rows);
        }
    }

    /**
     * K_t(x_i, x_j) on chosen pairs at every observation: columns {@code t}, {@code step},
     * {@code k_I_J} per pair, then {@code theta_I_J} (the analytic NTK's value) per pair.
     */
    public static final class Pairs implements TrainingRun.Observer {
        private Path file;
        private final int[][] pairs;
        private final double[] theta;
        private final List<List<?>> rows = new ArrayList<>();

        public Pairs(Dataset train, Architecture architecture, int[][] pairs, boolean observeKernel) {
            requireScalarOutput(architecture, "--record-pairs");
            if (!observeKernel) {
                throw new InvalidInputException("--record-pairs reads the empirical NTK of every observation, "
                        + "which --no-observe-kernel turns off");
            }
            for (int[] p : pairs) {
                for (int index : p) {
                    if (index < 0 || index >= train.n()) {
                        throw new InvalidInputException("--record-pairs " + p[0] + ":" + p[1]
                                + ": the training set has " + train.n() + " samples, indices 0 to " + (train.n() - 1));
                    }
                }
            }
            this.pairs = pairs;
            this.theta = new double[pairs.length];
            for (int k = 0; k < pairs.length; k++) {
                theta[k] = AnalyticKernels.ntk(architecture, train.x().selectRows(new int[] {pairs[k][0]}),
                        train.x().selectRows(new int[] {pairs[k][1]})).get(0, 0);
            }
        }

        /** Writes {@value #PAIRS_FILE} in {@code dir}. */
        public Pairs into(Path dir) {
            this.file = dir.resolve(PAIRS_FILE);
            return this;
        }

        /** Parses "I:J[,I:J...]" (the option's value): pairs of training-sample indices. */
        public static int[][] parse(String value) {
            if (value == null || value.isBlank()) {
                throw new InvalidInputException("--record-pairs needs pairs I:J of training-sample indices, "
                        + "e.g. 0:1,0:10");
            }
            String[] parts = value.split(",", -1);
            int[][] pairs = new int[parts.length][];
            for (int k = 0; k < parts.length; k++) {
                String[] ij = parts[k].strip().split(":", -1);
                try {
                    if (ij.length != 2) {
                        throw new NumberFormatException();
                    }
                    pairs[k] = new int[] {Integer.parseInt(ij[0].strip()), Integer.parseInt(ij[1].strip())};
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("--record-pairs: '" + parts[k] + "' is not a pair I:J of "
                            + "training-sample indices (e.g. 0:1,0:10)");
                }
            }
            return pairs;
        }

        @Override
        public void observe(TrainingRun.Observation o) {
            List<Object> row = new ArrayList<>();
            row.add(o.t());
            row.add(o.step());
            for (int[] p : pairs) {
                row.add(o.empiricalNtk().get(p[0], p[1]));
            }
            for (double v : theta) {
                row.add(v);
            }
            rows.add(row);
            List<String> header = new ArrayList<>(List.of("t", "step"));
            for (int[] p : pairs) {
                header.add("k_" + p[0] + "_" + p[1]);
            }
            for (int[] p : pairs) {
                header.add("theta_" + p[0] + "_" + p[1]);
            }
            CsvFile.write(file, header, rows);
        }
    }

    private static void requireScalarOutput(Architecture architecture, String option) {
        if (architecture.outputs() != 1) {
            throw new InvalidInputException(option + " records the kernel of a network with one output "
                    + "(two classes); this one has " + architecture.outputs());
        }
    }
}
