package io.consumergroups.it.security;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.consumergroups.kafkalocal.ServiceAcls;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code docker-compose.secure.yml} must agree on with {@code docker-compose.yml},
 * kafka-local's {@code acls.txt} and Spring Boot, read without a Docker engine: every
 * service logs in as its own user with a password from the environment, every principal
 * of the ACL file gets a user, no listener of a node is unauthenticated.
 */
class SecureComposeFileTest {

	private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

	private static final Map<String, Object> base = yaml(ROOT.resolve("docker-compose.yml"));

	private static final Map<String, Object> secure = yaml(ROOT.resolve("docker-compose.secure.yml"));

	private static final ServiceAcls acls = ServiceAcls.load();

	private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z_]+):\\?[^}]*}");

	@Test
	void shouldLogEveryServiceInAsItsOwnUserWithAPasswordFromTheEnvironment() {
		List<String> applications = services(base).entrySet()
			.stream()
			.filter((service) -> map(service.getValue()).containsKey("build"))
			.map(Map.Entry::getKey)
			.toList();
		assertThat(applications).hasSize(6);
		for (String service : applications) {
			// Given the service's environment, as Spring Boot reads a process environment
			Map<String, Object> environment = environment(service);

			// When Spring Boot binds spring.kafka.* from it
			KafkaProperties kafka = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)))
				.bind("spring.kafka", KafkaProperties.class)
				.get();

			// Then it logs in over TLS, as the principal named after it, with the
			// password of its own variable
			assertThat(kafka.getSecurity().getProtocol()).as(service).isEqualTo("SASL_SSL");
			assertThat(kafka.getSsl().getTrustStoreLocation()).as(service).isNotNull();
			assertThat(kafka.getSsl().getTrustStoreType()).as(service).isEqualTo("PKCS12");
			assertThat(kafka.getProperties()).as(service).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
			String jaas = kafka.getProperties().get("sasl.jaas.config");
			assertThat(jaas).as(service)
				.startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + service
						+ "\" password=\"${" + passwordVariable(service) + ":?");
			assertThat(acls.principals()).contains(service);
		}
	}

	@Test
	void shouldCreateAUserForEveryPrincipalOfTheAclFileAndReadTheAclsFromIt() {
		Map<String, Object> init = map(services(secure).get("kafka-init"));

		Set<String> passwords = map(init.get("environment")).keySet()
			.stream()
			.filter((variable) -> variable.endsWith("_KAFKA_PASSWORD"))
			.collect(Collectors.toSet());

		assertThat(passwords).containsExactlyInAnyOrderElementsOf(
				acls.principals().stream().map(SecureComposeFileTest::passwordVariable).toList());
		assertThat(list(init.get("volumes")))
			.contains("./kafka-local/src/main/resources/acls.txt:/etc/kafka/acls.txt:ro");
		assertThat(ROOT.resolve("kafka-local/src/main/resources/acls.txt")).isRegularFile();
		assertThat(ROOT.resolve("compose/secure/kafka-access.sh")).isRegularFile();
	}

	@Test
	void shouldGiveEachExactlyOnceServiceAnInstanceIdItsTransactionalIdGrantsMatch() {
		Map<String, String> instanceIds = Map.of("order-processor",
				string(environment("order-processor").get("ORDERS_PROCESSOR_INSTANCEID")), "notification-service",
				string(environment("notification-service").get("NOTIFICATIONS_INSTANCEID")));

		instanceIds.forEach((service, instanceId) -> {
			// Compose turns $$ into $, and Spring Boot resolves ${HOSTNAME} in the
			// container
			assertThat(instanceId.replace("$$", "$")).as(service).endsWith("${HOSTNAME}");
			assertThat(acls.grantsOf(service))
				.filteredOn((grant) -> grant.resourceType() == ResourceType.TRANSACTIONAL_ID)
				.isNotEmpty()
				.allSatisfy((grant) -> {
					assertThat(grant.patternType()).isEqualTo(PatternType.PREFIXED);
					assertThat(instanceId).startsWith(grant.resourceName());
				});
		});
	}

	@Test
	void shouldLeaveNoListenerOfANodeUnauthenticatedAndDenyWhatNoAclGrants() throws IOException {
		Properties file = new Properties();
		try (Reader reader = Files.newBufferedReader(ROOT.resolve("compose/secure/kafka-config/server.properties"))) {
			file.load(reader);
		}
		for (String node : List.of("kafka-1", "kafka-2", "kafka-3")) {
			Map<String, Object> environment = map(map(services(secure).get(node)).get("environment"));
			Map<String, String> protocols = Arrays
				.stream(string(environment.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")).split(","))
				.map((entry) -> entry.split(":"))
				.collect(Collectors.toMap((entry) -> entry[0], (entry) -> entry[1]));
			List<String> listeners = Arrays.stream(string(environment.get("KAFKA_LISTENERS")).split(","))
				.map((listener) -> listener.substring(0, listener.indexOf(':')))
				.toList();

			assertThat(listeners).as(node).containsExactlyInAnyOrder("INTERNAL", "EXTERNAL", "BROKER", "CONTROLLER");
			assertThat(listeners).allSatisfy((listener) -> assertThat(protocols.get(listener)).as(node + " " + listener)
				.isIn("SASL_SSL", "SSL"));
			protocols.forEach((listener, protocol) -> {
				if (protocol.equals("SSL")) {
					assertThat(
							file.getProperty("listener.name." + listener.toLowerCase(Locale.ROOT) + ".ssl.client.auth"))
						.as(node + " " + listener)
						.isEqualTo("required");
				}
			});
		}
		assertThat(file).containsEntry("allow.everyone.if.no.acl.found", "false")
			.containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
			.containsEntry("super.users", "User:CN=kafka-node;User:CN=kafka-admin");
	}

	@Test
	void shouldKeepEveryPasswordOutOfTheRepository() throws IOException {
		String text = Files.readString(ROOT.resolve("docker-compose.secure.yml"));

		List<String> passwordLines = text.lines()
			.filter((line) -> !line.strip().startsWith("#"))
			.filter((line) -> line.toLowerCase(Locale.ROOT).contains("password"))
			.toList();

		assertThat(passwordLines).isNotEmpty()
			.allSatisfy((line) -> assertThat(line).containsPattern(REQUIRED_VARIABLE)
				.doesNotContainPattern("password=\"[^$]"));
	}

	/**
	 * A service's environment: the base file's, then the override's, as compose merges
	 * them.
	 */
	private static Map<String, Object> environment(String service) {
		Map<String, Object> environment = new LinkedHashMap<>(map(map(services(base).get(service)).get("environment")));
		environment.putAll(map(map(services(secure).get(service)).get("environment")));
		Map<String, Object> strings = new HashMap<>();
		environment.forEach((name, value) -> strings.put(name, String.valueOf(value)));
		return strings;
	}

	private static String passwordVariable(String principal) {
		return principal.toUpperCase(Locale.ROOT).replace('-', '_') + "_KAFKA_PASSWORD";
	}

	private static Map<String, Object> services(Map<String, Object> compose) {
		return map(compose.get("services"));
	}

	private static Map<String, Object> yaml(Path file) {
		try (Reader reader = Files.newBufferedReader(file)) {
			return new Yaml().load(reader);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read " + file, ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value != null) ? (Map<String, Object>) value : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		return (value != null) ? (List<Object>) value : List.of();
	}

	private static String string(Object value) {
		return String.valueOf(value);
	}

}
