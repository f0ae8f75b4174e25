package io.consumergroups.orderproducer.order;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderContract;
import io.consumergroups.events.OrderItem;
import jakarta.validation.Validator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.BeforeTry;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestContextManager;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;

/**
 * {@code POST /orders} on generated inputs, through the same web slice as
 * {@link OrderControllerTest}: jqwik generates and shrinks, and Spring's
 * {@link TestContextManager} builds and injects the slice, as Spring's JUnit Jupiter
 * extension does for {@code @Test} methods. What passes is published as the contract
 * reads it, what breaks the contract is refused naming the field, and no input at all
 * gets a server error.
 */
@WebMvcTest(controllers = OrderController.class, properties = "spring.config.name=order-producer")
@Import(OrderIds.class)
class OrderApiPropertyTest {

	private static final TestContextManager spring = new TestContextManager(OrderApiPropertyTest.class);

	private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:@-";

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private Validator validator;

	@MockitoBean
	private OrderPublisher publisher;

	@BeforeTry
	void injectTheSlice() throws Exception {
		spring.prepareTestInstance(this);
		clearInvocations(this.publisher);
		willAnswer((invocation) -> new PublishedOrder(invocation.<Order>getArgument(0).orderId(), 0, 0))
			.given(this.publisher)
			.publish(any());
	}

	@Property(tries = 300)
	void shouldPublishEveryOrderInsideTheContractAsTheContractReadsIt(@ForAll("linesInside") List<Line> lines,
			@ForAll("amountsInside") Amount total, @ForAll boolean withTotal) {
		// Given an order inside the contract, its amounts in any notation
		String body = "{\"customerId\":\"customer-7\",\"region\":\"eu-west\",\"currency\":\"EUR\",\"items\":"
				+ lines.stream().map(Line::json).collect(Collectors.joining(",", "[", "]"))
				+ (withTotal ? ",\"total\":" + total.json() : "") + "}";
		BigDecimal sum = lines.stream()
			.map((line) -> line.unitPrice().value().multiply(BigDecimal.valueOf(line.quantity())))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		boolean sumIsAnAmount = OrderContract.amountViolation(sum) == null;

		// When
		MvcTestResult result = post(body, MediaType.APPLICATION_JSON_VALUE);

		// Then it is published with the same values, in plain notation, unless its total
		// is left to a sum too large for an amount
		if (!withTotal && !sumIsAnAmount) {
			assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
			assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly("total");
			then(this.publisher).should(never()).publish(any());
			return;
		}
		assertThat(result).hasStatus(HttpStatus.ACCEPTED);
		ArgumentCaptor<Order> published = ArgumentCaptor.forClass(Order.class);
		then(this.publisher).should().publish(published.capture());
		Order order = published.getValue();
		assertThat(this.validator.validate(order)).isEmpty();
		assertThat(order.total()).isEqualByComparingTo(withTotal ? total.value() : sum);
		assertThat(order.total().scale()).isBetween(0, OrderContract.MAX_FRACTION_DIGITS);
		for (int i = 0; i < lines.size(); i++) {
			OrderItem item = order.items().get(i);
			assertThat(item.quantity()).isEqualTo(lines.get(i).quantity());
			assertThat(item.unitPrice()).isEqualByComparingTo(lines.get(i).unitPrice().value());
			assertThat(item.unitPrice().scale()).isBetween(0, OrderContract.MAX_FRACTION_DIGITS);
		}
	}

	@Property(tries = 300)
	void shouldRefuseNamingTheFieldGivenOneValueOutsideTheContract(@ForAll("valuesOutside") Outside value) {
		// Given a valid order but for one value
		String body = "{\"customerId\":%s,\"region\":\"eu-west\",\"currency\":\"EUR\",\"items\":[%s],\"total\":%s}"
			.formatted(value.field().equals("customerId") ? value.json() : "\"customer-7\"",
					"{\"sku\":\"sku-1\",\"quantity\":%s,\"unitPrice\":%s}".formatted(
							value.field().equals("items[0].quantity") ? value.json() : "2",
							value.field().equals("items[0].unitPrice") ? value.json() : "9.95"),
					value.field().equals("total") ? value.json() : "19.90");

		// When
		MvcTestResult result = post(body, MediaType.APPLICATION_JSON_VALUE);

		// Then
		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly(value.field());
		then(this.publisher).should(never()).publish(any());
	}

	@Property(tries = 500)
	void shouldAnswerAClientErrorAndPublishNothingGivenArbitraryBytes(@ForAll @Size(max = 300) byte[] bytes,
			@ForAll("prefixes") String prefix, @ForAll("contentTypes") String contentType) {
		// Given arbitrary bytes, sometimes behind a plausible start of an order
		byte[] body = new byte[prefix.length() + bytes.length];
		System.arraycopy(prefix.getBytes(StandardCharsets.US_ASCII), 0, body, 0, prefix.length());
		System.arraycopy(bytes, 0, body, prefix.length(), bytes.length);

		// When
		MvcTestResult result = this.mvc.post()
			.uri("/orders")
			.header(HttpHeaders.CONTENT_TYPE, contentType)
			.content(body)
			.exchange();

		// Then
		assertThat(result.getResponse().getStatus()).isBetween(400, 499);
		assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		then(this.publisher).should(never()).publish(any());
	}

	private MvcTestResult post(String body, String contentType) {
		return this.mvc.post().uri("/orders").header(HttpHeaders.CONTENT_TYPE, contentType).content(body).exchange();
	}

