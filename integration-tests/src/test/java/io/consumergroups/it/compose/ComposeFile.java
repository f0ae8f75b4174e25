package io.consumergroups.it.compose;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The repository's {@code docker-compose.yml} as Compose reads it: YAML anchors and merge
 * keys resolved (SnakeYAML does both), each service's environment, ports, command and
 * healthcheck in their long and short forms. Only what the tests check is modelled.
 */
final class ComposeFile {

	/** The repository's root: the tests run in {@code integration-tests/}. */
	static final Path ROOT = Paths.get(System.getProperty("user.dir")).getParent();

	private final String fileName;

	private final Map<String, Object> document;

	private ComposeFile(String fileName, Map<String, Object> document) {
		this.fileName = fileName;
		this.document = document;
	}

	/**
	 * The repository's {@code docker-compose.yml}.
	 * @return the parsed file
	 */
	static ComposeFile load() {
		return load("docker-compose.yml");
	}

	/**
	 * A compose file of the repository, such as an override that is given after
	 * {@code docker-compose.yml}: then each service has only what it adds.
	 * @param fileName e.g. {@code docker-compose.secure.yml}
	 * @return the parsed file
	 */
	static ComposeFile load(String fileName) {
		return new ComposeFile(fileName, yaml(ROOT.resolve(fileName)));
	}

