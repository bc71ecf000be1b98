package org.ntklab.cli.train;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ntklab.activation.Activations;
import org.ntklab.cli.run.Json;
import org.ntklab.flow.TimeRescaledGradientFlow;
import org.ntklab.io.InvalidInputException;
import org.ntklab.loss.Reduction;
import org.ntklab.train.TrainingConfig;

/**
 * The options of {@code ntklab train}, as recorded in run.json's {@code config} and read from spec
 * files; component names are the long options ({@code --t-max} is {@code tMax}, key {@code t-max}).
 * One-to-one with the core's {@link TrainingConfig}, with the flow integrator's settings flattened
 * into options of their own.
 *
 * @param arch                  fcn or resnet
 * @param depth                 hidden layers (fcn) or residual blocks (resnet)
 * @param width                 hidden width m
 * @param alpha                 residual scaling (resnet only)
 * @param activation            the hidden layers' activation (relu, gelu, leaky-relu:0.1, ...); absent in
 *                              run records made before it existed, which are relu
 * @param data                  data spec
 * @param loss                  ce (cross-entropy: logistic for two classes, softmax for more) or mse
 * @param reduction             sum (the paper's loss) or mean over the samples
 * @param integrator            flow (time-rescaled gradient flow) or gd (fixed-step gradient descent)
 * @param lr                    learning rate of gd (flow time advances by lr per step)
 * @param tMax                  flow time to train to
 * @param maxSteps              stop after this many integrator steps even before t-max
 * @param seed                  seeds the data set and the initial parameters
 * @param observationsPerDecade log-spaced observation times per decade of t
 * @param firstObservation      first observation time after t = 0
 * @param kernelMachine         integrate the NTK kernel machine beside the network
 * @param observeKernel         compute the empirical NTK at every observation
 * @param checkpointSeconds     wall time between checkpoints
 * @param rtol                  flow: relative error tolerance of a step
 * @param lossResolution        flow: relative loss change below which steps are limited by the parameter step alone
 * @param minParamStep          flow: parameter step accepted regardless of the error test (kinks)
 * @param maxParamStep          flow: largest step in parameter space
 * @param maxTimeGrowth         flow: largest relative growth of t per step
 * @param initialStep           flow: first time step
 * @param stationaryTol         flow: skip to the next observation when ||g|| (target - t) is below this
 * @param minLogStep            flow: a step of at most this fraction of t is accepted regardless of the error test
 * @param stopAtDInf            end the run at the first observation with D_inf at least this (0: never)
 */
