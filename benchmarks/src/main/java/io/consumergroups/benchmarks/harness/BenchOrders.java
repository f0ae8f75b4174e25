package io.consumergroups.benchmarks.harness;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The orders a benchmark publishes: valid (order-processor accepts them), deterministic
 * by number, spread over 97 customers and so over every partition, about 330 bytes of
 * JSON each, as order-producer writes them.
 */
public final class BenchOrders {

	private static final String[] REGIONS = { "eu-west", "eu-central", "us-east", "us-west", "ap-south" };

	private BenchOrders() {
	}

	/**
	 * The n-th order of a series.
	 * @param prefix the series, so that order ids are unique across runs
	 * @param n the number
	 * @param createdAt when it is sent
	 * @return the order
	 */
	public static Order order(String prefix, long n, Instant createdAt) {
		List<OrderItem> items = List.of(new OrderItem("sku-" + (n % 7), 1 + (int) (n % 3), new BigDecimal("4.50")),
				new OrderItem("sku-book", 1, new BigDecimal("12.00")));
		BigDecimal total = items.stream().map(OrderItem::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
		return new Order(prefix + n, "customer-" + (n % 97), REGIONS[(int) (n % REGIONS.length)], items, total, "EUR",
				createdAt);
	}

	/**
	 * A producer configured as order-producer's: idempotent, {@code acks=all}, a 5 ms
	 * linger.
	 * @param bootstrapServers the cluster
	 * @return a new producer of orders keyed by customer
	 */
	public static KafkaProducer<String, Order> producer(String bootstrapServers) {
		return new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
						ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5),
				new StringSerializer(), Topics.orderSerde().serializer());
	}

	/**
	 * Publish orders as fast as the cluster takes them, e.g. to pre-fill a topic that a
	 * throughput benchmark then reads.
	 * @param bootstrapServers the cluster
	 * @param prefix the series
	 * @param count how many
	 */
	public static void backfill(String bootstrapServers, String prefix, int count) {
		Instant createdAt = Instant.now();
		try (KafkaProducer<String, Order> producer = producer(bootstrapServers)) {
			Future<?> last = null;
			for (int n = 0; n < count; n++) {
				Order order = order(prefix, n, createdAt);
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
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException("Could not pre-fill " + Topics.ORDERS, ex.getCause());
		}
	}

	/**
	 * The JSON of orders, one per line, as Kafka's ProducerPerformance reads payloads.
	 * @param count how many distinct orders
	 * @return the lines
	 */
	public static String jsonLines(int count) {
		var serializer = Topics.orderSerde().serializer();
		StringBuilder lines = new StringBuilder();
		for (int n = 0; n < count; n++) {
			Order order = order("perf-", n, Instant.now());
			lines
				.append(new String(serializer.serialize(Topics.ORDERS, order), java.nio.charset.StandardCharsets.UTF_8))
				.append('\n');
		}
		return lines.toString();
	}

}
