package io.consumergroups.it.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import io.consumergroups.events.Topics;
import io.consumergroups.harness.group.GroupAssignment;
import io.consumergroups.harness.process.JvmProcess;
import io.consumergroups.it.compose.ComposeFile.Service;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.LocalS3;
import io.consumergroups.it.support.ServiceProcesses;
import io.consumergroups.it.support.TestKafka;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.FileSystemUtils;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every service of {@code docker-compose.yml} built from this repository, started as its
 * own process from its executable jar with the environment the compose file gives its
 * container, against the compose file's Kafka nodes ({@link ComposeKafkaCluster}), an S3
 * API standing in for MinIO and an SMTP server standing in for Mailpit. Only addresses
 * change: each {@code host:port} of the compose network becomes the local one that stands
 * for it. It proves that each service starts and does its job with that environment, that
 * no variable of the file binds to nothing, and that every metric the Grafana dashboard
 * queries is exported by a service Prometheus scrapes.
 */
class ComposeServicesIT {

	/**
	 * The group each service joins, from its YAML
	 * ({@code spring.kafka.consumer.group-id}).
	 */
	private static final Map<String, String> GROUPS = Map.of("order-processor", "order-processors",
			"notification-service", "notification-service", "analytics-service", "analytics-service", "archive-service",
			"archive-service");

	/** What the test adds on the command line: endpoints to look inside with. */
	private static final List<String> OBSERVATION = List.of(
			"management.endpoints.web.exposure.include=health,configprops,prometheus",
			"management.endpoint.configprops.show-values=always");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final ComposeFile compose = ComposeFile.load();

	@RegisterExtension
	static final LocalS3 s3 = new LocalS3();

	private static ComposeKafkaCluster kafka;

	private static SmtpSink smtp;

	private static KafkaProbe probe;

	private static Path stateDir;

	private static final Map<String, Map<String, String>> environments = new LinkedHashMap<>();

	private static final Map<String, JvmProcess> services = new LinkedHashMap<>();

	private static final Map<String, String> hostnames = new LinkedHashMap<>();

