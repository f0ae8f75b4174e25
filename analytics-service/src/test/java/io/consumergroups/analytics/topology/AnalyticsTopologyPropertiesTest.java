package io.consumergroups.analytics.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderContract;
import io.consumergroups.events.OrderItem;
import io.consumergroups.events.Topics;
import jakarta.validation.Validation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.FileSystemUtils;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topology on generated inputs. Every order inside the contract is counted, exactly,
 * without an exception; every other record is dead-lettered and the stream goes on. What
 * is "inside the contract" is decided by order-events' own consumer deserializer, not by
 * the code under test.
 */
class AnalyticsTopologyPropertiesTest {

	private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:@-";

	/**
	 * Lines per order: fewer than the contract's 100, since every line is a record
	 * through the ranking; {@code OrderStatsTest} covers the contract's extremes.
	 */
	private static final int MAX_ITEMS = 12;

	private static final SpringValidatorAdapter validator = new SpringValidatorAdapter(
			Validation.buildDefaultValidatorFactory().getValidator());

	@Property(tries = 30)
	void shouldCountEveryOrderInsideTheContractExactly(@ForAll("orderLists") List<Order> orders) {
		// Given orders generated inside the contract, amounts in any notation
		withDriver((driver) -> {
			// When they go through the topology
			TestInputTopic<String, Order> input = driver.createInputTopic(Topics.ORDERS, new StringSerializer(),
					Topics.orderSerde().serializer());
			orders.forEach((order) -> input.pipeInput(order.customerId(), order));

			// Then none is dead-lettered, and the totals and ranking are exact
			assertThat(deadLetterCount(driver)).isZero();
			assertThat(regionTotals(driver)).isEqualTo(expectedTotals(orders));
			assertThat(topProducts(driver)).isEqualTo(expectedTopProducts(orders));
		});
	}

	@Property(tries = 30)
	void shouldCountTheValidRecordsAndDeadLetterEveryOtherWithoutStopping(
			@ForAll("recordLists") List<RawRecord> records) {
		// Given valid orders, and records derived from them: cut, with a byte or a field
		// changed, keyed by someone else or no one, no value
		List<Order> valid = new ArrayList<>();
		long invalid = 0;
		for (RawRecord record : records) {
			Order order = readByTheContract(record);
			if (order != null) {
				valid.add(order);
			}
			else {
				invalid++;
			}
		}
		long expectedDeadLetters = invalid;
		withDriver((driver) -> {
			// When they go through the topology, in order
			TestInputTopic<String, byte[]> input = driver.createInputTopic(Topics.ORDERS, new StringSerializer(),
					new ByteArraySerializer());
			records.forEach((record) -> input.pipeInput(record.key(), record.value()));

			// Then each is counted if the contract accepts it, else dead-lettered
			assertThat(deadLetterCount(driver)).isEqualTo(expectedDeadLetters);
			assertThat(regionTotals(driver)).isEqualTo(expectedTotals(valid));
		});
	}

	@Provide
	Arbitrary<List<Order>> orderLists() {
		return validOrders().list().ofMinSize(1).ofMaxSize(10);
	}

	@Provide
	Arbitrary<List<RawRecord>> recordLists() {
		return rawRecords().list().ofMinSize(1).ofMaxSize(10);
	}

