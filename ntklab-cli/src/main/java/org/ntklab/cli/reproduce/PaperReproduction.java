package org.ntklab.cli.reproduce;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.DoubleConsumer;
import org.ntklab.arch.Architecture;
import org.ntklab.arch.Network;
import org.ntklab.cli.common.Progress;
import org.ntklab.cli.run.RunRecord;
import org.ntklab.cli.run.RunRecorder;
import org.ntklab.cli.train.KernelRecordings;
import org.ntklab.cli.train.TrainSession;
import org.ntklab.data.DataSpec;
import org.ntklab.data.Dataset;
import org.ntklab.kernel.AnalyticKernels;
import org.ntklab.kernel.EmpiricalNtk;
import org.ntklab.linalg.Matrix;
import org.ntklab.train.TrainingConfig;

/**
 * {@code ntklab reproduce paper}: the paper's section 6 at its own settings ({@link PaperPlan}),
 * by gradient descent, each figure beside the time-rescaled flow run of the same network.
 */
final class PaperReproduction {
    private PaperReproduction() {
    }

    static int run(RunRecorder recorder, boolean quick, List<Long> seeds, int workers, Path target, boolean resuming,
                   Progress progress, PrintWriter stdout) throws Exception {
        PaperPlan plan = PaperPlan.of(new PaperPlan.PaperConfig(PaperPlan.EXPERIMENT, quick,
                seeds == null || seeds.isEmpty() ? List.of(1L) : seeds));
        List<Task> tasks = tasks(plan);
        Reproduction.requireFits(tasks);
        DataSpec.parse(plan.fig4Gd.data()).load(plan.seed); // the digits are there, before anything is written
        PaperAnalysis analysis;
        Path finished;
        long started = System.nanoTime();
        try (ReproductionDirectory run = ReproductionDirectory.open(target, resuming, recorder, plan.config, plan.seed)) {
            try {
                Map<String, Double> seconds = Scheduler.runAll(tasks, workers, run.path(), progress);
                progress.message("verdicts, figures and report");
                analysis = PaperAnalysis.of(run.path(), plan);
                Map<String, Object> results = Reproduction.results(analysis.verdicts(),
                        Verdict.held(analysis.verdicts()));
                results.put("task-wall-seconds", seconds);
                results.put("jobs", workers);
                results.put("wall-seconds", (System.nanoTime() - started) / 1e9);
                run.addLegs(results);
                RunRecord record = recorder.finish(plan.config, plan.seed, results);
                record.writeTo(run.path());
                PaperReport.render(run.path(), record, plan, analysis);
            } catch (Exception e) {
                run.failed(e);
                throw e;
            }
            finished = run.finish();
            progress.update(1.0);
        }
        stdout.print(analysis.table().toText());
        Reproduction.printHeld(stdout, Verdict.held(analysis.verdicts()), analysis.verdicts().size(), quick);
        Reproduction.printWhere(stdout, finished);
        return 0;
    }

    static List<Task> tasks(PaperPlan plan) {
        List<Task> tasks = new ArrayList<>();
        tasks.add(fig2(plan));
        for (long s : plan.seeds) {
            boolean first = s == plan.seed;
            tasks.add(new RecordingTask(PaperPlan.fig1GdName(s), plan.fig1Gd(s), first ? plan.fig3Angles : 0, null,
                    fig1Cost(plan.fig1Gd, plan.fig1Steps, first ? plan.fig3Angles : 0)));
        }
        tasks.add(new RecordingTask(PaperPlan.FIG1_FLOW, plan.fig1Flow, plan.fig3Angles, null,
                fig1Cost(plan.fig1Flow, 1500, plan.fig3Angles)));
        tasks.add(new RecordingTask(PaperPlan.FIG4_GD, plan.fig4Gd, 0, plan.pairs,
                fig4Cost(plan, plan.fig4Steps)));
        tasks.add(new RecordingTask(PaperPlan.FIG4_FLOW, plan.fig4Flow, 0, plan.pairs, fig4Cost(plan, 1500)));
        return tasks;
    }

    /** Rough seconds on the reference machine: 64 ms per GD step at m = 2000 on six points, 2 s per profile. */
    private static double fig1Cost(TrainingConfig c, long steps, int angles) {
        double m2 = (double) c.width() * c.width() / 4e6;
        return 1 + steps * 0.064 * m2 + (angles > 0 ? 33 * 2.0 * m2 * angles / 181.0 : 0);
    }

