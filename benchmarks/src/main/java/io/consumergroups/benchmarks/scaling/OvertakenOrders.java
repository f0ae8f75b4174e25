package io.consumergroups.benchmarks.scaling;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.consumergroups.events.OrderStatus;

/**
 * How many statuses broke their customer's order: a customer's orders are one key, so one
 * partition, in the order they were placed; a consumer group processes them in that
 * order, a share group may not (two members of one partition, each with its own batch).
 * <p>
 * The statuses are taken in processing order ({@link OrderStatus#processedAt()}, the
 * processing member's clock, all on one machine; equal instants by source offset, so a
 * tie never counts). A status is <em>overtaken</em> when a status of the same customer
 * and partition taken before it has a higher source offset: a later order of that
 * customer was processed first. Each such status counts once, however many orders
 * overtook it; a second delivery of an order counts if a later order was processed before
 * it.
 */
final class OvertakenOrders {

	private static final Comparator<OrderStatus> PROCESSING_ORDER = Comparator.comparing(OrderStatus::processedAt)
		.thenComparingLong(OrderStatus::offset);

	private OvertakenOrders() {
	}

	/**
	 * Count the overtaken statuses.
	 * @param statuses statuses in any order
	 * @return how many were processed after a later order of their customer
	 */
	static long count(List<OrderStatus> statuses) {
		Map<String, Long> highestOffset = new HashMap<>();
		long overtaken = 0;
		for (OrderStatus status : statuses.stream().sorted(PROCESSING_ORDER).toList()) {
			String key = status.customerId() + "@" + status.partition();
			Long highest = highestOffset.get(key);
			if (highest != null && status.offset() < highest) {
				overtaken++;
			}
			else {
				highestOffset.put(key, status.offset());
			}
		}
		return overtaken;
	}

}
