package org.ntklab.io;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * The one mapping between configuration records and their key/value form: run records, spec files
 * (JSON or YAML: the CLI configures its YAML mapper here too) and the command line's options all go
 * through it. Keys are kebab-case, like the command line flags ({@code --t-max} is {@code t-max}).
 * Strict: a value of the wrong type is refused, not converted.
 */
public final class JsonMapping {
    /** The JSON mapper. */
    public static final ObjectMapper MAPPER = configure(JsonMapper.builder());

    private JsonMapping() {
    }

    /** Applies the mapping to a JSON or YAML mapper's builder. */
    public static <M extends ObjectMapper, B extends MapperBuilder<M, B>> M configure(B builder) {
        return builder
                .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .defaultPrettyPrinter(new DefaultPrettyPrinter().withSeparators(
                        Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)))
                // run records written by newer versions may carry more fields; unknown spec keys are
                // rejected earlier, by the CLI's ConfigResolver, with a message naming the file
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // "depth: 2.5" is a mistake, not a request for depth 2
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // a key given twice would silently keep its last value
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // "depth": "1" is a string where a number belongs (YAML's unquoted 1e30 is a number)
                .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .build();
    }
}