    /** Rough seconds: 8.4 ms per GD step at m = 500 on 20 MNIST digits. */
    private static double fig4Cost(PaperPlan plan, long steps) {
        double m2 = (double) plan.fig4Gd.width() * plan.fig4Gd.width() / 250_000.0;
        return 1 + steps * 0.0084 * m2 * plan.perClass / 10.0;
    }

    /** Fig. 2: K_0(x0, x') for every width and seed of the plan, and Theta: {@code fig2-kernel-init.csv}. */
    static Task fig2(PaperPlan plan) {
        double cost = plan.fig2Widths.stream().mapToDouble(m -> 2e-6 * m * m * 3 * plan.fig2Angles / 361.0).sum()
                * plan.fig2Seeds.size() + 0.5;
        return Task.of("fig2-kernel-init", cost, (runDir, progress) -> {
            double[] phi = KernelRecordings.Profile.angles(plan.fig2Angles);
            Matrix anchor = Profiles.anchor();
            Matrix sweep = Profiles.sweep(phi);
            List<String> names = new ArrayList<>(List.of("analytic"));
            List<double[]> curves = new ArrayList<>();
            curves.add(AnalyticKernels.ntk(Architecture.fcn(2, 3, 16, 1), anchor, sweep).data());
            int done = 0;
            for (int m : plan.fig2Widths) {
                for (long s : plan.fig2Seeds) {
                    Network network = Network.initialize(Architecture.fcn(2, 3, m, 1), s);
                    names.add(PaperAnalysis.fig2Column(m, s));
                    curves.add(EmpiricalNtk.cross(network, anchor, sweep).data().clone());
                    progress.accept(++done / (double) (plan.fig2Widths.size() * plan.fig2Seeds.size()));
                }
            }
            Profiles.write(runDir.resolve(PaperAnalysis.FIG2_FILE), phi, names, curves);
        });
    }

    /**
     * A train sub-run in runs/NAME recording the kernel profile through x_0 at every observation
     * ({@code angles} > 0) and/or the kernel on {@code pairs} (non-null).
     */
    record RecordingTask(String name, TrainingConfig trainConfig, int angles, int[][] pairs, double cost) implements Task {
        RecordingTask {
            trainConfig = trainConfig.withData(DataSpec.parse(trainConfig.data()).toString());
        }

        /** The recording files this run writes (null where it records none). */
        private String[] files() {
            return new String[] {angles > 0 ? KernelRecordings.PROFILE_FILE : null,
                pairs != null ? KernelRecordings.PAIRS_FILE : null};
        }

        /** Finished with this configuration and its recordings before the reproduction was interrupted. */
        @Override
        public boolean done(Path runDir) {
            return TrainTask.keptAsIs(TrainTask.dir(runDir, name), trainConfig, files());
        }

        @Override
        public OptionalDouble recordedSeconds(Path runDir) {
            return TrainTask.trainingSeconds(TrainTask.dir(runDir, name));
        }

        /** A finished run is kept on --resume; an unfinished one starts again (its recordings start with it). */
        @Override
        public void run(Path runDir, DoubleConsumer progress) throws Exception {
            if (TrainTask.keepFinished(TrainTask.dir(runDir, name), trainConfig, files())) {
                return;
            }
            List<String> recordings = new ArrayList<>();
            if (angles > 0) {
                recordings.addAll(List.of("--record-profile", "0", "--profile-angles", Integer.toString(angles)));
            }
            if (pairs != null) {
                recordings.addAll(List.of("--record-pairs", PaperPlan.pairsOption(pairs)));
            }
            Path dir = TrainTask.dir(runDir, name);
            TrainSession session = TrainTask.startSession(dir, name, trainConfig, recordings);
            Dataset train = session.training().trainingSet();
            Architecture architecture = session.training().network().architecture();
            if (angles > 0) {
                session.addObserver(new KernelRecordings.Profile(train, architecture, 0, angles).into(dir));
            }
            if (pairs != null) {
                session.addObserver(new KernelRecordings.Pairs(train, architecture, pairs, trainConfig.observeKernel())
                        .into(dir));
            }
            // gradient descent's steps all cost the same; the flow's are spread evenly over ln t
            boolean gd = trainConfig.integrator().equals("gd");
            double logTMax = Math.log1p(trainConfig.tMax());
            session.run((t, tMax, steps) -> progress.accept(gd ? t / tMax : Math.log1p(t) / logTMax), false);
            TrainTask.renderReport(dir);
        }
    }
}
