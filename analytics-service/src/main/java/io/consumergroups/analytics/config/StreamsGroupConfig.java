package io.consumergroups.analytics.config;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.consumergroups.analytics.AnalyticsProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.streams.GroupProtocol;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Under the streams protocol (KIP-1071) the session timeout and heartbeat interval are
 * the group's, kept by the broker: 45 s and 5 s by default, so a killed instance's tasks
 * would wait 45 s for another owner. This writes {@code analytics.group.session-timeout}
 * and {@code heartbeat-interval} to the group's config through the Admin API before Kafka
 * Streams starts. The broker bounds them by
 * {@code group.streams.min/max.session.timeout.ms} and
 * {@code group.streams.min/max.heartbeat.interval.ms} (45 s to 60 s and 5 s to 15 s by
 * default); the local cluster and the tests' broker allow 6 s and 1 s. Values outside the
 * bounds are refused, logged, and the group keeps the broker's defaults.
 */
@Component
class StreamsGroupConfig implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(StreamsGroupConfig.class);

	/**
	 * How long the write may take, the Admin client's retries of retriable errors
	 * included: long enough for a service's first request to a secured broker on a busy
	 * machine (TLS, SCRAM, metadata), since a write given up on leaves the group on the
	 * broker's defaults.
	 */
	private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

	private final AnalyticsProperties.Group group;

	private final KafkaAdmin kafkaAdmin;

	private final StreamsBuilderFactoryBean streams;

	StreamsGroupConfig(AnalyticsProperties properties, KafkaAdmin kafkaAdmin, StreamsBuilderFactoryBean streams) {
		this.group = properties.group();
		this.kafkaAdmin = kafkaAdmin;
		this.streams = streams;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.group.protocol() != GroupProtocol.STREAMS) {
			return;
		}
		String groupId = this.streams.getStreamsConfiguration().getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
		long session = this.group.sessionTimeout().toMillis();
		long heartbeat = this.group.heartbeatInterval().toMillis();
		Collection<AlterConfigOp> timeouts = List.of(set("streams.session.timeout.ms", session),
				set("streams.heartbeat.interval.ms", heartbeat));
		try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
			admin
				.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, groupId), timeouts),
						new AlterConfigsOptions().timeoutMs((int) ADMIN_TIMEOUT.toMillis()))
				.all()
				.get(ADMIN_TIMEOUT.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
			logger.info("Group {} (streams protocol): session timeout {} ms, heartbeat interval {} ms", groupId,
					session, heartbeat);
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Could not set the session timeout and heartbeat interval of streams group {} to {} and {} ms;"
					+ " it keeps the broker's defaults: {}", groupId, session, heartbeat, ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static AlterConfigOp set(String name, long value) {
		return new AlterConfigOp(new ConfigEntry(name, Long.toString(value)), AlterConfigOp.OpType.SET);
	}

}
