package io.consumergroups.it.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.consumergroups.events.Topics;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import io.consumergroups.kafkalocal.ServiceAcls;
import io.consumergroups.notification.NotificationTopics;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Least privilege, proven by refusal: on a cluster with kafka-local's {@code acls.txt},
 * each service, logged in as itself, tries everything this test does not expect it to
 * need (read or write every topic of the architecture, join and move every other group,
 * use every other transactional id, delete, create, grant, manage users), and Kafka
 * refuses each with its authorization error. What each service does need is stated here,
 * apart from the ACL file, so a grant too many in the file fails the matrix; the same
 * attempts made where they are granted succeed, so a refusal is never the attempt's own
 * fault.
 */
class CrossAccessIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.secured();

	private static final Logger logger = LoggerFactory.getLogger(CrossAccessIT.class);

	private static final String ANALYTICS_OUTPUT = "analytics.revenue-by-region";

	/** A topic of Kafka Streams' own: {@code <application.id>-...-repartition}. */
	private static final String STREAMS_INTERNAL = "analytics-service-orders-by-region-repartition";

	private static final List<String> TOPICS = List.of(Topics.ORDERS, Topics.ORDER_STATUS, Topics.ORDERS_DLT,
			NotificationTopics.SENT, NotificationTopics.DEAD_LETTERS, ANALYTICS_OUTPUT, STREAMS_INTERNAL);

	private static final List<String> SERVICES = List.of("order-producer", "order-processor", "notification-service",
			"analytics-service", "archive-service", "group-monitor");

	private static final Map<String, Set<String>> READS = Map.of("order-processor", Set.of(Topics.ORDERS),
			"notification-service", Set.of(Topics.ORDERS, Topics.ORDER_STATUS, NotificationTopics.SENT),
			"analytics-service", Set.of(Topics.ORDERS, STREAMS_INTERNAL), "archive-service", Set.of(Topics.ORDERS),
			"group-monitor", Set.of(Topics.ORDER_STATUS));

	private static final Map<String, Set<String>> WRITES = Map.of("order-producer", Set.of(Topics.ORDERS),
			"order-processor", Set.of(Topics.ORDER_STATUS, Topics.ORDERS_DLT), "notification-service",
			Set.of(NotificationTopics.SENT, NotificationTopics.DEAD_LETTERS), "analytics-service",
			Set.of(ANALYTICS_OUTPUT, STREAMS_INTERNAL));

	private static final Map<String, String> GROUPS = Map.of("order-processor", "order-processors",
			"notification-service", "notification-service", "analytics-service", "analytics-service", "archive-service",
			"archive-service");

	/**
	 * order-processor's share group (KIP-932), which only order-processor may join, in
	 * share mode.
	 */
	private static final String SHARE_GROUP = "order-processors-share";

	/** A transactional id as each exactly-once service names its own. */
	private static final Map<String, String> TRANSACTIONAL_IDS = Map.of("order-processor", "order-processor-1-tx-0",
			"notification-service", "notification-service-1-tx-0", "analytics-service",
			"analytics-service-" + UUID.randomUUID() + "-1");

	private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

	private static final Map<String, Admin> admins = new HashMap<>();

	@BeforeAll
	static void createEveryTopicWithARecord() {
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			for (String topic : TOPICS) {
				probe.createTopic(topic, 1);
				probe.publishRaw(topic, "key", "a record to read".getBytes(StandardCharsets.UTF_8));
			}
		}
	}

	@AfterAll
	static void closeAdmins() {
		admins.values().forEach(Admin::close);
	}

	@Test
	void shouldRefuseEachServiceEverythingItWasNotGranted() {
		// Given every operation of the matrix that no service was meant to have
		List<Attempt> attempts = new ArrayList<>();
		for (String service : SERVICES) {
			for (String topic : TOPICS) {
				if (!READS.getOrDefault(service, Set.of()).contains(topic)) {
					attempts.add(read(service, topic));
				}
				if (!WRITES.getOrDefault(service, Set.of()).contains(topic)) {
					attempts.add(write(service, topic));
				}
			}
			Set<String> groups = new HashSet<>(GROUPS.values());
			groups.add(SHARE_GROUP);
			for (String group : groups) {
				if (!group.equals(GROUPS.get(service))
						&& !(group.equals(SHARE_GROUP) && service.equals("order-processor"))) {
					attempts.add(join(service, group));
					attempts.add(moveOffsets(service, group));
				}
				attempts.add(deleteGroup(service, group));
			}
			TRANSACTIONAL_IDS.forEach((owner, transactionalId) -> {
				if (!owner.equals(service)) {
					attempts.add(transaction(service, transactionalId));
				}
			});
			attempts.addAll(List.of(deleteTopic(service, Topics.ORDERS), createTopic(service, "unplanned-" + service),
					grantItselfEverything(service), listAcls(service), changeAdminPassword(service)));
		}

		// When each is tried, logged in as that service
		Map<Attempt, Throwable> outcomes = tryAll(attempts);

		// Then Kafka refuses every one with its authorization error for that resource
		long denied = outcomes.entrySet()
			.stream()
			.filter((outcome) -> outcome.getKey().refusal().isInstance(outcome.getValue()))
			.count();
		logger.info("Cross-access matrix: {} of {} attempts denied", denied, attempts.size());
		assertThat(outcomes).allSatisfy((attempt, outcome) -> assertThat(outcome)
			.as("%s, expected %s", attempt, attempt.refusal().getSimpleName())
			.isInstanceOf(attempt.refusal()));
		assertThat(denied).isEqualTo(attempts.size());
	}

	@Test
	void shouldLetEachServiceDoWhatItNeedsWithTheSameAttempts() {
		// Given the attempts of the matrix, where this test says they are needed
		List<Attempt> granted = new ArrayList<>();
		READS.forEach((service, topics) -> topics.forEach((topic) -> granted.add(read(service, topic))));
		WRITES.forEach((service, topics) -> topics.forEach((topic) -> granted.add(write(service, topic))));
		GROUPS.forEach((service, group) -> granted.add(join(service, group)));
		TRANSACTIONAL_IDS.forEach((service, transactionalId) -> granted.add(transaction(service, transactionalId)));

		// When each is tried
		Map<Attempt, Throwable> outcomes = tryAll(granted);

		// Then none is refused: the refusals above are the ACLs' doing
		logger.info("Granted controls: {} of {} attempts succeeded",
				outcomes.values().stream().filter(Succeeded.class::isInstance).count(), granted.size());
		assertThat(outcomes)
			.allSatisfy((attempt, outcome) -> assertThat(outcome).as(attempt.toString()).isInstanceOf(Succeeded.class));
	}

	@Test
	void shouldRefuseAWrongPasswordAndAnUnknownUserAtAuthentication() {
		// Given a service's user with another password, and a user nobody created
		Map<String, Object> wrongPassword = login("order-processor", "not-" + kafka.password("order-processor"));
		Map<String, Object> unknownUser = login("order-processor-2", kafka.password("order-processor"));

		// When they connect, Then the broker refuses them before any request
		assertThatThrownBy(() -> describeCluster(wrongPassword)).isInstanceOf(SaslAuthenticationException.class)
			.hasMessageContaining("SCRAM-SHA-512");
		assertThatThrownBy(() -> describeCluster(unknownUser)).isInstanceOf(SaslAuthenticationException.class);
	}

	@Test
	void shouldNotLetAClientConnectWithoutTlsNorOneThatDoesNotTrustTheCluster() {
		// Given a client without TLS, with and without a login, and one with TLS that
		// trusts only the JDK's authorities
		Map<String, Object> saslWithoutTls = login("order-processor", kafka.password("order-processor"));
		saslWithoutTls.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
		Map<String, Object> plaintext = new HashMap<>(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
				kafka.bootstrapServers(), CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT"));
		Map<String, Object> untrusting = login("order-processor", kafka.password("order-processor"));
		untrusting.remove("ssl.truststore.location");
		untrusting.remove("ssl.truststore.password");
		untrusting.remove("ssl.truststore.type");

		// When they connect, Then the plain ones get no answer at all and the other
		// fails the TLS handshake
		assertThatThrownBy(() -> describeCluster(saslWithoutTls))
			.isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
		assertThatThrownBy(() -> describeCluster(plaintext))
			.isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
		assertThatThrownBy(() -> describeCluster(untrusting)).isInstanceOf(SslAuthenticationException.class);
	}

	@Test
	void shouldStopOrderProcessorAtStartUpNamingTheGrantItLacks() {
		// Given a principal with every grant of order-processor but its group's
		String user = "order-processor-without-group";
		String password = UUID.randomUUID().toString();
		List<ServiceAcls.Grant> grants = ServiceAcls.load()
			.grantsOf("order-processor")
			.stream()
			.filter((grant) -> grant.resourceType() != ResourceType.GROUP)
			.map((grant) -> grant.forPrincipal(user))
			.toList();
		kafka.local().orElseThrow().grantAccess(ServiceAcls.bindings(grants), Map.of(user, password));
		String[] properties = kafka.local()
			.orElseThrow()
			.springKafkaProperties(user, password)
			.entrySet()
			.stream()
			.map((property) -> property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);

		// When order-processor starts as that principal, Then it does not start, and
		// says which grant is missing, at once rather than after retries
		assertTimeoutPreemptively(Duration.ofSeconds(120),
				() -> assertThatThrownBy(() -> RunningService.orderProcessor(kafka, "order-processor-9", properties))
					.isInstanceOf(IllegalStateException.class)
					.hasMessageContaining("READ on group order-processors")
					.hasMessageContaining("order-processor-9"));
	}

	private static Map<Attempt, Throwable> tryAll(List<Attempt> attempts) {
		Map<Attempt, Throwable> outcomes = new LinkedHashMap<>();
		for (Attempt attempt : attempts) {
			Throwable outcome;
			try {
				attempt.action().run(attempt.service());
				outcome = new Succeeded();
			}
			catch (ExecutionException ex) {
				outcome = ex.getCause();
			}
			catch (Exception ex) {
				outcome = ex;
			}
			logger.debug("{}: {}", attempt, outcome);
			outcomes.put(attempt, outcome);
		}
		return outcomes;
	}

	private static Attempt read(String service, String topic) {
		return new Attempt(service, "read a record of " + topic, TopicAuthorizationException.class, (user) -> {
			Map<String, Object> settings = kafka.clientProperties(user);
			settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
			try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
					new ByteArrayDeserializer())) {
				consumer.assign(List.of(new TopicPartition(topic, 0)));
				long deadline = System.nanoTime() + ATTEMPT_TIMEOUT.toNanos();
				while (consumer.poll(Duration.ofMillis(200)).isEmpty()) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("Neither a record nor a refusal");
					}
				}
			}
		});
	}

	private static Attempt write(String service, String topic) {
		return new Attempt(service, "write to " + topic, TopicAuthorizationException.class, (user) -> {
			Map<String, Object> settings = kafka.clientProperties(user);
			// Not idempotent: a producer id is asked for a cluster-wide grant, and the
			// refusal under test is the topic's
			settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
			settings.put(ProducerConfig.ACKS_CONFIG, "1");
			settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) ATTEMPT_TIMEOUT.toMillis());
			try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(),
					new ByteArraySerializer())) {
				producer.send(new ProducerRecord<>(topic, new byte[] { 1 }))
					.get(ATTEMPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			}
		});
	}

	private static Attempt join(String service, String group) {
		return new Attempt(service, "join group " + group, GroupAuthorizationException.class, (user) -> {
			Map<String, Object> settings = kafka.clientProperties(user);
			settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
			settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
			try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
					new ByteArrayDeserializer())) {
				// Every service may at least look up orders: the refusal is the group's
				consumer.subscribe(List.of(Topics.ORDERS));
				long deadline = System.nanoTime() + ATTEMPT_TIMEOUT.toNanos();
				while (consumer.assignment().isEmpty()) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("Neither an assignment nor a refusal");
					}
					consumer.poll(Duration.ofMillis(200));
				}
			}
		});
	}

	private static Attempt moveOffsets(String service, String group) {
		return new Attempt(service, "move the offsets of group " + group, GroupAuthorizationException.class,
				(user) -> admin(user)
					.alterConsumerGroupOffsets(group,
							Map.of(new TopicPartition(Topics.ORDERS, 0), new OffsetAndMetadata(0)))
					.all()
					.get(ATTEMPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
	}

	private static Attempt deleteGroup(String service, String group) {
		return new Attempt(service, "delete group " + group, GroupAuthorizationException.class,
				(user) -> admin(user).deleteConsumerGroups(List.of(group))
					.all()
					.get(ATTEMPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
	}

	private static Attempt transaction(String service, String transactionalId) {
		return new Attempt(service, "use transactional id " + transactionalId,
				TransactionalIdAuthorizationException.class, (user) -> {
					Map<String, Object> settings = kafka.clientProperties(user);
					settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
					settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) ATTEMPT_TIMEOUT.toMillis());
					try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings,
							new ByteArraySerializer(), new ByteArraySerializer())) {
						producer.initTransactions();
					}
				});
	}

	private static Attempt deleteTopic(String service, String topic) {
		return new Attempt(service, "delete topic " + topic, TopicAuthorizationException.class,
				(user) -> admin(user).deleteTopics(List.of(topic))
					.all()
					.get(ATTEMPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
	}

	private static Attempt createTopic(String service, String topic) {
		return new Attempt(service, "create topic " + topic, TopicAuthorizationException.class,
				(user) -> admin(user).createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
					.all()
					.get(ATTEMPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
	}

	private static Attempt grantItselfEverything(String service) {
		return new Attempt(service, "grant itself every operation on every topic", ClusterAuthorizationException.class,
				(user) -> {
					AclBinding everything = new AclBinding(
							new ResourcePattern(ResourceType.TOPIC, "*", PatternType.LITERAL),
							new AccessControlEntry("User:" + user, "*", AclOperation.ALL, AclPermissionType.ALLOW));
					admin(user).createAcls(List.of(everything))
						.all()
						.get(ATTEMPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				});
	}

	private static Attempt listAcls(String service) {
		return new Attempt(service, "list the ACLs", ClusterAuthorizationException.class,
				(user) -> admin(user).describeAcls(AclBindingFilter.ANY)
					.values()
					.get(ATTEMPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
	}

	private static Attempt changeAdminPassword(String service) {
		return new Attempt(service, "change the admin's password", ClusterAuthorizationException.class,
				(user) -> admin(user)
					.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("kafka-admin",
							new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "taken-over")))
					.all()
					.get(ATTEMPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
	}

	private static Admin admin(String service) {
		return admins.computeIfAbsent(service, (user) -> Admin.create(kafka.clientProperties(user)));
	}

	private static Map<String, Object> login(String user, String password) {
		return kafka.local().orElseThrow().clientProperties(user, password);
	}

	private static void describeCluster(Map<String, Object> settings) throws Exception {
		Map<String, Object> bounded = new HashMap<>(settings);
		bounded.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
		bounded.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
		try (Admin admin = Admin.create(bounded)) {
			admin.describeCluster().clusterId().get();
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
	}

	/**
	 * One thing a service tries.
	 *
	 * @param service the service, logged in as its own user
	 * @param what what it tries
	 * @param refusal the authorization error Kafka answers with when it is not granted
	 * @param action the attempt; returns normally if it succeeded
	 */
	private record Attempt(String service, String what, Class<? extends Exception> refusal, Action action) {

		@Override
		public String toString() {
			return this.service + " may not " + this.what;
		}

	}

	@FunctionalInterface
	private interface Action {

		void run(String user) throws Exception;

	}

	/** The outcome of an attempt that was not refused. */
	private static final class Succeeded extends Exception {

		Succeeded() {
			super("succeeded", null, false, false);
		}

	}

}
