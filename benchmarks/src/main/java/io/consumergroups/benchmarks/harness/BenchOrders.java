package io.consumergroups.benchmarks.harness;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.harness.orders.SteadyOrders;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The orders a benchmark publishes besides a steady stream ({@link SteadyOrders}): a
 * backlog written as fast as the cluster takes it, and the payloads of Kafka's
 * ProducerPerformance. Both are the harness's {@link OrderFixtures series orders}.
 */
public final class BenchOrders {

	private BenchOrders() {
	}

	/**
	 * Publish orders as fast as the cluster takes them, e.g. to pre-fill a topic that a
	 * throughput benchmark then reads, with order-producer's producer settings
	 * ({@link SteadyOrders#producerSettings}).
	 * @param clientSettings the cluster
	 * @param prefix the series
	 * @param count how many
	 */
	public static void backfill(Map<String, Object> clientSettings, String prefix, int count) {
		Instant createdAt = Instant.now();
		try (KafkaProducer<String, Order> producer = new KafkaProducer<>(SteadyOrders.producerSettings(clientSettings),
				new StringSerializer(), Topics.orderSerde().serializer())) {
			Future<?> last = null;
			for (int n = 0; n < count; n++) {
				Order order = OrderFixtures.order(prefix, n, createdAt);
				last = producer.send(new ProducerRecord<>(Topics.ORDERS, order.customerId(), order));
			}
			producer.flush();
			if (last != null) {
				last.get();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not pre-fill " + Topics.ORDERS, ex.getCause());
		}
	}

	/**
	 * The JSON of orders, one per line, as Kafka's ProducerPerformance reads payloads.
	 * @param count how many distinct orders
	 * @return the lines
	 */
	public static String jsonLines(int count) {
		Serializer<Order> serializer = Topics.orderSerde().serializer();
		StringBuilder lines = new StringBuilder();
		for (int n = 0; n < count; n++) {
			Order order = OrderFixtures.order("perf-", n, Instant.now());
			lines.append(new String(serializer.serialize(Topics.ORDERS, order), StandardCharsets.UTF_8)).append('\n');
		}
		return lines.toString();
	}

}
