package io.consumergroups.it.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Every value a running service bound into its {@code @ConfigurationProperties}, with
 * where Spring Boot took it from, as {@code /actuator/configprops} reports it (with
 * {@code management.endpoint.configprops.show-values=always}). It answers the question a
 * compose file raises: does each environment variable it sets reach a setting of the
 * service, or does it bind to nothing (a typo, a renamed property)?
 */
final class ConfigurationInputs {

	private static final Pattern COMMAND_LINE = Pattern.compile(".*property source \"commandLineArgs\".*");

	private final List<Input> inputs;

	private ConfigurationInputs(List<Input> inputs) {
		this.inputs = inputs;
	}

	/**
	 * Read the inputs of every {@code @ConfigurationProperties} bean.
	 * @param configprops the answer of {@code /actuator/configprops}
	 * @return the inputs
	 */
	static ConfigurationInputs of(JsonNode configprops) {
		List<Input> inputs = new ArrayList<>();
		for (JsonNode context : configprops.get("contexts")) {
			for (JsonNode bean : context.get("beans")) {
				collect(bean.get("prefix").asString(), bean.get("inputs"), bean.get("properties"), inputs);
			}
		}
		return new ConfigurationInputs(inputs);
	}

	/** Walks a bean's inputs, and its bound properties alongside. */
	private static void collect(String name, JsonNode input, JsonNode bound, List<Input> inputs) {
		if (input.isObject() && input.has("value")) {
			inputs.add(new Input(name, input.get("value").asString(),
					input.has("origin") ? input.get("origin").asString() : "",
					(bound != null) ? bound.asString() : ""));
		}
		else if (input.isArray()) {
			for (int i = 0; i < input.size(); i++) {
				collect(name + "[" + i + "]", input.get(i), (bound != null) ? bound.get(i) : null, inputs);
			}
		}
		else if (input.isObject()) {
			input.properties()
				.forEach((child) -> collect(name + "." + DataObjectPropertyName.toDashedForm(child.getKey()),
						child.getValue(), (bound != null) ? bound.get(child.getKey()) : null, inputs));
		}
	}

	List<Input> inputs() {
		return this.inputs;
	}

	/**
	 * The variables of an environment that no bound setting took its value from. A
	 * variable counts as used when Spring Boot reports it as the origin of a bound value
	 * (relaxed binding: {@code ORDERS_GENERATOR_RATE} to {@code orders.generator.rate});
	 * or when a setting is bound, with the variable's value, from a value of the
	 * service's own YAML that refers to it ({@code ${S3_ENDPOINT:…}}); or when it maps,
	 * by Spring Boot's relaxed binding rules, to a bound setting that a command-line
	 * argument overrides (the same value given twice, by the test harness).
	 * @param environment the service's environment
	 * @return the variables that bind to nothing
	 */
	Set<String> unused(Map<String, String> environment) {
		Set<String> unused = new TreeSet<>();
		environment.forEach((variable, value) -> {
			boolean used = this.inputs.stream()
				.anyMatch((input) -> input.isFromEnvironment(variable) || input.isFromPlaceholder(variable, value))
					|| shadowedByCommandLine(variable, value);
			if (!used) {
				unused.add(variable);
			}
		});
		return unused;
	}

	private boolean shadowedByCommandLine(String variable, String value) {
		ConfigurationPropertySource environment = ConfigurationPropertySource
			.from(new SystemEnvironmentPropertySource("environment", Map.of(variable, value)));
		return this.inputs.stream()
			.filter((input) -> COMMAND_LINE.matcher(input.origin()).matches())
			.map((input) -> input.name().replaceAll("\\[\\d+]$", ""))
			.anyMatch(
					(name) -> environment.getConfigurationProperty(ConfigurationPropertyName.adapt(name, '.')) != null);
	}

	/**
	 * One bound value.
	 *
	 * @param name the setting, e.g. {@code spring.kafka.bootstrap-servers[0]}
	 * @param value its value where it was found, e.g. {@code ${S3_ENDPOINT:http://…}}
	 * @param origin where Spring Boot found it
	 * @param bound the value bound, placeholders resolved
	 */
	record Input(String name, String value, String origin, String bound) {

		boolean isFromEnvironment(String variable) {
			return this.origin.equals("System Environment Property \"" + variable + "\"");
		}

		boolean isFromPlaceholder(String variable, String variableValue) {
			if (this.value.matches("\\$\\{" + Pattern.quote(variable) + "(:.*)?}")) {
				return this.bound.equals(variableValue);
			}
			return (this.value.contains("${" + variable + ":") || this.value.contains("${" + variable + "}"))
					&& this.bound.contains(variableValue);
		}

	}

}
