package io.consumergroups.analytics.topology;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import io.consumergroups.events.Topics;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topology on Kafka Streams' test driver: records go in one at a time, with event
 * times chosen by the test, and the stores and output topics are read back. No broker.
 */
class AnalyticsTopologyTest {

	private static final Instant NOON = Instant.parse("2026-06-01T12:00:00Z");

	@TempDir
	Path stateDir;

	private TopologyTestDriver driver;

	private TestInputTopic<String, Order> orders;

	private int orderNumber;

	@BeforeEach
	void startDriver() {
		this.driver = AnalyticsTestDriver.analytics(this.stateDir);
		this.orders = this.driver.createInputTopic(Topics.ORDERS, new StringSerializer(),
				Topics.orderSerde().serializer());
	}

	@AfterEach
	void closeDriver() {
		this.driver.close();
	}

	@Test
	void shouldCountOrdersAndRevenuePerRegionAndMinuteOfEventTime() {
		// Given orders of two regions, in two minutes
		place("eu-west", NOON.plusSeconds(10), "EUR", "10.00");
		place("eu-west", NOON.plusSeconds(50), "EUR", "5.50");
		place("us-east", NOON.plusSeconds(20), "USD", "7.00");
		place("eu-west", NOON.plusSeconds(65), "EUR", "1.00");

		// When
		List<KeyValue<Long, OrderStats>> euWest = windows("eu-west");

		// Then
		assertThat(euWest).containsExactly(
				KeyValue.pair(NOON.toEpochMilli(), new OrderStats(2, Map.of("EUR", new BigDecimal("15.50")))),
				KeyValue.pair(NOON.plusSeconds(60).toEpochMilli(),
						new OrderStats(1, Map.of("EUR", new BigDecimal("1.00")))));
		assertThat(windows("us-east")).containsExactly(
				KeyValue.pair(NOON.toEpochMilli(), new OrderStats(1, Map.of("USD", new BigDecimal("7.00")))));
		List<OrdersPerMinute> published = this.driver
			.createOutputTopic(AnalyticsTopics.ORDERS_PER_MINUTE, new StringDeserializer(),
					AnalyticsTopics.ordersPerMinuteSerde().deserializer())
			.readValuesToList();
		assertThat(published).last()
			.isEqualTo(new OrdersPerMinute("eu-west", NOON.plusSeconds(60), NOON.plusSeconds(120), 1,
					Map.of("EUR", new BigDecimal("1.00"))));
		assertThat(published).contains(
				new OrdersPerMinute("eu-west", NOON, NOON.plusSeconds(60), 2, Map.of("EUR", new BigDecimal("15.50"))));
	}

	@Test
	void shouldCountALateOrderWithinTheGracePeriodAndDropOneAfterIt() {
		// Given the 12:00 window, and stream time moved on to 12:01:20 (grace: 30 s)
		place("eu-west", NOON.plusSeconds(10), "EUR", "1.00");
		place("eu-west", NOON.plusSeconds(80), "EUR", "2.00");

		// When an order of 12:00:40 arrives: 20 s after the window's end, within grace
		place("eu-west", NOON.plusSeconds(40), "EUR", "4.00");
		// and, once stream time is 12:01:40, one of 12:00:50: 40 s after the end, too
		// late
		place("eu-west", NOON.plusSeconds(100), "EUR", "8.00");
		place("eu-west", NOON.plusSeconds(50), "EUR", "16.00");

		// Then
		assertThat(windows("eu-west")).containsExactly(
				KeyValue.pair(NOON.toEpochMilli(), new OrderStats(2, Map.of("EUR", new BigDecimal("5.00")))),
				KeyValue.pair(NOON.plusSeconds(60).toEpochMilli(),
						new OrderStats(2, Map.of("EUR", new BigDecimal("10.00")))));
		// Running totals have no windows: the late order counts there.
		assertThat(regionTotals().get("eu-west")).isEqualTo(new OrderStats(5, Map.of("EUR", new BigDecimal("31.00"))));
	}

