package org.ntklab.cli.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.ntklab.io.AtomicFiles;
import org.ntklab.io.JsonMapping;

/**
 * The JSON and YAML mappers of run records and spec files: both apply the core's
 * {@link JsonMapping}, so a spec file, a run record and the command line's options bind alike.
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapping.MAPPER;
    public static final ObjectMapper YAML = JsonMapping.configure(YAMLMapper.builder());

    private Json() {
    }

    /** Writes {@code value} as indented JSON with a final newline, atomically. */
    public static void write(Path file, Object value) {
        AtomicFiles.write(file, out -> {
            out.write(MAPPER.writeValueAsString(value).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        });
    }
}
