package io.consumergroups.it.analytics;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.consumergroups.analytics.AnalyticsServiceApplication;
import io.consumergroups.analytics.topology.AnalyticsTopics;
import io.consumergroups.analytics.topology.ProductQuantity;
import io.consumergroups.analytics.topology.RegionTotals;
import io.consumergroups.analytics.topology.TopProducts;
import io.consumergroups.events.DeadLetterPublisher;
import io.consumergroups.events.DeadLetters;
import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import jakarta.validation.Validation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * analytics-service on a real cluster, fed bad records between valid orders: records that
 * killed it for good before (an amount of {@code 1e-999999999}, a creation time in year
 * +999999999), records without key or value, records of every kind derived from a valid
 * order, and one close to the broker's size limit. It must stay up, commit past every one
 * of them, dead-letter each with its cause, and count exactly the valid orders.
 * <p>
 * Proved from outside the service: the group's committed offsets (Admin API), the
 * dead-letter topic (read_committed), the group's members, and the HTTP answers.
 */
class AnalyticsBadInputIT {

	private static final Logger logger = LoggerFactory.getLogger(AnalyticsBadInputIT.class);

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNode();

	private static final String GROUP = "analytics-service";

	private static final int VALID_ORDERS = 120;

	/** The minute the orders are placed in, so that their windows are not expired. */
	private static final Instant MINUTE = Instant.now().truncatedTo(ChronoUnit.MINUTES);

	private static final Duration TIMEOUT = Duration.ofSeconds(120);

	/** Drawn once per run and logged, so that a failure can be replayed. */
	private static final long SEED = new Random().nextLong();

	private static final SpringValidatorAdapter validator = new SpringValidatorAdapter(
			Validation.buildDefaultValidatorFactory().getValidator());

	@TempDir
	Path stateDir;