	private Arbitrary<RawRecord> rawRecords() {
		Arbitrary<RawRecord> valid = validOrders().map((order) -> new RawRecord(order.customerId(), json(order)));
		Arbitrary<RawRecord> cut = Combinators.combine(validOrders(), Arbitraries.doubles().between(0, 1))
			.as((order, at) -> {
				byte[] json = json(order);
				byte[] cutJson = new byte[(int) (json.length * at)];
				System.arraycopy(json, 0, cutJson, 0, cutJson.length);
				return new RawRecord(order.customerId(), cutJson);
			});
		Arbitrary<RawRecord> byteChanged = Combinators
			.combine(validOrders(), Arbitraries.doubles().between(0, 1), Arbitraries.bytes())
			.as((order, at, b) -> {
				byte[] json = json(order);
				json[Math.min(json.length - 1, (int) (json.length * at))] = b;
				return new RawRecord(order.customerId(), json);
			});
		Arbitrary<RawRecord> fieldChanged = Combinators
			.combine(validOrders(),
					Arbitraries.of("orderId", "customerId", "region", "items", "sku", "quantity", "unitPrice", "total",
							"currency", "createdAt"),
					Arbitraries.of("null", "\"\"", "1e-999999999", "1E+2147483647", "-1", "2.5", "\"2\"", "[]", "{}",
							"true", "\"+999999999-12-31T23:59:59Z\"", "\"1970-01-01T00:00:00Z\"", "\"a b\"",
							"\"" + "x".repeat(65) + "\"", "0.00001", "1000000000000"))
			.as((order, field, literal) -> new RawRecord(order.customerId(),
					utf8(new String(json(order), StandardCharsets.UTF_8)
						.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}\\]]*)", "\"" + field + "\":" + literal))));
		Arbitrary<RawRecord> otherKey = Combinators
			.combine(validOrders(), Arbitraries.of("", "customer-x").injectNull(0.4))
			.as((order, key) -> new RawRecord(key, json(order)));
		Arbitrary<RawRecord> noValue = validOrders().map((order) -> new RawRecord(order.customerId(), null));
		return Arbitraries.frequencyOf(Tuple.of(4, valid), Tuple.of(2, cut), Tuple.of(2, byteChanged),
				Tuple.of(3, fieldChanged), Tuple.of(1, otherKey), Tuple.of(1, noValue));
	}

	/**
	 * Orders inside the contract, as order-events' own test generates them, with amounts
	 * also written with trailing zeros or an exponent (as the contract allows).
	 */
	private static Arbitrary<Order> validOrders() {
		Arbitrary<String> ids = Arbitraries.strings()
			.withChars(ID_CHARS)
			.ofMinLength(0)
			.ofMaxLength(OrderContract.MAX_ID_LENGTH - 1)
			.map((tail) -> "a" + tail);
		// Few regions and SKUs, so that orders add up in the same aggregates.
		Arbitrary<String> regions = Arbitraries.of("eu-west", "us-east", "r");
		Arbitrary<String> skus = Arbitraries.oneOf(Arbitraries.of("sku-1", "sku-2", "sku-3", "sku-4"), ids);
		Arbitrary<OrderItem> items = Combinators
			.combine(skus, Arbitraries.integers().between(1, OrderContract.MAX_QUANTITY), amounts())
			.as(OrderItem::new);
		Arbitrary<Instant> times = Arbitraries.longs()
			.between(Instant.parse(OrderContract.EARLIEST_CREATED_AT).toEpochMilli(),
					Instant.parse(OrderContract.LATEST_CREATED_AT).toEpochMilli() - 1)
			.map(Instant::ofEpochMilli);
		Arbitrary<String> currencies = Arbitraries.oneOf(Arbitraries.of("EUR", "USD"),
				Arbitraries.strings().withCharRange('A', 'Z').ofLength(3));
		return Combinators
			.combine(ids, ids, regions, items.list().ofMinSize(1).ofMaxSize(MAX_ITEMS), amounts(), currencies, times)
			.as(Order::new);
	}

	private static Arbitrary<BigDecimal> amounts() {
		Arbitrary<BigDecimal> plain = Combinators
			.combine(Arbitraries.longs().between(0, 999_999_999_999_9999L),
					Arbitraries.integers().between(0, OrderContract.MAX_FRACTION_DIGITS))
			.as((unscaled, scale) -> BigDecimal.valueOf(unscaled, OrderContract.MAX_FRACTION_DIGITS)
				.setScale(scale, RoundingMode.DOWN));
		// 1.5000…0 and 1E+3 are the same amounts, still inside the contract.
		Arbitrary<BigDecimal> trailingZeros = Combinators
			.combine(plain,
					Arbitraries.integers()
						.between(1, OrderContract.MAX_WRITTEN_FRACTION_DIGITS - OrderContract.MAX_FRACTION_DIGITS))
			.as((amount, zeros) -> amount.setScale(amount.scale() + zeros));
		Arbitrary<BigDecimal> exponent = plain.map(BigDecimal::stripTrailingZeros);
		return Arbitraries.oneOf(plain, trailingZeros, exponent);
	}

	private static void withDriver(Consumer<TopologyTestDriver> test) {
		Path stateDir;
		try {
			stateDir = Files.createTempDirectory("analytics-topology");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try (TopologyTestDriver driver = AnalyticsTestDriver.analytics(stateDir)) {
			test.accept(driver);
		}
		finally {
			FileSystemUtils.deleteRecursively(stateDir.toFile());
		}
	}

	/**
	 * As order-events' consumers read {@code orders}: null if the record is not a valid
	 * order keyed by its customer.
	 */
	private static Order readByTheContract(RawRecord record) {
		try (ErrorHandlingDeserializer<Order> deserializer = Topics.validatingOrderDeserializer(validator)) {
			Order order = (record.value() != null)
					? deserializer.deserialize(Topics.ORDERS, new RecordHeaders(), record.value()) : null;
			return (order != null && order.customerId().equals(record.key())) ? order : null;
		}
	}

	private static long deadLetterCount(TopologyTestDriver driver) {
		return driver
			.createOutputTopic(AnalyticsTopics.ORDERS_DLT, new ByteArrayDeserializer(), new ByteArrayDeserializer())
			.getQueueSize();
	}

	/** The region totals, every amount compared by value. */
	private static Map<String, Totals> regionTotals(TopologyTestDriver driver) {
		KeyValueStore<String, OrderStats> store = driver.getKeyValueStore(AnalyticsTopology.REGION_TOTALS_STORE);
		Map<String, Totals> totals = new HashMap<>();
		try (KeyValueIterator<String, OrderStats> all = store.all()) {
			all.forEachRemaining((entry) -> {
				// Amounts are kept with at most 4 decimal places, whatever the input's
				entry.value.revenue()
					.values()
					.forEach((amount) -> assertThat(amount.scale()).isBetween(0, OrderContract.MAX_FRACTION_DIGITS));
				totals.put(entry.key, Totals.of(entry.value.orders(), entry.value.revenue()));
			});
		}
		return totals;
	}

	private static Map<String, Totals> expectedTotals(List<Order> orders) {
		return orders.stream()
			.collect(Collectors.groupingBy(Order::region))
			.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey,
					(region) -> Totals.of(region.getValue().size(),
							region.getValue()
								.stream()
								.collect(Collectors.toMap(Order::currency, Order::total, BigDecimal::add)))));
	}

	private static List<ProductQuantity> topProducts(TopologyTestDriver driver) {
		TopProducts ranking = driver.<String, TopProducts>getKeyValueStore(AnalyticsTopology.TOP_PRODUCTS_STORE)
			.get(AnalyticsTopology.TOP_PRODUCTS_KEY);
		return (ranking != null) ? ranking.products() : List.of();
	}

	private static List<ProductQuantity> expectedTopProducts(List<Order> orders) {
		Map<String, Long> units = orders.stream()
			.flatMap((order) -> order.items().stream())
			.collect(Collectors.groupingBy(OrderItem::sku, Collectors.summingLong(OrderItem::quantity)));
		return units.entrySet()
			.stream()
			.map((sku) -> new ProductQuantity(sku.getKey(), sku.getValue()))
			.sorted(Comparator.comparingLong(ProductQuantity::quantity).reversed().thenComparing(ProductQuantity::sku))
			.limit(AnalyticsTestDriver.PROPERTIES.topProducts().size())
			.toList();
	}

	private static byte[] json(Order order) {
		return Topics.orderSerde().serializer().serialize(Topics.ORDERS, order);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A record as a producer wrote it.
	 *
	 * @param key the key, may be null
	 * @param value the value, may be null
	 */
	record RawRecord(String key, byte[] value) {

		@Override
		public String toString() {
			return this.key + " → " + ((this.value != null) ? new String(this.value, StandardCharsets.UTF_8) : null);
		}

	}

	/**
	 * A region's totals, amounts without trailing zeros, so that equal amounts are equal.
	 *
	 * @param orders how many orders
	 * @param revenue by currency
	 */
	record Totals(long orders, Map<String, BigDecimal> revenue) {

		static Totals of(long orders, Map<String, BigDecimal> revenue) {
			Map<String, BigDecimal> stripped = new TreeMap<>();
			revenue.forEach((currency, amount) -> stripped.put(currency, amount.stripTrailingZeros()));
			return new Totals(orders, stripped);
		}

	}

}
