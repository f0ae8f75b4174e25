package io.consumergroups.benchmarks.harness;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The orders a benchmark publishes: valid (order-processor accepts them), deterministic
 * by number, spread over 97 customers and so over every partition, about 330 bytes of
 * JSON each, as order-producer writes them.
 */
public final class BenchOrders {

	private static final String[] REGIONS = { "eu-west", "eu-central", "us-east", "us-west", "ap-south" };

	private static final int CUSTOMERS = 97;

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
		return order(prefix, n, customer(n), createdAt);
	}

	private static Order order(String prefix, long n, String customerId, Instant createdAt) {
		List<OrderItem> items = List.of(new OrderItem("sku-" + (n % 7), 1 + (int) (n % 3), new BigDecimal("4.50")),
				new OrderItem("sku-book", 1, new BigDecimal("12.00")));
		BigDecimal total = items.stream().map(OrderItem::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
		return new Order(prefix + n, customerId, REGIONS[(int) (n % REGIONS.length)], items, total, "EUR", createdAt);
	}

	private static String customer(long n) {
		return "customer-" + (n % CUSTOMERS);
	}

	/**
	 * Orders whose customers take the partitions in turn: order {@code n} goes to
	 * partition {@code n % partitions}, so that at {@code partitions} orders per tick
	 * every partition gets one per tick. The same 97 customers, keyed as any other order:
	 * only their order differs. Kafka's default partitioner spreads the 97 customers over
	 * 6 partitions unevenly (10 to 23 each) and in clumps: with customers in turn by
	 * number, a partition can go 26 orders without one.
	 */
	public static final class RoundThePartitions {

		private final List<List<String>> customersByPartition = new ArrayList<>();

		/**
		 * @param partitions the partitions of {@code orders}
		 */
		public RoundThePartitions(int partitions) {
			IntStream.range(0, partitions).forEach((partition) -> this.customersByPartition.add(new ArrayList<>()));
			for (int n = 0; n < CUSTOMERS; n++) {
				String customer = customer(n);
				// What the producer does with a key when no partition is given
				int partition = BuiltInPartitioner.partitionForKey(customer.getBytes(StandardCharsets.UTF_8),
						partitions);
				this.customersByPartition.get(partition).add(customer);
			}
			if (this.customersByPartition.stream().anyMatch(List::isEmpty)) {
				throw new IllegalArgumentException(CUSTOMERS + " customers do not cover " + partitions + " partitions");
			}
		}

		/**
		 * The n-th order of a series.
		 * @param prefix the series
		 * @param n the number
		 * @param createdAt when it is sent
		 * @return the order, whose customer's partition is {@code n % partitions}
		 */
		public Order order(String prefix, long n, Instant createdAt) {
			int partitions = this.customersByPartition.size();
			List<String> customers = this.customersByPartition.get((int) (n % partitions));
			return BenchOrders.order(prefix, n, customers.get((int) ((n / partitions) % customers.size())), createdAt);
		}

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
