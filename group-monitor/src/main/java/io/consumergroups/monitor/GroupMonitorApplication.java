package io.consumergroups.monitor;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Watches every consumer group of a cluster through Kafka's Admin API: who owns which
 * partition, how far behind each group is, how it rebalances, and whether it should
 * scale. A live web page, {@code GET /api/groups} and Prometheus metrics show it.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GroupMonitorApplication {

	public static void main(String[] args) {
		// The config file is group-monitor.yml, so that several services can share one
		// classpath (the integration tests run them side by side in one JVM).
		new SpringApplicationBuilder(GroupMonitorApplication.class).properties("spring.config.name=group-monitor")
			.run(args);
	}

}
