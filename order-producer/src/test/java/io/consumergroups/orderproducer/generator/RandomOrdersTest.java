package io.consumergroups.orderproducer.generator;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import io.consumergroups.orderproducer.order.OrderIds;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RandomOrdersTest {

	private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");

	private static final int CUSTOMERS = 20;

	@Test
	void shouldGenerateValidOrdersWhoseTotalIsTheSumOfTheirLines() {
		// Given
		RandomOrders orders = randomOrders(42);

		// When
		List<Order> generated = Stream.generate(orders::next).limit(1_000).toList();

		// Then
		try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
			Validator validator = factory.getValidator();
			assertThat(generated).allSatisfy((order) -> {
				assertThat(validator.validate(order)).isEmpty();
				assertThat(order.total()).isEqualByComparingTo(sumOfLines(order));
				assertThat(order.items()).hasSizeBetween(1, 4).extracting(OrderItem::sku).doesNotHaveDuplicates();
				assertThat(order.createdAt()).isEqualTo(NOW);
			});
		}
	}

	@Test
	void shouldDrawFromTheWholeCustomerPoolRegionsAndCurrencies() {
		// Given
		RandomOrders orders = randomOrders(42);

		// When
		List<Order> generated = Stream.generate(orders::next).limit(1_000).toList();

		// Then
		assertThat(generated).extracting(Order::customerId)
			.hasSameElementsAs(Stream.iterate(1, (n) -> n + 1).limit(CUSTOMERS).map((n) -> "customer-" + n).toList());
		assertThat(generated).extracting(Order::region)
			.hasSameElementsAs(List.of("eu-west", "eu-central", "us-east", "us-west", "ap-south"));
		assertThat(generated).extracting(Order::currency).hasSameElementsAs(List.of("EUR", "USD"));
		assertThat(generated).extracting(Order::orderId).doesNotHaveDuplicates();
	}

	@Test
	void shouldRepeatTheSameOrdersGivenTheSameSeed() {
		// Given
		RandomOrders first = randomOrders(7);
		RandomOrders second = randomOrders(7);

		// When
		Order fromFirst = first.next();
		Order fromSecond = second.next();

		// Then
		assertThat(fromFirst).usingRecursiveComparison().ignoringFields("orderId").isEqualTo(fromSecond);
	}

	private static RandomOrders randomOrders(long seed) {
		return new RandomOrders(new OrderIds(), Clock.fixed(NOW, ZoneOffset.UTC), CUSTOMERS, new Random(seed));
	}

	private static BigDecimal sumOfLines(Order order) {
		return order.items().stream().map(OrderItem::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
	}

}
