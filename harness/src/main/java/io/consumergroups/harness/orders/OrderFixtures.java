package io.consumergroups.harness.orders;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

/**
 * Valid orders (order-processor accepts them), deterministic by number: the n-th order
 * has customer {@code customer-(n % 97)}, so that many customers spread over every
 * partition, region {@code n % 5} of five, {@code 1 + n % 3} of {@code sku-(n % 7)} at
 * 4.50 and one {@code sku-book} at 12.00, and a total that matches its items (orders 0, 1
 * and 2: 16.50, 21.00 and 25.50). About 330 bytes of JSON each, as order-producer writes
 * them.
 */
public final class OrderFixtures {

	private static final String[] REGIONS = { "eu-west", "eu-central", "us-east", "us-west", "ap-south" };

	private static final int CUSTOMERS = 97;

	/** When the numbered orders of {@link #order(int)} were created, plus n ms. */
	private static final Instant CREATED = Instant.parse("2026-06-01T12:00:00Z");

	private OrderFixtures() {
	}

	/**
	 * The n-th test order, the same at every call: id {@code order-n}, created at
	 * 2026-06-01T12:00:00Z plus n ms.
	 * @param n any number
	 * @return the order
	 */
	public static Order order(int n) {
		return order("order-", n, CREATED.plusMillis(n));
	}

	/**
	 * The n-th order of a series, e.g. of a benchmark run.
	 * @param prefix the series' order id prefix, so that ids are unique across series
	 * @param n the number
	 * @param createdAt its creation time, e.g. when it is sent
	 * @return the order, id {@code <prefix>n}
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
				this.customersByPartition
					.get(BuiltInPartitioner.partitionForKey(customer.getBytes(StandardCharsets.UTF_8), partitions))
					.add(customer);
			}
			if (this.customersByPartition.stream().anyMatch(List::isEmpty)) {
				throw new IllegalArgumentException(CUSTOMERS + " customers do not cover " + partitions + " partitions");
			}
		}

		/**
		 * The n-th order of a series.
		 * @param prefix the series
		 * @param n the number
		 * @param createdAt its creation time
		 * @return the order, whose customer's partition is {@code n % partitions}
		 */
		public Order order(String prefix, long n, Instant createdAt) {
			int partitions = this.customersByPartition.size();
			List<String> customers = this.customersByPartition.get((int) (n % partitions));
			return OrderFixtures.order(prefix, n, customers.get((int) ((n / partitions) % customers.size())),
					createdAt);
		}

	}

}
