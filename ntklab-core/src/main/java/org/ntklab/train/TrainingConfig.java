package org.ntklab.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.ntklab.activation.Activation;
import org.ntklab.activation.Activations;
import org.ntklab.arch.Architecture;
import org.ntklab.flow.FixedStepGradientDescent;
import org.ntklab.flow.Integrator;
import org.ntklab.flow.TimeRescaledGradientFlow;
import org.ntklab.io.InvalidInputException;
import org.ntklab.loss.Reduction;

/**
 * Everything that determines a training run; with the same config a run is reproducible bit for bit.
 * Stored in every checkpoint (as key=value pairs) so that a run resumes without its command line.
 */
public record TrainingConfig(
        String arch, int depth, int width, double alpha,
        String data, String loss, Reduction reduction,
        String integrator, double learningRate, TimeRescaledGradientFlow.Settings flow,
        double tMax, long maxSteps, long seed,
        int observationsPerDecade, double firstObservation,
        boolean kernelMachine, boolean observeKernel, double checkpointSeconds, double stopAtDInf,
        String activation) {

    /** With the paper's ReLU: the form of runs recorded before activations could be chosen. */
    public TrainingConfig(String arch, int depth, int width, double alpha, String data, String loss,
                          Reduction reduction, String integrator, double learningRate,
                          TimeRescaledGradientFlow.Settings flow, double tMax, long maxSteps, long seed,
                          int observationsPerDecade, double firstObservation, boolean kernelMachine,
                          boolean observeKernel, double checkpointSeconds, double stopAtDInf) {
        this(arch, depth, width, alpha, data, loss, reduction, integrator, learningRate, flow, tMax, maxSteps, seed,
                observationsPerDecade, firstObservation, kernelMachine, observeKernel, checkpointSeconds, stopAtDInf,
                Activations.DEFAULT);
    }

    /** Without an early stop (stopAtDInf 0): the form of runs recorded before it existed. */
    public TrainingConfig(String arch, int depth, int width, double alpha, String data, String loss,
                          Reduction reduction, String integrator, double learningRate,
                          TimeRescaledGradientFlow.Settings flow, double tMax, long maxSteps, long seed,
                          int observationsPerDecade, double firstObservation, boolean kernelMachine,
                          boolean observeKernel, double checkpointSeconds) {
        this(arch, depth, width, alpha, data, loss, reduction, integrator, learningRate, flow, tMax, maxSteps, seed,
                observationsPerDecade, firstObservation, kernelMachine, observeKernel, checkpointSeconds, 0.0);
    }

    public TrainingConfig {
        if (!arch.equals("fcn") && !arch.equals("resnet")) {
            throw new InvalidInputException("unknown architecture '" + arch + "': expected fcn or resnet");
        }
        if (depth < 1) {
            throw new InvalidInputException("depth must be at least 1, got " + depth);
        }
        if (width < 1) {
            throw new InvalidInputException("width must be at least 1, got " + width);
        }
        if (!loss.equals("ce") && !loss.equals("mse")) {
            throw new InvalidInputException("unknown loss '" + loss + "': expected ce or mse");
        }
        if (!integrator.equals("flow") && !integrator.equals("gd")) {
            throw new InvalidInputException("unknown integrator '" + integrator + "': expected flow or gd");
        }
        if (!(tMax > 0) || Double.isNaN(tMax)) {
            throw new InvalidInputException("t-max must be positive, got " + tMax);
        }
        if (maxSteps < 1) {
            throw new InvalidInputException("max-steps must be at least 1, got " + maxSteps);
        }
        if (observationsPerDecade < 1) {
            throw new InvalidInputException("observations per decade must be at least 1, got " + observationsPerDecade);
        }
        if (!(firstObservation > 0) || firstObservation >= tMax) {
            throw new InvalidInputException("first observation time must be in (0, t-max), got " + firstObservation);
        }
        if (!(stopAtDInf >= 0) || !Double.isFinite(stopAtDInf)) {
            throw new InvalidInputException("stop-at-d-inf must be a number >= 0 (0: never stop early), got "
                    + stopAtDInf);
        }
        if (stopAtDInf > 0 && !observeKernel) {
            throw new InvalidInputException("stop-at-d-inf needs the empirical NTK at observations (observe-kernel)");
        }
        // null (a record written before activations could be chosen) is the paper's ReLU; the canonical
        // spec ("leaky-relu" becomes "leaky-relu:0.01") is kept, and a bad one is refused naming it
        try {
            activation = Activations.canonical(activation);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("activation: " + e.getMessage(), e);
        }
        if (integrator.equals("gd") && (!(learningRate > 0) || !Double.isFinite(learningRate))) {
            throw new InvalidInputException("learning rate must be positive and finite, got " + learningRate);
        }
    }

    /** Defaults for everything but the model, data and loss: flow integrator to t = 1e6, seed 1. */
    public static TrainingConfig defaults(String arch, int depth, int width, double alpha, String data, String loss) {
        return new TrainingConfig(arch, depth, width, alpha, data, loss, Reduction.SUM, "flow", 0.1,
                TimeRescaledGradientFlow.Settings.defaults(), 1e6, 1_000_000L, 1L, 8, 1e-2, true, true, 30.0, 0.0,
                Activations.DEFAULT);
    }

    public Architecture architecture(int inputDim, int outputs) {
        Activation phi = Activations.parse(activation);
        return arch.equals("fcn")
                ? Architecture.fcn(inputDim, depth, width, outputs, phi)
                : Architecture.resnet(inputDim, depth, width, alpha, outputs, phi);
    }

    public Integrator newIntegrator() {
        return integrator.equals("gd") ? new FixedStepGradientDescent(learningRate) : new TimeRescaledGradientFlow(flow);
    }

    public TrainingConfig withTMax(double newTMax) {
        return new TrainingConfig(arch, depth, width, alpha, data, loss, reduction, integrator, learningRate, flow,
                newTMax, maxSteps, seed, observationsPerDecade, firstObservation, kernelMachine, observeKernel,
                checkpointSeconds, stopAtDInf, activation);
    }

    /** Ordered key/value form (numbers in round-trip precision), for checkpoints and run records. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("arch", arch);
        m.put("depth", Integer.toString(depth));
        m.put("width", Integer.toString(width));
        m.put("alpha", Double.toString(alpha));
        m.put("data", data);
        m.put("loss", loss);
        m.put("reduction", reduction.name().toLowerCase(Locale.ROOT));
        m.put("integrator", integrator);
        m.put("lr", Double.toString(learningRate));
        m.put("rtol", Double.toString(flow.relativeTolerance()));
        m.put("loss_resolution", Double.toString(flow.lossResolution()));
        m.put("min_param_step", Double.toString(flow.minParameterStep()));
        m.put("max_param_step", Double.toString(flow.maxParameterStep()));
        m.put("max_time_growth", Double.toString(flow.maxTimeGrowth()));
        m.put("initial_step", Double.toString(flow.initialStep()));
        m.put("stationary_tol", Double.toString(flow.stationaryTolerance()));
        m.put("min_log_step", Double.toString(flow.minLogStep()));
        m.put("t_max", Double.toString(tMax));
        m.put("max_steps", Long.toString(maxSteps));
        m.put("seed", Long.toString(seed));
        m.put("observations_per_decade", Integer.toString(observationsPerDecade));
        m.put("first_observation", Double.toString(firstObservation));
        m.put("kernel_machine", Boolean.toString(kernelMachine));
        m.put("observe_kernel", Boolean.toString(observeKernel));
        m.put("checkpoint_seconds", Double.toString(checkpointSeconds));
        m.put("stop_at_d_inf", Double.toString(stopAtDInf));
        m.put("activation", activation);
        return m;
    }

    public static TrainingConfig fromMap(Map<String, String> m) {
        try {
            return new TrainingConfig(
                    get(m, "arch"), Integer.parseInt(get(m, "depth")), Integer.parseInt(get(m, "width")),
                    Double.parseDouble(get(m, "alpha")), get(m, "data"), get(m, "loss"),
                    Reduction.valueOf(get(m, "reduction").toUpperCase(Locale.ROOT)), get(m, "integrator"),
                    Double.parseDouble(get(m, "lr")),
                    new TimeRescaledGradientFlow.Settings(Double.parseDouble(get(m, "rtol")),
                            Double.parseDouble(get(m, "loss_resolution")),
                            Double.parseDouble(get(m, "min_param_step")),
                            Double.parseDouble(get(m, "max_param_step")), Double.parseDouble(get(m, "max_time_growth")),
                            Double.parseDouble(get(m, "initial_step")), Double.parseDouble(get(m, "stationary_tol")),
                            // absent in runs recorded before the log-time floor and the early stop: off
                            Double.parseDouble(m.getOrDefault("min_log_step", "0"))),
                    Double.parseDouble(get(m, "t_max")), Long.parseLong(get(m, "max_steps")),
                    Long.parseLong(get(m, "seed")), Integer.parseInt(get(m, "observations_per_decade")),
                    Double.parseDouble(get(m, "first_observation")),
                    Boolean.parseBoolean(get(m, "kernel_machine")), Boolean.parseBoolean(get(m, "observe_kernel")),
                    Double.parseDouble(get(m, "checkpoint_seconds")),
                    Double.parseDouble(m.getOrDefault("stop_at_d_inf", "0")),
                    // absent in checkpoints written before activations could be chosen: the paper's ReLU
                    m.getOrDefault("activation", Activations.DEFAULT));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("malformed training configuration: " + e.getMessage(), e);
        }
    }

    private static String get(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new InvalidInputException("training configuration lacks '" + key + "'");
        }
        return v;
    }
}
