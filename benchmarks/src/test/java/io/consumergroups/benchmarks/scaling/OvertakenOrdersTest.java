package io.consumergroups.benchmarks.scaling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.consumergroups.events.OrderStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OvertakenOrdersTest {

	private static final Instant START = Instant.parse("2026-12-07T12:00:00Z");

	@Test
	void shouldCountNothingWhenEachCustomersOrdersAreProcessedInOffsetOrder() {
		// Given: three customers on two partitions, each customer's orders in offset
		// order, interleaved with the others' and received in any order
		List<OrderStatus> statuses = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			statuses.add(status("customer-" + (i % 3), i % 2, i, i));
		}
		Collections.shuffle(statuses, new Random(7));

		// When
		long overtaken = OvertakenOrders.count(statuses);

		// Then
		assertThat(overtaken).isZero();
	}

	@Test
	void shouldCountEachStatusProcessedAfterAHigherOffsetOfItsCustomer() {
		// Given: customer-1's offsets 10, 11, 12, 13 processed as 12, 10, 13, 11; 10 and
		// 11 come after 12, and 11 after 13 too (counted once)
		List<OrderStatus> statuses = List.of(status("customer-1", 0, 12, 0), status("customer-1", 0, 10, 1),
				status("customer-1", 0, 13, 2), status("customer-1", 0, 11, 3));

		// When
		long overtaken = OvertakenOrders.count(statuses);

		// Then
		assertThat(overtaken).isEqualTo(2);
	}

	@Test
	void shouldNotCompareOffsetsOfAnotherCustomerOrPartition() {
		// Given: a higher offset of another customer, and of the same customer id on
		// another partition, processed first
		List<OrderStatus> statuses = List.of(status("customer-2", 0, 50, 0), status("customer-1", 1, 40, 1),
				status("customer-1", 0, 5, 2), status("customer-1", 0, 6, 3));

		// When
		long overtaken = OvertakenOrders.count(statuses);

		// Then
		assertThat(overtaken).isZero();
	}

	@Test
	void shouldTakeStatusesProcessedAtTheSameInstantInOffsetOrder() {
		// Given
		List<OrderStatus> statuses = List.of(status("customer-1", 0, 8, 0), status("customer-1", 0, 7, 0));

		// When
		long overtaken = OvertakenOrders.count(statuses);

		// Then
		assertThat(overtaken).isZero();
	}

	@Test
	void shouldCountASecondDeliveryProcessedAfterALaterOrder() {
		// Given: offset 3 processed, then 4, then 3 again (a redelivery)
		List<OrderStatus> statuses = List.of(status("customer-1", 0, 3, 0), status("customer-1", 0, 4, 1),
				status("customer-1", 0, 3, 2));

		// When
		long overtaken = OvertakenOrders.count(statuses);

		// Then
		assertThat(overtaken).isEqualTo(1);
	}

	private static OrderStatus status(String customer, int partition, long offset, long processedAtMillis) {
		return new OrderStatus("order-" + partition + "-" + offset, customer, OrderStatus.Status.ACCEPTED, null,
				"member-1", partition, offset, START.plusMillis(processedAtMillis));
	}

}
