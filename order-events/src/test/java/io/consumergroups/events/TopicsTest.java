package io.consumergroups.events;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

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
	void shouldNameTheBrokenRuleOfANestedFieldWhenAConsumerReadsAnOrder() {
		// Given an order whose item's unit price is too fine, as written to orders
		String json = "{\"orderId\":\"order-1\",\"customerId\":\"customer-7\",\"region\":\"eu-west\","
				+ "\"items\":[{\"sku\":\"sku-1\",\"quantity\":1,\"unitPrice\":9.12345}],\"total\":9.95,"
				+ "\"currency\":\"EUR\",\"createdAt\":\"2026-01-02T03:04:05Z\"}";
		Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
		try (ErrorHandlingDeserializer<Order> deserializer = Topics
			.validatingOrderDeserializer(new SpringValidatorAdapter(validator))) {
			// When a consumer reads it
			RecordHeaders headers = new RecordHeaders();
			Order read = deserializer.deserialize(Topics.ORDERS, headers, json.getBytes(StandardCharsets.UTF_8));

			// Then it is malformed, and the failure names the field and the rule
			assertThat(read).isNull();
			DeserializationException failure = SerializationUtils.byteArrayToDeserializationException(
					new LogAccessor(TopicsTest.class),
					headers.lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER));
			assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
				.hasMessage("items[0].unitPrice: must have at most 4 decimal places");
		}
	}

	@Test
	void shouldGiveEachConsumerOfAFactoryItsOwnValidatingOrderDeserializer() {
		// Given a consumer factory
		DefaultKafkaConsumerFactory<String, Order> factory = new DefaultKafkaConsumerFactory<>(Map.of());

		// When it is made to read validated orders
		Topics.readValidatedOrders(factory,
				new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator()));

		// Then each consumer gets a deserializer of its own that does not fail the poll
		assertThat(factory.getValueDeserializer()).isInstanceOf(ErrorHandlingDeserializer.class)
			.isNotSameAs(factory.getValueDeserializer());
	}

	@Test
	void shouldComputeLineTotals() {
		assertThat(new OrderItem("sku-1", 3, new BigDecimal("2.50")).lineTotal()).isEqualByComparingTo("7.50");
	}

}
