package org.ntklab.cli.run;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.ntklab.io.InvalidInputException;
import org.ntklab.io.Printable;

/**
 * An experiment spec file: the options of one command as a YAML or JSON object, keys named like the
 * long options without the dashes ({@code width: 2000} for {@code --width 2000}). A run's
 * {@code run.json} is a spec too: its {@code config} object is used, and its {@code kind} must be
 * the command's. A plain spec may name its command with {@code kind:}.
 */
public final class SpecFile {
    private SpecFile() {
    }

    /** The options in {@code file} for command {@code kind}; errors name the file (exit code 2). */
    public static ObjectNode read(Path file, String kind) {
        JsonNode root = parse(file);
        if (!(root instanceof ObjectNode object)) {
            throw new InvalidInputException("spec " + file + ": expected an object of options (key: value), found "
                    + (root == null || root.isMissingNode() ? "nothing" : root.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        JsonNode declared = object.get("kind");
        if (declared != null && !declared.asText().equals(kind)) {
            throw new InvalidInputException("spec " + file + " is for 'ntklab " + declared.asText()
                    + "', not 'ntklab " + kind + "'");
        }
        if (object.has("config")) {
            // a run record: repeat its configuration
            JsonNode config = object.get("config");
            if (!(config instanceof ObjectNode options)) {
                throw new InvalidInputException("spec " + file + ": \"config\" must be an object of options");
            }
            return options.deepCopy();
        }
        ObjectNode options = object.deepCopy();
        options.remove("kind");
        return options;
    }

    /**
     * The gist of a parser's message on one line: SnakeYAML's span several (the context, a snippet
     * with a caret, the problem, another snippet), whose line and column the message gives already.
     */
    static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        StringBuilder gist = new StringBuilder();
        for (String line : message.split("\\R")) {
            String s = line.strip();
            // SnakeYAML's " in 'reader', line 2, column 8:" and the snippet and caret lines under it
            if (s.isEmpty() || s.startsWith("in 'reader'") || s.equals("^") || line.startsWith("    ")) {
                continue;
            }
            gist.append(gist.length() == 0 ? "" : " ").append(s);
        }
        return Printable.escape(gist.length() == 0 ? message.strip() : gist.toString());
    }

    private static JsonNode parse(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".json") ? Json.MAPPER : Json.YAML;
        try {
            return mapper.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("spec " + file + ": no such file", e);
        } catch (JacksonException e) {
            JsonLocation where = e.getLocation();
            throw new InvalidInputException("spec " + Printable.escape(file.toString())
                    + (where == null || where.getLineNr() < 1 ? "" : " line " + where.getLineNr()
                    + " column " + where.getColumnNr()) + ": not valid " + (mapper == Json.MAPPER ? "JSON" : "YAML")
                    + ": " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new InvalidInputException("spec " + file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
