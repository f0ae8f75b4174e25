package io.consumergroups.benchmarks.harness;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import io.consumergroups.events.Order;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BenchOrdersTest {

	private static final int PARTITIONS = 6;

	@Test
	void shouldSendConsecutiveOrdersToThePartitionsInTurnWithEveryCustomer() {
		// Given
		BenchOrders.RoundThePartitions orders = new BenchOrders.RoundThePartitions(PARTITIONS);

		// When: a few thousand orders, placed by the producer's own partitioner
		List<Integer> partitions = new ArrayList<>();
		Set<String> customers = new HashSet<>();
		LongStream.range(0, 6_000).forEach((n) -> {
			Order order = orders.order("o-", n, Instant.now());
			customers.add(order.customerId());
			partitions.add(BuiltInPartitioner.partitionForKey(order.customerId().getBytes(StandardCharsets.UTF_8),
					PARTITIONS));
		});

		// Then: every run of 6 consecutive orders covers every partition once
		for (int n = 0; n < partitions.size(); n++) {
			assertThat(partitions.get(n)).as("order %d", n).isEqualTo(n % PARTITIONS);
		}
		assertThat(customers).hasSize(97);
	}

	@Test
	void shouldNotCoverThePartitionsInTurnWithCustomersByNumber() {
		// Given the orders of the other benchmarks, customers by number
		List<Integer> partitions = LongStream.range(0, 97)
			.mapToObj((n) -> BenchOrders.order("o-", n, Instant.now()).customerId())
			.map((customer) -> BuiltInPartitioner.partitionForKey(customer.getBytes(StandardCharsets.UTF_8),
					PARTITIONS))
			.toList();

		// When: the longest run of orders without one for partition 0, over one cycle
		int longest = 0;
		int since = 0;
		for (int n = 0; n < 2 * partitions.size(); n++) {
			since = (partitions.get(n % partitions.size()) == 0) ? 0 : since + 1;
			longest = Math.max(longest, since);
		}

		// Then: far more than 6, which is why P3 needs the orders in turn
		assertThat(longest).isGreaterThan(2 * PARTITIONS);
	}

}
