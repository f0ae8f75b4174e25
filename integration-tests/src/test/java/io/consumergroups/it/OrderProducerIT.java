package io.consumergroups.it;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * order-producer on a real broker: a valid order lands on {@code orders} keyed by its
 * customer; a bad request is refused with problem details and nothing is published.
 */
class OrderProducerIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNode();

	@Test
	void shouldPublishAValidOrderKeyedByCustomerAndRefuseBadOnesWithoutPublishing() {
		try (KafkaProbe probe = new KafkaProbe(kafka); RunningService producer = RunningService.orderProducer(kafka)) {
			// Given
			String valid = """
					{"customerId": "customer-7", "region": "eu-west", "currency": "EUR",
					 "items": [{"sku": "sku-book", "quantity": 2, "unitPrice": 12.50}]}""";
			List<String> invalid = List.of("{\"customerId\": \"customer-7\"", """
					{"customerId": "", "region": "eu-west", "currency": "euro",
					 "items": [{"sku": "sku-book", "quantity": -1, "unitPrice": 12.50}]}""", "[]");

			// When
			ResponseEntity<Map> accepted = post(producer, valid);
			List<ResponseEntity<Map>> refused = invalid.stream().map((body) -> post(producer, body)).toList();

			// Then
			assertThat(accepted.getStatusCode()).isEqualTo(HttpStatusCode.valueOf(202));
			assertThat(refused).allSatisfy((response) -> {
				assertThat(response.getStatusCode()).isEqualTo(HttpStatusCode.valueOf(400));
				assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			});
			assertThat(probe.groups().endOffsets(Topics.ORDERS).values().stream().mapToLong(Long::longValue).sum())
				.isEqualTo(1);
			List<ConsumerRecord<String, Order>> published = probe.readCommitted(Topics.ORDERS,
					Topics.orderSerde().deserializer());
			assertThat(published).singleElement().satisfies((record) -> {
				assertThat(record.key()).isEqualTo("customer-7");
				assertThat(record.partition()).isEqualTo(accepted.getBody().get("partition"));
				assertThat(record.offset()).isEqualTo(((Number) accepted.getBody().get("offset")).longValue());
				assertThat(record.value().orderId()).isEqualTo(accepted.getBody().get("orderId"));
				assertThat(record.value().total()).isEqualByComparingTo(new BigDecimal("25.00"));
				assertThat(record.value().createdAt()).isNotNull();
			});
		}
	}

	@SuppressWarnings("rawtypes")
	private static ResponseEntity<Map> post(RunningService producer, String body) {
		return producer.http()
			.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.onStatus((status) -> true, (request, response) -> {
			})
			.toEntity(Map.class);
	}

}
