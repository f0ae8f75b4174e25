package io.consumergroups.kafkalocal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Three secured nodes replicate and elect over their authenticated listeners (SCRAM
 * between brokers, client certificates between controllers), and a user may do what its
 * ACLs grant, nothing more.
 */
class SecuredLocalClusterIT {

	private static final String TOPIC = "secured-orders";

	private static final String GROUP = "secured-readers";

	@Test
	void shouldReplicateOverAuthenticatedListenersAndLetAUserDoOnlyWhatItIsGranted() throws Exception {
		try (LocalKafkaCluster cluster = LocalKafkaCluster.builder().nodes(3).secured().start()) {
			// Given a writer and a reader, each with its own password and grants
			String writerPassword = ClusterSecurity.randomPassword();
			String readerPassword = ClusterSecurity.randomPassword();
			cluster.grantAccess(
					List.of(allow("writer", ResourceType.TOPIC, TOPIC, AclOperation.WRITE),
							allow("reader", ResourceType.TOPIC, TOPIC, AclOperation.READ),
							allow("reader", ResourceType.GROUP, GROUP, AclOperation.READ)),
					Map.of("writer", writerPassword, "reader", readerPassword));
			TopicDescription topic = createTopic(cluster);

			// When the writer publishes with acks=all through an idempotent producer
			produce(cluster.clientProperties("writer", writerPassword), "order-1", "order-2", "order-3");

			// Then every partition has three in-sync replicas, and the reader's group
			// reads what was written
			assertThat(cluster.isSecured()).isTrue();
			assertThat(topic.partitions()).allSatisfy((partition) -> assertThat(partition.isr()).hasSize(3));
			assertThat(consume(cluster.clientProperties("reader", readerPassword), GROUP))
				.containsExactlyInAnyOrder("order-1", "order-2", "order-3");

			// And the writer may not read, the reader may not write or join another
			// group, and a wrong password does not log in
			assertThatThrownBy(() -> consume(cluster.clientProperties("writer", writerPassword), GROUP))
				.isInstanceOfAny(GroupAuthorizationException.class, TopicAuthorizationException.class);
			assertThatThrownBy(() -> consume(cluster.clientProperties("reader", readerPassword), "another-group"))
				.isInstanceOf(GroupAuthorizationException.class);
			// An idempotent producer of a user that may write no topic is refused its
			// producer id (cluster) or the topic, whichever request the broker answers
			// first
			assertThatThrownBy(() -> produce(cluster.clientProperties("reader", readerPassword), "order-4")).rootCause()
				.isInstanceOfAny(TopicAuthorizationException.class, ClusterAuthorizationException.class);
			assertThatThrownBy(() -> produce(cluster.clientProperties("writer", "not-" + writerPassword), "order-5"))
				.hasRootCauseInstanceOf(SaslAuthenticationException.class);
		}
	}

	private static AclBinding allow(String user, ResourceType type, String name, AclOperation operation) {
		return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
				new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
	}

	private static TopicDescription createTopic(LocalKafkaCluster cluster) throws Exception {
		try (Admin admin = Admin.create(cluster.adminProperties())) {
			admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
			return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
		}
	}

	private static void produce(Map<String, Object> client, String... values) throws Exception {
		Map<String, Object> config = new HashMap<>(client);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
				new StringSerializer())) {
			for (String value : values) {
				try {
					producer.send(new ProducerRecord<>(TOPIC, value, value)).get(30, TimeUnit.SECONDS);
				}
				catch (ExecutionException ex) {
					throw new IllegalStateException(ex.getCause());
				}
			}
		}
	}

	private static List<String> consume(Map<String, Object> client, String group) {
		Map<String, Object> config = new HashMap<>(client);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<String> values = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new StringDeserializer())) {
			consumer.subscribe(List.of(TOPIC));
			await().atMost(Duration.ofSeconds(60)).pollInSameThread().until(() -> {
				consumer.poll(Duration.ofMillis(500)).forEach((record) -> values.add(record.value()));
				return values.size() >= 3;
			});
		}
		return values;
	}

}
