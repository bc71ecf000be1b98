package org.ntklab.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ntklab.activation.Activations;
import org.ntklab.arch.Architecture;
import org.ntklab.arch.ArchitectureSpec;
import org.ntklab.flow.FixedStepGradientDescent;
import org.ntklab.flow.Integrator;
import org.ntklab.flow.TimeRescaledGradientFlow;
import org.ntklab.io.InvalidInputException;
import org.ntklab.io.JsonMapping;
import org.ntklab.loss.Loss;
import org.ntklab.loss.Reduction;

/**
 * Everything that determines a training run; with the same config a run is reproducible bit for bit.
 * The one configuration of a run: {@code ntklab train}'s options, spec files and run.json's
 * {@code config} bind to it through {@link JsonMapping}, its keys (the {@code @JsonProperty} names)
 * are the long options without the dashes, in this order, and it is validated here alone, with
 * messages that name the option ({@code --t-max must be ...}). Checkpoints store it as key=value
 * pairs ({@link #toMap}) so that a run resumes without its command line.
 *
 * @param arch                  fcn or resnet ({@link ArchitectureSpec})
 * @param depth                 hidden layers (fcn) or residual blocks (resnet)
 * @param width                 hidden width m
 * @param alpha                 residual scaling (resnet only)
 * @param activation            the hidden layers' activation (relu, gelu, leaky-relu:0.1, ...); absent in
 *                              records made before it existed, which are relu
 * @param data                  data spec
 * @param loss                  one of {@link Loss#NAMES}: ce (cross-entropy: logistic for two classes,
 *                              softmax for more) or mse
 * @param reduction             sum (the paper's loss) or mean over the samples ({@link Reduction})
 * @param integrator            flow (time-rescaled gradient flow) or gd (fixed-step gradient descent)
 * @param learningRate          learning rate of gd (flow time advances by lr per step); key {@code lr}
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
 * @param minLogStep            flow: a step of at most this fraction of t is accepted regardless of the error
 *                              test; absent (0, off) in records made before it existed
 * @param stopAtDInf            end the run at the first observation with D_inf at least this (0: never)
 */
