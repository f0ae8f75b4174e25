package io.consumergroups.analytics.query;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.consumergroups.analytics.topology.ProductQuantity;
import io.consumergroups.analytics.topology.TopProducts;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
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
 * The HTTP API over the real Spring MVC stack (parameters, validation, problem details),
 * with the queries mocked: no Kafka Streams.
 */
@WebMvcTest(controllers = { AnalyticsController.class, InstanceController.class },
		properties = "spring.config.name=analytics-service")
class AnalyticsControllerTest {

	private static final Instant NOW = Instant.parse("2026-06-01T12:30:00Z");

	private static final Instant NOON = Instant.parse("2026-06-01T12:00:00Z");

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private AnalyticsQueries queries;

	@MockitoBean
	private LocalStores local;

	@TestBean
	private Clock clock;

	static Clock clock() {
		return Clock.fixed(NOW, ZoneOffset.UTC);
	}

	@Test
	void shouldAnswerTheWindowsOfARegionAndNameTheInstanceThatServedThem() {
		// Given
		MinuteWindow window = new MinuteWindow(NOON, NOON.plusSeconds(60), 2, Map.of("EUR", new BigDecimal("19.90")));
		given(this.queries.revenue("eu-west", NOON, NOON.plusSeconds(600))).willReturn(new Routed<>(
				RevenueReport.of("eu-west", NOON, NOON.plusSeconds(600), List.of(window)), "localhost:8085"));

		// When
		MvcTestResult result = this.mvc.get()
			.uri("/analytics/revenue?region=eu-west&from=2026-06-01T12:00:00Z&to=2026-06-01T12:10:00Z")
			.exchange();

		// Then
		assertThat(result).hasStatusOk().hasHeader(AnalyticsController.SERVED_BY, "localhost:8085");
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"region": "eu-west", "from": "2026-06-01T12:00:00Z", "to": "2026-06-01T12:10:00Z",
				 "orders": 2, "revenue": {"EUR": 19.90},
				 "windows": [{"start": "2026-06-01T12:00:00Z", "end": "2026-06-01T12:01:00Z",
				              "orders": 2, "revenue": {"EUR": 19.90}}]}
				""");
	}

	@Test
	void shouldAnswerTheLastHourByDefault() {
		// Given
		given(this.queries.revenue("eu-west", NOW.minusSeconds(3600), NOW)).willReturn(
				new Routed<>(RevenueReport.of("eu-west", NOW.minusSeconds(3600), NOW, List.of()), "localhost:8084"));

		// When
		MvcTestResult result = this.mvc.get().uri("/analytics/revenue?region=eu-west").exchange();

		// Then
		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.orders").asNumber().isEqualTo(0);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badRequests")
	void shouldAnswerBadRequestWithProblemDetailsGivenBadParameters(String description, String uri) {
		// Given a bad query string

		// When
		MvcTestResult result = this.mvc.get().uri(uri).exchange();

		// Then
		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.status").asNumber().isEqualTo(400);
		then(this.queries).should(never()).revenue(any(), any(), any());
	}

	static Stream<Arguments> badRequests() {
		return Stream.of(Arguments.of("no region", "/analytics/revenue"),
				Arguments.of("region with spaces", "/analytics/revenue?region=eu west"),
				Arguments.of("upper-case region", "/analytics/revenue?region=EU-WEST"),
				Arguments.of("from not an instant", "/analytics/revenue?region=eu-west&from=yesterday"),
				Arguments.of("to without time zone", "/analytics/revenue?region=eu-west&to=2026-06-01T12:00:00"),
				Arguments.of("from after to",
						"/analytics/revenue?region=eu-west&from=2026-06-01T13:00:00Z&to=2026-06-01T12:00:00Z"),
				Arguments.of("empty range",
						"/analytics/revenue?region=eu-west&from=2026-06-01T12:00:00Z&to=2026-06-01T12:00:00Z"),
				Arguments.of("instance query without range", "/analytics/instance/revenue?region=eu-west"));
	}

	@Test
	void shouldNameTheInvalidParameter() {
		// When
		MvcTestResult result = this.mvc.get().uri("/analytics/revenue?region=EU_WEST").exchange();

		// Then
		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(result).bodyJson().extractingPath("$.errors[0].parameter").isEqualTo("region");
	}

	@Test
	void shouldAnswerServiceUnavailableWithRetryAfterWhileTheStateMoves() {
		// Given
		given(this.queries.regions()).willThrow(new QueryUnavailableException("Kafka Streams is REBALANCING"));

		// When
		MvcTestResult result = this.mvc.get().uri("/analytics/regions").exchange();

		// Then
		assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader(HttpHeaders.RETRY_AFTER, "1");
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("Kafka Streams is REBALANCING");
	}

	@Test
	void shouldAnswerTheRankingFromItsOwner() {
		// Given
		given(this.queries.topProducts())
			.willReturn(new Routed<>(new TopProducts(List.of(new ProductQuantity("sku-book", 12))), "localhost:8086"));

		// When
		MvcTestResult result = this.mvc.get().uri("/analytics/top-products").exchange();

		// Then
		assertThat(result).hasStatusOk().hasHeader(AnalyticsController.SERVED_BY, "localhost:8086");
		assertThat(result).bodyJson().isLenientlyEqualTo("{\"products\": [{\"sku\": \"sku-book\", \"quantity\": 12}]}");
	}

	@Test
	void shouldAnswerAnInstanceQueryFromThisInstanceOnly() {
		// Given
		given(this.local.self()).willReturn(new HostInfo("localhost", 8084));
		given(this.local.regions()).willReturn(new InstanceRegions(List.of(1, 4), List.of()));

		// When
		MvcTestResult result = this.mvc.get().uri("/analytics/instance/regions").exchange();

		// Then
		assertThat(result).hasStatusOk().hasHeader(AnalyticsController.SERVED_BY, "localhost:8084");
		assertThat(result).bodyJson().isLenientlyEqualTo("{\"partitions\": [1, 4], \"regions\": []}");
		then(this.queries).shouldHaveNoInteractions();
	}

}
