package org.ntklab.cli.run;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.ntklab.io.FileFormatException;

/**
 * The content of a run directory's {@code run.json}: what ran ({@code kind}, the command line and the
 * resolved {@code config}), from which code, where, when and for how long, and the command's main
 * {@code results}. The {@code config} object holds exactly the command's options, so
 * {@code ntklab KIND --spec DIR/run.json} repeats the run. Written by {@link RunRecorder}.
 *
 * @param kind             the command that made the run ("kernel", ...); selects the report renderer
 * @param gitDirty         whether the checkout had uncommitted changes; null when unknown
 * @param arguments        the command line as given (after the program name)
 * @param workingDirectory where relative paths on the command line (data files) were resolved
 * @param seed             the run's seed (also inside config)
 * @param startTime        ISO-8601 instant
 * @param endTime          ISO-8601 instant, when the results were complete
 */
public record RunRecord(
        String kind,
        String ntklabVersion,
        String gitCommit,
        Boolean gitDirty,
        List<String> arguments,
        String workingDirectory,
        long seed,
        JsonNode config,
        Environment environment,
        String startTime,
        String endTime,
        double wallSeconds,
        JsonNode results) {

    public static final String FILE_NAME = "run.json";

    /** Reads {@code run.json}; a missing or malformed file is a {@link FileFormatException} naming it. */
    public static RunRecord read(Path file) {
        try {
            RunRecord record = Json.MAPPER.readValue(Files.readString(file), RunRecord.class);
            if (record.kind() == null || record.config() == null) {
                throw new FileFormatException(file + ": not a run record (no \"kind\" or \"config\")");
            }
            return record;
        } catch (NoSuchFileException e) {
            throw new FileFormatException(file + ": no such file", e);
        } catch (JacksonException e) {
            throw new FileFormatException(file + ": not a valid run record: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new FileFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Writes this record as {@code run.json} in {@code dir}, atomically. */
    public Path writeTo(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        Json.write(file, this);
        return file;
    }

    /** The command line as a shell would take it: "ntklab" and the arguments, quoted where needed. */
    public String commandLine() {
        StringBuilder line = new StringBuilder("ntklab");
        for (String argument : arguments) {
            line.append(' ').append(argument.matches("[A-Za-z0-9_./:=,@%+-]+") ? argument
                    : "'" + argument.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }

    /** The configuration as the command's config record. */
    public <T> T config(Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(config, type);
        } catch (JacksonException e) {
            throw new FileFormatException("the config of this " + kind + " run record does not fit "
                    + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
