package io.consumergroups.orderprocessor.config;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * The settings the broker keeps for the group, not the client, written to the group's
 * config through the Admin API before the listener starts.
 * <ul>
 * <li>Consumer protocol (KIP-848): the session timeout and heartbeat interval belong to
 * the group, and the client may not set them. So that
 * {@code orders.processor.group.session-timeout} and {@code heartbeat-interval} mean the
 * same under both protocols, they are written here. The broker bounds them by
 * {@code group.consumer.min/max.session.timeout.ms} (45 s to 60 s by default) and
 * {@code group.consumer.min/max.heartbeat.interval.ms} (5 s to 15 s).</li>
 * <li>Share group (KIP-932): the same two, and what a consumer group says in client
 * settings: where a new group starts ({@code share.auto.offset.reset=earliest}; the
 * default, {@code latest}, would skip the orders published before the first member
 * joined), which records it reads ({@code share.isolation.level=read_committed}, as the
 * consumer group does), and how long a member holds a record it acquired
 * ({@code share.record.lock.duration.ms}, 30 s by default, at least 15 s unless the
 * broker's {@code group.share.min.record.lock.duration.ms} is lowered).</li>
 * </ul>
 * The local cluster, the Compose file and the tests' broker lower those minimums to 6 s,
 * 1 s and 1 s. Values outside the bounds are refused, logged, and the group keeps the
 * broker's defaults.
 */
@Component
class BrokerSideGroupConfig implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(BrokerSideGroupConfig.class);

	/**
	 * How long the write may take, the Admin client's retries of retriable errors
	 * included: long enough for a service's first request to a secured broker on a busy
	 * machine (TLS, SCRAM, metadata), since a write given up on leaves the group on the
	 * broker's defaults.
	 */
	private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

	private final ProcessorProperties properties;

	private final KafkaAdmin kafkaAdmin;

	private final String consumerGroupId;

	BrokerSideGroupConfig(ProcessorProperties properties, KafkaAdmin kafkaAdmin, KafkaProperties kafka) {
		this.properties = properties;
		this.kafkaAdmin = kafkaAdmin;
		this.consumerGroupId = kafka.getConsumer().getGroupId();
	}

	@Override
	public void afterSingletonsInstantiated() {
		Map<String, String> configs = configs(this.properties);
		if (configs.isEmpty()) {
			return;
		}
		String groupId = (this.properties.group().type() == ProcessorProperties.GroupType.SHARE)
				? this.properties.group().shareGroupId() : this.consumerGroupId;
		Collection<AlterConfigOp> settings = configs.entrySet()
			.stream()
			.map((config) -> new AlterConfigOp(new ConfigEntry(config.getKey(), config.getValue()),
					AlterConfigOp.OpType.SET))
			.toList();
		Map<ConfigResource, Collection<AlterConfigOp>> change = Map
			.of(new ConfigResource(ConfigResource.Type.GROUP, groupId), settings);
		try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
			admin.incrementalAlterConfigs(change, new AlterConfigsOptions().timeoutMs((int) ADMIN_TIMEOUT.toMillis()))
				.all()
				.get(ADMIN_TIMEOUT.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
			logger.info("Group {}: {}", groupId, configs);
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Could not set {} on group {}; it keeps the broker's defaults: {}", configs, groupId,
					ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The group configs this replica's settings call for.
	 * @param properties the replica's settings
	 * @return config names and values, in the order they are logged; empty for a consumer
	 * group under the classic protocol, whose client sets them all
	 */
	static Map<String, String> configs(ProcessorProperties properties) {
		ProcessorProperties.Group group = properties.group();
		String session = Long.toString(group.sessionTimeout().toMillis());
		String heartbeat = Long.toString(group.heartbeatInterval().toMillis());
		Map<String, String> configs = new LinkedHashMap<>();
		if (group.type() == ProcessorProperties.GroupType.SHARE) {
			configs.put("share.auto.offset.reset", "earliest");
			configs.put("share.isolation.level", "read_committed");
			configs.put("share.record.lock.duration.ms", Long.toString(group.recordLockDuration().toMillis()));
			configs.put("share.session.timeout.ms", session);
			configs.put("share.heartbeat.interval.ms", heartbeat);
		}
		else if (group.protocol() == ProcessorProperties.GroupProtocol.CONSUMER) {
			configs.put("consumer.session.timeout.ms", session);
			configs.put("consumer.heartbeat.interval.ms", heartbeat);
		}
		return configs;
	}

}
