package io.consumergroups.orderprocessor.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.consumergroups.events.Topics;
import io.consumergroups.orderprocessor.config.ProcessorProperties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * On a cluster that authenticates its clients, checks before the listener starts that
 * this replica's principal has the ACLs it needs, and refuses to start, naming each
 * missing one. Without it a missing grant shows late and vaguely: Spring Kafka stops the
 * container on the group's authorization error ("Not authorized to access group") while
 * the application stays up, and a refused transactional id fails every poll's
 * transaction, again and again. The broker says what the caller may do (Admin API,
 * authorized operations, KIP-430); on a {@code PLAINTEXT} connection nothing is checked.
 */
@Component
class KafkaAccessCheck implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(KafkaAccessCheck.class);

	private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(15);

	private final KafkaAdmin kafkaAdmin;

	private final ProcessorProperties properties;

	private final String groupId;

	KafkaAccessCheck(KafkaAdmin kafkaAdmin, ProcessorProperties properties, KafkaProperties kafka) {
		this.kafkaAdmin = kafkaAdmin;
		this.properties = properties;
		// A share member needs READ on its share group, a resource of the same type
		this.groupId = (properties.group().type() == ProcessorProperties.GroupType.SHARE)
				? properties.group().shareGroupId() : kafka.getConsumer().getGroupId();
	}

	@Override
	public void afterSingletonsInstantiated() {
		Map<String, Object> settings = this.kafkaAdmin.getConfigurationProperties();
		Object protocol = settings.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
				SecurityProtocol.PLAINTEXT.name);
		if (SecurityProtocol.PLAINTEXT.name.equalsIgnoreCase(String.valueOf(protocol))) {
			return;
		}
		List<String> missing = new ArrayList<>();
		try (Admin admin = Admin.create(settings)) {
			missing.addAll(missingOnGroup(admin));
			missing.addAll(missingOnTopics(admin));
			if (this.properties.exactlyOnce()
					&& this.properties.group().type() == ProcessorProperties.GroupType.CONSUMER) {
				missing.addAll(missingOnTransactionalIds(admin));
			}
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Could not check this replica's Kafka ACLs: {}", ex.getMessage());
			return;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		if (!missing.isEmpty()) {
			throw new IllegalStateException("The Kafka principal of " + this.properties.instanceId()
					+ " is missing ACLs: " + String.join("; ", missing) + " (docs/security.md)");
		}
	}

	private List<String> missingOnGroup(Admin admin) throws ExecutionException, TimeoutException, InterruptedException {
		String needed = "READ on group " + this.groupId;
		try {
			Set<AclOperation> allowed = get(admin
				.describeConsumerGroups(List.of(this.groupId),
						new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true))
				.describedGroups()
				.get(this.groupId)).authorizedOperations();
			return (allowed == null || allowed.contains(AclOperation.READ)) ? List.of() : List.of(needed);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof GroupAuthorizationException) {
				return List.of(needed);
			}
			// A group the broker does not know yet: nothing to tell
			return List.of();
		}
	}

	private static List<String> missingOnTopics(Admin admin)
			throws ExecutionException, TimeoutException, InterruptedException {
		Map<String, AclOperation> needed = Map.of(Topics.ORDERS, AclOperation.READ, Topics.ORDER_STATUS,
				AclOperation.WRITE, Topics.ORDERS_DLT, AclOperation.WRITE);
		Map<String, KafkaFuture<TopicDescription>> described = admin
			.describeTopics(needed.keySet(), new DescribeTopicsOptions().includeAuthorizedOperations(true))
			.topicNameValues();
		List<String> missing = new ArrayList<>();
		for (Map.Entry<String, AclOperation> topic : needed.entrySet()) {
			String need = topic.getValue() + " on topic " + topic.getKey();
			try {
				Set<AclOperation> allowed = get(described.get(topic.getKey())).authorizedOperations();
				if (allowed != null && !allowed.contains(topic.getValue())) {
					missing.add(need);
				}
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof TopicAuthorizationException) {
					missing.add(need);
				}
				else if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
					throw ex;
				}
			}
		}
		return missing;
	}

	/**
	 * Whether the transactional ids may be used, told by describing one: a principal that
	 * may not is refused, one that may learns that it does not exist.
	 */
	private List<String> missingOnTransactionalIds(Admin admin)
			throws ExecutionException, TimeoutException, InterruptedException {
		String prefix = this.properties.instanceId() + "-tx-";
		try {
			get(admin.describeTransactions(List.of(prefix + "0")).all());
			return List.of();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof TransactionalIdAuthorizationException) {
				return List.of("WRITE and DESCRIBE on transactional ids " + prefix + "*");
			}
			if (ex.getCause() instanceof TransactionalIdNotFoundException) {
				return List.of();
			}
			throw ex;
		}
	}

	private static <T> T get(KafkaFuture<T> future) throws ExecutionException, TimeoutException, InterruptedException {
		return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
	}

}
