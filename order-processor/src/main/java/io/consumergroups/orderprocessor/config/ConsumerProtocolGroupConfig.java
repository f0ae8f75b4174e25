package io.consumergroups.orderprocessor.config;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Under the consumer protocol (KIP-848) the session timeout and heartbeat interval belong
 * to the group, kept by the broker, and the client may not set them. So that
 * {@code orders.processor.group.session-timeout} and {@code heartbeat-interval} mean the
 * same under both protocols, this writes them to the group's config through the Admin API
 * before the consumer starts. The broker bounds them by
 * {@code group.consumer.min/max.session.timeout.ms} (45 s to 60 s by default) and
 * {@code group.consumer.min/max.heartbeat.interval.ms} (5 s to 15 s); the local cluster,
 * the Compose file and the tests' broker allow 6 s and 1 s. Values outside the bounds are
 * refused, logged, and the group keeps the broker's defaults.
 */
@Component
class ConsumerProtocolGroupConfig implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(ConsumerProtocolGroupConfig.class);

	private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(15);

	private final ProcessorProperties properties;

	private final KafkaAdmin kafkaAdmin;

	private final String groupId;

	ConsumerProtocolGroupConfig(ProcessorProperties properties, KafkaAdmin kafkaAdmin, KafkaProperties kafka) {
		this.properties = properties;
		this.kafkaAdmin = kafkaAdmin;
		this.groupId = kafka.getConsumer().getGroupId();
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.properties.group().protocol() != ProcessorProperties.GroupProtocol.CONSUMER) {
			return;
		}
		long session = this.properties.group().sessionTimeout().toMillis();
		long heartbeat = this.properties.group().heartbeatInterval().toMillis();
		Collection<AlterConfigOp> timeouts = List.of(set("consumer.session.timeout.ms", session),
				set("consumer.heartbeat.interval.ms", heartbeat));
		Map<ConfigResource, Collection<AlterConfigOp>> change = Map
			.of(new ConfigResource(ConfigResource.Type.GROUP, this.groupId), timeouts);
		try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
			admin.incrementalAlterConfigs(change).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			logger.info("Group {} (consumer protocol): session timeout {} ms, heartbeat interval {} ms", this.groupId,
					session, heartbeat);
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn(
					"Could not set the session timeout and heartbeat interval of group {} to {} and {} ms; it keeps the broker's defaults: {}",
					this.groupId, session, heartbeat, ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static AlterConfigOp set(String name, long value) {
		return new AlterConfigOp(new ConfigEntry(name, Long.toString(value)), AlterConfigOp.OpType.SET);
	}

}
