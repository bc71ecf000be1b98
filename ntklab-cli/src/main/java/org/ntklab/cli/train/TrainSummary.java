package org.ntklab.cli.train;

import static org.ntklab.metrics.Fit.LOSS;
import static org.ntklab.metrics.FlowTime.STEP;
import static org.ntklab.metrics.KernelDistance.D_INF;

import java.nio.file.Path;
import org.ntklab.cli.run.RunRecord;

/**
 * The summary numbers of one finished training run, computed from its directory alone (run.json
 * and metrics.csv): how far it got, how far the empirical NTK moved from the analytic one
 * (D_inf at the start, at the end, its sup over t and the divergence time t*), and the final loss
 * and accuracy. Shared by {@code ntklab reproduce}'s width sweeps and {@code ntklab sweep}.
 *
 * @param status       run.json's results status (complete, stopped, ...)
 * @param tEnd         the last observation's flow time
 * @param steps        integrator steps taken
 * @param dInf0        D_inf at t = 0
 * @param dInfEnd      D_inf at the last observation
 * @param supDInf      sup_t D_inf over the observations (NaN without kernel observations)
 * @param tStar        the first observation time with D_inf above the threshold; NaN if never
 * @param finalLoss    loss at the last observation
 * @param wallSeconds  run.json's wall time of the run
 */
public record TrainSummary(String status, double tEnd, long steps, double dInf0, double dInfEnd, double supDInf,
                           double tStar, double finalLoss, double wallSeconds) {
    /** D_inf above this marks the divergence time t*(m) of a cross-entropy run (reproduce, sweeps). */
    public static final double DIVERGENCE_THRESHOLD = 0.5;


    /** Reads {@code dir}'s run.json and metrics.csv; t* is the first time D_inf exceeds {@code threshold}. */
    public static TrainSummary of(Path dir, double divergenceThreshold) {
        RunRecord record = RunRecord.read(dir.resolve(RunRecord.FILE_NAME));
        return of(Metrics.read(dir), record, divergenceThreshold);
    }

    public static TrainSummary of(Metrics m, RunRecord record, double divergenceThreshold) {
        return new TrainSummary(record.results().path("status").asText(), m.lastT(), (long) m.last(STEP),
                m.first(D_INF), m.last(D_INF), m.max(D_INF), m.firstTimeAbove(D_INF, divergenceThreshold),
                m.last(LOSS), record.wallSeconds());
    }

    /**
     * D_inf at the observation nearest to {@code t} on a log scale; NaN when the run ended before
     * t (rather than the last value, which would pass for a measurement at t).
     */
    public static double dInfAt(Metrics m, double t) {
        return t > m.lastT() * (1 + 1e-9) ? Double.NaN : m.at(D_INF, t);
    }
}
