package io.consumergroups.it.analytics;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.consumergroups.analytics.AnalyticsServiceApplication;
import io.consumergroups.analytics.topology.AnalyticsTopics;
import io.consumergroups.analytics.topology.ProductQuantity;
import io.consumergroups.analytics.topology.RegionTotals;
import io.consumergroups.analytics.topology.TopProducts;
import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * analytics-service on a real cluster: every valid order is counted exactly once, in its
 * region and its minute, malformed records go to the dead-letter topic, and any instance
 * answers every query completely, whichever instance owns the state.
 * <p>
 * The orders are published once; each test runs its own Streams application (its own
 * {@code application.id}) over all of them.
 */
class AnalyticsServiceIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNode();

	private static final int ORDERS = 500;

	/** The minute the orders are placed in, one per millisecond from its start. */
	private static final Instant MINUTE = Instant.now().truncatedTo(ChronoUnit.MINUTES);

	private static final Duration TIMEOUT = Duration.ofSeconds(90);

	private static final List<Order> orders = IntStream.range(0, ORDERS)
		.mapToObj(AnalyticsServiceIT::placedThisMinute)
		.toList();

	private static final byte[] NOT_JSON = "{not json".getBytes(StandardCharsets.UTF_8);

	private static final byte[] NOT_AN_ORDER = "{\"orderId\":\"order-x\",\"customerId\":\"customer-1\"}"
		.getBytes(StandardCharsets.UTF_8);

	@TempDir
	static Path stateDirs;

	@BeforeAll
	static void publishOrders() {
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			probe.createTopic(Topics.ORDERS, 6);
			probe.publish(orders.subList(0, ORDERS / 2));
			probe.publishRaw(Topics.ORDERS, "customer-1", NOT_JSON);
			probe.publishRaw(Topics.ORDERS, "customer-2", NOT_AN_ORDER);
			probe.publish(orders.subList(ORDERS / 2, ORDERS));
		}
	}

	@Test
	void shouldCountEveryOrderExactlyOnceByRegionAndMinuteAndDeadLetterMalformedRecords() {
		try (KafkaProbe probe = new KafkaProbe(kafka);
				RunningService analytics = start("analytics-single", "instance-1")) {
			// When every order is counted, in the regions and in the ranking
			await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
				assertThat(regions(analytics.http()).getBody().orders()).isEqualTo(ORDERS);
				assertThat(topProducts(analytics.http()).getBody()).isEqualTo(expectedTopProducts(orders));
			});
			Regions regions = regions(analytics.http()).getBody();

			// Then: the totals, per region and overall, are the orders'
			Map<String, RegionTotals> expected = expectedRegions(orders);
			assertThat(regions.orders()).isEqualTo(ORDERS);
			assertThat(regions.revenue()).containsOnlyKeys("EUR");
			assertThat(regions.revenue().get("EUR")).isEqualByComparingTo(sum(orders));
			assertThat(regions.regions()).hasSize(expected.size())
				.allSatisfy((region) -> sameTotals(region, expected.get(region.region())));
			// and so are the windows: all orders were placed in one minute
			for (RegionTotals region : expected.values()) {
				Revenue revenue = revenue(analytics.http(), region.region()).getBody();
				assertThat(revenue.windows()).singleElement().satisfies((window) -> {
					assertThat(window.start()).isEqualTo(MINUTE);
					assertThat(window.orders()).isEqualTo(region.orders());
					assertThat(window.revenue().get("EUR")).isEqualByComparingTo(region.revenue().get("EUR"));
				});
				assertThat(revenue.orders()).isEqualTo(region.orders());
			}
			// and malformed records are in the dead-letter topic, as they were
			List<ConsumerRecord<String, byte[]>> deadLetters = probe.readCommitted(AnalyticsTopics.ORDERS_DLT,
					new ByteArrayDeserializer());
			assertThat(deadLetters).extracting(ConsumerRecord::value).contains(NOT_JSON, NOT_AN_ORDER);
			assertThat(deadLetters).allSatisfy((record) -> assertThat(
					new String(record.headers().lastHeader("__streams.errors.topic").value(), StandardCharsets.UTF_8))
				.isEqualTo(Topics.ORDERS));
			// and the Streams client's state and metrics are exposed
			JsonNode health = analytics.http().get().uri("/actuator/health").retrieve().body(JsonNode.class);
			assertThat(health.at("/components/kafkaStreams/status").asString()).isEqualTo("UP");
			assertThat(health.at("/components/kafkaStreams/details/state").asString()).isEqualTo("RUNNING");
			assertThat(analytics.http().get().uri("/actuator/prometheus").retrieve().body(String.class))
				.contains("kafka_stream_thread_process_total");
		}
	}

	@Test
	void shouldAnswerEveryQueryCompletelyAndIdenticallyFromEitherOfTwoInstances() {
		try (RunningService first = start("analytics-pair", "instance-1");
				RunningService second = start("analytics-pair", "instance-2")) {
			// When both instances have every order, and own their share of the state
			// Then each query gets the same complete answer from either instance; until
			// the group settles, a query may answer 503 (Retry-After)
			await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertSameCompleteAnswers(first, second));
		}
	}

	private static void assertSameCompleteAnswers(RunningService first, RunningService second) {
		ResponseEntity<Regions> regions = regions(first.http());
		assertThat(regions.getBody().orders()).isEqualTo(ORDERS);
		assertThat(regions(second.http()).getBody()).isEqualTo(regions.getBody());
		// The regions are spread over both instances: each answered for its partitions.
		assertThat(regions.getHeaders().getFirst("X-Served-By")).contains(address(first)).contains(address(second));
		Map<String, RegionTotals> expected = expectedRegions(orders);
		assertThat(regions.getBody().regions()).hasSize(expected.size())
			.allSatisfy((region) -> sameTotals(region, expected.get(region.region())));
		for (String region : expected.keySet()) {
			ResponseEntity<Revenue> fromFirst = revenue(first.http(), region);
			ResponseEntity<Revenue> fromSecond = revenue(second.http(), region);
			assertThat(fromSecond.getBody()).isEqualTo(fromFirst.getBody());
			assertThat(fromFirst.getBody().orders()).isEqualTo(expected.get(region).orders());
			// Served by the region's owner whichever instance was asked: one of them
			// forwarded the query.
			assertThat(fromSecond.getHeaders().getFirst("X-Served-By"))
				.isEqualTo(fromFirst.getHeaders().getFirst("X-Served-By"))
				.isIn(address(first), address(second));
		}
		ResponseEntity<TopProducts> ranking = topProducts(first.http());
		assertThat(ranking.getBody()).isEqualTo(expectedTopProducts(orders));
		assertThat(topProducts(second.http())).satisfies((fromSecond) -> {
			assertThat(fromSecond.getBody()).isEqualTo(ranking.getBody());
			assertThat(fromSecond.getHeaders().getFirst("X-Served-By"))
				.isEqualTo(ranking.getHeaders().getFirst("X-Served-By"));
		});
	}

	/**
	 * A fixture order placed now rather than on its fixed date. Window changelogs are
	 * deleted by the broker by record time (store retention plus a day), and records
	 * carry the event time: months-old orders would lose their windows as soon as a task
	 * moves and restores its store from the changelog.
	 */
	private static Order placedThisMinute(int n) {
		Order order = OrderFixtures.order(n);
		return new Order(order.orderId(), order.customerId(), order.region(), order.items(), order.total(),
				order.currency(), MINUTE.plusMillis(n));
	}

	private static RunningService start(String applicationId, String instance) {
		return RunningService.start(AnalyticsServiceApplication.class, "analytics-service", kafka,
				"spring.kafka.streams.application-id=" + applicationId,
				"spring.kafka.streams.state-dir=" + stateDirs.resolve(applicationId).resolve(instance));
	}

	static ResponseEntity<Regions> regions(RestClient analytics) {
		return analytics.get().uri("/analytics/regions").retrieve().toEntity(Regions.class);
	}

	static ResponseEntity<Revenue> revenue(RestClient analytics, String region) {
		return analytics.get()
			.uri("/analytics/revenue?region={region}&from={from}&to={to}", region, MINUTE, MINUTE.plusSeconds(60))
			.retrieve()
			.toEntity(Revenue.class);
	}

	static ResponseEntity<TopProducts> topProducts(RestClient analytics) {
		return analytics.get().uri("/analytics/top-products").retrieve().toEntity(TopProducts.class);
	}

	private static String address(RunningService analytics) {
		return "localhost:" + analytics.port();
	}

	/**
	 * What {@code GET /analytics/regions} answers once it has counted these orders.
	 * @param counted the orders, each in EUR
	 * @return per region, its orders and revenue
	 */
	static Map<String, RegionTotals> expectedRegions(List<Order> counted) {
		return counted.stream()
			.collect(Collectors.groupingBy(Order::region))
			.entrySet()
			.stream()
			.map((region) -> new RegionTotals(region.getKey(), region.getValue().size(),
					Map.of("EUR", sum(region.getValue()))))
			.collect(Collectors.toMap(RegionTotals::region, Function.identity()));
	}

	/**
	 * What {@code GET /analytics/top-products} answers once it has counted these orders.
	 * @param counted the orders
	 * @return the ten best-selling products
	 */
	static TopProducts expectedTopProducts(List<Order> counted) {
		Map<String, Long> units = counted.stream()
			.flatMap((order) -> order.items().stream())
			.collect(Collectors.groupingBy(OrderItem::sku, Collectors.summingLong(OrderItem::quantity)));
		return new TopProducts(units.entrySet()
			.stream()
			.map((sku) -> new ProductQuantity(sku.getKey(), sku.getValue()))
			.sorted(Comparator.comparingLong(ProductQuantity::quantity).reversed().thenComparing(ProductQuantity::sku))
			.limit(10)
			.toList());
	}

	private static BigDecimal sum(List<Order> orders) {
		return orders.stream().map(Order::total).reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	static void sameTotals(RegionTotals actual, RegionTotals expected) {
		assertThat(actual.orders()).as(actual.region()).isEqualTo(expected.orders());
		assertThat(actual.revenue()).as(actual.region()).containsOnlyKeys("EUR");
		assertThat(actual.revenue().get("EUR")).as(actual.region()).isEqualByComparingTo(expected.revenue().get("EUR"));
	}

	/** The JSON of {@code GET /analytics/regions}, amounts as {@code BigDecimal}. */
	record Regions(long orders, Map<String, BigDecimal> revenue, List<RegionTotals> regions) {

	}

	/** The JSON of {@code GET /analytics/revenue}. */
	record Revenue(String region, Instant from, Instant to, long orders, Map<String, BigDecimal> revenue,
			List<Window> windows) {

	}

	/** One window of {@link Revenue}. */
	record Window(Instant start, Instant end, long orders, Map<String, BigDecimal> revenue) {

	}

}
