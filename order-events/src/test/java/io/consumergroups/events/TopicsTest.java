package io.consumergroups.events;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {

	private static final Order ORDER = new Order("order-1", "customer-7", "eu-west",
			List.of(new OrderItem("sku-1", 2, new BigDecimal("9.95"))), new BigDecimal("19.90"), "EUR",
			Instant.parse("2026-01-02T03:04:05.678Z"));

	@Test
	void shouldWriteOrdersAsPlainJsonWithIsoTimestamps() {
		try (Serde<Order> serde = Topics.orderSerde()) {
			byte[] bytes = serde.serializer().serialize(Topics.ORDERS, ORDER);

			String json = new String(bytes, StandardCharsets.UTF_8);
			assertThat(json).contains("\"orderId\":\"order-1\"")
				.contains("\"createdAt\":\"2026-01-02T03:04:05.678Z\"")
				.contains("\"unitPrice\":9.95")
				.doesNotContain("@class");
			assertThat(serde.deserializer().deserialize(Topics.ORDERS, bytes)).isEqualTo(ORDER);
		}
	}

	@Test
	void shouldRoundTripOrderStatus() {
		OrderStatus status = new OrderStatus("order-1", "customer-7", OrderStatus.Status.REJECTED, "total mismatch",
				"order-processor-2", 3, 41, Instant.parse("2026-01-02T03:04:06Z"));
		try (Serde<OrderStatus> serde = Topics.orderStatusSerde()) {
			byte[] bytes = serde.serializer().serialize(Topics.ORDER_STATUS, status);

			assertThat(serde.deserializer().deserialize(Topics.ORDER_STATUS, bytes)).isEqualTo(status);
		}
	}

	@Test
	void shouldWriteADeliveryCountOnlyWhenThereIsOne() {
		OrderStatus consumerGroup = new OrderStatus("order-1", "customer-7", OrderStatus.Status.ACCEPTED, null,
				"order-processor-2", 3, 41, Instant.parse("2026-01-02T03:04:06Z"));
		OrderStatus shareGroup = new OrderStatus("order-1", "customer-7", OrderStatus.Status.ACCEPTED, null,
				"order-processor-2", 3, 41, Instant.parse("2026-01-02T03:04:06Z"), 2);
		try (Serde<OrderStatus> serde = Topics.orderStatusSerde()) {
			String withoutCount = new String(serde.serializer().serialize(Topics.ORDER_STATUS, consumerGroup),
					StandardCharsets.UTF_8);
			byte[] withCount = serde.serializer().serialize(Topics.ORDER_STATUS, shareGroup);

			assertThat(withoutCount).doesNotContain("deliveryCount");
			assertThat(serde.deserializer().deserialize(Topics.ORDER_STATUS, withCount).deliveryCount()).isEqualTo(2);
		}
	}

	@Test
	void shouldFindMissingFieldsAndBadItemsMalformed() {
		Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
		Order malformed = new Order("order-2", null, "eu-west", List.of(new OrderItem("sku-1", 0, BigDecimal.ONE)),
				BigDecimal.ONE, "euro", Instant.now());

		assertThat(validator.validate(malformed)).extracting((violation) -> violation.getPropertyPath().toString())
			.containsExactlyInAnyOrder("customerId", "items[0].quantity", "currency");
		assertThat(validator.validate(ORDER)).isEmpty();
	}

	@Test
	void shouldComputeLineTotals() {
		assertThat(new OrderItem("sku-1", 3, new BigDecimal("2.50")).lineTotal()).isEqualByComparingTo("7.50");
	}

}
