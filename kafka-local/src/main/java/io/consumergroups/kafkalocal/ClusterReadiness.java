package io.consumergroups.kafkalocal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the nodes of a cluster are ready for clients: a started cluster, a node started
 * again, or the users the admin step has just created. Each condition is checked again
 * every 250 ms until every node meets it; a node whose process exits meanwhile fails the
 * wait at once, and a node that is late fails it with the end of its log.
 */
final class ClusterReadiness {

	private static final Logger logger = LoggerFactory.getLogger(ClusterReadiness.class);

	// Three JVMs starting at once on two cores take 15-20 s; the rest is for a slow CI
	private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

	// TLS makes each node load and initialise the JDK's TLS classes before it listens: on
	// two busy cores that alone took 30 s per node
	private static final Duration SECURED_READY_TIMEOUT = Duration.ofMinutes(3);

	private static final Duration CHECK_INTERVAL = Duration.ofMillis(250);

	private static final String READINESS_TOPIC = "kafka-local-readiness";

	private final Duration timeout;

	private final Map<String, Object> adminProperties;

	/**
	 * Readiness of one cluster.
	 * @param secured whether the cluster is secured, whose nodes take longer to start
	 * @param adminProperties the settings of {@link LocalKafkaCluster#adminProperties()}
	 */
	ClusterReadiness(boolean secured, Map<String, Object> adminProperties) {
		this.timeout = secured ? SECURED_READY_TIMEOUT : READY_TIMEOUT;
		this.adminProperties = adminProperties;
	}

	/**
	 * Waits until a new cluster is ready: every broker listens and is registered, and
	 * (for more than one node) a new topic has an in-sync replica on every broker.
	 * @param nodes every node of the cluster, just started
	 * @throws IllegalStateException if a node exits or is not ready in time
	 */
	void awaitStarted(Collection<KafkaNode> nodes) {
		awaitNodes("to listen", nodes, () -> notListening(nodes));
		try (Admin admin = ClusterAdmin.create(this.adminProperties)) {
			awaitNodes("to register with the controller quorum", nodes, () -> notRegistered(admin, nodes));
			if (nodes.size() > 1) {
				awaitNodes("to hold in-sync replicas of a new topic", nodes, () -> replicasNotInSync(admin, nodes));
				deleteReadinessTopic(admin);
			}
		}
	}

	/**
	 * Waits until a node started again listens and is registered with the cluster again.
	 * @param node the node
	 * @throws IllegalStateException if it exits or does not rejoin in time
	 */
	void awaitRestarted(KafkaNode node) {
		List<KafkaNode> restarted = List.of(node);
		awaitNodes("to listen", restarted, () -> notListening(restarted));
		// A broker opens its port, and answers, only once the controller has unfenced it;
		// asked through this node alone, as the others may still list the killed process
		try (Admin admin = ClusterAdmin.create(this.adminProperties, node.ports().brokerAddress())) {
			awaitNodes("to register with the cluster again", restarted, () -> notRegistered(admin, restarted));
		}
	}

	/**
	 * Waits until every node lets a user log in: a node applies the metadata log, users
	 * included, in its own time.
	 * @param nodes the nodes
	 * @param user the user
	 * @param clientProperties its login, as {@link LocalKafkaCluster#clientProperties}
	 * @throws IllegalStateException if a node still refuses it after the timeout
	 */
	void awaitLogin(Collection<KafkaNode> nodes, String user, Map<String, Object> clientProperties) {
		awaitNodes("to let " + user + " log in", nodes, () -> notAuthenticating(nodes, clientProperties));
	}

