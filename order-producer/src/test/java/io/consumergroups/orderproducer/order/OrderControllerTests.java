package io.consumergroups.orderproducer.order;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import io.consumergroups.events.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.convention.TestBean;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;

/**
 * {@code POST /orders} over the real Spring MVC stack (JSON, validation, problem
 * details), with the Kafka side mocked.
 */
@WebMvcTest(controllers = OrderController.class, properties = "spring.config.name=order-producer")
@Import(OrderIds.class)
class OrderControllerTests {

	private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");

	private static final String VALID_ORDER = """
			{"customerId": "customer-7", "region": "eu-west", "currency": "EUR",
			 "items": [{"sku": "sku-mouse", "quantity": 2, "unitPrice": 19.99},
			           {"sku": "sku-keyboard", "quantity": 1, "unitPrice": 49.90}]}
			""";

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private Environment environment;

	@MockitoBean
	private OrderPublisher publisher;

	@TestBean
	private Clock clock;

	static Clock clock() {
		return Clock.fixed(NOW, ZoneOffset.UTC);
	}

	@Test
	void shouldPublishOrderWithGeneratedIdAndComputedTotalGivenValidOrder() {
		// Given
		given(this.publisher.publish(any()))
			.willAnswer((invocation) -> new PublishedOrder(invocation.<Order>getArgument(0).orderId(), 3, 42));

		// When
		MvcTestResult result = this.mvc.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.content(VALID_ORDER)
			.exchange();

		// Then
		ArgumentCaptor<Order> published = ArgumentCaptor.forClass(Order.class);
		assertThat(result).hasStatus(HttpStatus.ACCEPTED);
		then(this.publisher).should().publish(published.capture());
		Order order = published.getValue();
		assertThat(order.orderId()).matches("order-[0-9a-f]{8}-\\d+");
		assertThat(order.customerId()).isEqualTo("customer-7");
		assertThat(order.region()).isEqualTo("eu-west");
		assertThat(order.items()).hasSize(2);
		assertThat(order.total()).isEqualByComparingTo("89.88");
		assertThat(order.currency()).isEqualTo("EUR");
		assertThat(order.createdAt()).isEqualTo(NOW);
		assertThat(result).bodyJson()
			.isLenientlyEqualTo("{\"orderId\": \"%s\", \"partition\": 3, \"offset\": 42}".formatted(order.orderId()));
	}

	@Test
	void shouldKeepOrderIdAndTotalGivenByTheClient() {
		// Given
		String body = VALID_ORDER.replace("\"currency\"",
				"\"orderId\": \"order-abc-1\", \"total\": 10.00, \"currency\"");
		given(this.publisher.publish(any())).willReturn(new PublishedOrder("order-abc-1", 0, 0));

		// When
		MvcTestResult result = this.mvc.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();

		// Then
		ArgumentCaptor<Order> published = ArgumentCaptor.forClass(Order.class);
		assertThat(result).hasStatus(HttpStatus.ACCEPTED);
		then(this.publisher).should().publish(published.capture());
		assertThat(published.getValue().orderId()).isEqualTo("order-abc-1");
		assertThat(published.getValue().total()).isEqualTo(new BigDecimal("10.00"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidOrders")
	void shouldAnswerBadRequestListingTheFieldsGivenInvalidOrder(String description, String body, String[] fields) {
		// Given an invalid body

		// When
		MvcTestResult result = this.mvc.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();

		// Then
		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly((Object[]) fields);
		assertThat(result).bodyJson().extractingPath("$.status").asNumber().isEqualTo(400);
		then(this.publisher).should(never()).publish(any());
	}

	static Stream<Arguments> invalidOrders() {
		return Stream.of(
				Arguments.of("missing fields", "{}", new String[] { "currency", "customerId", "items", "region" }),
				Arguments.of("negative quantity", VALID_ORDER.replace("\"quantity\": 2", "\"quantity\": -2"),
						new String[] { "items[0].quantity" }),
				Arguments.of("missing quantity and price",
						VALID_ORDER.replace("\"quantity\": 2, \"unitPrice\": 19.99", "\"quantity\": null"),
						new String[] { "items[0].quantity", "items[0].unitPrice" }),
				Arguments.of("bad currency", VALID_ORDER.replace("\"EUR\"", "\"euro\""), new String[] { "currency" }),
				Arguments.of("no items", """
						{"customerId": "customer-7", "region": "eu-west", "currency": "EUR", "items": []}
						""", new String[] { "items" }),
				Arguments.of("negative total", VALID_ORDER.replace("\"currency\"", "\"total\": -1, \"currency\""),
						new String[] { "total" }),
				Arguments.of("blank order id", VALID_ORDER.replace("\"currency\"", "\"orderId\": \" \", \"currency\""),
						new String[] { "orderId" }));
	}

	@Test
	void shouldAnswerBadRequestGivenMalformedJson() {
		// Given
		String body = "{\"customerId\": \"customer-7\", ";

		// When
		MvcTestResult result = this.mvc.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();

		// Then
		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		then(this.publisher).should(never()).publish(any());
	}

	@Test
	void shouldAnswerUnsupportedMediaTypeGivenNonJsonBody() {
		// Given
		String body = "customerId=customer-7";

		// When
		MvcTestResult result = this.mvc.post()
			.uri("/orders")
			.contentType(MediaType.TEXT_PLAIN)
			.content(body)
			.exchange();

		// Then
		assertThat(result).hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		then(this.publisher).should(never()).publish(any());
	}

	@Test
	void shouldAnswerServiceUnavailableGivenKafkaDoesNotAcknowledge() {
		// Given
		given(this.publisher.publish(any()))
			.willThrow(new OrderNotPublishedException("order-abc-1", new TimeoutException("no ack")));

		// When
		MvcTestResult result = this.mvc.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.content(VALID_ORDER)
			.exchange();

		// Then
		assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.orderId").isEqualTo("order-abc-1");
	}

	@Test
	void shouldReadOrderProducerYmlGivenTheServiceConfigName() {
		// Given the slice started with spring.config.name=order-producer

		// When
		String clientId = this.environment.getProperty("spring.kafka.producer.client-id");

		// Then
		assertThat(clientId).isEqualTo("order-producer");
	}

}