public record TrainingConfig(
        @JsonProperty("arch") String arch,
        @JsonProperty("depth") int depth,
        @JsonProperty("width") int width,
        @JsonProperty("alpha") double alpha,
        @JsonProperty("activation") String activation,
        @JsonProperty("data") String data,
        @JsonProperty("loss") String loss,
        @JsonProperty("reduction") String reduction,
        @JsonProperty("integrator") String integrator,
        @JsonProperty("lr") double learningRate,
        @JsonProperty("t-max") double tMax,
        @JsonProperty("max-steps") long maxSteps,
        @JsonProperty("seed") long seed,
        @JsonProperty("observations-per-decade") int observationsPerDecade,
        @JsonProperty("first-observation") double firstObservation,
        @JsonProperty("kernel-machine") boolean kernelMachine,
        @JsonProperty("observe-kernel") boolean observeKernel,
        @JsonProperty("checkpoint-seconds") double checkpointSeconds,
        @JsonProperty("rtol") double rtol,
        @JsonProperty("loss-resolution") double lossResolution,
        @JsonProperty("min-param-step") double minParamStep,
        @JsonProperty("max-param-step") double maxParamStep,
        @JsonProperty("max-time-growth") double maxTimeGrowth,
        @JsonProperty("initial-step") double initialStep,
        @JsonProperty("stationary-tol") double stationaryTol,
        @JsonProperty("min-log-step") double minLogStep,
        @JsonProperty("stop-at-d-inf") double stopAtDInf) {

    /** The integrators, as --integrator names them. */
    public static final List<String> INTEGRATORS = List.of("flow", "gd");

    public TrainingConfig {
        ArchitectureSpec model = new ArchitectureSpec(arch, depth, width, alpha, activation);
        arch = model.arch();
        activation = model.activation();
        if (data == null || data.isBlank()) {
            throw new InvalidInputException("--data must name a data set, e.g. circle:n=6");
        }
        loss = lower(loss);
        if (!Loss.NAMES.contains(loss)) {
            throw new InvalidInputException("--loss must be " + String.join(" or ", Loss.NAMES) + ", got '" + loss + "'");
        }
        reduction = lower(reduction);
        if (!"sum".equals(reduction) && !"mean".equals(reduction)) {
            throw new InvalidInputException("--reduction must be sum or mean, got '" + reduction + "'");
        }
        integrator = lower(integrator);
        if (!INTEGRATORS.contains(integrator)) {
            throw new InvalidInputException("--integrator must be flow or gd, got '" + integrator + "'");
        }
        requirePositive("--lr", learningRate);
        requirePositive("--t-max", tMax);
        if (maxSteps < 1) {
            throw new InvalidInputException("--max-steps must be at least 1, got " + maxSteps);
        }
        if (observationsPerDecade < 1) {
            throw new InvalidInputException("--observations-per-decade must be at least 1, got "
                    + observationsPerDecade);
        }
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

    private static void requirePositive(String option, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new InvalidInputException(option + " must be a positive finite number, got " + value);
        }
    }

    /** Defaults for everything but the model, data and loss: flow integrator to t = 1e6, seed 1. */
    public static TrainingConfig defaults(String arch, int depth, int width, double alpha, String data, String loss) {
        TimeRescaledGradientFlow.Settings f = TimeRescaledGradientFlow.Settings.defaults();
        return new TrainingConfig(arch, depth, width, alpha, Activations.DEFAULT, data, loss, "sum", "flow", 0.1,
                1e6, 1_000_000L, 1L, 8, 1e-2, true, true, 30.0,
                f.relativeTolerance(), f.lossResolution(), f.minParameterStep(), f.maxParameterStep(),
                f.maxTimeGrowth(), f.initialStep(), f.stationaryTolerance(), f.minLogStep(), 0.0);
    }

    /** As {@link #defaults(String, int, int, double, String, String)} with alpha 1 and the given seed. */
    public static TrainingConfig defaults(String arch, int depth, int width, String data, String loss, long seed) {
        return defaults(arch, depth, width, 1.0, data, loss).with("seed", seed);
    }

    public ArchitectureSpec architectureSpec() {
        return new ArchitectureSpec(arch, depth, width, alpha, activation);
    }

    public Architecture architecture(int inputDim, int outputs) {
        return architectureSpec().build(inputDim, outputs);
    }

    public Loss newLoss(int outputs) {
        return Loss.of(loss, outputs, Reduction.valueOf(reduction.toUpperCase(Locale.ROOT)));
    }

    /** The flow integrator's settings (also the kernel machine's). */
    public TimeRescaledGradientFlow.Settings flow() {
        return new TimeRescaledGradientFlow.Settings(rtol, lossResolution, minParamStep, maxParamStep, maxTimeGrowth,
                initialStep, stationaryTol, minLogStep);
    }

    public Integrator newIntegrator() {
        return integrator.equals("gd") ? new FixedStepGradientDescent(learningRate)
                : new TimeRescaledGradientFlow(flow());
    }

    public TrainingConfig withTMax(double newTMax) {
        return with("t-max", newTMax);
    }

    /** The same configuration with the data spec in its canonical form, for the run record. */
    public TrainingConfig withData(String canonicalData) {
        return with("data", canonicalData);
    }

    /**
     * The same configuration with one option changed, by its key ("width", "t-max", "loss"): for
     * experiments that vary one thing at a time. An invalid value is an IllegalArgumentException.
     */
    public TrainingConfig with(String key, Object value) {
        return with(Map.of(key, value));
    }

    /** As {@link #with(String, Object)} with several options changed at once (validated together). */
    public TrainingConfig with(Map<String, ?> changes) {
        ObjectMapper mapper = JsonMapping.MAPPER;
        ObjectNode node = mapper.valueToTree(this);
        for (Map.Entry<String, ?> change : changes.entrySet()) {
            if (!node.has(change.getKey())) {
                throw new InvalidInputException("train has no option '" + change.getKey() + "'");
            }
            node.set(change.getKey(), mapper.valueToTree(change.getValue()));
        }
        try {
            return mapper.treeToValue(node, TrainingConfig.class);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                throw invalid;
            }
            throw new InvalidInputException(e.getOriginalMessage(), e);
        } catch (JacksonException e) {
            throw new InvalidInputException("cannot set " + changes + ": " + e.getOriginalMessage(), e);
        }
    }

    /** A short description for titles: "fcn L = 2, m = 256, ce (sum), flow" (", tanh" after m for other activations). */
    public String describe() {
        return arch + " L = " + depth + ", m = " + width + (ArchitectureSpec.RESNET.equals(arch) ? ", alpha = " + alpha : "")
                + (Activations.DEFAULT.equals(activation) ? "" : ", " + activation)
                + ", " + loss + " (" + reduction + "), " + (integrator.equals("gd") ? "gd lr = " + learningRate : "flow");
    }

    // The checkpoint form: the same keys with underscores (t_max), every value as text in round-trip
    // precision. Read with a lenient mapper, since the values are strings.
    private static final ObjectMapper CHECKPOINT = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    /** Keys absent from checkpoints written before they existed; their absence means off (0) or relu. */
    private static final Set<String> ADDED_LATER = Set.of("min_log_step", "stop_at_d_inf", "activation");

    /** Ordered key/value form (numbers in round-trip precision), for checkpoints. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        JsonMapping.MAPPER.<ObjectNode>valueToTree(this).properties()
                .forEach(e -> m.put(e.getKey().replace('-', '_'), e.getValue().asText()));
        return m;
    }

    public static TrainingConfig fromMap(Map<String, String> m) {
        ObjectNode node = CHECKPOINT.createObjectNode();
        for (String key : KEYS) {
            String value = m.get(key);
            if (value == null && !ADDED_LATER.contains(key)) {
                throw new InvalidInputException("training configuration lacks '" + key + "'");
            }
            if (key.equals("checkpoint_seconds") && "0.0".equals(value)) {
                // library runs recorded before the one validation could ask for 0 (a checkpoint at every chance)
                value = "1e-9";
            }
            if (value != null) {
                node.put(key.replace('_', '-'), value);
            }
        }
        try {
            return CHECKPOINT.treeToValue(node, TrainingConfig.class);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                throw invalid;
            }
            throw new InvalidInputException("malformed training configuration: " + e.getOriginalMessage(), e);
        } catch (JacksonException e) {
            throw new InvalidInputException("malformed training configuration: " + e.getOriginalMessage(), e);
        }
    }

    private static final Set<String> KEYS = defaults(ArchitectureSpec.FCN, 1, 1, 1.0, "circle", "ce").toMap().keySet();
}