	/**
	 * Any YAML file, e.g. one that the compose file mounts into a container.
	 * @param file the file
	 * @return its content
	 */
	static Map<String, Object> yaml(Path file) {
		LoaderOptions options = new LoaderOptions();
		// Compose rejects a key given twice; so does this
		options.setAllowDuplicateKeys(false);
		try (Reader reader = Files.newBufferedReader(file)) {
			return new Yaml(options).load(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Every service, in the order of the file.
	 * @return the services
	 */
	List<Service> services() {
		List<Service> services = new ArrayList<>();
		map(this.document.get("services"))
			.forEach((name, definition) -> services.add(new Service(name, map(definition))));
		return services;
	}

	/**
	 * One service.
	 * @param name its name, e.g. {@code kafka-1}
	 * @return the service
	 * @throws IllegalArgumentException if there is none of that name
	 */
	Service service(String name) {
		return services().stream()
			.filter((service) -> service.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No service " + name + " in " + this.fileName));
	}

	/**
	 * The Kafka nodes: the services that run the apache/kafka image as a node.
	 * @return the nodes, in the order of the file
	 */
	List<Service> kafkaNodes() {
		return services().stream()
			.filter((service) -> service.image().startsWith("apache/kafka:"))
			.filter((service) -> service.environment().containsKey("KAFKA_NODE_ID"))
			.toList();
	}

	/**
	 * The services built from this repository's Dockerfile.
	 * @return the services with a {@code MODULE} build argument
	 */
	List<Service> applications() {
		return services().stream().filter((service) -> service.module().isPresent()).toList();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		return (value != null) ? (Map<String, Object>) value : Map.of();
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object value) {
		return (value != null) ? (List<Object>) value : List.of();
	}

	/**
	 * One service of the file.
	 *
	 * @param name its name, which is also its host name on the compose network
	 * @param definition what the file says of it
	 */
	record Service(String name, Map<String, Object> definition) {

		private static final Pattern HEALTH_URL = Pattern.compile("http://localhost:(\\d+)/actuator/health");

		private static final Pattern SHORT_PORT = Pattern.compile("(?:(?:[\\d.]+:)?(\\d+):)?(\\d+)(?:/tcp)?");

		String image() {
			return String.valueOf(this.definition.getOrDefault("image", ""));
		}

		/**
		 * The environment as the container gets it: a map or a list of {@code KEY=VALUE},
		 * numbers and booleans as Compose writes them.
		 * @return variable to value, in the order of the file
		 */
		Map<String, String> environment() {
			Object environment = this.definition.get("environment");
			Map<String, String> variables = new LinkedHashMap<>();
			if (environment instanceof List<?> entries) {
				for (Object entry : entries) {
					String[] pair = String.valueOf(entry).split("=", 2);
					variables.put(pair[0], (pair.length > 1) ? pair[1] : "");
				}
			}
			else {
				map(environment)
					.forEach((key, value) -> variables.put(key, (value != null) ? String.valueOf(value) : ""));
			}
			return variables;
		}

		/**
		 * The ports this service publishes.
		 * @return each published port: host port (null for an ephemeral one) and
		 * container port
		 */
		List<Port> ports() {
			List<Port> ports = new ArrayList<>();
			for (Object port : list(this.definition.get("ports"))) {
				if (port instanceof Map<?, ?> longForm) {
					Object published = longForm.get("published");
					ports.add(new Port((published != null) ? Integer.valueOf(String.valueOf(published)) : null,
							Integer.parseInt(String.valueOf(longForm.get("target")))));
				}
				else {
					Matcher matcher = SHORT_PORT.matcher(String.valueOf(port));
					if (!matcher.matches()) {
						throw new IllegalArgumentException(
								"Port " + port + " of " + this.name + " is not host:container");
					}
					ports.add(new Port((matcher.group(1) != null) ? Integer.valueOf(matcher.group(1)) : null,
							Integer.parseInt(matcher.group(2))));
				}
			}
			return ports;
		}

		List<String> entrypoint() {
			return words(this.definition.get("entrypoint"));
		}

		List<String> command() {
			return words(this.definition.get("command"));
		}

		/**
		 * The healthcheck's test, without its {@code CMD} or {@code CMD-SHELL}.
		 * @return the command, empty if there is no healthcheck
		 */
		List<String> healthcheck() {
			List<String> test = words(map(this.definition.get("healthcheck")).get("test"));
			return test.isEmpty() ? test : test.subList(1, test.size());
		}

		/**
		 * The port the service's HTTP server listens on in its container, as its
		 * healthcheck calls it.
		 * @return the port of {@code http://localhost:<port>/actuator/health}
		 */
		int httpPort() {
			Matcher url = HEALTH_URL.matcher(String.join(" ", healthcheck()));
			if (!url.find()) {
				throw new IllegalStateException(this.name + " has no healthcheck on /actuator/health");
			}
			return Integer.parseInt(url.group(1));
		}

		List<String> profiles() {
			return words(this.definition.get("profiles"));
		}

		/**
		 * The Maven module it is built from, by the repository's Dockerfile.
		 * @return the {@code MODULE} build argument, if it is built here
		 */
		Optional<String> module() {
			Map<String, Object> build = map(this.definition.get("build"));
			return Optional.ofNullable(map(build.get("args")).get("MODULE")).map(String::valueOf);
		}

		/**
		 * The volumes mounted into the container.
		 * @return container path by source (a named volume or a host path)
		 */
		Map<String, String> volumes() {
			Map<String, String> volumes = new LinkedHashMap<>();
			for (Object volume : list(this.definition.get("volumes"))) {
				String[] parts = String.valueOf(volume).split(":");
				volumes.put(parts[0], parts[1]);
			}
			return volumes;
		}

		/**
		 * How many containers {@code docker compose up} starts.
		 * @return {@code deploy.replicas}, else 1
		 */
		int replicas() {
			Object replicas = map(this.definition.get("deploy")).get("replicas");
			return (replicas != null) ? Integer.parseInt(String.valueOf(replicas)) : 1;
		}

		private static List<String> words(Object value) {
			if (value == null) {
				return List.of();
			}
			if (value instanceof List<?> words) {
				return words.stream().map(String::valueOf).toList();
			}
			return List.of(String.valueOf(value).trim().split("\\s+"));
		}

	}

	/**
	 * A published port.
	 *
	 * @param host the port on the Docker host, or null for an ephemeral one
	 * @param container the port inside the container
	 */
	record Port(Integer host, int container) {

	}

}
