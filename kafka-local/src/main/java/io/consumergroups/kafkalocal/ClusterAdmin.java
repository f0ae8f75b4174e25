package io.consumergroups.kafkalocal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaFuture;

/**
 * The Admin clients kafka-local opens on its own cluster, to see whether it is ready and
 * to grant access: short timeouts, since every check is tried again until the cluster
 * answers, and every answer awaited for a bounded time.
 */
final class ClusterAdmin {

	/** How long one check may take before it counts as failed and is tried again. */
	static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

	private ClusterAdmin() {
	}

	/**
	 * An Admin client of the cluster.
	 * @param adminProperties the settings of {@link LocalKafkaCluster#adminProperties()}:
	 * every node to bootstrap from, and the super user's login on a secured cluster
	 * @return a new client, to be closed
	 */
	static Admin create(Map<String, Object> adminProperties) {
		Properties properties = new Properties();
		properties.putAll(adminProperties);
		properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-local");
		properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CHECK_TIMEOUT.toMillis());
		properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CHECK_TIMEOUT.toMillis() * 2);
		return Admin.create(properties);
	}

	/**
	 * An Admin client that asks one node only.
	 * @param adminProperties the settings of {@link LocalKafkaCluster#adminProperties()}
	 * @param bootstrapServers the node's address
	 * @return a new client, to be closed
	 */
	static Admin create(Map<String, Object> adminProperties, String bootstrapServers) {
		Map<String, Object> properties = new LinkedHashMap<>(adminProperties);
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		return create(properties);
	}

	/**
	 * The answer to a check, within {@link #CHECK_TIMEOUT}.
	 * @param <T> the answer's type
	 * @param future the pending answer
	 * @return the answer
	 */
	static <T> T get(KafkaFuture<T> future) {
		return get(future, CHECK_TIMEOUT);
	}

	/**
	 * The answer to a request.
	 * @param <T> the answer's type
	 * @param future the pending answer
	 * @param timeout how long to wait for it
	 * @return the answer
	 * @throws RuntimeException the request's own failure, such as
	 * {@code TopicExistsException}, so that callers can tell one from another
	 * @throws IllegalStateException if no answer comes in time
	 */
	static <T> T get(KafkaFuture<T> future, Duration timeout) {
		try {
			return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("No answer from Kafka within " + timeout.toSeconds() + " s", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Kafka", ex);
		}
	}

}
