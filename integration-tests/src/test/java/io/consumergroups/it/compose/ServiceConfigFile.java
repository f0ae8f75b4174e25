package io.consumergroups.it.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * A service's own config file, {@code <service>.yml} on the classpath, flattened as
 * Spring Boot reads it, placeholders unresolved: what the service does when nothing
 * overrides it.
 */
final class ServiceConfigFile {

	private static final Pattern SERVER_PORT = Pattern.compile("\\$\\{SERVER_PORT:(\\d+)}|(\\d+)");

	private ServiceConfigFile() {
	}

	/**
	 * The properties of a service's config file.
	 * @param configName e.g. {@code order-processor}, for {@code order-processor.yml} on
	 * the classpath
	 * @return property name to raw value
	 */
	static Map<String, String> properties(String configName) {
		try {
			Map<String, String> properties = new LinkedHashMap<>();
			for (PropertySource<?> source : new YamlPropertySourceLoader().load(configName,
					new ClassPathResource(configName + ".yml"))) {
				((Map<?, ?>) source.getSource())
					.forEach((key, value) -> properties.put(String.valueOf(key), String.valueOf(value)));
			}
			return properties;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The port a service listens on unless told otherwise.
	 * @param configName e.g. {@code order-processor}
	 * @return its {@code server.port}, or the default of its {@code ${SERVER_PORT:...}}
	 * @throws IllegalStateException if the file sets it otherwise
	 */
	static int defaultServerPort(String configName) {
		String value = properties(configName).get("server.port");
		Matcher port = SERVER_PORT.matcher(String.valueOf(value));
		if (!port.matches()) {
			throw new IllegalStateException(
					configName + ".yml sets server.port to " + value + ", neither a number nor ${SERVER_PORT:number}");
		}
		return Integer.parseInt((port.group(1) != null) ? port.group(1) : port.group(2));
	}

}
