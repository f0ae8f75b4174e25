package io.consumergroups.it.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.consumergroups.demo.ServicePort;
import io.consumergroups.it.compose.ComposeFile.Port;
import io.consumergroups.it.compose.ComposeFile.Service;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's ports, {@link ServicePort}, as everything else writes them: each service's
 * default {@code server.port}, Kafka and S3 endpoints in its {@code <service>.yml}; the
 * ports {@code docker-compose.yml} checks and publishes and the Kafka listeners of both
 * compose files; the README's tables of ports and docs/compose.md's. Change a port in the
 * table, and this test lists every place still to change.
 */
class ServicePortsTest {

	private static final ComposeFile compose = ComposeFile.load();

	private static final Pattern EXTERNAL_LISTENER = Pattern.compile("EXTERNAL://[^:,]*:(\\d+)");

	private static final Pattern LEADING_NUMBER = Pattern.compile("(\\d+)\\b.*");

	@Test
	void shouldListenOnTheTablesPortsUnlessToldOtherwise() {
		for (ServicePort service : ServicePort.values()) {
			Map<String, String> config = ServiceConfigFile.properties(service.service());

			assertThat(ServiceConfigFile.defaultServerPort(service.service())).as(service.service())
				.isEqualTo(service.port());
			assertThat(config.get("spring.kafka.bootstrap-servers")).as(service.service())
				.isEqualTo("localhost:" + ServicePort.FIRST_KAFKA_NODE);
		}
		assertThat(ServiceConfigFile.properties(ServicePort.ARCHIVE_SERVICE.service()).get("archive.s3.endpoint"))
			.isEqualTo("${S3_ENDPOINT:http://localhost:" + ServicePort.S3PROXY + "}");
	}

	@Test
	void shouldCheckAndPublishEachServiceOnThePortItListensOn() {
		assertThat(compose.applications()).extracting(Service::name)
			.containsExactlyInAnyOrderElementsOf(
					Arrays.stream(ServicePort.values()).map(ServicePort::service).toList());
		for (Service service : compose.applications()) {
			int port = service.httpPort();

			assertThat(port).as(service.name()).isEqualTo(ServiceConfigFile.defaultServerPort(service.name()));
			assertThat(port).as(service.name()).isEqualTo(portOf(service.name()));
			assertThat(service.ports()).as(service.name()).extracting(Port::container).containsExactly(port);
		}
		// The ports of ./demo, but for the order-processor replicas: one ephemeral host
		// port each, since replicas cannot share one
		for (ServicePort service : ServicePort.values()) {
			Integer host = (service == ServicePort.ORDER_PROCESSOR) ? null : service.port();
			assertThat(compose.service(service.service()).ports()).as(service.service())
				.containsExactly(new Port(host, service.port()));
		}
		assertThat(compose.kafkaNodes().stream().flatMap((node) -> node.ports().stream()).map(Port::host))
			.containsExactlyElementsOf(ServicePort.kafkaNodes(3));
		// MinIO stands in for S3Proxy on the same port, archive-service's default
		assertThat(compose.service("minio").ports()).contains(new Port(ServicePort.S3PROXY, ServicePort.S3PROXY));
	}

	@Test
	void shouldListenForTheHostOnTheTablesKafkaPortsInBothComposeFiles() {
		List<Integer> ports = ServicePort.kafkaNodes(3);
		for (String file : List.of("docker-compose.yml", "docker-compose.secure.yml")) {
			ComposeFile nodes = ComposeFile.load(file);
			for (int node = 1; node <= ports.size(); node++) {
				Map<String, String> environment = nodes.service("kafka-" + node).environment();

				assertThat(externalPort(environment.get("KAFKA_LISTENERS"))).as(file + " kafka-" + node)
					.isEqualTo(ports.get(node - 1));
				assertThat(externalPort(environment.get("KAFKA_ADVERTISED_LISTENERS"))).as(file + " kafka-" + node)
					.isEqualTo(ports.get(node - 1));
			}
		}
	}

