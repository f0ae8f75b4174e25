package io.consumergroups.verifier;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import io.consumergroups.events.Topics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessableOrdersTest {

	private final ProcessableOrders contract = new ProcessableOrders();

	@Test
	void shouldReadTheIdOfAValidOrderKeyedByItsCustomer() {
		// Given
		byte[] value = Topics.orderSerde().serializer().serialize(Topics.ORDERS, order("order-1", "customer-7"));

		// When, Then
		assertThat(this.contract.orderId("customer-7", value)).contains("order-1");
	}

	@Test
	void shouldFindNoOrderInARecordThatOrderProcessorDeadLetters() {
		// Given
		byte[] valid = Topics.orderSerde().serializer().serialize(Topics.ORDERS, order("order-1", "customer-7"));
		byte[] blankId = Topics.orderSerde().serializer().serialize(Topics.ORDERS, order(" ", "customer-7"));

		// When, Then
		assertThat(this.contract.orderId("customer-8", valid)).as("keyed by another customer").isEmpty();
		assertThat(this.contract.orderId(null, valid)).as("no key").isEmpty();
		assertThat(this.contract.orderId("customer-7", null)).as("no value").isEmpty();
		assertThat(this.contract.orderId("customer-7", blankId)).as("a broken constraint").isEmpty();
		assertThat(this.contract.orderId("customer-1", utf8("{not json"))).as("not JSON").isEmpty();
		assertThat(this.contract.orderId("customer-1",
				utf8("{\"orderId\":\"order-2\",\"customerId\":\"customer-1\",\"items\":\"many\"}")))
			.as("a wrong type")
			.isEmpty();
		assertThat(this.contract.orderId("customer-1", utf8("{\"orderId\":\"order-3\",\"customerId\":\"customer-1\"}")))
			.as("missing fields")
			.isEmpty();
	}

	private static Order order(String orderId, String customerId) {
		return new Order(orderId, customerId, "eu-west", List.of(new OrderItem("sku-book", 2, new BigDecimal("12.50"))),
				new BigDecimal("25.00"), "EUR", Instant.parse("2026-01-01T00:00:00Z"));
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
