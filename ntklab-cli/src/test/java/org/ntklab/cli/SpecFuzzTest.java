package org.ntklab.cli;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.cli.run.ConfigResolver;
import org.ntklab.cli.train.TrainCommand;
import org.ntklab.data.DataSpec;
import org.ntklab.train.ResourceCheck;
import org.ntklab.train.TrainingConfig;
import picocli.CommandLine;

/**
 * A seeded fuzzer for spec files (YAML and JSON), through everything {@code ntklab train} does before
 * it allocates: parsing, binding to the options, validation, the data spec, the size check. Every
 * file must be accepted (exit code 0 would follow) or refused as bad input (exit code 2, by
 * {@link Main#isBadInput} or a picocli ParameterException) with a message without raw control
 * characters, a spec file's own error on one line; never another exception, an error or a hang.
 * The data loaders' fuzzing (IDX, npy, CSV, data spec strings) is core's LoaderFuzzTest.
 */
class SpecFuzzTest {
    private static final int CASES = Integer.getInteger("ntklab.fuzz.specs", 2000);

    @TempDir
    Path dir;

    private static final String[] KEYS = {"arch", "depth", "width", "alpha", "data", "seed", "loss", "reduction",
        "integrator", "lr", "t-max", "max-steps", "observations-per-decade", "first-observation", "kernel-machine",
        "observe-kernel", "checkpoint-seconds", "stop-at-d-inf", "kind", "config", "widht", "", "t_max", "\u0000"};
    private static final String[] VALUES = {"fcn", "resnet", "1", "2", "16", "\"1\"", "'2'", "-1", "0", "1e30", "1e309",
        ".inf", "-.inf", ".nan", "NaN", "2.5", "true", "false", "yes", "null", "~", "[]", "[1, 2]", "{}", "{a: 1}",
        "circle:n=6", "\"circle:n=6\"", "sphere:d=1000000000,n=10", "circle:n=1000000000", "csv:/dev/zero",
        "mnist:parity,n=2", "ce", "mse", "sum", "mean", "flow", "gd", "0.1", "2147483648", "99999999999999999999",
        "\"\\e[31m\"", "\"a\\u0000b\"", "train", "kernel", "1000000000", "20000", "&a 1", "*a", "!!binary AAAA",
        "\"\\x07\"", "'it''s'", "|\n  text", ">\n  folded"};

    private static String yaml(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        if (r.nextInt(3) > 0) { // mostly a valid core, then mutations
            b.append("arch: fcn\ndepth: 2\nwidth: ").append(r.nextBoolean() ? "16" : VALUES[r.nextInt(VALUES.length)])
                    .append("\ndata: ").append(r.nextBoolean() ? "circle:n=6" : VALUES[r.nextInt(VALUES.length)])
                    .append("\nseed: 1\n");
        }
        for (int k = r.nextInt(4); k > 0; k--) {
            b.append(KEYS[r.nextInt(KEYS.length)]).append(r.nextInt(20) == 0 ? "" : ": ")
                    .append(VALUES[r.nextInt(VALUES.length)]).append(r.nextInt(15) == 0 ? "" : "\n");
        }
        return mutate(r, b.toString(), "\t :-[]{}#&*!|>'\"%@`,\n\\\u0000\u001b\u00e9\uFEFF\uD800");
    }

    private static String json(SplittableRandom r) {
        StringBuilder b = new StringBuilder("{");
        String[] fields = {"\"arch\": \"fcn\"", "\"depth\": 2", "\"width\": 16", "\"data\": \"circle:n=6\"", "\"seed\": 1"};
        for (String f : fields) {
            if (r.nextInt(8) > 0) {
                b.append(b.length() > 1 ? ", " : "").append(f);
            }
        }
        for (int k = r.nextInt(4); k > 0; k--) {
            String v = VALUES[r.nextInt(VALUES.length)];
            b.append(b.length() > 1 ? ", " : "").append('"').append(KEYS[r.nextInt(KEYS.length)]).append("\": ")
                    .append(v.matches("-?[0-9.e]+|true|false|null|\\[.*\\]|\\{\\}") || v.startsWith("\"") ? v
                            : "\"" + v + "\"");
        }
        b.append('}');
        return mutate(r, b.toString(), "{}[]\":,\\ \n\u0000\u001b0123456789eE.-+");
    }