	/**
	 * Waits until no node is pending, failing at once if a node's process exits.
	 */
	private void awaitNodes(String condition, Collection<KafkaNode> watched, Supplier<Set<Integer>> pendingNodes) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		Set<Integer> pending = watched.stream().map(KafkaNode::nodeId).collect(Collectors.toCollection(TreeSet::new));
		RuntimeException lastFailure = null;
		while (System.nanoTime() < deadline) {
			failIfExited(watched, condition);
			try {
				pending = pendingNodes.get();
				if (pending.isEmpty()) {
					return;
				}
			}
			catch (RuntimeException ex) {
				lastFailure = ex;
			}
			pauseUnlessOneExits(watched);
		}
		failIfExited(watched, condition);
		Set<Integer> late = pending;
		String tails = watched.stream()
			.filter((node) -> late.contains(node.nodeId()))
			.map((node) -> "Node " + node.nodeId() + ":\n" + node.logTail())
			.collect(Collectors.joining());
		throw new IllegalStateException(
				"Kafka node(s) " + pending + " still not ready (waiting for them " + condition + ") after "
						+ this.timeout.toSeconds() + " s"
						+ ((lastFailure != null) ? "; last check failed with " + lastFailure : "") + "\n" + tails,
				lastFailure);
	}

	private static void failIfExited(Collection<KafkaNode> watched, String condition) {
		for (KafkaNode node : watched) {
			if (!node.isRunning()) {
				throw new IllegalStateException("Kafka node " + node.nodeId() + " (pid " + node.pid() + ") "
						+ node.exitDescription() + " while waiting for it " + condition + "\n" + node.logTail());
			}
		}
	}

	private static void pauseUnlessOneExits(Collection<KafkaNode> watched) {
		CompletableFuture<?> anyExit = CompletableFuture
			.anyOf(watched.stream().map(KafkaNode::onExit).toArray(CompletableFuture[]::new));
		try {
			anyExit.get(CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			// The usual case: nobody exited, check again
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Kafka", ex);
		}
	}

	private static Set<Integer> notListening(Collection<KafkaNode> nodes) {
		Set<Integer> pending = new TreeSet<>();
		for (KafkaNode node : nodes) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("localhost", node.ports().brokerPort()),
						(int) CHECK_INTERVAL.toMillis());
			}
			catch (IOException ex) {
				pending.add(node.nodeId());
			}
		}
		return pending;
	}

	/**
	 * The nodes the cluster does not list as brokers yet: {@code describeCluster} lists
	 * the registered brokers the controller has not fenced.
	 */
	private static Set<Integer> notRegistered(Admin admin, Collection<KafkaNode> nodes) {
		Set<Integer> registered = ClusterAdmin.get(admin.describeCluster().nodes())
			.stream()
			.map(Node::id)
			.collect(Collectors.toSet());
		return nodes.stream()
			.map(KafkaNode::nodeId)
			.filter((nodeId) -> !registered.contains(nodeId))
			.collect(Collectors.toCollection(TreeSet::new));
	}

	/**
	 * The nodes without an in-sync replica of a topic replicated to every node: creating
	 * it proves the controller places replicas on all brokers and that they replicate.
	 */
	private static Set<Integer> replicasNotInSync(Admin admin, Collection<KafkaNode> nodes) {
		try {
			ClusterAdmin.get(admin.createTopics(List.of(new NewTopic(READINESS_TOPIC, 1, (short) nodes.size()))).all());
		}
		catch (TopicExistsException ex) {
			// Created by an earlier check
		}
		TopicDescription topic = ClusterAdmin.get(admin.describeTopics(List.of(READINESS_TOPIC)).allTopicNames())
			.get(READINESS_TOPIC);
		Set<Integer> pending = nodes.stream().map(KafkaNode::nodeId).collect(Collectors.toCollection(TreeSet::new));
		for (TopicPartitionInfo partition : topic.partitions()) {
			partition.isr().forEach((replica) -> pending.remove(replica.id()));
		}
		return pending;
	}

	private static void deleteReadinessTopic(Admin admin) {
		try {
			ClusterAdmin.get(admin.deleteTopics(List.of(READINESS_TOPIC)).all());
		}
		catch (RuntimeException ex) {
			logger.warn("Could not delete the topic {}, created to check the cluster", READINESS_TOPIC, ex);
		}
	}

	/**
	 * The nodes that refuse a user's login: {@code describeCluster} is asked of the node
	 * the client bootstraps from, once it has logged in there.
	 */
	private static Set<Integer> notAuthenticating(Collection<KafkaNode> nodes, Map<String, Object> clientProperties) {
		Set<Integer> pending = new TreeSet<>();
		for (KafkaNode node : nodes) {
			Map<String, Object> properties = new LinkedHashMap<>(clientProperties);
			properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.ports().brokerAddress());
			properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-local");
			try (Admin admin = Admin.create(properties)) {
				ClusterAdmin.get(admin.describeCluster().clusterId());
			}
			catch (SaslAuthenticationException ex) {
				pending.add(node.nodeId());
			}
		}
		return pending;
	}

}
