package org.ntklab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ntklab.io.InvalidInputException;
import org.ntklab.io.JsonMapping;

class TrainingConfigTest {
    private static final TrainingConfig BASE = TrainingConfig.defaults("fcn", 2, 16, 1.0, "circle:n=6", "ce");

    /** A checkpoint's configuration as written before activations, the log-time floor and the early stop. */
    private static Map<String, String> oldCheckpoint() {
        Map<String, String> m = new LinkedHashMap<>();
        String[] pairs = {"arch", "resnet", "depth", "2", "width", "16", "alpha", "0.5", "data", "circle:n=6",
            "loss", "mse", "reduction", "mean", "integrator", "flow", "lr", "0.1", "rtol", "0.2",
            "loss_resolution", "1.0E-12", "min_param_step", "0.005", "max_param_step", "0.1",
            "max_time_growth", "0.25", "initial_step", "0.001", "stationary_tol", "1.0E-8", "t_max", "1.0E30",
            "max_steps", "1000000", "seed", "3", "observations_per_decade", "8", "first_observation", "0.01",
            "kernel_machine", "true", "observe_kernel", "false", "checkpoint_seconds", "0.0"};
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    void oldCheckpointsReadWithTheDefaultsOfWhatTheyLack() {
        TrainingConfig c = TrainingConfig.fromMap(oldCheckpoint());
        assertEquals("resnet", c.arch());
        assertEquals(0.5, c.alpha());
        assertEquals("relu", c.activation());
        assertEquals(0.0, c.minLogStep());
        assertEquals(0.0, c.stopAtDInf());
        assertEquals(1e30, c.tMax());
        assertEquals(3, c.seed());
        // 0 (a library run's checkpoint at every chance) is a nanosecond now
        assertEquals(1e-9, c.checkpointSeconds());
    }

    @Test
    void theCheckpointFormRoundTripsAndKeepsTheOldKeys() {
        TrainingConfig c = BASE.with(Map.of("activation", "leaky-relu", "t-max", 1e30, "stop-at-d-inf", 0.5));
        Map<String, String> m = c.toMap();
        assertEquals(c, TrainingConfig.fromMap(m));
        // an older version reads every key it knows, with Double.parseDouble and friends
        for (String key : oldCheckpoint().keySet()) {
            assertEquals(true, m.containsKey(key), key);
        }
        assertEquals("1.0E30", m.get("t_max"));
        assertEquals("leaky-relu:0.01", m.get("activation"));
    }

    @Test
    void aCheckpointLackingAKeyOrWithAMalformedValueIsNamed() {
        Map<String, String> m = oldCheckpoint();
        m.remove("width");
        assertEquals("training configuration lacks 'width'",
                assertThrows(InvalidInputException.class, () -> TrainingConfig.fromMap(m)).getMessage());
        Map<String, String> bad = oldCheckpoint();
        bad.put("depth", "two");
        assertEquals(true, assertThrows(InvalidInputException.class, () -> TrainingConfig.fromMap(bad)).getMessage()
                .startsWith("malformed training configuration"));
    }

    @Test
    void keysAreTheLongOptionsInRunRecordOrder() {
        List<String> keys = List.copyOf(JsonMapping.MAPPER.valueToTree(BASE).properties().stream()
                .map(Map.Entry::getKey).toList());
        assertEquals(List.of("arch", "depth", "width", "alpha", "activation", "data", "loss", "reduction",
                "integrator", "lr", "t-max", "max-steps", "seed", "observations-per-decade", "first-observation",
                "kernel-machine", "observe-kernel", "checkpoint-seconds", "rtol", "loss-resolution", "min-param-step",
                "max-param-step", "max-time-growth", "initial-step", "stationary-tol", "min-log-step",
                "stop-at-d-inf"), keys);
    }

    @Test
    void validationNamesTheOption() {
        assertEquals("--t-max must be a positive finite number, got -1.0",
                assertThrows(InvalidInputException.class, () -> BASE.with("t-max", -1.0)).getMessage());
        assertEquals("--loss must be ce or mse, got 'hinge'",
                assertThrows(InvalidInputException.class, () -> BASE.with("loss", "hinge")).getMessage());
        assertEquals("--arch must be fcn or resnet, got 'cnn'",
                assertThrows(InvalidInputException.class, () -> BASE.with("arch", "cnn")).getMessage());
        assertEquals("train has no option 'widht'",
                assertThrows(InvalidInputException.class, () -> BASE.with("widht", 3)).getMessage());
        // names are case-insensitive and kept in lower case
        assertEquals("resnet", BASE.with(Map.of("arch", "ResNet", "loss", "MSE")).arch());
    }
}
