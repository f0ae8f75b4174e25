package io.consumergroups.notification.config;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import jakarta.validation.Validation;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The value deserializer the listeners get: the order contract's strict JSON, then its
 * constraints, inside an error-handling deserializer.
 */
class DeserializationConfigTest {

	private static final String ORDER = "{\"orderId\":\"order-1\",\"customerId\":\"customer-7\",\"region\":\"eu-west\","
			+ "\"items\":[{\"sku\":\"sku-1\",\"quantity\":2,\"unitPrice\":9.95}],\"total\":19.9,"
			+ "\"currency\":\"EUR\",\"createdAt\":\"2026-01-02T03:04:05Z\"}";

	private static final String STATUS = "{\"orderId\":\"order-1\",\"customerId\":\"customer-7\",\"status\":\"REJECTED\","
			+ "\"reason\":\"too much\",\"processedBy\":\"order-processor-1\",\"partition\":3,\"offset\":41,"
			+ "\"processedAt\":\"2026-01-02T03:04:05Z\"}";

	private final Deserializer<Object> values = valueDeserializer();

	@Test
	void shouldReadAnOrderAndAStatusInsideTheContract() {
		assertThat(read(Topics.ORDERS, ORDER)).isInstanceOfSatisfying(Order.class,
				(order) -> assertThat(order.items().get(0).quantity()).isEqualTo(2));
		assertThat(read(Topics.ORDER_STATUS, STATUS)).isInstanceOfSatisfying(OrderStatus.class,
				(status) -> assertThat(status.offset()).isEqualTo(41));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"quantity\":2.7", "\"quantity\":\"2\"", "\"unitPrice\":1e-999999999",
			"\"total\":1E+2147483647", "\"createdAt\":\"+999999999-12-31T23:59:59Z\"",
			"\"orderId\":\"order-1\",\"orderId\":\"order-2\"", "\"customerId\":\"customer 7\"" })
	void shouldFindAnOrderOutsideTheContractMalformed(String field) {
		// Given an order with one field outside the contract
		String json = replaceField(ORDER, field);

		// When it is read from orders
		RecordHeaders headers = new RecordHeaders();
		Object value = this.values.deserialize(Topics.ORDERS, headers, json.getBytes(StandardCharsets.UTF_8));

		// Then it has no value, and the failure is in the header the container
		// dead-letters by
		assertThat(value).as(json).isNull();
		assertThat(headers.lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER)).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"partition\":2.5", "\"offset\":\"41\"", "\"offset\":null" })
	void shouldFindAStatusWithWrongTypesMalformed(String field) {
		assertThat(read(Topics.ORDER_STATUS, replaceField(STATUS, field))).isNull();
	}

	@Test
	void shouldFindAnythingAfterTheObjectMalformed() {
		assertThat(read(Topics.ORDERS, ORDER + "{}")).isNull();
		assertThat(read(Topics.ORDER_STATUS, STATUS + " 1")).isNull();
	}

	private Object read(String topic, String json) {
		return this.values.deserialize(topic, new RecordHeaders(), json.getBytes(StandardCharsets.UTF_8));
	}

	/** The JSON with the field named in {@code field} set as {@code field} says. */
	private static String replaceField(String json, String field) {
		String name = field.substring(0, field.indexOf(':'));
		return json.replaceFirst(Pattern.quote(name) + ":(\"[^\"]*\"|[^,}\\]]*)", Matcher.quoteReplacement(field));
	}

	@SuppressWarnings("unchecked")
	private static Deserializer<Object> valueDeserializer() {
		var factory = new DefaultKafkaConsumerFactory<String, Object>(Map.of());
		var validator = new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator());
		new DeserializationConfig().validatingValueDeserializer(validator).customize(factory);
		return (Deserializer<Object>) factory.getValueDeserializer();
	}

}
