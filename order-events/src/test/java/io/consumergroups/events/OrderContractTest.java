package io.consumergroups.events;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Validation;
import jakarta.validation.ValidationException;
import jakarta.validation.Validator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;

import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The order contract on generated inputs: every order inside it passes validation, the
 * serde and the arithmetic consumers do; every value just outside it is refused.
 */
class OrderContractTest {

	private static final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

	private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:@-";

	@Property(tries = 500)
	void shouldAcceptProcessAndRoundTripEveryOrderInsideTheContract(@ForAll("validOrders") Order order) {
		// Given an order generated inside the contract
		// When it is validated, serialized and read back, and its amounts are added up
		// Then nothing is refused and the sums stay far below overflow
		assertThat(validator.validate(order)).isEmpty();
		try (Serde<Order> serde = Topics.orderSerde()) {
			byte[] json = serde.serializer().serialize(Topics.ORDERS, order);
			Order read = serde.deserializer().deserialize(Topics.ORDERS, json);
			assertThat(read.orderId()).isEqualTo(order.orderId());
			assertThat(read.total()).isEqualByComparingTo(order.total());
			assertThat(validator.validate(read)).isEmpty();
		}
		BigDecimal lines = order.items().stream().map(OrderItem::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
		assertThat(lines.add(order.total()).precision() - lines.add(order.total()).scale()).isLessThanOrEqualTo(19);
	}

	@Property(tries = 300)
	void shouldRefuseEveryAmountOutsideTheContract(@ForAll("amountsOutside") BigDecimal amount) {
		// Given an amount that is negative, too fine or too large, in any notation
		// When the contract checks it, alone and as an order's total and unit price
		// Then it is refused, without arithmetic on it
		assertThat(OrderContract.amountViolation(amount)).isNotNull();
		Order order = withAmount(amount);
		assertThat(validator.validate(order)).extracting((violation) -> violation.getPropertyPath().toString())
			.contains("total", "items[0].unitPrice");
	}

	@Property(tries = 100)
	void shouldNameEveryBrokenRuleByItsPathWithoutQuotingTheValue(@ForAll("amountsOutside") BigDecimal amount) {
		// Given an order whose total and unit price are outside the contract, as a
		// consumer's deserializer reads it
		Order order = withAmount(amount);
		try (var deserializer = new ValidatingDeserializer<Order>((topic, data) -> order, validator)) {
			// When it is checked
			// Then the failure names each field, nested ones included, with its rule
			String rule = OrderContract.amountViolation(amount);
			assertThatThrownBy(() -> deserializer.deserialize(Topics.ORDERS, new byte[0]))
				.isInstanceOf(ValidationException.class)
				.hasMessage("items[0].unitPrice: " + rule + "; total: " + rule);
		}
	}

	@Property(tries = 300)
	void shouldRefuseEveryIdentifierOutsideTheContract(@ForAll("identifiersOutside") String id) {
		// Given an id with a character outside A-Z a-z 0-9 . _ : @ -, or too long, or
		// empty When it is an order id, a customer id and a SKU
		Order order = new Order(id, id, "eu-west", List.of(new OrderItem(id, 1, BigDecimal.ONE)), BigDecimal.ONE, "EUR",
				Instant.parse("2026-01-01T00:00:00Z"));
		// Then each is refused
		assertThat(validator.validate(order)).extracting((violation) -> violation.getPropertyPath().toString())
			.contains("orderId", "customerId", "items[0].sku");
	}

	@Property(tries = 200)
	void shouldRefuseEveryCreationTimeOutsideTheBounds(@ForAll("creationTimesOutside") Instant createdAt) {
		Order order = new Order("order-1", "customer-1", "eu-west", List.of(new OrderItem("sku-1", 1, BigDecimal.ONE)),
				BigDecimal.ONE, "EUR", createdAt);

		assertThat(validator.validate(order)).extracting((violation) -> violation.getPropertyPath().toString())
			.containsExactly("createdAt");
	}

	@Property(tries = 200)
	void shouldRefuseQuantitiesThatAreNotWholeJsonNumbers(@ForAll("nonIntegralQuantities") String quantity) {
		// Given an order whose quantity is a fraction, a string, a boolean or null
		String json = validJson().replace("\"quantity\":2", "\"quantity\":" + quantity);
		// When a consumer reads it
		// Then it is malformed: no quantity is guessed
		assertThat(readByConsumer(json)).isNull();
	}

	@Property(tries = 1000)
	void shouldNeverThrowOnArbitraryBytesAndOnlyYieldValidOrders(@ForAll byte[] bytes,
			@ForAll @IntRange(min = 0, max = 3) int jsonPrefix) {
		// Given arbitrary bytes, sometimes behind a plausible start of an order
		String start = List.of("", "{", "{\"orderId\":", validJson().substring(0, validJson().length() / 2))
			.get(jsonPrefix);
		byte[] input = concat(start.getBytes(StandardCharsets.UTF_8), bytes);
		// When a consumer deserializes them
		// Then it never throws, and whatever it yields passes the contract
		assertThatCode(() -> {
			Order order = readByConsumer(input);
			if (order != null) {
				assertThat(validator.validate(order)).isEmpty();
			}
		}).doesNotThrowAnyException();
	}

	@Property(tries = 300)
	void shouldRefuseJsonAmountsOutsideTheContract(@ForAll("amountLiteralsOutside") String literal) {
		// Given a total or unit price written as a JSON literal outside the contract
		String total = validJson().replace("\"total\":19.9", "\"total\":" + literal);
		String unitPrice = validJson().replace("\"unitPrice\":9.95", "\"unitPrice\":" + literal);
		// When a consumer reads it
		// Then it is malformed
		assertThat(readByConsumer(total)).isNull();
		assertThat(readByConsumer(unitPrice)).isNull();
	}

	@Provide
	Arbitrary<Order> validOrders() {
		Arbitrary<String> ids = Arbitraries.strings()
			.withChars(ID_CHARS)
			.ofMinLength(0)
			.ofMaxLength(OrderContract.MAX_ID_LENGTH - 1)
			.map((tail) -> "a" + tail);
		Arbitrary<String> regions = Arbitraries.strings()
			.withChars(ID_CHARS)
			.ofMaxLength(OrderContract.MAX_REGION_LENGTH - 1)
			.map((tail) -> "r" + tail);
		Arbitrary<OrderItem> items = Combinators
			.combine(ids, Arbitraries.integers().between(1, OrderContract.MAX_QUANTITY), amountsInside())
			.as(OrderItem::new);
		Arbitrary<Instant> times = Arbitraries.longs()
			.between(Instant.parse(OrderContract.EARLIEST_CREATED_AT).toEpochMilli(),
					Instant.parse(OrderContract.LATEST_CREATED_AT).toEpochMilli() - 1)
			.map(Instant::ofEpochMilli);
		return Combinators
			.combine(ids, ids, regions, items.list().ofMinSize(1).ofMaxSize(OrderContract.MAX_ITEMS), amountsInside(),
					Arbitraries.strings().withCharRange('A', 'Z').ofLength(3), times)
			.as(Order::new);
	}

	@Provide
	Arbitrary<BigDecimal> amountsOutside() {
		Arbitrary<BigInteger> unscaled = Arbitraries.bigIntegers()
			.between(BigInteger.ONE, BigInteger.TEN.pow(30))
			.filter((value) -> !value.mod(BigInteger.TEN).equals(BigInteger.ZERO));
		Arbitrary<BigDecimal> tooFine = Combinators
			.combine(unscaled, Arbitraries.integers().between(OrderContract.MAX_FRACTION_DIGITS + 1, Integer.MAX_VALUE))
			.as(BigDecimal::new);
		Arbitrary<BigDecimal> tooLarge = Combinators
			.combine(unscaled, Arbitraries.integers().between(Integer.MIN_VALUE + 1, -OrderContract.MAX_INTEGER_DIGITS))
			.as(BigDecimal::new);
		Arbitrary<BigDecimal> negative = amountsInside().filter((amount) -> amount.signum() > 0)
			.map(BigDecimal::negate);
		Arbitrary<BigDecimal> justAbove = Arbitraries.integers()
			.between(0, OrderContract.MAX_FRACTION_DIGITS)
			.map((scale) -> BigDecimal.TEN.pow(OrderContract.MAX_INTEGER_DIGITS).setScale(scale));
		Arbitrary<BigDecimal> zerosOfAbsurdScale = Arbitraries
			.oneOf(Arbitraries.integers().between(OrderContract.MAX_WRITTEN_FRACTION_DIGITS + 1, Integer.MAX_VALUE),
					Arbitraries.integers().between(Integer.MIN_VALUE + 1, -OrderContract.MAX_INTEGER_DIGITS - 1))
			.map((scale) -> BigDecimal.ZERO.setScale(scale));
		return Arbitraries.oneOf(tooFine, tooLarge, negative, justAbove, zerosOfAbsurdScale);
	}

	@Provide
	Arbitrary<String> identifiersOutside() {
		Arbitrary<String> badChar = Combinators
			.combine(Arbitraries.strings().withChars(ID_CHARS).ofMaxLength(30),
					Arbitraries.chars().filter((c) -> ID_CHARS.indexOf(c) < 0),
					Arbitraries.strings().withChars(ID_CHARS).ofMaxLength(30))
			.as((head, c, tail) -> "a" + head + c + tail);
		Arbitrary<String> tooLong = Arbitraries.strings()
			.withChars(ID_CHARS)
			.ofMinLength(OrderContract.MAX_ID_LENGTH)
			.ofMaxLength(5_000)
			.map((tail) -> "a" + tail);
		Arbitrary<String> badStart = Arbitraries.of(".x", "-x", "_x", ":x", "@x", "");
		return Arbitraries.oneOf(badChar, tooLong, badStart);
	}

	@Provide
	Arbitrary<Instant> creationTimesOutside() {
		Instant earliest = Instant.parse(OrderContract.EARLIEST_CREATED_AT);
		Instant latest = Instant.parse(OrderContract.LATEST_CREATED_AT);
		Arbitrary<Instant> before = Arbitraries.longs()
			.between(Instant.MIN.getEpochSecond(), earliest.getEpochSecond() - 1)
			.map(Instant::ofEpochSecond);
		Arbitrary<Instant> after = Arbitraries.longs()
			.between(latest.getEpochSecond(), Instant.MAX.getEpochSecond())
			.map(Instant::ofEpochSecond);
		return Arbitraries.oneOf(before, after, Arbitraries.of(Instant.EPOCH, earliest.minusNanos(1), latest));
	}

	@Provide
	Arbitrary<String> nonIntegralQuantities() {
		Arbitrary<String> fractions = Arbitraries.doubles()
			.between(-1e6, 1e6)
			.filter((d) -> d != Math.rint(d))
			.map(String::valueOf);
		Arbitrary<String> wholeButFloat = Arbitraries.integers().between(1, 100).map((n) -> n + ".0");
		Arbitrary<String> strings = Arbitraries.integers().between(1, 100).map((n) -> "\"" + n + "\"");
		return Arbitraries.oneOf(fractions, wholeButFloat, strings,
				Arbitraries.of("null", "true", "[]", "{}", "1e2", "2147483648", "-1", "0", "10001"));
	}

	@Provide
	Arbitrary<String> amountLiteralsOutside() {
		Arbitrary<String> exponents = Arbitraries.integers()
			.between(Integer.MIN_VALUE + 1, Integer.MAX_VALUE)
			.filter((e) -> e > OrderContract.MAX_INTEGER_DIGITS || e < -OrderContract.MAX_FRACTION_DIGITS)
			.map((e) -> "1e" + e);
		Arbitrary<String> plainTooFine = Arbitraries.integers()
			.between(OrderContract.MAX_FRACTION_DIGITS + 1, 60)
			.map((digits) -> "0." + "0".repeat(digits - 1) + "1");
		Arbitrary<String> plainTooLarge = Arbitraries.integers()
			.between(OrderContract.MAX_INTEGER_DIGITS, 60)
			.map((zeros) -> "1" + "0".repeat(zeros));
		return Arbitraries.oneOf(exponents, plainTooFine, plainTooLarge, amountsOutside().map(BigDecimal::toString),
				Arbitraries.of("\"12.50\"", "null", "true", "NaN", "1e999999999", "1E+2147483647", "1e-999999999",
						"0E-999999999", "0E+2147483647"));
	}

	private static Arbitrary<BigDecimal> amountsInside() {
		return Combinators
			.combine(Arbitraries.longs().between(0, 999_999_999_999_9999L),
					Arbitraries.integers().between(0, OrderContract.MAX_FRACTION_DIGITS))
			.as((unscaled, scale) -> BigDecimal.valueOf(unscaled, OrderContract.MAX_FRACTION_DIGITS)
				.setScale(scale, RoundingMode.DOWN));
	}

	private static Order withAmount(BigDecimal amount) {
		return new Order("order-1", "customer-1", "eu-west", List.of(new OrderItem("sku-1", 1, amount)), amount, "EUR",
				Instant.parse("2026-01-01T00:00:00Z"));
	}

	private static String validJson() {
		return "{\"orderId\":\"order-1\",\"customerId\":\"customer-7\",\"region\":\"eu-west\","
				+ "\"items\":[{\"sku\":\"sku-1\",\"quantity\":2,\"unitPrice\":9.95}],\"total\":19.9,"
				+ "\"currency\":\"EUR\",\"createdAt\":\"2026-01-02T03:04:05Z\"}";
	}

	private static Order readByConsumer(String json) {
		return readByConsumer(json.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * As every consumer reads {@code orders}: null with the failure in a header when the
	 * record is malformed.
	 */
	private static Order readByConsumer(byte[] bytes) {
		try (ErrorHandlingDeserializer<Order> deserializer = Topics
			.validatingOrderDeserializer(new SpringValidatorAdapter(validator))) {
			RecordHeaders headers = new RecordHeaders();
			Order order = deserializer.deserialize(Topics.ORDERS, headers, bytes);
			boolean failed = headers.lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER) != null;
			assertThat(order == null).isEqualTo(failed);
			return order;
		}
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] all = new byte[a.length + b.length];
		System.arraycopy(a, 0, all, 0, a.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

}
