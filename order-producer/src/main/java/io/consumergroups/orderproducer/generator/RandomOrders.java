package io.consumergroups.orderproducer.generator;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import io.consumergroups.orderproducer.OrdersProperties;
import io.consumergroups.orderproducer.order.OrderIds;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Realistic random orders: a customer from a fixed pool, a region, one to four lines from
 * a small catalogue, a currency, and a total that matches the lines.
 */
@Component
class RandomOrders {

	private static final List<String> REGIONS = List.of("eu-west", "eu-central", "us-east", "us-west", "ap-south");

	private static final List<String> CURRENCIES = List.of("EUR", "USD");

	private static final List<Product> CATALOGUE = List.of(new Product("sku-keyboard", "49.90"),
			new Product("sku-mouse", "19.99"), new Product("sku-monitor", "229.00"),
			new Product("sku-laptop", "1199.00"), new Product("sku-headset", "79.50"),
			new Product("sku-webcam", "59.00"), new Product("sku-dock", "149.00"), new Product("sku-cable", "9.99"));

	private static final int MAX_LINES = 4;

	private static final int MAX_QUANTITY = 3;

	private final OrderIds orderIds;

	private final Clock clock;

	private final int customers;

	private final RandomGenerator random;

	@Autowired
	RandomOrders(OrderIds orderIds, Clock clock, OrdersProperties properties) {
		this(orderIds, clock, properties.generator().customers(), new Random());
	}

	/**
	 * @param random the source of randomness; tests pass a seeded one
	 */
	RandomOrders(OrderIds orderIds, Clock clock, int customers, RandomGenerator random) {
		this.orderIds = orderIds;
		this.clock = clock;
		this.customers = customers;
		this.random = random;
	}

	Order next() {
		String customerId = "customer-" + (1 + this.random.nextInt(this.customers));
		List<OrderItem> items = this.random.ints(0, CATALOGUE.size())
			.distinct()
			.limit(1 + this.random.nextInt(MAX_LINES))
			.mapToObj((product) -> CATALOGUE.get(product).times(1 + this.random.nextInt(MAX_QUANTITY)))
			.toList();
		BigDecimal total = items.stream().map(OrderItem::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
		return new Order(this.orderIds.next(), customerId, pick(REGIONS), items, total, pick(CURRENCIES),
				this.clock.instant());
	}

	private String pick(List<String> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	private record Product(String sku, BigDecimal unitPrice) {

		Product(String sku, String unitPrice) {
			this(sku, new BigDecimal(unitPrice));
		}

		OrderItem times(int quantity) {
			return new OrderItem(this.sku, quantity, this.unitPrice);
		}

	}

}
