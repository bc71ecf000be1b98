package org.ntklab.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Takes the start time when a command begins and makes its {@link RunRecord} when it ends:
 *
 * <pre>
 * RunRecorder recorder = RunRecorder.start("kernel", parseResult.originalArgs());
 * ... compute ...
 * recorder.finish(config, config.seed(), results).writeTo(runDirectory.path());
 * </pre>
 */
public final class RunRecorder {
    private final String kind;
    private final List<String> arguments;
    private final Instant start;
    private final long startNanos;

    private RunRecorder(String kind, List<String> arguments) {
        this.kind = kind;
        this.arguments = List.copyOf(arguments);
        this.start = Instant.now();
        this.startNanos = System.nanoTime();
    }

    public static RunRecorder start(String kind, List<String> arguments) {
        return new RunRecorder(kind, arguments);
    }

    /**
     * @param config  the command's resolved configuration (a record whose components are its options)
     * @param results the command's main numbers, any object Jackson can write (a record, a map)
     */
    public RunRecord finish(Object config, long seed, Object results) {
        double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
        return new RunRecord(
                kind,
                Provenance.version(),
                Provenance.gitCommit(),
                Provenance.gitDirty(),
                arguments,
                Path.of("").toAbsolutePath().toString(),
                seed,
                Json.MAPPER.valueToTree(config),
                Environment.current(),
                start.toString(),
                Instant.now().toString(),
                wallSeconds,
                Json.MAPPER.<JsonNode>valueToTree(results));
    }
}