public record TrainConfig(
        String arch, int depth, int width, double alpha, String activation, String data, String loss, String reduction,
        String integrator, double lr, double tMax, long maxSteps, long seed,
        int observationsPerDecade, double firstObservation, boolean kernelMachine, boolean observeKernel,
        double checkpointSeconds,
        double rtol, double lossResolution, double minParamStep, double maxParamStep, double maxTimeGrowth,
        double initialStep, double stationaryTol, double minLogStep, double stopAtDInf) {

    public TrainConfig {
        arch = lower(arch);
        loss = lower(loss);
        reduction = lower(reduction);
        integrator = lower(integrator);
        if (!"fcn".equals(arch) && !"resnet".equals(arch)) {
            throw new InvalidInputException("--arch must be fcn or resnet, got '" + arch + "'");
        }
        requireAtLeastOne("--depth", depth);
        requireAtLeastOne("--width", width);
        try {
            activation = Activations.canonical(activation);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--activation: " + e.getMessage(), e);
        }
        if (!Double.isFinite(alpha) || alpha <= 0) {
            throw new InvalidInputException("--alpha must be a positive number, got " + alpha);
        }
        if (data == null || data.isBlank()) {
            throw new InvalidInputException("--data must name a data set, e.g. circle:n=6");
        }
        if (!"ce".equals(loss) && !"mse".equals(loss)) {
            throw new InvalidInputException("--loss must be ce or mse, got '" + loss + "'");
        }
        if (!"sum".equals(reduction) && !"mean".equals(reduction)) {
            throw new InvalidInputException("--reduction must be sum or mean, got '" + reduction + "'");
        }
        if (!"flow".equals(integrator) && !"gd".equals(integrator)) {
            throw new InvalidInputException("--integrator must be flow or gd, got '" + integrator + "'");
        }
        requirePositive("--lr", lr);
        requirePositive("--t-max", tMax);
        if (maxSteps < 1) {
            throw new InvalidInputException("--max-steps must be at least 1, got " + maxSteps);
        }
        requireAtLeastOne("--observations-per-decade", observationsPerDecade);
        requirePositive("--first-observation", firstObservation);
        if (firstObservation >= tMax) {
            throw new InvalidInputException("--first-observation (" + firstObservation
                    + ") must be smaller than --t-max (" + tMax + ")");
        }
        requirePositive("--checkpoint-seconds", checkpointSeconds);
        requirePositive("--rtol", rtol);
        requirePositive("--loss-resolution", lossResolution);
        requirePositive("--min-param-step", minParamStep);
        requirePositive("--max-param-step", maxParamStep);
        requirePositive("--max-time-growth", maxTimeGrowth);
        requirePositive("--initial-step", initialStep);
        if (!(stationaryTol >= 0) || !Double.isFinite(stationaryTol)) {
            throw new InvalidInputException("--stationary-tol must be a number >= 0, got " + stationaryTol);
        }
        if (!(minLogStep >= 0) || !(minLogStep < maxTimeGrowth)) {
            throw new InvalidInputException("--min-log-step must be >= 0 and below --max-time-growth ("
                    + maxTimeGrowth + "), got " + minLogStep);
        }
        if (!(stopAtDInf >= 0) || !Double.isFinite(stopAtDInf)) {
            throw new InvalidInputException("--stop-at-d-inf must be a number >= 0 (0: never), got " + stopAtDInf);
        }
        if (stopAtDInf > 0 && !observeKernel) {
            throw new InvalidInputException("--stop-at-d-inf needs D_inf, which --no-observe-kernel turns off");
        }
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static void requireAtLeastOne(String option, long value) {
        if (value < 1) {
            throw new InvalidInputException(option + " must be at least 1, got " + value);
        }
    }

    private static void requirePositive(String option, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new InvalidInputException(option + " must be a positive finite number, got " + value);
        }
    }

    /** The same configuration with the data spec in its canonical form, for the run record. */
    public TrainConfig withData(String canonicalData) {
        return new TrainConfig(arch, depth, width, alpha, activation, canonicalData, loss, reduction, integrator, lr, tMax,
                maxSteps, seed, observationsPerDecade, firstObservation, kernelMachine, observeKernel,
                checkpointSeconds, rtol, lossResolution, minParamStep, maxParamStep, maxTimeGrowth, initialStep,
                stationaryTol, minLogStep, stopAtDInf);
    }

    /**
     * The same configuration with one option changed, by its spec key ("width", "t-max", "loss"):
     * for experiments that vary one thing at a time. An invalid value is an IllegalArgumentException.
     */
    public TrainConfig with(String key, Object value) {
        ObjectNode node = Json.MAPPER.valueToTree(this);
        if (!node.has(key)) {
            throw new InvalidInputException("train has no option '" + key + "'");
        }
        node.set(key, Json.MAPPER.valueToTree(value));
        try {
            return Json.MAPPER.treeToValue(node, TrainConfig.class);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                throw invalid;
            }
            throw new InvalidInputException(e.getOriginalMessage(), e);
        } catch (JacksonException e) {
            throw new InvalidInputException("'" + key + "' cannot be " + value + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The {@code ntklab train} arguments that give this configuration (without --out). */
    public List<String> toArguments() {
        List<String> arguments = new ArrayList<>();
        arguments.add("train");
        Json.MAPPER.<ObjectNode>valueToTree(this).properties().forEach(e -> {
            if (e.getValue().isBoolean()) {
                arguments.add((e.getValue().asBoolean() ? "--" : "--no-") + e.getKey());
            } else {
                arguments.add("--" + e.getKey());
                arguments.add(e.getValue().asText());
            }
        });
        return arguments;
    }

    /** The core's configuration; its own validation (IllegalArgumentException) is the last word. */
    public TrainingConfig toTrainingConfig() {
        return new TrainingConfig(arch, depth, width, alpha, data, loss,
                Reduction.valueOf(reduction.toUpperCase(Locale.ROOT)), integrator, lr,
                new TimeRescaledGradientFlow.Settings(rtol, lossResolution, minParamStep, maxParamStep, maxTimeGrowth,
                        initialStep, stationaryTol, minLogStep),
                tMax, maxSteps, seed, observationsPerDecade, firstObservation, kernelMachine, observeKernel,
                checkpointSeconds, stopAtDInf, activation);
    }

    /** The options that give {@code core}, e.g. to record a run resumed from its checkpoint. */
    public static TrainConfig of(TrainingConfig core) {
        TimeRescaledGradientFlow.Settings f = core.flow();
        return new TrainConfig(core.arch(), core.depth(), core.width(), core.alpha(), core.activation(), core.data(),
                core.loss(),
                core.reduction().name(), core.integrator(), core.learningRate(), core.tMax(), core.maxSteps(),
                core.seed(), core.observationsPerDecade(), core.firstObservation(), core.kernelMachine(),
                core.observeKernel(), core.checkpointSeconds(), f.relativeTolerance(), f.lossResolution(),
                f.minParameterStep(), f.maxParameterStep(), f.maxTimeGrowth(), f.initialStep(),
                f.stationaryTolerance(), f.minLogStep(), core.stopAtDInf());
    }

    /** Defaults of the core for everything but the model, data, loss and seed. */
    public static TrainConfig defaults(String arch, int depth, int width, String data, String loss, long seed) {
        TrainingConfig core = TrainingConfig.defaults(arch, depth, width, 1.0, data, loss);
        TrainConfig d = of(core);
        return new TrainConfig(d.arch, d.depth, d.width, d.alpha, d.activation, d.data, d.loss, d.reduction, d.integrator, d.lr,
                d.tMax, d.maxSteps, seed, d.observationsPerDecade, d.firstObservation, d.kernelMachine,
                d.observeKernel, d.checkpointSeconds, d.rtol, d.lossResolution, d.minParamStep, d.maxParamStep,
                d.maxTimeGrowth, d.initialStep, d.stationaryTol, d.minLogStep, d.stopAtDInf);
    }

    /** A short description for titles: "fcn L = 2, m = 256, ce (sum), flow" (", tanh" after m for other activations). */
    public String describe() {
        return arch + " L = " + depth + ", m = " + width + ("resnet".equals(arch) ? ", alpha = " + alpha : "")
                + (Activations.DEFAULT.equals(activation) ? "" : ", " + activation)
                + ", " + loss + " (" + reduction + "), " + (integrator.equals("gd") ? "gd lr = " + lr : "flow");
    }
}
