package io.consumergroups.it.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.consumergroups.it.compose.ComposeFile.Service;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * What {@code docker-compose.yml}, the {@code Dockerfile} and the files under
 * {@code compose/} must agree on, read without running anything: instance ids, the
 * bucket, the scrape targets, the dashboard's data source; the ports,
 * {@link ServicePortsTest}. The ITs beside this class run what can be run without a
 * Docker engine.
 */
class ComposeFileTest {

	private static final ComposeFile compose = ComposeFile.load();

	@Test
	void shouldTranslateVariablesIntoPropertiesAsTheKafkaImageDocumentsIt() {
		// The image's README: abc.def, abc-def and abc_def
		assertThat(KafkaImage.propertyName("KAFKA_ABC_DEF")).isEqualTo("abc.def");
		assertThat(KafkaImage.propertyName("KAFKA_ABC___DEF")).isEqualTo("abc-def");
		assertThat(KafkaImage.propertyName("KAFKA_ABC__DEF")).isEqualTo("abc_def");
		assertThat(KafkaImage.propertyName("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"))
			.isEqualTo("listener.security.protocol.map");
	}

	@Test
	void shouldWriteServerPropertiesAsTheKafkaImageDoes() {
		Map<String, String> properties = KafkaImage
			.serverProperties(Map.of("KAFKA_NODE_ID", "1", "KAFKA_ADVERTISED_LISTENERS",
					"PLAINTEXT://kafka-1:19092,HOST://localhost:9092", "KAFKA_OPTS", "-Dx=y", "KAFKA_JMX_OPTS",
					"-Dcom.sun.management.jmxremote", "CLUSTER_ID", "abc", "KAFKA_SASL_JAAS_CONFIG", "a=b"));

		// Listeners default to the advertised ones on every interface; the JVM's and the
		// logging's variables, CLUSTER_ID and values with '=' in them are no properties
		assertThat(properties).containsOnly(entry("node.id", "1"),
				entry("advertised.listeners", "PLAINTEXT://kafka-1:19092,HOST://localhost:9092"),
				entry("listeners", "PLAINTEXT://0.0.0.0:19092,HOST://0.0.0.0:9092"));
	}

	@Test
	void shouldFindTheMetricNamesOfPromQlExpressions() {
		assertThat(PromQl
			.metricNames("sum by (group) (rate(orders_processed_total{status=\"accepted\"}[$__rate_interval]))"))
			.containsExactly("orders_processed_total");
		assertThat(PromQl.metricNames("a_total / on(instance) group_left(kind) b_seconds offset 5m > 0.5 and c"))
			.containsExactly("a_total", "b_seconds", "c");
		assertThat(PromQl.metricNames("histogram_quantile(0.99, sum without (pod) (rate(x_bucket[5m])))"))
			.containsExactly("x_bucket");
	}

	@Test
	void shouldBuildEachServiceFromItsModuleWithTheRepositoryDockerfile() throws IOException {
		List<Service> applications = compose.applications();

		assertThat(applications).extracting(Service::name)
			.containsExactly("order-producer", "order-processor", "notification-service", "analytics-service",
					"archive-service", "group-monitor");
		for (Service service : applications) {
			assertThat(service.module()).contains(service.name());
			assertThat(ComposeFile.ROOT.resolve(service.name()).resolve("pom.xml")).exists();
			assertThat(ComposeFile.map(service.definition().get("build"))).containsEntry("context", ".");
			assertThat(service.image()).isEqualTo("kafka-consumer-groups/" + service.name());
		}
		String dockerfile = Files.readString(ComposeFile.ROOT.resolve("Dockerfile"));
		assertThat(dockerfile).contains("ARG MODULE", "./mvnw -B -q -pl \"${MODULE}\" -am package -DskipTests",
				"-Djarmode=tools -jar app.jar extract --layers --launcher", "FROM eclipse-temurin:17-jre\n",
				"USER app:app", "org.springframework.boot.loader.launch.JarLauncher");
		// The build context keeps everything the reactor build reads
		List<String> ignored = Files.readAllLines(ComposeFile.ROOT.resolve(".dockerignore"));
		assertThat(ignored).doesNotContain("pom.xml", "mvnw", ".mvn", "order-events", "kafka-local")
			.noneMatch((pattern) -> applications.stream().anyMatch((service) -> pattern.equals(service.name())));
	}

	@Test
	void shouldNameEachOrderProcessorReplicaByItsContainer() {
		Service processor = compose.service("order-processor");

		// Three replicas by default, each its own container: nothing that --scale would
		// give every replica alike
		assertThat(processor.replicas()).isEqualTo(3);
		assertThat(processor.definition()).doesNotContainKeys("container_name", "hostname");
		assertThat(processor.environment()).doesNotContainKey("INSTANCE_ID");
		// So each replica's instance id is its HOSTNAME, which Docker sets to the
		// container's id
		assertThat(ServiceConfigFile.properties("order-processor")).containsEntry("orders.processor.instance-id",
				"${INSTANCE_ID:${HOSTNAME:order-processor}}");
		// notification-service's transactional ids work the same way
		assertThat(compose.service("notification-service").environment()).doesNotContainKey("INSTANCE_ID");
		assertThat(ServiceConfigFile.properties("notification-service")).containsEntry("notifications.instance-id",
				"${INSTANCE_ID:${HOSTNAME:notification-service}}");
	}