	@Test
	void shouldKeepRunningTotalsPerRegionWithRevenuePerCurrency() {
		// Given
		place("eu-west", NOON, "EUR", "10.00");
		place("eu-west", NOON.plus(Duration.ofHours(5)), "GBP", "3.25");
		place("eu-west", NOON.plus(Duration.ofDays(2)), "EUR", "0.05");
		place("ap-south", NOON, "USD", "99.99");

		// When
		Map<String, OrderStats> totals = regionTotals();

		// Then
		assertThat(totals).containsOnly(
				Map.entry("eu-west",
						new OrderStats(3, Map.of("EUR", new BigDecimal("10.05"), "GBP", new BigDecimal("3.25")))),
				Map.entry("ap-south", new OrderStats(1, Map.of("USD", new BigDecimal("99.99")))));
		List<KeyValue<String, RegionTotals>> published = this.driver
			.createOutputTopic(AnalyticsTopics.REVENUE_BY_REGION, new StringDeserializer(),
					AnalyticsTopics.regionTotalsSerde().deserializer())
			.readKeyValuesToList();
		assertThat(published).hasSize(4)
			.last()
			.isEqualTo(
					KeyValue.pair("ap-south", new RegionTotals("ap-south", 1, Map.of("USD", new BigDecimal("99.99")))));
	}

	@Test
	void shouldRankProductsByUnitsOrderedKeepingTheTopThree() {
		// Given
		place("eu-west", NOON, item("sku-a", 5), item("sku-b", 1));
		place("us-east", NOON, item("sku-c", 3), item("sku-d", 2));
		place("us-west", NOON, item("sku-b", 3), item("sku-d", 1));
		place("eu-west", NOON, item("sku-e", 4));

		// When
		TopProducts ranking = this.driver.<String, TopProducts>getKeyValueStore(AnalyticsTopology.TOP_PRODUCTS_STORE)
			.get(AnalyticsTopology.TOP_PRODUCTS_KEY);

		// Then: b 4, e 4, a 5, c 3, d 3; ties by SKU
		assertThat(ranking.products()).containsExactly(new ProductQuantity("sku-a", 5), new ProductQuantity("sku-b", 4),
				new ProductQuantity("sku-e", 4));
		assertThat(this.driver
			.createOutputTopic(AnalyticsTopics.TOP_PRODUCTS, new StringDeserializer(),
					AnalyticsTopics.topProductsSerde().deserializer())
			.readValuesToList()).last().isEqualTo(ranking);
	}

	private void place(String region, Instant createdAt, String currency, String total) {
		place(region, createdAt, currency, new OrderItem("sku-1", 1, new BigDecimal(total)));
	}

	private void place(String region, Instant createdAt, OrderItem... items) {
		place(region, createdAt, "EUR", items);
	}

	private void place(String region, Instant createdAt, String currency, OrderItem... items) {
		BigDecimal total = Arrays.stream(items).map(OrderItem::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
		String customerId = "customer-" + this.orderNumber % 3;
		Order order = new Order("order-" + this.orderNumber++, customerId, region, List.of(items), total, currency,
				createdAt);
		// The record's own timestamp is wall-clock time: windows must follow createdAt.
		this.orders.pipeInput(customerId, order, NOON.plus(Duration.ofDays(30)));
	}

	private static OrderItem item(String sku, int quantity) {
		return new OrderItem(sku, quantity, BigDecimal.ONE);
	}

	private List<KeyValue<Long, OrderStats>> windows(String region) {
		WindowStore<String, OrderStats> store = this.driver.getWindowStore(AnalyticsTopology.ORDERS_PER_MINUTE_STORE);
		List<KeyValue<Long, OrderStats>> windows = new ArrayList<>();
		try (WindowStoreIterator<OrderStats> found = store.fetch(region, NOON.minusSeconds(3600),
				NOON.plusSeconds(3600))) {
			found.forEachRemaining(windows::add);
		}
		return windows;
	}

	private Map<String, OrderStats> regionTotals() {
		KeyValueStore<String, OrderStats> store = this.driver.getKeyValueStore(AnalyticsTopology.REGION_TOTALS_STORE);
		Map<String, OrderStats> totals = new HashMap<>();
		try (KeyValueIterator<String, OrderStats> all = store.all()) {
			all.forEachRemaining((entry) -> totals.put(entry.key, entry.value));
		}
		return totals;
	}

}
