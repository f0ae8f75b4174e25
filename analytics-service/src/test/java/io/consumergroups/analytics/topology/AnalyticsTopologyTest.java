package io.consumergroups.analytics.topology;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.consumergroups.analytics.AnalyticsProperties;
import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
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

	private static final AnalyticsProperties PROPERTIES = new AnalyticsProperties(
			new AnalyticsProperties.Windows(Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofHours(1)),
			new AnalyticsProperties.TopProducts(3), new AnalyticsProperties.Topics(1),
			new AnalyticsProperties.Query("localhost", Duration.ofSeconds(1)));

	@TempDir
	Path stateDir;

	private TopologyTestDriver driver;

	private TestInputTopic<String, Order> orders;

	private int orderNumber;

	@BeforeEach
	void startDriver() {
		StreamsBuilder builder = new StreamsBuilder();
		AnalyticsTopology.build(builder, PROPERTIES);
		Properties config = new Properties();
		config.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-service");
		config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
		config.put(StreamsConfig.STATE_DIR_CONFIG, this.stateDir.toString());
		config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
				LogAndContinueExceptionHandler.class.getName());
		config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, AnalyticsTopics.ORDERS_DLT);
		this.driver = new TopologyTestDriver(builder.build(), config);
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

	@Test
	void shouldDeadLetterRecordsThatAreNotValidOrdersAndGoOn() {
		// Given
		TestInputTopic<String, byte[]> raw = this.driver.createInputTopic(Topics.ORDERS, new StringSerializer(),
				new ByteArraySerializer());
		byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);
		byte[] missingFields = "{\"orderId\":\"order-y\",\"customerId\":\"customer-1\",\"region\":\"eu-west\"}"
			.getBytes(StandardCharsets.UTF_8);

		// When
		raw.pipeInput("customer-1", notJson, NOON);
		raw.pipeInput("customer-1", missingFields, NOON);
		raw.pipeInput("customer-1", null, NOON);
		place("eu-west", NOON, "EUR", "1.00");

		// Then
		List<TestRecord<byte[], byte[]>> deadLetters = this.driver
			.createOutputTopic(AnalyticsTopics.ORDERS_DLT, new ByteArrayDeserializer(), new ByteArrayDeserializer())
			.readRecordsToList();
		assertThat(deadLetters).extracting(TestRecord::value).containsExactly(notJson, missingFields, null);
		assertThat(header(deadLetters.get(1), "__streams.errors.message")).contains("createdAt")
			.contains("items")
			.contains("total");
		assertThat(header(deadLetters.get(0), "__streams.errors.topic")).isEqualTo(Topics.ORDERS);
		assertThat(regionTotals())
			.containsOnly(Map.entry("eu-west", new OrderStats(1, Map.of("EUR", new BigDecimal("1.00")))));
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

	private static String header(TestRecord<?, ?> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

}
