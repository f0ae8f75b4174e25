package io.consumergroups.it.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;

/**
 * Valid orders for tests, deterministic by number.
 */
public final class OrderFixtures {

	private static final String[] REGIONS = { "eu-west", "eu-central", "us-east", "us-west", "ap-south" };

	private OrderFixtures() {
	}

	/**
	 * The n-th test order: customer {@code customer-(n % 97)}, so that many customers
	 * spread over every partition, and a total that matches its items.
	 * @param n any number; the order id is {@code order-n}
	 * @return an order that order-processor accepts
	 */
	public static Order order(int n) {
		List<OrderItem> items = List.of(new OrderItem("sku-" + (n % 7), 1 + n % 3, new BigDecimal("4.50")),
				new OrderItem("sku-book", 1, new BigDecimal("12.00")));
		BigDecimal total = items.stream().map(OrderItem::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
		return new Order("order-" + n, "customer-" + (n % 97), REGIONS[n % REGIONS.length], items, total, "EUR",
				Instant.parse("2026-06-01T12:00:00Z").plusMillis(n));
	}

}
