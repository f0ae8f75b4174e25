package io.consumergroups.harness.orders;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import io.consumergroups.events.Order;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderFixturesTest {

	@Test
	void shouldGiveTheFirstOrdersTheTotalsTestsExpect() {
		// When
		Order first = OrderFixtures.order(0);

		// Then
		assertThat(IntStream.range(0, 3).mapToObj(OrderFixtures::order).map(Order::total))
			.containsExactly(new BigDecimal("16.50"), new BigDecimal("21.00"), new BigDecimal("25.50"));
		assertThat(first.orderId()).isEqualTo("order-0");
		assertThat(first.customerId()).isEqualTo("customer-0");
		assertThat(first.region()).isEqualTo("eu-west");
		assertThat(first.currency()).isEqualTo("EUR");
		assertThat(first.createdAt()).isEqualTo(Instant.parse("2026-06-01T12:00:00Z"));
	}

	@Test
	void shouldGiveTheSameOrderForTheSameNumberAtEveryCall() {
		assertThat(OrderFixtures.order(1234)).isEqualTo(OrderFixtures.order(1234))
			.isNotEqualTo(OrderFixtures.order(1235));
		assertThat(OrderFixtures.order(1234).customerId()).isEqualTo("customer-70");
		assertThat(OrderFixtures.order(1234).createdAt()).isEqualTo(Instant.parse("2026-06-01T12:00:01.234Z"));
	}

	@Test
	void shouldNumberASeriesAfterItsPrefixWithTheFixturesItemsAndCustomers() {
		// Given
		Instant sentAt = Instant.parse("2026-07-01T08:00:00Z");

		// When
		Order order = OrderFixtures.order("run-7-", 1234, sentAt);

		// Then: only the id and the time differ from the numbered order
		Order numbered = OrderFixtures.order(1234);
		assertThat(order.orderId()).isEqualTo("run-7-1234");
		assertThat(order.createdAt()).isEqualTo(sentAt);
		assertThat(order).usingRecursiveComparison().ignoringFields("orderId", "createdAt").isEqualTo(numbered);
	}

	@Test
	void shouldPlaceOrdersOnThePartitionsInTurnWithEveryCustomer() {
		// Given
		OrderFixtures.RoundThePartitions orders = new OrderFixtures.RoundThePartitions(6);

		// When: where the producer's partitioner puts 6,000 of them
		Map<Integer, Long> partitionOf = IntStream.range(0, 6_000)
			.boxed()
			.collect(
					Collectors.toMap((n) -> n,
							(n) -> (long) BuiltInPartitioner.partitionForKey(
									orders.order("rr-", n, Instant.EPOCH).customerId().getBytes(StandardCharsets.UTF_8),
									6)));
		Set<String> customers = IntStream.range(0, 6_000)
			.mapToObj((n) -> orders.order("rr-", n, Instant.EPOCH).customerId())
			.collect(Collectors.toSet());

		// Then: every run of 6 consecutive orders covers every partition once
		assertThat(partitionOf).allSatisfy((n, partition) -> assertThat(partition).isEqualTo(n % 6));
		assertThat(customers).hasSize(97);
	}

	@Test
	void shouldNotCoverThePartitionsInTurnWithCustomersByNumber() {
		// Given the orders of a series, customers by number
		List<Integer> partitions = LongStream.range(0, 97)
			.mapToObj((n) -> OrderFixtures.order("o-", n, Instant.EPOCH).customerId())
			.map((customer) -> BuiltInPartitioner.partitionForKey(customer.getBytes(StandardCharsets.UTF_8), 6))
			.toList();

		// When: the longest run of orders without one for partition 0, over one cycle
		int longest = 0;
		int since = 0;
		for (int n = 0; n < 2 * partitions.size(); n++) {
			since = (partitions.get(n % partitions.size()) == 0) ? 0 : since + 1;
			longest = Math.max(longest, since);
		}

		// Then: far more than 6, which is why a rebalance benchmark takes them in turn
		assertThat(longest).isGreaterThan(2 * 6);
	}

}