	@Provide
	Arbitrary<List<Line>> linesInside() {
		Arbitrary<Line> line = Combinators
			.combine(identifiers(), Arbitraries.integers().between(1, OrderContract.MAX_QUANTITY), amountsInside())
			.as(Line::new);
		return line.list().ofMinSize(1).ofMaxSize(OrderContract.MAX_ITEMS);
	}

	/**
	 * Amounts inside the contract, written plain, with trailing zeros, or in exponents.
	 */
	@Provide
	Arbitrary<Amount> amountsInside() {
		Arbitrary<BigDecimal> values = Combinators
			.combine(
					Arbitraries.longs()
						.between(0, 999_999_999_999_9999L)
						.edgeCases((edges) -> edges.includeOnly(0L, 999_999_999_999_9999L)),
					Arbitraries.integers().between(0, OrderContract.MAX_FRACTION_DIGITS))
			.as((unscaled, scale) -> BigDecimal.valueOf(unscaled, OrderContract.MAX_FRACTION_DIGITS)
				.setScale(scale, RoundingMode.DOWN));
		return values.flatMap((value) -> {
			String plain = value.toPlainString();
			List<String> notations = List.of(plain, value.stripTrailingZeros().toString(),
					value.stripTrailingZeros().toString().toLowerCase(),
					plain + (plain.contains(".") ? "000000" : ".000000"));
			return Arbitraries.of(notations).map((notation) -> new Amount(notation, value));
		});
	}

	@Provide
	Arbitrary<Outside> valuesOutside() {
		Arbitrary<String> tooLarge = Arbitraries.integers()
			.between(OrderContract.MAX_INTEGER_DIGITS, Integer.MAX_VALUE)
			.map((exponent) -> "1e" + exponent);
		Arbitrary<String> tooFine = Arbitraries.integers()
			.between(OrderContract.MAX_FRACTION_DIGITS + 1, Integer.MAX_VALUE)
			.map((exponent) -> "7E-" + exponent);
		Arbitrary<String> negative = amountsInside().filter((amount) -> amount.value().signum() > 0)
			.map((amount) -> "-" + amount.json());
		Arbitrary<String> asString = amountsInside().map((amount) -> "\"" + amount.json() + "\"");
		Arbitrary<String> amounts = Arbitraries.oneOf(tooLarge, tooFine, negative, asString,
				Arbitraries.of("1e-999999999", "1E+2147483647", "1e999999999", "1000000000000", "0.00001", "true"));
		Arbitrary<String> quantities = Arbitraries.oneOf(
				Arbitraries.integers().between(OrderContract.MAX_QUANTITY + 1, Integer.MAX_VALUE).map(String::valueOf),
				Arbitraries.integers().between(Integer.MIN_VALUE, 0).map(String::valueOf),
				Arbitraries.integers().between(1, 100).map((n) -> n + ".0"),
				Arbitraries.integers().between(1, 100).map((n) -> "\"" + n + "\""),
				Arbitraries.of("2.7", "1e2", "2147483648", "-0", "null", "true"));
		Arbitrary<String> identifiers = Arbitraries.oneOf(
				Arbitraries.strings()
					.withChars(ID_CHARS)
					.ofMinLength(OrderContract.MAX_ID_LENGTH + 1)
					.ofMaxLength(500)
					.map((tail) -> "\"a" + tail + "\""),
				Arbitraries.strings()
					.ofMinLength(1)
					.ofMaxLength(20)
					.filter((text) -> !OrderContract.isIdentifier(text, OrderContract.MAX_ID_LENGTH))
					.map(OrderApiPropertyTest::quote));
		return Arbitraries.oneOf(amounts.map((json) -> new Outside("total", json)),
				amounts.map((json) -> new Outside("items[0].unitPrice", json)),
				quantities.map((json) -> new Outside("items[0].quantity", json)),
				identifiers.map((json) -> new Outside("customerId", json)));
	}

	@Provide
	Arbitrary<String> prefixes() {
		return Arbitraries.of("", "{", "{\"customerId\":", "{\"items\":[{\"quantity\":", "[");
	}

	@Provide
	Arbitrary<String> contentTypes() {
		return Arbitraries.of("application/json", "application/json; charset=UTF-8", "text/plain",
				"multipart/form-data", "application/x-www-form-urlencoded", "application/octet-stream", "garbage");
	}

	private static Arbitrary<String> identifiers() {
		return Arbitraries.strings()
			.withChars(ID_CHARS)
			.ofMaxLength(OrderContract.MAX_ID_LENGTH - 1)
			.map((tail) -> "a" + tail);
	}

	/** A JSON string for any text, escaping what JSON requires. */
	private static String quote(String text) {
		StringBuilder json = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\' || c < 0x20) {
				json.append(String.format("\\u%04x", (int) c));
			}
			else {
				json.append(c);
			}
		}
		return json.append('"').toString();
	}

	/** An amount as JSON text, and its value. */
	record Amount(String json, BigDecimal value) {

	}

	record Line(String sku, int quantity, Amount unitPrice) {

		String json() {
			return "{\"sku\":\"%s\",\"quantity\":%d,\"unitPrice\":%s}".formatted(this.sku, this.quantity,
					this.unitPrice.json());
		}

	}

	/** A JSON value outside the contract, and the field it is put in. */
	record Outside(String field, String json) {

	}

}
