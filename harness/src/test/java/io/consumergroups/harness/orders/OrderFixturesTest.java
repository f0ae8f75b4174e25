package io.consumergroups.harness.orders;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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
	void shouldPlaceOrdersOnThePartitionsInTurn() {
		// Given
		OrderFixtures.RoundThePartitions orders = new OrderFixtures.RoundThePartitions(6);

		// When: where the producer's partitioner puts 600 of them
		Map<Integer, Long> partitionOf = IntStream.range(0, 600)
			.boxed()
			.collect(
					Collectors.toMap((n) -> n,
							(n) -> (long) BuiltInPartitioner.partitionForKey(
									orders.order("rr-", n, Instant.EPOCH).customerId().getBytes(StandardCharsets.UTF_8),
									6)));

		// Then
		assertThat(partitionOf).allSatisfy((n, partition) -> assertThat(partition).isEqualTo(n % 6));
	}

}