	@Test
	void shouldStayUpDeadLetterEveryBadRecordWithItsCauseAndCountExactlyTheValidOrders() {
		List<Order> valid = IntStream.range(0, VALID_ORDERS).mapToObj(AnalyticsBadInputIT::placedThisMinute).toList();
		List<BadRecord> bad = badRecords(valid);
		assertThat(bad).as("records order-events' consumers refuse")
			.noneMatch(AnalyticsBadInputIT::acceptedByTheContract);
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			probe.createTopic(Topics.ORDERS, 6);
			try (RunningService analytics = start()) {
				// Given analytics-service running
				await().atMost(TIMEOUT).ignoreExceptions().until(() -> streamsState(analytics).equals("RUNNING"));

				// When bad records are written to orders between valid orders
				List<Written> written = new ArrayList<>();
				int chunk = VALID_ORDERS / (bad.size() + 1);
				for (int i = 0; i <= bad.size(); i++) {
					probe.publish(valid.subList(i * chunk, (i == bad.size()) ? VALID_ORDERS : (i + 1) * chunk));
					if (i < bad.size()) {
						written.add(new Written(bad.get(i),
								probe.publishRaw(Topics.ORDERS, bad.get(i).key(), bad.get(i).value())));
					}
				}

				// Then the group commits past the end of orders
				await().atMost(TIMEOUT).until(() -> probe.groups().lag(GROUP, Topics.ORDERS).total() == 0);
				// and the service is up, on its first stream thread: none was replaced
				JsonNode health = health(analytics);
				assertThat(health.at("/components/kafkaStreams/status").asString()).isEqualTo("UP");
				assertThat(health.at("/components/kafkaStreams/details/state").asString()).isEqualTo("RUNNING");
				assertThat(health.at("/components/kafkaStreams/details/threadsReplacedRecently").asInt()).isZero();
				assertThat(probe.groups().consumerGroup(GROUP, Topics.ORDERS).partitionsByMember().keySet())
					.singleElement()
					.asString()
					.contains("StreamThread-1-");
				// and every bad record is a dead letter, with its cause and origin
				List<ConsumerRecord<String, byte[]>> deadLetters = probe.readCommitted(AnalyticsTopics.ORDERS_DLT,
						new ByteArrayDeserializer());
				assertThat(deadLetters).hasSize(bad.size());
				written.forEach((record) -> assertDeadLettered(record.bad(), record.metadata(), deadLetters));
				// and the answers count exactly the valid orders, in regions and ranking
				await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
					Regions regions = analytics.http()
						.get()
						.uri("/analytics/regions")
						.retrieve()
						.toEntity(Regions.class)
						.getBody();
					assertThat(regions.orders()).isEqualTo(VALID_ORDERS);
					assertThat(regions.revenue().get("EUR")).isEqualByComparingTo(sum(valid));
					assertThat(regions.regions()).allSatisfy((region) -> assertThat(region.orders())
						.isEqualTo(valid.stream().filter((order) -> order.region().equals(region.region())).count()));
					assertThat(analytics.http().get().uri("/analytics/top-products").retrieve().body(TopProducts.class))
						.isEqualTo(expectedTopProducts(valid));
				});
			}
		}
	}

	private static void assertDeadLettered(BadRecord bad, RecordMetadata written,
			List<ConsumerRecord<String, byte[]>> deadLetters) {
		List<ConsumerRecord<String, byte[]>> found = deadLetters.stream()
			.filter((deadLetter) -> Topics.ORDERS.equals(header(deadLetter, "__streams.errors.topic"))
					&& String.valueOf(written.partition()).equals(header(deadLetter, "__streams.errors.partition"))
					&& String.valueOf(written.offset()).equals(header(deadLetter, "__streams.errors.offset")))
			.toList();
		assertThat(found).as(bad.kind()).singleElement().satisfies((deadLetter) -> {
			assertThat(deadLetter.key()).as(bad.kind()).isEqualTo(bad.key());
			assertThat(header(deadLetter, "__streams.errors.exception")).as(bad.kind()).isNotBlank();
			assertThat(header(deadLetter, "__streams.errors.message")).as(bad.kind()).contains(bad.cause());
			assertThat(header(deadLetter, DeadLetters.ROOT_CAUSE_HEADER)).as(bad.kind()).isNotBlank();
			if (bad.value() != null && bad.value().length > DeadLetterPublisher.MAX_VALUE_BYTES) {
				assertThat(deadLetter.value()).as(bad.kind())
					.isEqualTo(Arrays.copyOf(bad.value(), DeadLetterPublisher.MAX_VALUE_BYTES));
				assertThat(header(deadLetter, DeadLetterPublisher.TRUNCATED_HEADER)).as(bad.kind())
					.contains("value cut from " + bad.value().length);
			}
			else {
				assertThat(deadLetter.value()).as(bad.kind()).isEqualTo(bad.value());
			}
		});
	}

	/**
	 * The records that stopped the service before, those without key or value, one close
	 * to the size limit, and records derived from valid orders at random (seeded): a
	 * field given a value outside the contract, the JSON cut short, a byte changed. Each
	 * is derived from another valid order, so that they spread over the partitions. A
	 * derived record counts as bad only if order-events' own consumer deserializer
	 * refuses it; the others are not written.
	 */
	private static List<BadRecord> badRecords(List<Order> valid) {
		List<BadRecord> bad = new ArrayList<>();
		Order order = valid.get(0);
		bad.add(new BadRecord("not JSON", order.customerId(), utf8("{not json"),
				"not an order in the contract's JSON"));
		order = valid.get(1);
		bad.add(new BadRecord("an id outside the contract", order.customerId(),
				utf8(json(order).replace(order.orderId(), "order 1")), "orderId must be 1 to 64 characters"));
		order = valid.get(2);
		bad.add(new BadRecord("created in year +999999999", order.customerId(),
				utf8(json(order).replace(order.createdAt().toString(), "+999999999-12-31T23:59:59Z")),
				"createdAt must be from"));
		bad.add(new BadRecord("no key", null, utf8(json(valid.get(3))), "record has no key"));
		bad.add(new BadRecord("no value", valid.get(4).customerId(), null, "record has no value"));
		order = valid.get(5);
		bad.add(new BadRecord("unit price 1e-999999999", order.customerId(),
				utf8(json(order).replace("\"unitPrice\":" + order.items().get(0).unitPrice().toPlainString(),
						"\"unitPrice\":1e-999999999")),
				"items[0].unitPrice must have at most 4 decimal places"));
		bad.add(new BadRecord("keyed by another customer", "customer-x", utf8(json(valid.get(6))),
				"is not the order's customer id"));
		bad.add(new BadRecord("JSON null", valid.get(7).customerId(), utf8("null"), "JSON null"));
		byte[] large = new byte[1024 * 1024 - 2_500];
		Arrays.fill(large, (byte) '{');
		bad.add(new BadRecord("close to 1 MB, not JSON", valid.get(8).customerId(), large,
				"not an order in the contract's JSON"));

		Random random = new Random(SEED);
		logger.info("Bad records derived with seed {}", SEED);
		List<String> fields = List.of("orderId", "customerId", "region", "items", "sku", "quantity", "unitPrice",
				"total", "currency", "createdAt");
		List<String> literals = List.of("null", "\"\"", "-1", "2.5", "\"2\"", "[]", "{}", "true", "\"a b\"",
				"1E+2147483647", "0.00001", "\"1970-01-01T00:00:00Z\"", "\"" + "x".repeat(65) + "\"");
		int derived = 0;
		while (derived < 12) {
			order = valid.get(random.nextInt(valid.size()));
			String json = json(order);
			int kind = random.nextInt(4);
			BadRecord candidate;
			if (kind <= 1) {
				String field = fields.get(random.nextInt(fields.size()));
				String literal = literals.get(random.nextInt(literals.size()));
				candidate = new BadRecord(
						field + " = " + literal, order.customerId(), utf8(json
							.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}\\]]*)", "\"" + field + "\":" + literal)),
						"");
			}
			else if (kind == 2) {
				int at = random.nextInt(json.length());
				candidate = new BadRecord("cut at " + at, order.customerId(), utf8(json.substring(0, at)), "");
			}
			else {
				byte[] changed = utf8(json);
				int at = random.nextInt(changed.length);
				changed[at] = (byte) random.nextInt(256);
				candidate = new BadRecord("byte " + at + " changed", order.customerId(), changed, "");
			}
			if (!acceptedByTheContract(candidate)) {
				bad.add(candidate);
				derived++;
			}
		}
		return bad;
	}

	private static String json(Order order) {
		return new String(Topics.orderSerde().serializer().serialize(Topics.ORDERS, order), StandardCharsets.UTF_8);
	}

	private static boolean acceptedByTheContract(BadRecord record) {
		if (record.value() == null) {
			return false;
		}
		try (ErrorHandlingDeserializer<Order> deserializer = Topics.validatingOrderDeserializer(validator)) {
			Order order = deserializer.deserialize(Topics.ORDERS, new RecordHeaders(), record.value());
			return order != null && order.customerId().equals(record.key());
		}
	}

	private RunningService start() {
		return RunningService.start(AnalyticsServiceApplication.class, "analytics-service", kafka,
				"spring.kafka.streams.state-dir=" + this.stateDir);
	}

	private static String streamsState(RunningService analytics) {
		return health(analytics).at("/components/kafkaStreams/details/state").asString();
	}

	private static JsonNode health(RunningService analytics) {
		return analytics.http().get().uri("/actuator/health").retrieve().body(JsonNode.class);
	}

	/**
	 * A fixture order placed in this minute: windows older than the store's retention
	 * would be dropped.
	 */
	private static Order placedThisMinute(int n) {
		Order order = OrderFixtures.order(n);
		return new Order(order.orderId(), order.customerId(), order.region(), order.items(), order.total(),
				order.currency(), MINUTE.plusMillis(n));
	}

	private static TopProducts expectedTopProducts(List<Order> orders) {
		Map<String, Long> units = orders.stream()
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

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A record no producer of the contract writes.
	 *
	 * @param kind what is wrong with it
	 * @param key its key, may be null
	 * @param value its value, may be null
	 * @param cause what its dead letter's message says, empty when any cause will do
	 */
	record BadRecord(String kind, String key, byte[] value, String cause) {

	}

	/**
	 * A bad record and where it was written.
	 *
	 * @param bad the record
	 * @param metadata its partition and offset in {@code orders}
	 */
	record Written(BadRecord bad, RecordMetadata metadata) {

	}

	/** The JSON of {@code GET /analytics/regions}, amounts as {@code BigDecimal}. */
	record Regions(long orders, Map<String, BigDecimal> revenue, List<RegionTotals> regions) {

	}

}