    private static String mutate(SplittableRandom r, String s, String alphabet) {
        StringBuilder b = new StringBuilder(s);
        switch (r.nextInt(6)) {
            case 0, 1 -> {
                return s;
            }
            case 2 -> b.setLength(r.nextInt(b.length() + 1)); // truncated
            default -> {
                for (int k = 1 + r.nextInt(3); k > 0; k--) {
                    int at = r.nextInt(b.length() + 1);
                    char c = alphabet.charAt(r.nextInt(alphabet.length()));
                    if (r.nextBoolean() || at == b.length()) {
                        b.insert(at, c);
                    } else {
                        b.setCharAt(at, c);
                    }
                }
            }
        }
        return b.toString();
    }

    @Test
    void specFilesEndInAValidConfigurationOrBadInput() {
        SplittableRandom random = new SplittableRandom(0x19_5EEDL);
        Map<String, String> failures = new LinkedHashMap<>();
        int[] outcomes = new int[3];
        // one command for all cases (building it is most of a case's cost); every parse starts afresh
        CommandLine command = new CommandLine(new TrainCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        for (int start = 0; start < CASES; start += 250) {
            int from = start;
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                for (int i = from; i < Math.min(CASES, from + 250); i++) {
                    boolean asJson = i % 2 == 1;
                    String content = asJson ? json(random) : yaml(random);
                    Path file = dir.resolve(asJson ? "spec.json" : "spec.yaml");
                    Files.write(file, content.getBytes(StandardCharsets.UTF_8)); // an unpaired surrogate becomes '?'
                    outcomes[run(command, file, content, failures)]++;
                }
            }, () -> "cases from " + from + " did not finish in 30 s (a hang)");
        }
        System.out.println("fuzz spec files: " + CASES + " cases, " + outcomes[0] + " accepted, " + outcomes[2]
                + " refused as bad input");
        assertTrue(outcomes[0] > CASES / 50, "the generator should make valid specs too: " + outcomes[0]);
        assertTrue(failures.isEmpty(), failures.size() + " distinct problems:\n" + String.join("\n",
                failures.entrySet().stream().map(e -> e.getKey() + "\n    " + e.getValue()).toList()));
    }

    /** 0 accepted, 2 bad input; anything else is recorded in failures (and counted as 1). */
    private static int run(CommandLine command, Path file, String content, Map<String, String> failures) {
        try {
            command.parseArgs("--spec", file.toString());
            TrainingConfig config = ConfigResolver.resolve(command.getCommandSpec(), TrainingConfig.class, file);
            DataSpec data = DataSpec.parse(config.data());
            ResourceCheck.requireFits(null, ResourceCheck.training(config, data.size()));
            return 0;
        } catch (CommandLine.ParameterException e) {
            return 2;
        } catch (Throwable e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            String shown = org.ntklab.io.Printable.escapeKeepingLines(message); // as Main prints it
            boolean specError = message.startsWith("spec ");
            if (Main.isBadInput(e) && !message.isBlank() && (!specError || !shown.contains("\n"))
                    && shown.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n')) {
                return 2;
            }
            String key = e.getClass().getName() + (Main.isBadInput(e) ? " (message: "
                    + (message.isBlank() ? "none" : "several lines") + ")" : "") + " at "
                    + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
            failures.putIfAbsent(key, org.ntklab.io.Printable.escape(content) + " -> " + e);
            if (e instanceof VirtualMachineError error) {
                throw error;
            }
            return 1;
        }
    }
}