	@Test
	void shouldWriteTheTablesPortsInTheComposeFilesHeader() throws IOException {
		String header = Files.readString(ComposeFile.ROOT.resolve("docker-compose.yml"));
		header = header.substring(0, header.indexOf("\nname:"));

		assertThat(header).contains("Kafka " + ServicePort.FIRST_KAFKA_NODE + "-" + ServicePort.kafkaNodes(3).get(2))
			.contains("order-processor replicas publish " + ServicePort.ORDER_PROCESSOR.port());
		for (ServicePort service : ServicePort.values()) {
			if (service != ServicePort.ORDER_PROCESSOR) {
				assertThat(header).contains(service.service() + " " + service.port());
			}
		}
	}

	@Test
	void shouldListTheTablesPortsInTheReadme() throws IOException {
		Map<String, String> whileTheDemoRuns = table(ComposeFile.ROOT.resolve("README.md"), "## Run it");
		Map<String, String> services = table(ComposeFile.ROOT.resolve("README.md"), "## Services, topics, groups");

		for (ServicePort service : ServicePort.values()) {
			assertThat(leadingNumber(services.get(service.service()))).as("README's services: " + service.service())
				.isEqualTo(service.port());
			if (service != ServicePort.ORDER_PROCESSOR) {
				assertThat(whileTheDemoRuns.get(service.service())).as("README's ./demo table: " + service.service())
					.startsWith(url(service.port()));
			}
		}
		// Replica K on 8090 + K, which the README writes 809K
		assertThat(whileTheDemoRuns.get("order-processor-K"))
			.startsWith(url(ServicePort.processorReplica(0)).replace("0>", "K>"));
		assertThat(whileTheDemoRuns.get("Kafka")).isEqualTo("`" + bootstrapServers() + "`");
		assertThat(whileTheDemoRuns.get("archive-service")).contains("S3Proxy on " + ServicePort.S3PROXY);
	}

	@Test
	void shouldListTheTablesPortsInTheComposeWalkthrough() throws IOException {
		Map<String, String> ports = table(ComposeFile.ROOT.resolve("docs/compose.md"), "## Run it");

		for (ServicePort service : ServicePort.values()) {
			if (service != ServicePort.ORDER_PROCESSOR) {
				assertThat(ports.get(service.service())).as(service.service()).isEqualTo(url(service.port()));
			}
		}
		assertThat(ports.get("order-processor")).startsWith("port " + ServicePort.ORDER_PROCESSOR.port() + " ");
		assertThat(ports.get("Kafka, from the host")).isEqualTo("`" + bootstrapServers() + "`");
	}

	private static int portOf(String service) {
		return Arrays.stream(ServicePort.values())
			.filter((port) -> port.service().equals(service))
			.findFirst()
			.map(ServicePort::port)
			.orElseThrow(() -> new AssertionError(service + " is not in ServicePort"));
	}

	private static int externalPort(String listeners) {
		Matcher listener = EXTERNAL_LISTENER.matcher(String.valueOf(listeners));
		assertThat(listener.find()).as("an EXTERNAL listener in " + listeners).isTrue();
		return Integer.parseInt(listener.group(1));
	}

	private static Integer leadingNumber(String cell) {
		Matcher number = LEADING_NUMBER.matcher(String.valueOf(cell));
		return number.matches() ? Integer.valueOf(number.group(1)) : null;
	}

	private static String url(int port) {
		return "<http://localhost:" + port + ">";
	}

	private static String bootstrapServers() {
		return ServicePort.kafkaNodes(3).stream().map((port) -> "localhost:" + port).collect(Collectors.joining(","));
	}

	/**
	 * The rows of the Markdown tables in a section, by their first cell: a service's
	 * name, without the {@code ×N} of its replicas.
	 * @param file the Markdown file
	 * @param heading the section's heading line, e.g. {@code ## Run it}
	 * @return each row's first cell to its second
	 */
	private static Map<String, String> table(Path file, String heading) throws IOException {
		List<String> lines = Files.readAllLines(file);
		int start = lines.indexOf(heading);
		assertThat(start).as(heading + " in " + file).isNotNegative();
		Map<String, String> rows = new LinkedHashMap<>();
		for (String line : lines.subList(start + 1, lines.size())) {
			if (line.startsWith("## ")) {
				break;
			}
			String[] cells = line.split("\\|");
			if (line.startsWith("|") && cells.length > 2) {
				rows.putIfAbsent(cells[1].trim().replaceFirst("\\s+×\\w+$", ""), cells[2].trim());
			}
		}
		return rows;
	}

}