	@Test
	void shouldStartTheServicesOnceTheTopicAndTheBucketExist() {
		Service init = compose.service("kafka-init");
		assertThat(ComposeFile.map(init.definition().get("depends_on")))
			.containsOnlyKeys("kafka-1", "kafka-2", "kafka-3")
			.allSatisfy((node, condition) -> assertThat(ComposeFile.map(condition)).containsEntry("condition",
					"service_healthy"));
		for (Service service : compose.applications()) {
			assertThat(ComposeFile.map(ComposeFile.map(service.definition().get("depends_on")).get("kafka-init")))
				.as(service.name())
				.containsEntry("condition", "service_completed_successfully");
		}
		assertThat(ComposeFile
			.map(ComposeFile.map(compose.service("archive-service").definition().get("depends_on")).get("minio-init")))
			.containsEntry("condition", "service_completed_successfully");
		// And each Kafka node keeps its data in its own volume
		for (Service node : compose.kafkaNodes()) {
			assertThat(node.volumes()).containsEntry(node.name() + "-data", node.environment().get("KAFKA_LOG_DIRS"));
		}
	}

	@Test
	void shouldArchiveIntoTheBucketMinioInitCreatesWithMiniosCredentials() {
		Map<String, String> archive = compose.service("archive-service").environment();
		Map<String, String> minio = compose.service("minio").environment();
		Service minioInit = compose.service("minio-init");

		assertThat(minioInit.command()).containsExactly("mb", "--ignore-existing",
				"local/" + archive.get("ARCHIVE_BUCKET"));
		assertThat(minioInit.environment()).containsEntry("MC_HOST_local",
				"http://" + minio.get("MINIO_ROOT_USER") + ":" + minio.get("MINIO_ROOT_PASSWORD") + "@minio:9000");
		assertThat(archive).containsEntry("S3_ENDPOINT", "http://minio:9000")
			.containsEntry("S3_ACCESS_KEY", minio.get("MINIO_ROOT_USER"))
			.containsEntry("S3_SECRET_KEY", minio.get("MINIO_ROOT_PASSWORD"));
		assertThat(compose.service("minio").command()).contains("server", "/data");
	}

	@Test
	void shouldScrapeEveryServiceAndProvisionTheDashboardInTheObservabilityProfile() throws IOException {
		Service prometheus = compose.service("prometheus");
		Service grafana = compose.service("grafana");

		assertThat(prometheus.profiles()).containsExactly("observability");
		assertThat(grafana.profiles()).containsExactly("observability");
		assertThat(PrometheusConfig.load().scrapedServices(compose)).containsExactlyInAnyOrderElementsOf(
				compose.applications().stream().map(Service::name).collect(Collectors.toSet()));
		assertThat(prometheus.volumes()).containsEntry("./compose/prometheus/prometheus.yml",
				"/etc/prometheus/prometheus.yml");
		// Grafana finds the provisioning and the dashboard where the files say
		assertThat(grafana.volumes()).containsEntry("./compose/grafana/provisioning", "/etc/grafana/provisioning")
			.containsEntry("./compose/grafana/dashboards", "/var/lib/grafana/dashboards");
		Map<String, Object> provider = ComposeFile.map(
				ComposeFile
					.list(ComposeFile
						.yaml(ComposeFile.ROOT.resolve("compose/grafana/provisioning/dashboards/consumer-groups.yml"))
						.get("providers"))
					.get(0));
		assertThat(ComposeFile.map(provider.get("options"))).containsEntry("path", "/var/lib/grafana/dashboards");
		assertThat(grafana.environment().get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
			.isEqualTo("/var/lib/grafana/dashboards/consumer-groups.json");
		// And every panel queries the provisioned data source
		Map<String, Object> datasource = ComposeFile.map(ComposeFile
			.list(ComposeFile.yaml(ComposeFile.ROOT.resolve("compose/grafana/provisioning/datasources/prometheus.yml"))
				.get("datasources"))
			.get(0));
		assertThat(datasource).containsEntry("url", "http://prometheus:9090");
		JsonNode dashboard = JsonMapper.builder()
			.build()
			.readTree(ComposeFile.ROOT.resolve("compose/grafana/dashboards/consumer-groups.json").toFile());
		assertThat(dashboard.findValues("datasource")).isNotEmpty()
			.allSatisfy((source) -> assertThat(source.get("uid").asString()).isEqualTo(datasource.get("uid")));
		// And every file mounted from the repository exists
		compose.services()
			.stream()
			.flatMap((service) -> service.volumes().keySet().stream())
			.filter((source) -> source.startsWith("./"))
			.forEach((source) -> assertThat(ComposeFile.ROOT.resolve(source)).exists());
	}

}
