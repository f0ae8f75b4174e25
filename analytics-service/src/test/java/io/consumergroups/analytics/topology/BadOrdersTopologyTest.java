package io.consumergroups.analytics.topology;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.consumergroups.analytics.failures.DeadLetter;
import io.consumergroups.events.DeadLetterPublisher;
import io.consumergroups.events.DeadLetters;
import io.consumergroups.events.Topics;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of bad record on {@code orders}, through the real topology with the error
 * handling analytics-service runs with: it lands in the dead-letter topic with its cause
 * in headers, and the next valid order is counted. On the test driver, an exception that
 * would stop a stream thread fails {@code pipeInput}.
 */
class BadOrdersTopologyTest {

	private static final Instant NOON = Instant.parse("2026-06-01T12:00:00Z");

	/** The producer's {@code max.request.size}, and about the broker's message limit. */
	private static final int RECORD_LIMIT = 1024 * 1024;

	@TempDir
	Path stateDir;

	private TopologyTestDriver driver;

	private TestInputTopic<String, byte[]> orders;

	@BeforeEach
	void startDriver() {
		this.driver = AnalyticsTestDriver.analytics(this.stateDir);
		this.orders = this.driver.createInputTopic(Topics.ORDERS, new StringSerializer(), new ByteArraySerializer());
	}

	@AfterEach
	void closeDriver() {
		this.driver.close();
	}