	@BeforeAll
	static void startTheComposeStack() throws IOException {
		kafka = ComposeKafkaCluster.start(compose);
		kafka.kafkaTopics(compose.service("kafka-init").command());
		smtp = new SmtpSink();
		stateDir = Files.createTempDirectory("compose-analytics-");
		TestKafka testKafka = ComposeKafkaCluster
			.asTestKafka(localEnvironment(compose.service("order-producer")).get("SPRING_KAFKA_BOOTSTRAP_SERVERS"));
		probe = new KafkaProbe(testKafka);
		for (Service service : compose.applications()) {
			Map<String, String> environment = localEnvironment(service);
			environments.put(service.name(), environment);
			List<String> properties = new ArrayList<>(OBSERVATION);
			if (service.name().equals("analytics-service")) {
				// A container has a /tmp of its own; processes on one machine share it
				properties.add("spring.kafka.streams.state-dir=" + stateDir);
			}
			services.put(service.name(),
					ServiceProcesses.of(service.module().orElseThrow(), "compose-" + service.name(), testKafka,
							withDockersHostname(service.name(), environment), properties.toArray(String[]::new)));
		}
		services.values().forEach(JvmProcess::start);
		// Six JVMs starting at once on two cores: one deadline for all of them
		await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			services.values().forEach((service) -> {
				if (!service.isAlive()) {
					String output = service.output();
					throw new IllegalStateException(
							service.name() + " exited:\n" + output.substring(Math.max(0, output.length() - 4000)));
				}
			});
			return services.values().stream().allMatch(ComposeServicesIT::isHealthy);
		});
	}

	private static boolean isHealthy(JvmProcess service) {
		try {
			return RestClient.create(service.url())
				.get()
				.uri("/actuator/health")
				.retrieve()
				.toBodilessEntity()
				.getStatusCode()
				.is2xxSuccessful();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	@AfterAll
	static void stopTheComposeStack() {
		// Nothing left to check: SIGKILL, not a graceful shutdown to wait for
		services.values().stream().filter(JvmProcess::isAlive).forEach(JvmProcess::kill);
		if (probe != null) {
			probe.close();
		}
		if (smtp != null) {
			smtp.close();
		}
		if (kafka != null) {
			kafka.close();
		}
		if (stateDir != null) {
			FileSystemUtils.deleteRecursively(stateDir.toFile());
		}
	}

	@Test
	void shouldRunEveryServiceWithItsComposeEnvironmentAndJoinItsGroup() {
		// Given the compose file's services, started with their environment
		assertThat(services).containsOnlyKeys("order-producer", "order-processor", "notification-service",
				"analytics-service", "archive-service", "group-monitor");

		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			// Then the producer's generator (ORDERS_GENERATOR_RATE) publishes orders
			assertThat(probe.groups().endOffsets(Topics.ORDERS).values().stream().mapToLong(Long::longValue).sum())
				.isPositive();
			// And each consumer group has its members, named after the HOSTNAME: the
			// static group.instance.id of order-processor, notification's client ids
			GROUPS.forEach((service, group) -> {
				GroupAssignment described = probe.groups().consumerGroup(group, Topics.ORDERS);
				assertThat(described.state()).as(group).isEqualTo(GroupState.STABLE);
				assertThat(described.partitionsByMember()).as(group).isNotEmpty();
			});
			assertThat(probe.groups().consumerGroup("order-processors", Topics.ORDERS).partitionsByMember())
				.containsOnlyKeys(hostnames.get("order-processor"));
			assertThat(
					probe.groups().consumerGroup("notification-service", Topics.ORDERS).partitionsByMember().keySet())
				.allMatch((member) -> member.startsWith(hostnames.get("notification-service") + "-"));
			// And notification-service sends e-mails to Mailpit (SPRING_MAIL_*)
			assertThat(smtp.messages()).isNotEmpty();
			// And archive-service wrote to its bucket (ARCHIVE_BUCKET, S3_*)
			assertThat(s3.objects(environments.get("archive-service").get("ARCHIVE_BUCKET"))).isNotEmpty();
			// And group-monitor sees the groups
			assertThat(get("group-monitor", "/api/groups").findValuesAsString("groupId")).contains("order-processors",
					"notification-service", "analytics-service", "archive-service");
		});
	}

	@Test
	void shouldBindEveryEnvironmentVariableOfTheComposeFile() {
		services.forEach((name, service) -> {
			// Given what each service bound, and where from
			ConfigurationInputs inputs = ConfigurationInputs.of(get(name, "/actuator/configprops"));

			// Then each variable the compose file sets reaches one of its settings
			assertThat(inputs.unused(environments.get(name))).as("variables of %s that bind to nothing", name)
				.isEmpty();
		});
	}

	@Test
	void shouldExportEveryMetricTheDashboardQueriesFromAServicePrometheusScrapes() throws IOException {
		// Given the metrics the dashboard queries
		Set<String> queried = new TreeSet<>();
		json.readTree(ComposeFile.ROOT.resolve("compose/grafana/dashboards/consumer-groups.json").toFile())
			.findValuesAsString("expr")
			.forEach((expression) -> queried.addAll(PromQl.metricNames(expression)));
		assertThat(queried).isNotEmpty();
		Set<String> scraped = PrometheusConfig.load().scrapedServices(compose);

		// Then each is exported (once orders flow and groups commit) by a scraped service
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			Map<String, Set<String>> exportedBy = exportedMetrics();
			Map<String, Set<String>> missing = new TreeMap<>();
			for (String metric : queried) {
				Set<String> exporters = new TreeSet<>(exportedBy.getOrDefault(metric, Set.of()));
				exporters.retainAll(scraped);
				if (exporters.isEmpty()) {
					missing.put(metric, exportedBy.getOrDefault(metric, Set.of()));
				}
			}
			assertThat(missing).as("dashboard metrics exported by no scraped service (exported by, if any)").isEmpty();
		});
	}

	/** Metric name to the services whose /actuator/prometheus has samples of it. */
	private static Map<String, Set<String>> exportedMetrics() {
		Map<String, Set<String>> exportedBy = new TreeMap<>();
		services.forEach((name, service) -> {
			String exposition = RestClient.create(service.url())
				.get()
				.uri("/actuator/prometheus")
				.retrieve()
				.body(String.class);
			exposition.lines()
				.filter((line) -> !line.isBlank() && !line.startsWith("#"))
				.map((line) -> line.split("[{ ]", 2)[0])
				.forEach((metric) -> exportedBy.computeIfAbsent(metric, (key) -> new TreeSet<>()).add(name));
		});
		return exportedBy;
	}

	/**
	 * The environment the compose file gives a service's container, with every address of
	 * the compose network replaced by the local one that stands for it.
	 */
	private static Map<String, String> localEnvironment(Service service) {
		Map<String, String> local = new LinkedHashMap<>();
		Map<String, String> environment = service.environment();
		environment.forEach((variable, value) -> {
			String localized = kafka.localize(value).replace("http://minio:9000", s3Endpoint());
			if (variable.endsWith("_HOST") && value.equals("mailpit")) {
				localized = "localhost";
			}
			if (variable.endsWith("_PORT") && "mailpit".equals(environment.get(variable.replace("_PORT", "_HOST")))) {
				assertThat(value).as("Mailpit's SMTP port").isEqualTo("1025");
				localized = String.valueOf(smtp.port());
			}
			local.put(variable, localized);
		});
		Set<String> composeHosts = compose.services().stream().map(Service::name).collect(Collectors.toSet());
		assertThat(local.values()).as("no address of the compose network is left in %s's environment", service.name())
			.noneMatch((value) -> composeHosts.stream().anyMatch(value::contains));
		return local;
	}

	/**
	 * Docker gives each container a HOSTNAME, its id's first 12 hex digits, unless the
	 * compose file sets one.
	 */
	private static Map<String, String> withDockersHostname(String service, Map<String, String> environment) {
		byte[] id = new byte[6];
		ThreadLocalRandom.current().nextBytes(id);
		hostnames.put(service, HexFormat.of().formatHex(id));
		Map<String, String> container = new LinkedHashMap<>(environment);
		container.put("HOSTNAME", hostnames.get(service));
		return container;
	}

	private static String s3Endpoint() {
		assertThat(compose.service("archive-service").environment().get("S3_ACCESS_KEY"))
			.as("archive-service's S3 access key, which MinIO's stand-in expects")
			.isEqualTo(LocalS3.IDENTITY);
		return s3.serviceProperties()
			.stream()
			.filter((property) -> property.startsWith("archive.s3.endpoint="))
			.map((property) -> property.substring("archive.s3.endpoint=".length()))
			.findFirst()
			.orElseThrow();
	}

	private static JsonNode get(String service, String path) {
		return json
			.readTree(RestClient.create(services.get(service).url()).get().uri(path).retrieve().body(String.class));
	}

}
