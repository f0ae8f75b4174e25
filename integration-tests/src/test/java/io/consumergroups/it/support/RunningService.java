package io.consumergroups.it.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.consumergroups.orderprocessor.OrderProcessorApplication;
import io.consumergroups.orderproducer.OrderProducerApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * A service started in this JVM against the test's cluster, on a random HTTP port.
 * Several can run side by side (each replica is its own application context, with its own
 * Kafka clients), which is how a test runs a consumer group of N replicas.
 */
public final class RunningService implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private RunningService(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Start one replica of order-processor.
	 * @param kafka the cluster
	 * @param instanceId the replica's name, e.g. {@code order-processor-1}
	 * @param properties more properties, e.g. the group protocol
	 * @return the running replica
	 */
	public static RunningService orderProcessor(TestKafka kafka, String instanceId, String... properties) {
		return start(OrderProcessorApplication.class, "order-processor", kafka,
				with(properties, "orders.processor.instance-id=" + instanceId));
	}

	/**
	 * Start order-producer, with its load generator off unless a property says otherwise.
	 * @param kafka the cluster
	 * @param properties more properties
	 * @return the running producer
	 */
	public static RunningService orderProducer(TestKafka kafka, String... properties) {
		return start(OrderProducerApplication.class, "order-producer", kafka, properties);
	}

	/**
	 * Start any of the project's services in this JVM.
	 * @param application its {@code @SpringBootApplication} class
	 * @param configName its config file's name, e.g. {@code archive-service}
	 * @param kafka the cluster
	 * @param properties more properties, {@code name=value}
	 * @return the running service
	 */
	public static RunningService start(Class<?> application, String configName, TestKafka kafka, String... properties) {
		// As command-line arguments, since these must win over the service's own YAML. A
		// key given twice becomes a list: the bootstrap servers only when not given
		String bootstrap = "spring.kafka.bootstrap-servers=";
		List<String> args = new ArrayList<>(List.of("--spring.config.name=" + configName, "--server.port=0"));
		if (Arrays.stream(properties).noneMatch((property) -> property.startsWith(bootstrap))) {
			args.add("--" + bootstrap + kafka.bootstrapServers());
		}
		Arrays.stream(properties).map((property) -> "--" + property).forEach(args::add);
		return new RunningService(new SpringApplicationBuilder(application).run(args.toArray(String[]::new)));
	}

	private static String[] with(String[] properties, String property) {
		String[] all = new String[properties.length + 1];
		all[0] = property;
		System.arraycopy(properties, 0, all, 1, properties.length);
		return all;
	}

	/**
	 * A client for the service's HTTP API.
	 * @return a client whose base URL is the service
	 */
	public RestClient http() {
		return RestClient.create("http://localhost:" + port());
	}

	/**
	 * The service's HTTP port.
	 * @return the port it listens on
	 */
	public int port() {
		return Integer.parseInt(this.context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	/**
	 * The service's beans, for the rare assertion that needs one.
	 * @return the application context
	 */
	public ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