	static Stream<BadRecord> badRecords() {
		return Stream.of(new BadRecord("not JSON", "customer-7", "{not json", "not an order in the contract's JSON"),
				new BadRecord("an id outside the contract", "customer-7",
						validJson().replace("\"order-1\"", "\"order 1\""), "orderId must be 1 to 64 characters"),
				new BadRecord("created in year +999999999", "customer-7",
						validJson().replace("2026-06-01T12:00:00Z", "+999999999-12-31T23:59:59Z"),
						"createdAt must be from 2020-01-01T00:00:00Z"),
				new BadRecord("no key", null, validJson(), "record has no key"),
				new BadRecord("no value (tombstone)", "customer-7", null, "record has no value"),
				new BadRecord("unit price 1e-999999999", "customer-7", validJson().replace("9.95", "1e-999999999"),
						"items[0].unitPrice must have at most 4 decimal places"),
				new BadRecord("total 1E+2147483647", "customer-7", validJson().replace("19.9", "1E+2147483647"),
						"total must have at most 12 digits before the decimal point"),
				new BadRecord("a fractional quantity", "customer-7",
						validJson().replace("\"quantity\":2", "\"quantity\":2.7"),
						"not an order in the contract's JSON"),
				new BadRecord("a quantity in quotes", "customer-7",
						validJson().replace("\"quantity\":2", "\"quantity\":\"2\""),
						"not an order in the contract's JSON"),
				new BadRecord("a duplicate field", "customer-7",
						validJson().replace("\"currency\":\"EUR\"", "\"currency\":\"EUR\",\"currency\":\"USD\""),
						"not an order in the contract's JSON"),
				new BadRecord("something after the order", "customer-7", validJson() + "{}",
						"not an order in the contract's JSON"),
				new BadRecord("JSON null", "customer-7", "null", "record value is JSON null"),
				new BadRecord("keyed by another customer", "customer-8", validJson(),
						"record key customer-8 is not the order's customer id"),
				new BadRecord("no items", "customer-7", validJson().replaceFirst("\"items\":\\[.*?\\]", "\"items\":[]"),
						"items must not be empty"),
				new BadRecord("an empty value", "customer-7", "", "not an order in the contract's JSON"), new BadRecord(
						"nested 10000 deep", "customer-7", "[".repeat(10_000), "not an order in the contract's JSON"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badRecords")
	void shouldDeadLetterABadRecordWithItsCauseAndCountTheNextOrder(BadRecord bad) {
		// Given a valid order
		this.orders.pipeInput("customer-7", utf8(validJson()), NOON);

		// When a bad record follows, then another valid order
		this.orders.pipeInput(bad.key(), bad.value(), NOON);
		this.orders.pipeInput("customer-7", utf8(validJson().replace("order-1", "order-2")), NOON);

		// Then the bad record is a dead letter, as it was, with its cause and origin
		List<TestRecord<byte[], byte[]>> deadLetters = deadLetters();
		assertThat(deadLetters).singleElement().satisfies((deadLetter) -> {
			assertThat(deadLetter.key()).isEqualTo((bad.key() != null) ? utf8(bad.key()) : null);
			assertThat(deadLetter.value()).isEqualTo(bad.value());
			assertThat(header(deadLetter, DeadLetter.MESSAGE_HEADER)).contains(bad.cause());
			assertThat(header(deadLetter, DeadLetters.ROOT_CAUSE_HEADER)).isNotBlank();
			assertThat(header(deadLetter, DeadLetter.EXCEPTION_HEADER)).isNotBlank();
			assertThat(header(deadLetter, DeadLetter.STACKTRACE_HEADER)).isNotBlank();
			assertThat(header(deadLetter, DeadLetter.TOPIC_HEADER)).isEqualTo(Topics.ORDERS);
			assertThat(header(deadLetter, DeadLetter.OFFSET_HEADER)).isEqualTo("1");
		});
		// and both valid orders are counted, nothing else
		assertThat(regionTotals("eu-west")).isEqualTo(new OrderStats(2, Map.of("EUR", new BigDecimal("39.8"))));
	}

	@Test
	void shouldCutTheDeadLetterOfARecordCloseToTheSizeLimitSoThatItCanBeWritten() {
		// Given a record that fits orders, barely, and is not an order
		byte[] large = new byte[RECORD_LIMIT - 2_000];
		Arrays.fill(large, (byte) 'x');

		// When it is read, then a valid order
		this.orders.pipeInput("customer-7", large, NOON);
		this.orders.pipeInput("customer-7", utf8(validJson()), NOON);

		// Then its dead letter keeps its start, says what was cut, and fits the limit
		TestRecord<byte[], byte[]> deadLetter = deadLetters().get(0);
		assertThat(deadLetter.value()).hasSize(DeadLetterPublisher.MAX_VALUE_BYTES)
			.isEqualTo(Arrays.copyOf(large, DeadLetterPublisher.MAX_VALUE_BYTES));
		assertThat(header(deadLetter, DeadLetterPublisher.TRUNCATED_HEADER))
			.contains("value cut from " + large.length + " to " + DeadLetterPublisher.MAX_VALUE_BYTES + " bytes");
		assertThat(header(deadLetter, DeadLetter.MESSAGE_HEADER)).hasSizeLessThan(2_000);
		assertThat(AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
				deadLetter.key(), deadLetter.value(), deadLetter.headers().toArray()))
			.isLessThan(RECORD_LIMIT);
		assertThat(regionTotals("eu-west").orders()).isEqualTo(1);
	}

	@Test
	void shouldDeadLetterARecordAStepFailsOnOncePerFailingStepAndGoOn() {
		// Given a record in the repartition topic by region that some other client wrote:
		// JSON of an order, without a currency; it is read without the contract, as this
		// application's own records are
		TestInputTopic<String, byte[]> byRegion = this.driver.createInputTopic(
				AnalyticsTestDriver.ORDERS_BY_REGION_TOPIC, new StringSerializer(), new ByteArraySerializer());
		byte[] noCurrency = utf8(validJson().replace("\"currency\":\"EUR\",", ""));

		// When it is read, then a valid order
		byRegion.pipeInput("eu-west", noCurrency, NOON);
		this.orders.pipeInput("customer-7", utf8(validJson()), NOON);

		// Then both aggregations failed on it, and each dead-lettered it with the cause
		assertThat(deadLetters()).hasSize(2).allSatisfy((deadLetter) -> {
			assertThat(deadLetter.value()).isEqualTo(noCurrency);
			assertThat(header(deadLetter, DeadLetter.EXCEPTION_HEADER)).isEqualTo(NullPointerException.class.getName());
			assertThat(header(deadLetter, DeadLetter.TOPIC_HEADER))
				.isEqualTo(AnalyticsTestDriver.ORDERS_BY_REGION_TOPIC);
		});
		// and the valid order is counted
		assertThat(regionTotals("eu-west")).isEqualTo(new OrderStats(1, Map.of("EUR", new BigDecimal("19.9"))));
	}

	private List<TestRecord<byte[], byte[]>> deadLetters() {
		return this.driver
			.createOutputTopic(AnalyticsTopics.ORDERS_DLT, new ByteArrayDeserializer(), new ByteArrayDeserializer())
			.readRecordsToList();
	}

	private OrderStats regionTotals(String region) {
		KeyValueStore<String, OrderStats> store = this.driver.getKeyValueStore(AnalyticsTopology.REGION_TOTALS_STORE);
		return store.get(region);
	}

	private static String validJson() {
		return "{\"orderId\":\"order-1\",\"customerId\":\"customer-7\",\"region\":\"eu-west\","
				+ "\"items\":[{\"sku\":\"sku-1\",\"quantity\":2,\"unitPrice\":9.95}],\"total\":19.9,"
				+ "\"currency\":\"EUR\",\"createdAt\":\"2026-06-01T12:00:00Z\"}";
	}

	private static String header(TestRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static byte[] utf8(String text) {
		return (text != null) ? text.getBytes(StandardCharsets.UTF_8) : null;
	}

	/**
	 * A record no producer of the contract writes.
	 *
	 * @param kind what is wrong with it
	 * @param key its key
	 * @param json its value
	 * @param cause what its dead letter's message must say
	 */
	record BadRecord(String kind, String key, String json, String cause) {

		byte[] value() {
			return utf8(this.json);
		}

		@Override
		public String toString() {
			return this.kind;
		}

	}

}
