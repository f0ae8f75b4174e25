package io.consumergroups.it;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderContract;
import io.consumergroups.events.Topics;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import jakarta.validation.Validation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * order-producer's HTTP API, over real HTTP against a real broker, under requests
 * generated to be wrong in every way a client can be wrong: broken JSON, wrong types,
 * numbers at the edges of {@code BigDecimal}, {@code int} and {@code long}, identifiers
 * outside the order contract, missing and duplicated fields, deep nesting, too many
 * lines, broken media types and charsets, bodies over the size limit, wrong methods and
 * paths. Every one must get a 4xx with problem details and publish nothing, which the
 * {@code orders} topic's end offsets, read with the Admin API, show. Orders generated at
 * the contract's edges must all be accepted, and read back by the consumers' own
 * validating deserializer.
 * <p>
 * The requests come from a seeded {@link Random}: the seed is logged and in every failure
 * message; {@code -Dbadrequests.seed=<seed>} replays a run, and
 * {@code -Dbadrequests.count=<n>} changes how many bad requests are sent.
 */
class BadRequestsIT {

	private static final Logger logger = LoggerFactory.getLogger(BadRequestsIT.class);

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNode();

	/** order-producer's {@code orders.api.max-body-size}, as its README documents it. */
	private static final int MAX_BODY = 1024 * 1024;

	private static final int BAD_REQUESTS = Integer.getInteger("badrequests.count", 1500);

	private static final int EDGY_ORDERS = 100;

	private static final long SEED = Long.getLong("badrequests.seed", ThreadLocalRandom.current().nextLong());

	private static final JsonMapper json = JsonMapper.builder().build();

	private static RunningService producer;

	private static KafkaProbe probe;

	private static HttpClient http;

	@BeforeAll
	static void startProducer() {
		logger.info("Bad requests seed {}: replay with -Dbadrequests.seed={}", SEED, SEED);
		producer = RunningService.orderProducer(kafka);
		probe = new KafkaProbe(kafka);
		http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	@AfterAll
	static void stopProducer() {
		if (probe != null) {
			probe.close();
		}
		if (producer != null) {
			producer.close();
		}
	}

	@Test
	void shouldAnswerEveryGeneratedBadRequestWithProblemDetailsAndPublishNothing() {
		// Given
		Requests requests = new Requests(new Random(SEED));
		Map<TopicPartition, Long> before = probe.groups().endOffsets(Topics.ORDERS);
		Map<Kind, Integer> sent = new EnumMap<>(Kind.class);
		Map<Integer, Integer> statuses = new TreeMap<>();
		List<String> failures = new ArrayList<>();

		// When
		for (int i = 0; i < BAD_REQUESTS; i++) {
			Request request = requests.bad();
			Answer answer = send(request);
			sent.merge(request.kind(), 1, Integer::sum);
			statuses.merge(answer.status(), 1, Integer::sum);
			String failure = whatIsWrong(request, answer);
			if (failure != null) {
				failures.add(failure + "\n    " + request + "\n    -> " + answer);
			}
		}
		logger.info("Sent {} bad requests by kind {}, answered {}", BAD_REQUESTS, sent, statuses);

		// Then
		assertThat(failures).as("bad requests answered wrongly (seed %d)", SEED).isEmpty();
		assertThat(sent.keySet()).as("kinds generated (seed %d)", SEED).containsExactlyInAnyOrder(Kind.values());
		assertThat(probe.groups().endOffsets(Topics.ORDERS)).as("end offsets of orders (seed %d)", SEED)
			.isEqualTo(before);
		assertThat(send(Request.get("/generator")).body()).as("the generator's rate").contains("\"rate\":0");

		// When valid orders follow
		List<Answer> valid = IntStream.range(0, 5).mapToObj((n) -> send(requests.validOrder())).toList();

		// Then
		assertThat(valid).allSatisfy((answer) -> assertThat(answer.status()).as(answer.toString()).isEqualTo(202));
		assertThat(total(probe.groups().endOffsets(Topics.ORDERS)) - total(before)).isEqualTo(valid.size());
	}

	@Test
	void shouldAcceptEveryGeneratedOrderAtTheContractsEdgesAsTheConsumersReadIt() {
		// Given
		Requests requests = new Requests(new Random(SEED));
		List<Request> orders = IntStream.range(0, EDGY_ORDERS).mapToObj((n) -> requests.edgyOrder()).toList();
		Map<TopicPartition, Long> before = probe.groups().endOffsets(Topics.ORDERS);

		// When
		List<Answer> answers = orders.stream().map(BadRequestsIT::send).toList();

		// Then every one is accepted
		List<String> refused = IntStream.range(0, orders.size())
			.filter((i) -> answers.get(i).status() != 202)
			.mapToObj((i) -> orders.get(i) + "\n    -> " + answers.get(i))
			.toList();
		assertThat(refused).as("valid orders refused (seed %d)", SEED).isEmpty();
		assertThat(total(probe.groups().endOffsets(Topics.ORDERS)) - total(before)).isEqualTo(EDGY_ORDERS);

		// And the consumers' deserializer reads each where its answer says it was written
		var validator = new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator());
		Map<String, Nullable> published = probe
			.readCommitted(Topics.ORDERS, Topics.validatingOrderDeserializer(validator))
			.stream()
			.filter((record) -> record.offset() >= before.get(new TopicPartition(record.topic(), record.partition())))
			.collect(Collectors.toMap(BadRequestsIT::position, (record) -> nullable(record.value())));
		assertThat(answers).allSatisfy((answer) -> {
			JsonNode accepted = json.readTree(answer.body());
			String position = accepted.path("partition").asInt() + "@" + accepted.path("offset").asLong();
			assertThat(published).as("records written since the first order").containsKey(position);
			Order order = published.get(position).value();
			assertThat(order).as("read by the consumers' deserializer: %s", answer).isNotNull();
			assertThat(order.orderId()).isEqualTo(accepted.path("orderId").asString());
			assertThat(order.items()).allSatisfy((item) -> assertThat(item.unitPrice().scale()).isBetween(0, 4));
			assertThat(order.total().scale()).isBetween(0, 4);
		});
	}

