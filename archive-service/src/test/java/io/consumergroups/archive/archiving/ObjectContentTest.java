package io.consumergroups.archive.archiving;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import io.consumergroups.events.Topics;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectContentTest {

	@Test
	void shouldWriteOneOrderPerLineGzipped() {
		// Given
		List<Order> orders = IntStream.range(0, 3).mapToObj(ObjectContentTest::order).toList();

		// When
		byte[] content = ObjectContent.encode(orders);

		// Then
		List<String> lines = gunzip(content).lines().toList();
		assertThat(lines).hasSize(3).allMatch((line) -> line.startsWith("{") && line.endsWith("}"));
		try (Deserializer<Order> json = Topics.orderSerde().deserializer()) {
			assertThat(lines).map((line) -> json.deserialize(Topics.ORDERS, line.getBytes(StandardCharsets.UTF_8)))
				.containsExactlyElementsOf(orders);
		}
		assertThat(gunzip(content)).endsWith("\n").contains("\"orderId\":\"order-2\"");
	}

	@Test
	void shouldWriteTheSameBytesForTheSameOrders() {
		List<Order> orders = List.of(order(1), order(2));

		assertThat(ObjectContent.encode(orders)).isEqualTo(ObjectContent.encode(List.of(order(1), order(2))));
	}

	@Test
	void shouldCompress() {
		List<Order> orders = IntStream.range(0, 500).mapToObj(ObjectContentTest::order).toList();

		byte[] content = ObjectContent.encode(orders);

		assertThat(content.length).isLessThan(gunzip(content).length() / 5);
	}

	private static String gunzip(byte[] content) {
		try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(content))) {
			return new String(gzip.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Order order(int n) {
		return new Order("order-" + n, "customer-" + (n % 7), "eu-west",
				List.of(new OrderItem("sku-" + n % 3, 2, new BigDecimal("4.50"))), new BigDecimal("9.00"), "EUR",
				Instant.parse("2026-06-01T12:00:00Z").plusSeconds(n));
	}

}
