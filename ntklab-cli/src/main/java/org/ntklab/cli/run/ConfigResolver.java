package org.ntklab.cli.run;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ntklab.io.InvalidInputException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * A command's configuration from three layers: options given on the command line, over a
 * {@code --spec} file, over the options' defaults (from the annotations or the command's default
 * value provider). The configuration is a record whose JSON keys (its {@code @JsonProperty} names,
 * else its components in kebab-case) are the command's long options ({@code t-max} for
 * {@code --t-max}): the options and the spec file are merged into one JSON object and bound by
 * Jackson, the same mapping that reads spec files and run records, and the record's constructor
 * validates the values. Options that are not part of the configuration ({@code --out},
 * {@code --spec}, {@code --quiet}) are not components. An option without a default that is given
 * neither way is reported missing.
 *
 * <pre>
 * KernelConfig config = ConfigResolver.resolve(spec, KernelConfig.class, specFile);
 * </pre>
 */
public final class ConfigResolver {
    private ConfigResolver() {
    }

    /**
     * @param command  the command's spec (picocli {@code @Spec}), after parsing
     * @param specFile the {@code --spec} file, or null
     */
    public static <R extends Record> R resolve(CommandSpec command, Class<R> type, Path specFile) {
        Map<String, OptionSpec> options = optionsOf(command, type);
        ObjectNode fromFile = specFile == null ? Json.MAPPER.createObjectNode() : SpecFile.read(specFile, command.name());
        for (Iterator<String> keys = fromFile.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!options.containsKey(key)) {
                throw new InvalidInputException("spec " + specFile + ": unknown option '" + key + "' for ntklab "
                        + command.name() + "; the options are " + String.join(", ", options.keySet()));
            }
        }
        ParseResult given = command.commandLine().getParseResult();
        ObjectNode merged = Json.MAPPER.createObjectNode();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, OptionSpec> entry : options.entrySet()) {
            String key = entry.getKey();
            OptionSpec option = entry.getValue();
            if (given.hasMatchedOption(option)) {
                merged.set(key, toJson(option.getValue()));
            } else if (fromFile.has(key)) {
                merged.set(key, fromFile.get(key));
            } else if (option.defaultValue() != null || providedDefault(command, option) != null) {
                merged.set(key, toJson(option.getValue()));
            } else {
                missing.add(option.longestName());
            }
        }
        if (!missing.isEmpty()) {
            throw new ParameterException(command.commandLine(), "missing " + String.join(", ", missing)
                    + (specFile == null ? "" : " (neither on the command line nor in " + specFile + ")"));
        }
        return bind(merged, type, specFile);
    }

    /** The default of {@code option} from the command's default value provider, or null. */
    private static String providedDefault(CommandSpec command, OptionSpec option) {
        try {
            return command.defaultValueProvider() == null ? null : command.defaultValueProvider().defaultValue(option);
        } catch (Exception e) {
            throw new IllegalStateException("default of " + option.longestName() + ": " + e.getMessage(), e);
        }
    }

    /** Config key (the record's JSON property name) to option, in component order. */
    private static Map<String, OptionSpec> optionsOf(CommandSpec command, Class<? extends Record> type) {
        Map<String, OptionSpec> options = new LinkedHashMap<>();
        for (String key : keys(type)) {
            OptionSpec option = command.findOption("--" + key);
            if (option == null) {
                throw new IllegalStateException(type.getSimpleName() + "'s key " + key + " has no option --" + key
                        + " in ntklab " + command.name());
            }
            options.put(key, option);
        }
        return options;
    }

    /** The keys Jackson reads {@code type} from, in component order. */
    public static List<String> keys(Class<? extends Record> type) {
        BeanDescription bean = Json.MAPPER.getDeserializationConfig().introspect(Json.MAPPER.constructType(type));
        return bean.findProperties().stream().map(BeanPropertyDefinition::getName).toList();
    }

    private static JsonNode toJson(Object value) {
        // Jackson would write a Path as a file: URI; configs keep paths as the user wrote them
        return value instanceof Path path ? TextNode.valueOf(path.toString()) : Json.MAPPER.valueToTree(value);
    }

    private static <R> R bind(ObjectNode merged, Class<R> type, Path specFile) {
        try {
            return Json.MAPPER.treeToValue(merged, type);
        } catch (ValueInstantiationException e) {
            // the record's own validation: its message names the option
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                throw invalid;
            }
            throw new InvalidInputException(e.getOriginalMessage(), e);
        } catch (MismatchedInputException e) {
            String key = e.getPath().isEmpty() ? "?" : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw new InvalidInputException((specFile == null ? "" : "spec " + specFile + ": ") + "'" + key
                    + "' must be " + describe(e.getTargetType()) + ", found " + merged.get(key), e);
        } catch (JsonMappingException e) {
            throw new InvalidInputException((specFile == null ? "" : "spec " + specFile + ": ")
                    + e.getOriginalMessage(), e);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot bind the configuration: " + e.getOriginalMessage(), e);
        }
    }

    private static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        return "a " + (type == null ? "value of the right type" : type.getSimpleName());
    }
}