	private static String position(ConsumerRecord<String, Order> record) {
		return record.partition() + "@" + record.offset();
	}

	private static Nullable nullable(Order order) {
		return new Nullable(order);
	}

	private static long total(Map<TopicPartition, Long> offsets) {
		return offsets.values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * What is wrong with the answer to a bad request, or null: its status must be the 4xx
	 * the kind of mistake calls for, its body problem details with that status, naming
	 * the offending fields where the request had some.
	 */
	private static String whatIsWrong(Request request, Answer answer) {
		if (answer.status() != request.kind().status) {
			return "status " + answer.status() + ", expected " + request.kind().status;
		}
		if (!answer.contentType().startsWith("application/problem+json")) {
			return "content type " + answer.contentType();
		}
		JsonNode problem;
		try {
			problem = json.readTree(answer.body());
		}
		catch (JacksonException ex) {
			return "a body that is not JSON";
		}
		if (problem.path("status").asInt() != answer.status()) {
			return "problem details without the status";
		}
		List<String> named = new ArrayList<>();
		problem.path("errors").forEach((error) -> named.add(error.path("field").asString()));
		for (String field : request.fields()) {
			if (named.stream()
				.noneMatch(
						(name) -> name.equals(field) || name.startsWith(field + "[") || name.startsWith(field + "."))) {
				return "errors " + named + " do not name " + field;
			}
		}
		return null;
	}

	private static Answer send(Request request) {
		HttpRequest.BodyPublisher body;
		if (request.body() == null) {
			body = HttpRequest.BodyPublishers.noBody();
		}
		else if (request.chunked()) {
			body = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(request.body()));
		}
		else {
			body = HttpRequest.BodyPublishers.ofByteArray(request.body());
		}
		HttpRequest.Builder builder = HttpRequest
			.newBuilder(URI.create("http://localhost:" + producer.port() + request.path()))
			.timeout(Duration.ofSeconds(30))
			.method(request.method(), body);
		if (request.contentType() != null) {
			builder.header("Content-Type", request.contentType());
		}
		if (request.accept() != null) {
			builder.header("Accept", request.accept());
		}
		try {
			HttpResponse<String> response = http.send(builder.build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body());
		}
		catch (IOException ex) {
			return new Answer(-1, "", ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The kinds of mistake, each with the status it must be answered with. */
	private enum Kind {

		SYNTAX(400), ENCODING(400), WRONG_TYPE(400), AMOUNT(400), QUANTITY(400), IDENTIFIER(400), CURRENCY(400),
		MISSING_FIELD(400), DUPLICATE_FIELD(400), NESTING(400), TOO_MANY_ITEMS(400), TOTAL_TOO_LARGE(400),
		MEDIA_TYPE(415), ACCEPT(406), TOO_LARGE(413), WRONG_METHOD(405), UNKNOWN_PATH(404), MALFORMED_PATH(400),
		GENERATOR_RATE(400);

		private final int status;

		Kind(int status) {
			this.status = status;
		}

	}

	/**
	 * One HTTP request.
	 *
	 * @param kind what is wrong with it, if anything
	 * @param method the method
	 * @param path the path
	 * @param contentType the {@code Content-Type}, or null for none
	 * @param accept the {@code Accept}, or null for none
	 * @param body the body, or null for none
	 * @param chunked whether the body is sent without a {@code Content-Length}
	 * @param fields the fields the answer's problem details must name
	 */
	private record Request(Kind kind, String method, String path, String contentType, String accept, byte[] body,
			boolean chunked, List<String> fields) {

		static Request get(String path) {
			return new Request(null, "GET", path, null, null, null, false, List.of());
		}

		static Request json(Kind kind, String method, String path, byte[] body, String... fields) {
			return new Request(kind, method, path, "application/json", null, body, false, List.of(fields));
		}

		Request withContentType(String contentType) {
			return new Request(this.kind, this.method, this.path, contentType, this.accept, this.body, this.chunked,
					this.fields);
		}

		Request withAccept(String accept) {
			return new Request(this.kind, this.method, this.path, this.contentType, accept, this.body, this.chunked,
					this.fields);
		}

		Request sentChunked(boolean chunked) {
			return new Request(this.kind, this.method, this.path, this.contentType, this.accept, this.body, chunked,
					this.fields);
		}

		@Override
		public String toString() {
			String text = (this.body != null) ? new String(this.body, StandardCharsets.UTF_8) : "";
			String shown = (text.length() > 300) ? text.substring(0, 300) + "… (" + this.body.length + " bytes)" : text;
			return this.kind + " " + this.method + " " + this.path + " Content-Type=" + this.contentType + " Accept="
					+ this.accept + (this.chunked ? " chunked" : "") + " " + shown;
		}

	}

	private record Answer(int status, String contentType, String body) {

		@Override
		public String toString() {
			return this.status + " " + this.contentType + " "
					+ ((this.body.length() > 300) ? this.body.substring(0, 300) + "…" : this.body);
		}

	}

	/** A value the consumers' deserializer may have refused (null), for a map. */
	private record Nullable(Order value) {

	}

	/**
	 * A JSON object as an ordered list of names and values, so that a test can drop,
	 * repeat or replace one field. A value is raw JSON text, a nested object, or a list
	 * of objects.
	 */
	private static final class JsonObject {

		private final List<String> names = new ArrayList<>();

		private final List<Object> values = new ArrayList<>();

		JsonObject with(String name, Object value) {
			this.names.add(name);
			this.values.add(value);
			return this;
		}

		JsonObject replace(String name, Object value) {
			int index = this.names.indexOf(name);
			if (index < 0) {
				return with(name, value);
			}
			this.values.set(index, value);
			return this;
		}

		JsonObject without(String name) {
			int index = this.names.indexOf(name);
			if (index >= 0) {
				this.names.remove(index);
				this.values.remove(index);
			}
			return this;
		}

		Object get(String name) {
			return this.values.get(this.names.indexOf(name));
		}

		boolean has(String name) {
			return this.names.contains(name);
		}

		List<String> names() {
			return List.copyOf(this.names);
		}

		@SuppressWarnings("unchecked")
		List<JsonObject> items() {
			return (List<JsonObject>) get("items");
		}

		@Override
		public String toString() {
			StringBuilder text = new StringBuilder("{");
			for (int i = 0; i < this.names.size(); i++) {
				text.append((i > 0) ? "," : "").append('"').append(this.names.get(i)).append("\":");
				text.append(render(this.values.get(i)));
			}
			return text.append('}').toString();
		}

		private static String render(Object value) {
			if (value instanceof List<?> list) {
				return list.stream().map(JsonObject::render).collect(Collectors.joining(",", "[", "]"));
			}
			return value.toString();
		}

	}

	/** Generates requests, bad and valid, from one seeded source. */
	private static final class Requests {

		private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:@-";

		private static final String ALPHANUMERIC = ID_CHARS.substring(0, 62);

		private static final List<String> NON_ASCII = List.of("é", "ß", "Ω", "中", "😀", "\u00a0", "\u200b", "\ufeff",
				"ı", "Ａ", "\u2028", "\u0301");

		private static final String PUNCTUATION = "!\"#$%&'()*+,/;<=>?[\\]^`{|}~ ";

		private static final List<String> AMOUNT_EDGES_OUTSIDE = List.of("1e-999999999", "1E+2147483647", "1e999999999",
				"1e-2147483648", "1e2147483648", "-1e-2147483648", "9e9223372036854775807", "1E+12", "1000000000000",
				"999999999999.99999", "0.00001", "-0.0001", "1e-5", "-1", "1e13", "-0.00001", "12.34567",
				"1000000000000.0000", "0E-999999999", "0E+999999999", "0E-2147483647", "0E-33");

		private static final List<String> AMOUNT_EDGES_INSIDE = List.of("999999999999.9999", "0", "0.0", "0.0000",
				"0.0001", "1E+11", "9.999999999999999E+11", "1E-4", "0E-32", "12.50000000", "1.0E+2",
				"100000000000.0000", "-0", "-0.0");

		private static final List<String> QUANTITIES_OUTSIDE = List.of("0", "-0", "-1", "10001", "2147483648",
				"-2147483649", "9223372036854775808", "99999999999999999999999", "1e2", "1E4", "2.0", "1.5", "0.5",
				"2.7", "1e-999999999", "1E+2147483647", "\"2\"", "\"10000\"", "true", "false", "null", "{}", "[]",
				"[1]", "-0.0");

		private static final List<String> RATES_OUTSIDE = List.of("-1", "10001", "2147483648", "-2147483649",
				"9223372036854775808", "2.5", "1e3", "1e999999999", "1E+2147483647", "1e-999999999", "\"5\"", "\"0\"",
				"true", "null", "{}", "[]", "[1]", "-0.0", "0.0", "1.0");

		private static final List<String> MEDIA_TYPES_UNSUPPORTED = List.of("text/plain", "text/json",
				"application/xml", "application/x-www-form-urlencoded", "multipart/form-data", "multipart/mixed",
				"application/octet-stream", "application/json-patch+json", "application/problem+json",
				"application/vnd.api+json", "image/png", "*/*", "application/*", "application/json; charset=nonsense",
				"application/json; charset=\"\"", "application/json;charset=utf-8;charset=nonsense",
				"application/json; charset=x-unknown-1", "application/json; charset=\"utf 8\"");

		private static final List<String> NOT_ACCEPTABLE = List.of("application/xml", "text/html", "image/png",
				"text/plain", "application/problem+json", "text/*", "application/xml, text/html;q=0.9", "foo",
				"application/", "/json", ";;", "text/html;q=abc");

		// Not "/": in this JVM group-monitor's index.html is on the classpath too, and
		// Spring Boot maps a welcome page to it.
		private static final List<String> UNKNOWN_PATHS = List.of("/order", "/monitor.css", "/orders/", "/Orders",
				"/ORDERS", "/orders.json", "/orders/x/y", "/generator/", "/api/orders", "/error", "/actuator/nope",
				"/%E2%9C%93", "/%F0%9F%98%80", "/orders/%F0%9F%98%80", "/index.html", "/favicon.ico");

		private static final List<String> MALFORMED_PATHS = List.of("/a%2Fb", "/orders%2F", "/%2e%2e/orders",
				"/orders/%2e%2e/%2e%2e/x", "/orders%00", "/%00", "/..%2f..%2fetc", "/orders/%2E%2E/%2E%2E");

		private final Random random;

		Requests(Random random) {
			this.random = random;
		}

		Request bad() {
			Kind kind = Kind.values()[this.random.nextInt(Kind.values().length)];
			return switch (kind) {
				case SYNTAX -> syntax();
				case ENCODING -> encoding();
				case WRONG_TYPE -> wrongType();
				case AMOUNT -> amount();
				case QUANTITY -> quantity();
				case IDENTIFIER -> identifier();
				case CURRENCY -> currency();
				case MISSING_FIELD -> missingField();
				case DUPLICATE_FIELD -> duplicateField();
				case NESTING -> nesting();
				case TOO_MANY_ITEMS -> tooManyItems();
				case TOTAL_TOO_LARGE -> totalTooLarge();
				case MEDIA_TYPE -> mediaType();
				case ACCEPT -> accept();
				case TOO_LARGE -> tooLarge();
				case WRONG_METHOD -> wrongMethod();
				case UNKNOWN_PATH -> unknownPath();
				case MALFORMED_PATH -> malformedPath();
				case GENERATOR_RATE -> generatorRate();
			};
		}

		/** A plain valid order, as a client writes it. */
		Request validOrder() {
			return order(null, order());
		}

		/**
		 * A valid order at the contract's edges: longest and shortest ids, the largest
		 * and smallest amounts in any notation, 1 to 100 lines, quantities 1 and 10000,
		 * unknown fields nested deep, a body of exactly the size limit.
		 */
		Request edgyOrder() {
			JsonObject order = new JsonObject();
			switch (this.random.nextInt(4)) {
				case 0 -> order.with("orderId", quote(id(OrderContract.MAX_ID_LENGTH, OrderContract.MAX_ID_LENGTH)));
				case 1 -> order.with("orderId", quote(id(1, 1)));
				// Escaped ASCII is still ASCII: \u0041 is A
				case 2 -> order.with("orderId", "\"\\u0041" + id(63, 63).substring(1) + "x\"");
				default -> order.with("orderId", "null");
			}
			order.with("customerId", quote(this.random.nextBoolean() ? id(64, 64) : id(1, 1)));
			order.with("region", quote(this.random.nextBoolean() ? id(32, 32) : id(1, 1)));
			int lines = switch (this.random.nextInt(3)) {
				case 0 -> 1;
				case 1 -> OrderContract.MAX_ITEMS;
				default -> 1 + this.random.nextInt(OrderContract.MAX_ITEMS);
			};
			List<JsonObject> items = new ArrayList<>();
			BigDecimal sum = BigDecimal.ZERO;
			for (int i = 0; i < lines; i++) {
				int quantity = switch (this.random.nextInt(3)) {
					case 0 -> 1;
					case 1 -> OrderContract.MAX_QUANTITY;
					default -> 1 + this.random.nextInt(OrderContract.MAX_QUANTITY);
				};
				String unitPrice = this.random.nextBoolean() ? pick(AMOUNT_EDGES_INSIDE) : amountInside(12);
				sum = sum.add(new BigDecimal(unitPrice).stripTrailingZeros().multiply(BigDecimal.valueOf(quantity)));
				items.add(new JsonObject().with("sku", quote(this.random.nextBoolean() ? id(64, 64) : id(1, 10)))
					.with("quantity", quantity)
					.with("unitPrice", unitPrice));
			}
			order.with("items", items);
			boolean sumIsAnAmount = OrderContract.amountViolation(sum) == null;
			if (!sumIsAnAmount || this.random.nextBoolean()) {
				order.with("total", this.random.nextBoolean() ? pick(AMOUNT_EDGES_INSIDE) : amountInside(12));
			}
			order.with("currency", quote(letters(3).toUpperCase()));
			if (this.random.nextBoolean()) {
				int depth = 1 + this.random.nextInt(400);
				order.with("note", "[".repeat(depth) + "]".repeat(depth));
				order.with("createdAt", "\"+999999999-12-31T23:59:59Z\"");
			}
			byte[] body = utf8(order.toString());
			if (this.random.nextInt(5) == 0) {
				body = pad(body, MAX_BODY);
			}
			String contentType = pick(
					List.of("application/json", "application/json;charset=UTF-8", "application/json; charset=utf-8"));
			return new Request(null, "POST", "/orders", contentType, null, body, this.random.nextBoolean(), List.of());
		}

		private Request syntax() {
			String valid = order().toString();
			String body = switch (this.random.nextInt(7)) {
				case 0 -> valid.substring(0, this.random.nextInt(valid.length()));
				case 1 ->
					valid + pick(List.of("x", "}", "]", "{}", ",", "\"a\"", "0", "null", "{", "//", "/* */", "#"));
				case 2 -> pick(List.of("[]", "null", "\"order\"", "1", "true", "[" + valid + "]", "", " ", "{}{}"));
				case 3 -> replaceFirstValue(valid,
						pick(List.of("'single'", "NaN", "Infinity", "-Infinity", "01", "+1", ".5", "1.", "0x10",
								"undefined", "tru", "abc", "\"unterminated", "\"raw\u0001control\"", "\"\\x41\"",
								"\"\\u12\"")));
				case 4 -> pick(List.of(valid.replaceFirst(",", " "), valid.replaceFirst(":", " "),
						valid.replaceFirst("}$", ",}"), valid.replaceFirst("\"customerId\"", "customerId"),
						valid.replaceFirst("\"customerId\"", "'customerId'"), valid.replaceFirst("\\[", "[,")));
				// Names and numbers longer than the JSON reader takes, even of unknown
				// fields
				case 5 -> this.random.nextBoolean()
						? valid.replaceFirst("\\{", "{\"" + letters(50_001 + this.random.nextInt(50_000)) + "\":1,")
						: valid.replaceFirst("\\{", "{\"total\":" + (1 + this.random.nextInt(9))
								+ digits(1_000 + this.random.nextInt(2_000)) + ",");
				default -> new String(randomBytes(1 + this.random.nextInt(200)), StandardCharsets.ISO_8859_1);
			};
			byte[] bytes = (body.chars().allMatch((c) -> c < 256) && this.random.nextBoolean())
					? body.getBytes(StandardCharsets.ISO_8859_1) : utf8(body);
			return Request.json(Kind.SYNTAX, "POST", "/orders", bytes);
		}

		private Request encoding() {
			JsonObject order = order();
			String field = pick(List.of("customerId", "region", "currency"));
			order.replace(field, "\"ab@@@cd\"");
			byte[] body = utf8(order.toString());
			if (Charset.isSupported("IBM037") && this.random.nextInt(4) == 0) {
				// UTF-8 read as EBCDIC: not JSON at all
				return Request.json(Kind.ENCODING, "POST", "/orders", utf8(order().toString()))
					.withContentType("application/json; charset=IBM037");
			}
			byte[] invalid = pick(List.of(new byte[] { (byte) 0xE9 }, new byte[] { (byte) 0xFF },
					new byte[] { (byte) 0xFE, (byte) 0xFF }, new byte[] { (byte) 0xC0, (byte) 0xAF },
					new byte[] { (byte) 0xC3, 'x' }, new byte[] { (byte) 0x80 }, new byte[] { (byte) 0xF5, 1, 2, 3 },
					new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, new byte[] { (byte) 0xF0, (byte) 0x9F }));
			return Request.json(Kind.ENCODING, "POST", "/orders", replace(body, utf8("@@@"), invalid));
		}

		private Request wrongType() {
			JsonObject order = order();
			JsonObject item = pick(order.items());
			String itemPath = "items[" + order.items().indexOf(item) + "]";
			List<String> notStrings = List.of("{}", "[]", "[\"a\"]", "{\"a\":\"b\"}");
			return switch (this.random.nextInt(5)) {
				case 0 -> {
					String field = pick(List.of("customerId", "region"));
					order.replace(field, this.random.nextBoolean() ? "null" : pick(notStrings));
					yield order(Kind.WRONG_TYPE, order, field);
				}
				case 1 -> {
					order.replace("orderId", pick(notStrings));
					yield order(Kind.WRONG_TYPE, order, "orderId");
				}
				case 2 -> {
					item.replace("sku", this.random.nextBoolean() ? "null" : pick(notStrings));
					yield order(Kind.WRONG_TYPE, order, itemPath + ".sku");
				}
				case 3 -> {
					order.replace("items", pick(List.of("{}", "\"items\"", "1", "true", "null", "[1]", "[\"x\"]",
							"[null]", "[[]]", "[true]", "[]", "{\"sku\":\"a\"}")));
					yield order(Kind.WRONG_TYPE, order, "items");
				}
				default -> {
					item.replace(pick(List.of("quantity", "unitPrice")), pick(notStrings));
					yield order(Kind.WRONG_TYPE, order, itemPath);
				}
			};
		}

		private Request amount() {
			JsonObject order = order();
			String value = amountOutside();
			if (this.random.nextBoolean()) {
				order.replace("total", value);
				return order(Kind.AMOUNT, order, "total");
			}
			JsonObject item = pick(order.items());
			item.replace("unitPrice", this.random.nextInt(10) == 0 ? pick(List.of("null", "{}", "[]", "\"\"")) : value);
			return order(Kind.AMOUNT, order, "items[" + order.items().indexOf(item) + "].unitPrice");
		}

		private Request quantity() {
			JsonObject order = order();
			JsonObject item = pick(order.items());
			String value = switch (this.random.nextInt(5)) {
				case 0 -> String.valueOf(OrderContract.MAX_QUANTITY + 1
						+ this.random.nextInt(Integer.MAX_VALUE - OrderContract.MAX_QUANTITY - 1));
				case 1 -> String.valueOf(-this.random.nextInt(Integer.MAX_VALUE));
				case 2 -> this.random.nextInt(OrderContract.MAX_QUANTITY) + "." + digits(this.random.nextInt(6))
						+ (1 + this.random.nextInt(9));
				case 3 -> "\"" + (1 + this.random.nextInt(OrderContract.MAX_QUANTITY)) + "\"";
				default -> pick(QUANTITIES_OUTSIDE);
			};
			item.replace("quantity", value);
			return order(Kind.QUANTITY, order, "items[" + order.items().indexOf(item) + "].quantity");
		}

		private Request identifier() {
			JsonObject order = order();
			JsonObject item = pick(order.items());
			return switch (this.random.nextInt(4)) {
				case 0 -> order(Kind.IDENTIFIER, order.replace("orderId", identifierOutside(64)), "orderId");
				case 1 -> order(Kind.IDENTIFIER, order.replace("customerId", identifierOutside(64)), "customerId");
				case 2 -> order(Kind.IDENTIFIER, order.replace("region", identifierOutside(32)), "region");
				default -> {
					item.replace("sku", identifierOutside(64));
					yield order(Kind.IDENTIFIER, order, "items[" + order.items().indexOf(item) + "].sku");
				}
			};
		}

		private Request currency() {
			String value = pick(List.of("\"eur\"", "\"EURO\"", "\"EU\"", "\"\"", "\"E1R\"", "\"€\"", "null", "{}", "[]",
					"\" EUR\"", "\"EUR\\u0000\"", "978", quote(letters(3)), quote(letters(4).toUpperCase())));
			return order(Kind.CURRENCY, order().replace("currency", value), "currency");
		}

		private Request missingField() {
			JsonObject order = order();
			JsonObject item = pick(order.items());
			String itemPath = "items[" + order.items().indexOf(item) + "]";
			List<String> missing = new ArrayList<>();
			int count = this.random.nextInt(3) == 0 ? 2 + this.random.nextInt(2) : 1;
			for (int i = 0; i < count; i++) {
				String name = pick(
						List.of("customerId", "region", "currency", "items", "sku", "quantity", "unitPrice"));
				if (List.of("sku", "quantity", "unitPrice").contains(name)) {
					if (order.has("items") && item.has(name)) {
						item.without(name);
						missing.add(itemPath + "." + name);
					}
				}
				else if (order.has(name)) {
					order.without(name);
					missing.removeIf((path) -> name.equals("items") && path.startsWith("items"));
					missing.add(name);
				}
			}
			return order(Kind.MISSING_FIELD, order, missing.toArray(String[]::new));
		}

		private Request duplicateField() {
			JsonObject order = order();
			if (this.random.nextBoolean()) {
				String name = pick(order.names());
				JsonObject other = order();
				Object again = (this.random.nextBoolean() && other.has(name)) ? other.get(name) : order.get(name);
				order.with(name, again);
			}
			else {
				JsonObject item = pick(order.items());
				String name = pick(item.names());
				item.with(name, item.get(name));
			}
			return order(Kind.DUPLICATE_FIELD, order);
		}

		private Request nesting() {
			int depth = 501 + this.random.nextInt(this.random.nextBoolean() ? 500 : 30_000);
			String nested = this.random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
					: "{\"a\":".repeat(depth) + "0" + "}".repeat(depth);
			JsonObject order = order();
			switch (this.random.nextInt(4)) {
				case 0 -> order.with("note", nested);
				case 1 -> order.replace("customerId", nested);
				case 2 -> order.replace("items", nested);
				default -> pick(order.items()).with("note", nested);
			}
			return order(Kind.NESTING, order);
		}

		private Request tooManyItems() {
			JsonObject order = order();
			int lines = OrderContract.MAX_ITEMS + 1 + this.random.nextInt(this.random.nextBoolean() ? 10 : 2_000);
			order.replace("items", IntStream.range(0, lines).mapToObj((i) -> item()).toList());
			return order(Kind.TOO_MANY_ITEMS, order, "items");
		}

		/** Lines whose sum has more digits than an amount may, with no total given. */
		private Request totalTooLarge() {
			JsonObject order = order().without("total");
			List<JsonObject> items = new ArrayList<>();
			switch (this.random.nextInt(3)) {
				// Exactly 10^12: one more digit than an amount may have
				case 0 -> items.add(item().replace("quantity", 10).replace("unitPrice", "100000000000"));
				case 1 -> {
					items.add(item().replace("quantity", 1).replace("unitPrice", "999999999999.9999"));
					items.add(item().replace("quantity", 1).replace("unitPrice", "0.0001"));
				}
				default -> IntStream.range(0, 2 + this.random.nextInt(OrderContract.MAX_ITEMS - 1))
					.forEach((i) -> items
						.add(item().replace("quantity", OrderContract.MAX_QUANTITY / 2 + this.random.nextInt(5_001))
							.replace("unitPrice", "1" + digits(11) + "." + digits(4))));
			}
			order.replace("items", items);
			return order(Kind.TOTAL_TOO_LARGE, order, "total");
		}

		private Request mediaType() {
			Request valid = validOrder();
			String contentType = switch (this.random.nextInt(5)) {
				case 0 -> null;
				case 1 -> "multipart/form-data; boundary=" + letters(1 + this.random.nextInt(70));
				case 2 -> printable(1 + this.random.nextInt(40)).replace("/", "");
				case 3 -> letters(1 + this.random.nextInt(10)) + "/" + letters(1 + this.random.nextInt(10));
				default -> pick(MEDIA_TYPES_UNSUPPORTED);
			};
			if (contentType != null && contentType.toLowerCase().startsWith("application/json")
					&& !contentType.contains("charset")) {
				contentType = "text/plain";
			}
			return new Request(Kind.MEDIA_TYPE, "POST", "/orders", contentType, null, valid.body(),
					this.random.nextBoolean(), List.of());
		}

		private Request accept() {
			Request request = this.random.nextInt(4) == 0
					? Request.json(Kind.ACCEPT, "PUT", "/generator", utf8("{\"rate\":1}")) : new Request(Kind.ACCEPT,
							"POST", "/orders", "application/json", null, validOrder().body(), false, List.of());
			return request.withAccept(pick(NOT_ACCEPTABLE));
		}

		/**
		 * Over the size limit, by up to half of it more: within Tomcat's
		 * {@code max-swallow-size} (2 MB), so that the connection survives the refusal
		 * and the client reads the answer.
		 */
		private Request tooLarge() {
			int size = MAX_BODY + 1 + ((this.random.nextInt(4) == 0) ? 0 : this.random.nextInt(MAX_BODY / 2));
			boolean generator = this.random.nextInt(5) == 0;
			byte[] valid = generator ? utf8("{\"rate\":1}") : validOrder().body();
			byte[] body = this.random.nextBoolean() ? pad(valid, size) : utf8(new String(valid, StandardCharsets.UTF_8)
				.replaceFirst("\\{", "{\"note\":\"" + letters(size - valid.length - 9) + "\","));
			return Request.json(Kind.TOO_LARGE, generator ? "PUT" : "POST", generator ? "/generator" : "/orders", body)
				.sentChunked(this.random.nextBoolean());
		}

		private Request wrongMethod() {
			boolean orders = this.random.nextBoolean();
			String method = orders ? pick(List.of("GET", "PUT", "DELETE", "PATCH", "TRACE"))
					: pick(List.of("POST", "DELETE", "PATCH", "TRACE"));
			byte[] body = this.random.nextBoolean() ? validOrder().body() : null;
			return new Request(Kind.WRONG_METHOD, method, orders ? "/orders" : "/generator",
					(body != null) ? "application/json" : null, null, body, false, List.of());
		}

		private Request unknownPath() {
			String path = switch (this.random.nextInt(3)) {
				case 0 -> "/" + letters(1 + this.random.nextInt(30));
				case 1 -> "/orders/" + id(1, 64);
				default -> pick(UNKNOWN_PATHS);
			};
			if (path.equals("/orders") || path.equals("/generator") || path.equals("/actuator")) {
				path = path + "/x";
			}
			boolean post = this.random.nextBoolean();
			return new Request(Kind.UNKNOWN_PATH, post ? "POST" : "GET", path, post ? "application/json" : null, null,
					post ? validOrder().body() : null, false, List.of());
		}

		private Request malformedPath() {
			boolean post = this.random.nextBoolean();
			return new Request(Kind.MALFORMED_PATH, post ? "POST" : "GET", pick(MALFORMED_PATHS),
					post ? "application/json" : null, null, post ? validOrder().body() : null, false, List.of());
		}

		private Request generatorRate() {
			return switch (this.random.nextInt(4)) {
				case 0 -> Request.json(Kind.GENERATOR_RATE, "PUT", "/generator",
						utf8("{\"rate\":" + pick(RATES_OUTSIDE) + "}"), "rate");
				case 1 ->
					Request.json(
							Kind.GENERATOR_RATE, "PUT", "/generator", utf8(
									"{\"rate\":"
											+ (this.random.nextBoolean()
													? String.valueOf(
															10_001 + this.random.nextInt(Integer.MAX_VALUE - 10_001))
													: String.valueOf(-1 - this.random.nextInt(Integer.MAX_VALUE)))
											+ "}"),
							"rate");
				case 2 -> Request.json(Kind.GENERATOR_RATE, "PUT", "/generator", utf8("{}"), "rate");
				default -> Request.json(Kind.GENERATOR_RATE, "PUT", "/generator",
						utf8(pick(List.of("{\"rate\":1,\"rate\":2}", "{\"rate\":1}x", "{\"rate\":1}{}", "", "[]", "1",
								"null", "{\"rate\":", "{\"rate\":1", "{rate:1}", "{\"rate\":NaN}"))));
			};
		}

		private Request order(Kind kind, JsonObject order, String... fields) {
			return Request.json(kind, "POST", "/orders", utf8(order.toString()), fields);
		}

		/** A valid order with one to three lines, whose computed total is an amount. */
		private JsonObject order() {
			JsonObject order = new JsonObject();
			order.with("orderId", quote(id(1, 64)));
			order.with("customerId", quote(id(1, 64)));
			order.with("region", quote(id(1, 32)));
			order.with("items", IntStream.range(0, 1 + this.random.nextInt(3)).mapToObj((i) -> item()).toList());
			if (this.random.nextBoolean()) {
				order.with("total", amountInside(12));
			}
			order.with("currency", quote(letters(3).toUpperCase()));
			if (this.random.nextBoolean()) {
				order.without("orderId");
			}
			return order;
		}

		private JsonObject item() {
			return new JsonObject().with("sku", quote(id(1, 64)))
				.with("quantity", 1 + this.random.nextInt(OrderContract.MAX_QUANTITY))
				.with("unitPrice", amountInside(6));
		}

		/** An amount of at most {@code integerDigits} digits and 0 to 4 decimals. */
		private String amountInside(int integerDigits) {
			BigDecimal amount = new BigDecimal(digits(1 + this.random.nextInt(integerDigits)) + "." + digits(4))
				.setScale(this.random.nextInt(OrderContract.MAX_FRACTION_DIGITS + 1), RoundingMode.DOWN);
			return amount.toPlainString();
		}

		/** A JSON value for an amount that breaks the contract, in any notation. */
		private String amountOutside() {
			return switch (this.random.nextInt(8)) {
				case 0 -> (1 + this.random.nextInt(9)) + pick(List.of("e", "E", "e+", "E+"))
						+ (OrderContract.MAX_INTEGER_DIGITS + this.random.nextInt(Integer.MAX_VALUE - 12));
				case 1 -> (1 + this.random.nextInt(9)) + pick(List.of("e-", "E-"))
						+ (OrderContract.MAX_FRACTION_DIGITS + 1 + this.random.nextInt(Integer.MAX_VALUE - 5));
				case 2 -> this.random.nextInt(1_000_000) + "." + digits(4 + this.random.nextInt(40))
						+ (1 + this.random.nextInt(9));
				case 3 -> (1 + this.random.nextInt(9)) + digits(12 + this.random.nextInt(900))
						+ (this.random.nextBoolean() ? "." + digits(1 + this.random.nextInt(4)) : "");
				case 4 -> "0." + "0".repeat(OrderContract.MAX_FRACTION_DIGITS) + (1 + this.random.nextInt(9));
				case 5 -> "-" + (1 + this.random.nextInt(1_000)) + "." + digits(1 + this.random.nextInt(4));
				case 6 -> quote(this.random.nextBoolean() ? amountInside(12) : pick(AMOUNT_EDGES_OUTSIDE));
				default -> pick(AMOUNT_EDGES_OUTSIDE);
			};
		}

		/** A JSON string that is not an identifier of at most {@code max} characters. */
		private String identifierOutside(int max) {
			String valid = id(1, Math.min(max, 30));
			int at = this.random.nextInt(valid.length() + 1);
			String head = valid.substring(0, at);
			String tail = valid.substring(at);
			return switch (this.random.nextInt(10)) {
				case 0 -> quote(head + pick(NON_ASCII) + tail);
				case 1 -> "\"" + head + escaped(pick(NON_ASCII)) + tail + "\"";
				case 2 ->
					"\"" + head + String.format("\\u%04x", this.random.nextBoolean() ? this.random.nextInt(0x20) : 0x7f)
							+ tail + "\"";
				case 3 -> quote(id(max + 1, max + 1 + this.random.nextInt(4_000)));
				// 40 emoji: 80 UTF-16 units, 160 bytes, and not one character of the
				// contract
				case 4 -> quote("😀".repeat(this.random.nextBoolean() ? 40 : 1 + this.random.nextInt(64)));
				case 5 -> "\"\"";
				case 6 -> quote(
						PUNCTUATION.charAt(this.random.nextInt(PUNCTUATION.length())) + "" + ".-_:@".charAt(0) + valid);
				case 7 -> quote(".-_:@".charAt(this.random.nextInt(5)) + valid);
				case 8 -> "\"" + head + pick(List.of("\\ud800", "\\udfff", "\\ud83d")) + tail + "\"";
				default -> quote(head + PUNCTUATION.charAt(this.random.nextInt(PUNCTUATION.length())) + tail);
			};
		}

		/** A valid identifier, {@code min} to {@code max} characters long. */
		private String id(int min, int max) {
			int length = min + this.random.nextInt(max - min + 1);
			StringBuilder id = new StringBuilder().append(ALPHANUMERIC.charAt(this.random.nextInt(62)));
			while (id.length() < length) {
				id.append(ID_CHARS.charAt(this.random.nextInt(ID_CHARS.length())));
			}
			return id.toString();
		}

		private String digits(int count) {
			StringBuilder digits = new StringBuilder();
			for (int i = 0; i < count; i++) {
				digits.append((char) ('0' + this.random.nextInt(10)));
			}
			return digits.toString();
		}

		private String letters(int count) {
			StringBuilder letters = new StringBuilder();
			for (int i = 0; i < count; i++) {
				letters.append((char) ('a' + this.random.nextInt(26)));
			}
			return letters.toString();
		}

		private String printable(int count) {
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < count; i++) {
				text.append((char) (0x21 + this.random.nextInt(0x7e - 0x21)));
			}
			return text.toString();
		}

		private byte[] randomBytes(int count) {
			byte[] bytes = new byte[count];
			this.random.nextBytes(bytes);
			return bytes;
		}

		private String replaceFirstValue(String json, String value) {
			int colon = json.indexOf(':');
			int end = json.indexOf(',', colon);
			return json.substring(0, colon + 1) + value + json.substring(end);
		}

		/** The body, with spaces after its opening brace up to {@code size} bytes. */
		private byte[] pad(byte[] body, int size) {
			ByteArrayOutputStream padded = new ByteArrayOutputStream(size);
			padded.write(body[0]);
			padded.writeBytes(" ".repeat(size - body.length).getBytes(StandardCharsets.US_ASCII));
			padded.write(body, 1, body.length - 1);
			return padded.toByteArray();
		}

		private <T> T pick(List<T> values) {
			return values.get(this.random.nextInt(values.size()));
		}

		private static String quote(String value) {
			StringBuilder quoted = new StringBuilder("\"");
			for (char c : value.toCharArray()) {
				if (c == '"' || c == '\\') {
					quoted.append('\\').append(c);
				}
				else if (c < 0x20) {
					quoted.append(String.format("\\u%04x", (int) c));
				}
				else {
					quoted.append(c);
				}
			}
			return quoted.append('"').toString();
		}

		private static String escaped(String value) {
			return value.chars().mapToObj((c) -> String.format("\\u%04x", c)).collect(Collectors.joining());
		}

		private static byte[] utf8(String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}

		private static byte[] replace(byte[] bytes, byte[] target, byte[] replacement) {
			for (int i = 0; i + target.length <= bytes.length; i++) {
				if (Arrays.equals(bytes, i, i + target.length, target, 0, target.length)) {
					ByteArrayOutputStream replaced = new ByteArrayOutputStream();
					replaced.write(bytes, 0, i);
					replaced.writeBytes(replacement);
					replaced.write(bytes, i + target.length, bytes.length - i - target.length);
					return replaced.toByteArray();
				}
			}
			throw new IllegalArgumentException("not found");
		}

	}

}
