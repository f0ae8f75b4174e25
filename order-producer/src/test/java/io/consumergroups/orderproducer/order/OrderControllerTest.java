package io.consumergroups.orderproducer.order;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import io.consumergroups.events.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
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
class OrderControllerTest {

	private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");

	/** The default of {@code orders.api.max-body-size}. */
	private static final int MAX_BODY = 1024 * 1024;

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
						new String[] { "orderId" }),
				Arguments.of("order id of 40 emoji",
						VALID_ORDER.replace("\"currency\"", "\"orderId\": \"" + "😀".repeat(40) + "\", \"currency\""),
						new String[] { "orderId" }),
				Arguments.of("order id of 65 characters",
						VALID_ORDER.replace("\"currency\"", "\"orderId\": \"" + "a".repeat(65) + "\", \"currency\""),
						new String[] { "orderId" }),
				Arguments.of("region of 33 characters",
						VALID_ORDER.replace("\"eu-west\"", "\"" + "r".repeat(33) + "\""), new String[] { "region" }),
				Arguments.of("customer id with a space", VALID_ORDER.replace("\"customer-7\"", "\"customer 7\""),
						new String[] { "customerId" }),
				Arguments.of("SKU with a control character",
						VALID_ORDER.replace("\"sku-mouse\"", "\"sku\\u0000mouse\""), new String[] { "items[0].sku" }),
				Arguments.of("quantity above the maximum",
						VALID_ORDER.replace("\"quantity\": 2", "\"quantity\": 10001"),
						new String[] { "items[0].quantity" }),
				Arguments.of("unit price 1e-999999999", VALID_ORDER.replace("19.99", "1e-999999999"),
						new String[] { "items[0].unitPrice" }),
				Arguments.of("unit price 1e999999999", VALID_ORDER.replace("19.99", "1e999999999"),
						new String[] { "items[0].unitPrice" }),
				Arguments.of("total 1E+2147483647",
						VALID_ORDER.replace("\"currency\"", "\"total\": 1E+2147483647, \"currency\""),
						new String[] { "total" }),
				Arguments.of("unit price with five decimals", VALID_ORDER.replace("19.99", "19.99001"),
						new String[] { "items[0].unitPrice" }),
				Arguments
					.of("101 lines",
							VALID_ORDER.replaceFirst("(?s)\\[.*\\]", "["
									+ String.join(",",
											Collections.nCopies(101,
													"{\"sku\": \"sku-mouse\", \"quantity\": 1, \"unitPrice\": 1}"))
									+ "]"),
							new String[] { "items" }));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("bodiesTheContractReadsStrictly")
	void shouldAnswerBadRequestGivenJsonThatTheConsumersWouldNotRead(String description, String body, String field) {
		// Given a body that lenient JSON reading would accept, coercing or guessing

		// When
		MvcTestResult result = this.mvc.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();

		// Then
		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (field != null) {
			assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly(field);
		}
		then(this.publisher).should(never()).publish(any());
	}

	static Stream<Arguments> bodiesTheContractReadsStrictly() {
		return Stream.of(
				Arguments.of("quantity 2.7", VALID_ORDER.replace("\"quantity\": 2", "\"quantity\": 2.7"),
						"items[0].quantity"),
				Arguments.of("quantity 2.0", VALID_ORDER.replace("\"quantity\": 2", "\"quantity\": 2.0"),
						"items[0].quantity"),
				Arguments.of("quantity \"2\"", VALID_ORDER.replace("\"quantity\": 2", "\"quantity\": \"2\""),
						"items[0].quantity"),
				Arguments.of("quantity 2147483648", VALID_ORDER.replace("\"quantity\": 2", "\"quantity\": 2147483648"),
						"items[0].quantity"),
				Arguments.of("unit price as a string", VALID_ORDER.replace("19.99", "\"19.99\""), "items[0].unitPrice"),
				Arguments.of("total \"1E+2147483647\" as a string",
						VALID_ORDER.replace("\"currency\"", "\"total\": \"1E+2147483647\", \"currency\""), "total"),
				Arguments.of("a duplicate field",
						VALID_ORDER.replace("\"currency\"", "\"region\": \"us-east\", \"currency\""), null),
				Arguments.of("something after the object", VALID_ORDER + " {}", null),
				Arguments.of("a number longer than 1000 digits", VALID_ORDER.replace("19.99", "1".repeat(1001)), null),
				Arguments.of("nesting deeper than 500", VALID_ORDER.replace("\"currency\"",
						"\"note\": " + "[".repeat(501) + "]".repeat(501) + ", \"currency\""), null));
	}

	@Test
	void shouldAnswerBadRequestNamingTheTotalGivenLinesWhoseSumIsTooLargeForAnAmount() {
		// Given two lines of 999999999999 × 10000 each, and no total
		String body = VALID_ORDER
			.replace("\"quantity\": 2, \"unitPrice\": 19.99", "\"quantity\": 10000, \"unitPrice\": 999999999999")
			.replace("\"quantity\": 1, \"unitPrice\": 49.90", "\"quantity\": 10000, \"unitPrice\": 999999999999");

		// When
		MvcTestResult result = this.mvc.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();

		// Then
		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly("total");
		then(this.publisher).should(never()).publish(any());
	}

	@Test
	@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void shouldRefuseAZeroWrittenWithAHugeScale() {
		// Given a zero written with a scale of a billion: its sum with 49.90 would have a
		// billion digits, here and in every consumer that adds lines up
		String body = VALID_ORDER.replace("19.99", "0E-999999999");

		// When
		MvcTestResult result = this.mvc.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();

		// Then
		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().contains("items[0].unitPrice");
		then(this.publisher).should(never()).publish(any());
	}

	@Test
	void shouldAcceptABodyOfExactlyTheSizeLimitAndRefuseOneByteMore() {
		// Given the valid order padded with spaces to 1 MiB, and to 1 MiB and one byte
		given(this.publisher.publish(any())).willReturn(new PublishedOrder("order-1", 0, 0));
		String atTheLimit = "{" + " ".repeat(MAX_BODY - VALID_ORDER.length()) + VALID_ORDER.substring(1);
		String overTheLimit = " " + atTheLimit;

		// When
		MvcTestResult accepted = this.mvc.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.content(atTheLimit)
			.exchange();
		MvcTestResult refused = this.mvc.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.content(overTheLimit)
			.exchange();

		// Then
		assertThat(atTheLimit).hasSize(MAX_BODY);
		assertThat(accepted).hasStatus(HttpStatus.ACCEPTED);
		assertThat(refused).hasStatus(HttpStatus.CONTENT_TOO_LARGE).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused).bodyJson().extractingPath("$.status").asNumber().isEqualTo(413);
		then(this.publisher).should().publish(any());
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "multipart/form-data", "multipart/form-data; boundary=x", "garbage",
			"application/json; charset=nonsense", "application/x-www-form-urlencoded", "*/*" })
	void shouldAnswerUnsupportedMediaTypeGivenAContentTypeOtherThanJson(String contentType) {
		// Given a valid order sent as something else than JSON

		// When
		MvcTestResult result = this.mvc.post()
			.uri("/orders")
			.header(HttpHeaders.CONTENT_TYPE, contentType)
			.content(VALID_ORDER)
			.exchange();

		// Then
		assertThat(result).hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		then(this.publisher).should(never()).publish(any());
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "text/html", "application/xml", "application/problem+json", "foo" })
	void shouldAnswerNotAcceptableWithProblemDetailsAndPublishNothingGivenAnAcceptOtherThanJson(String accept) {
		// Given a valid order from a client that does not take JSON

		// When
		MvcTestResult result = this.mvc.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.ACCEPT, accept)
			.content(VALID_ORDER)
			.exchange();

		// Then
		assertThat(result).hasStatus(HttpStatus.NOT_ACCEPTABLE).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.status").asNumber().isEqualTo(406);
		then(this.publisher).should(never()).publish(any());
	}

	@Test
	void shouldAnswerMethodNotAllowedWithProblemDetailsGivenAnotherMethod() {
		// Given the orders resource, which takes POST only

		// When
		MvcTestResult result = this.mvc.delete().uri("/orders").exchange();

		// Then
		assertThat(result).hasStatus(HttpStatus.METHOD_NOT_ALLOWED).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void shouldAnswerNotFoundWithProblemDetailsGivenAnUnknownPath() {
		// Given a path that is not part of the API

		// When
		MvcTestResult result = this.mvc.post()
			.uri("/orders/17")
			.contentType(MediaType.APPLICATION_JSON)
			.content(VALID_ORDER)
			.exchange();

		// Then
		assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		then(this.publisher).should(never()).publish(any());
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
