package io.consumergroups.it.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.consumergroups.kafkalocal.LocalKafkaCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real Kafka cluster for one test class, chosen in this order and logged:
 * <ol>
 * <li>an external cluster when {@code -Dkafka.bootstrap=host:port} is given (for example
 * the {@code docker compose} cluster; the tests expect it fresh);</li>
 * <li>a Testcontainers {@code apache/kafka} broker when a Docker engine answers;</li>
 * <li>otherwise a {@link LocalKafkaCluster}: Kafka's own broker started from its jars as
 * a separate process.</li>
 * </ol>
 * Each test class gets a fresh cluster, so topics and group offsets never leak from one
 * class into another. Register it with
 * {@code @RegisterExtension static final TestKafka kafka = TestKafka.singleNode();}.
 */
public final class TestKafka implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

	/** The image matching the broker jars the project pins. */
	public static final String KAFKA_IMAGE = "apache/kafka:4.2.1";

	private static final Logger logger = LoggerFactory.getLogger(TestKafka.class);

	private final int nodes;

	private final boolean perTest;

	private final boolean secured;

	private LocalKafkaCluster local;

	/** On a secured cluster, each service's user and password. */
	private Map<String, String> passwords = Map.of();

	private KafkaContainer container;

	private String bootstrapServers;

	private TestKafka(int nodes, boolean perTest) {
		this(nodes, perTest, false);
	}

	private TestKafka(int nodes, boolean perTest, boolean secured) {
		this.nodes = nodes;
		this.perTest = perTest;
		this.secured = secured;
	}

	/**
	 * One broker for the test class: what most tests need.
	 * @return the extension
	 */
	public static TestKafka singleNode() {
		return new TestKafka(1, false);
	}

	/**
	 * Three brokers, each its own process, so a test can kill one: always a
	 * {@link LocalKafkaCluster} (or the external cluster, on which nothing is killed).
	 * @return the extension
	 */
	public static TestKafka threeNodes() {
		return new TestKafka(3, false);
	}

	/**
	 * A fresh broker for each test method, for tests that count everything on a topic.
	 * @return the extension
	 */
	public static TestKafka singleNodePerTest() {
		return new TestKafka(1, true);
	}

	/**
	 * One secured broker for the test class: SCRAM-SHA-512 over TLS, and the ACLs of
	 * kafka-local's {@code acls.txt}, each service its own user with a random password.
	 * Always a {@link LocalKafkaCluster}, whatever else is available.
	 * @return the extension
	 */
	public static TestKafka secured() {
		return new TestKafka(1, false, true);
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		if (!this.perTest) {
			start();
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		if (this.perTest) {
			start();
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (this.perTest) {
			stop();
		}
	}

	private void start() {
		String external = System.getProperty("kafka.bootstrap");
		if (this.secured) {
			this.local = LocalKafkaCluster.builder().nodes(this.nodes).secured().start();
			this.bootstrapServers = this.local.bootstrapServers();
			this.passwords = this.local.grantServiceAccess();
			logger.info("A secured local {}-node Kafka cluster (SASL_SSL, SCRAM-SHA-512, ACLs) at {}, users {}",
					this.nodes, this.bootstrapServers, this.passwords.keySet());
		}
		else if (external != null && !external.isBlank()) {
			this.bootstrapServers = external;
			logger.info("Using the external Kafka cluster at {}", external);
		}
		else if (this.nodes == 1 && DockerClientFactory.instance().isDockerAvailable()) {
			this.container = new KafkaContainer(KAFKA_IMAGE).withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
				.withEnv("KAFKA_GROUP_CONSUMER_MIN_SESSION_TIMEOUT_MS", "6000")
				.withEnv("KAFKA_GROUP_CONSUMER_SESSION_TIMEOUT_MS", "10000")
				.withEnv("KAFKA_GROUP_CONSUMER_MIN_HEARTBEAT_INTERVAL_MS", "1000")
				.withEnv("KAFKA_GROUP_STREAMS_MIN_SESSION_TIMEOUT_MS", "6000")
				.withEnv("KAFKA_GROUP_STREAMS_MIN_HEARTBEAT_INTERVAL_MS", "1000")
				.withEnv("KAFKA_GROUP_SHARE_MIN_RECORD_LOCK_DURATION_MS", "1000")
				.withEnv("KAFKA_GROUP_SHARE_MIN_SESSION_TIMEOUT_MS", "6000")
				.withEnv("KAFKA_GROUP_SHARE_MIN_HEARTBEAT_INTERVAL_MS", "1000")
				// As kafka-local's brokers: a dead member's transaction is aborted within
				// a second of its timeout
				.withEnv("KAFKA_TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS", "1000");
			this.container.start();
			this.bootstrapServers = this.container.getBootstrapServers();
			logger.info("Using a Testcontainers {} broker at {}", KAFKA_IMAGE, this.bootstrapServers);
		}
		else {
			this.local = LocalKafkaCluster.builder().nodes(this.nodes).start();
			this.bootstrapServers = this.local.bootstrapServers();
			logger.info("No Docker engine: using a local {}-node Kafka cluster from Kafka's jars at {}", this.nodes,
					this.bootstrapServers);
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (!this.perTest) {
			stop();
		}
	}

	private void stop() {
		if (this.local != null) {
			this.local.close();
			this.local = null;
		}
		if (this.container != null) {
			this.container.stop();
			this.container = null;
		}
	}

	/**
	 * The local cluster, where this extension started one.
	 * @return the cluster, or empty for an external or containerized one
	 */
	public Optional<LocalKafkaCluster> local() {
		return Optional.ofNullable(this.local);
	}

	/**
	 * The settings of a client that may do anything, as tests inspect the cluster: on a
	 * secured cluster its super user; otherwise only the bootstrap servers.
	 * @return Kafka client settings, {@code bootstrap.servers} included
	 */
	public Map<String, Object> adminProperties() {
		return (this.local != null) ? this.local.adminProperties()
				: new LinkedHashMap<>(Map.of("bootstrap.servers", this.bootstrapServers));
	}

	/**
	 * The settings of a client logging in as one of the services, on a {@link #secured()}
	 * cluster.
	 * @param service the service's user, e.g. {@code archive-service}
	 * @return Kafka client settings, {@code bootstrap.servers} included
	 */
	public Map<String, Object> clientProperties(String service) {
		return requireSecured().clientProperties(service, password(service));
	}

	/**
	 * What a service started with {@link RunningService} needs to log in as its own user,
	 * on a {@link #secured()} cluster.
	 * @param service the service's user, e.g. {@code archive-service}
	 * @return {@code name=value} Spring Boot properties
	 */
	public String[] serviceProperties(String service) {
		return requireSecured().springKafkaProperties(service, password(service))
			.entrySet()
			.stream()
			.map((property) -> property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
	}

	/**
	 * A service's password, on a {@link #secured()} cluster.
	 * @param service the service's user
	 * @return its password, random for each cluster
	 */
	public String password(String service) {
		requireSecured();
		String password = this.passwords.get(service);
		if (password == null) {
			throw new IllegalArgumentException("No user " + service + " on this cluster: " + this.passwords.keySet());
		}
		return password;
	}

	private LocalKafkaCluster requireSecured() {
		if (!this.secured || this.local == null) {
			throw new IllegalStateException("Not a running secured cluster: use TestKafka.secured()");
		}
		return this.local;
	}

	/**
	 * Where clients connect.
	 * @return the bootstrap servers, {@code host:port[,host:port…]}
	 */
	public String bootstrapServers() {
		return this.bootstrapServers;
	}

}
