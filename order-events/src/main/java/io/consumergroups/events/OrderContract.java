package io.consumergroups.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.time.Instant;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules every {@link Order} obeys, defined once and enforced at every door: the REST
 * API refuses what breaks them with a 400, and every consumer dead-letters a record that
 * breaks them. What the API accepts, every consumer processes.
 * <ul>
 * <li><b>Identifiers</b> (order id, customer id, SKU, region) are 1 to 64 (region: 32)
 * characters of {@code A-Z a-z 0-9 . _ : @ -}, starting with a letter or a digit: ASCII
 * only, so a length is the same in characters, code points, UTF-16 units and bytes, and
 * an id is safe in a log line, an object key or a URL.</li>
 * <li><b>Amounts</b> (unit price, total) are zero or positive, with at most
 * {@value #MAX_FRACTION_DIGITS} decimal places and at most {@value #MAX_INTEGER_DIGITS}
 * digits before the point, whatever the notation: {@code 1e-999999999} and
 * {@code 1E+2147483647} are refused before anything adds them up.</li>
 * <li><b>Quantities</b> are whole JSON numbers from 1 to {@value #MAX_QUANTITY}: no
 * {@code 2.7} read as 2, no {@code "2"} read as 2. A line is then below 10<sup>16</sup>
 * and an order's {@value #MAX_ITEMS} lines below 10<sup>18</sup>.</li>
 * <li><b>Creation time</b> lies in [{@value #EARLIEST_CREATED_AT},
 * {@value #LATEST_CREATED_AT}): fixed bounds rather than bounds around "now", so a replay
 * months later accepts exactly the records the first run accepted. Year 1970 (an unset
 * clock) and year +999999999 (a corrupt field) are both refused.</li>
 * <li><b>JSON</b> is read strictly ({@link #jsonMapper()}): no coercion of strings or
 * floats into numbers, no null for a number, no duplicate field, nothing after the
 * object.</li>
 * </ul>
 */
public final class OrderContract {

	/** Longest order id, customer id or SKU. */
	public static final int MAX_ID_LENGTH = 64;

	/** Longest region name. */
	public static final int MAX_REGION_LENGTH = 32;

	/** Most lines in one order. */
	public static final int MAX_ITEMS = 100;

	/** Largest quantity of one line. */
	public static final int MAX_QUANTITY = 10_000;

	/** Most digits after the decimal point of an amount (trailing zeros aside). */
	public static final int MAX_FRACTION_DIGITS = 4;

	/** Most digits before the decimal point of an amount: below one trillion. */
	public static final int MAX_INTEGER_DIGITS = 12;

	/**
	 * Most digits after the decimal point an amount may be written with, trailing zeros
	 * included: {@code 12.500} is fine, {@code 0E-999999999} is not. Adding such a zero
	 * to another amount aligns their scales, a billion digits.
	 */
	public static final int MAX_WRITTEN_FRACTION_DIGITS = 32;

	/** The earliest creation time of an order, inclusive. */
	public static final String EARLIEST_CREATED_AT = "2020-01-01T00:00:00Z";

	/** The latest creation time of an order, exclusive. */
	public static final String LATEST_CREATED_AT = "2100-01-01T00:00:00Z";

	private static final Instant EARLIEST = Instant.parse(EARLIEST_CREATED_AT);

	private static final Instant LATEST = Instant.parse(LATEST_CREATED_AT);

	private static final JsonMapper JSON = strictJson(JsonMapper.builder()).build();

	private OrderContract() {
	}

	/**
	 * The JSON rules of the contract, applied to a mapper under construction: the REST
	 * API's mapper and every consumer's mapper are built with them.
	 * @param builder a JSON mapper builder
	 * @return the same builder
	 */
	public static JsonMapper.Builder strictJson(JsonMapper.Builder builder) {
		return builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
	}

	/**
	 * A mapper that reads and writes events by the contract's JSON rules.
	 * @return the shared, immutable mapper
	 */
	public static JsonMapper jsonMapper() {
		return JSON;
	}

	/**
	 * Whether a value is a valid identifier of at most {@code maxLength} characters.
	 * @param value the value, may be null
	 * @param maxLength the longest allowed
	 * @return true if valid
	 */
	public static boolean isIdentifier(String value, int maxLength) {
		if (value == null || value.isEmpty() || value.length() > maxLength) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
			if (!alphanumeric && (i == 0 || ".:_@-".indexOf(c) < 0)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Why an amount breaks the contract.
	 * @param amount the amount, may be null
	 * @return what is wrong, or null if it is a valid amount
	 */
	public static String amountViolation(BigDecimal amount) {
		if (amount == null) {
			return "must not be null";
		}
		if (amount.signum() < 0) {
			return "must not be negative";
		}
		// Scale and precision only: cheap and exact whatever the exponent, where
		// arithmetic on 1E+2147483647 would overflow.
		BigDecimal stripped = amount.stripTrailingZeros();
		if (stripped.scale() > MAX_FRACTION_DIGITS) {
			return "must have at most " + MAX_FRACTION_DIGITS + " decimal places";
		}
		long integerDigits = (long) stripped.precision() - stripped.scale();
		if (integerDigits > MAX_INTEGER_DIGITS) {
			return "must have at most " + MAX_INTEGER_DIGITS + " digits before the decimal point";
		}
		// The written scale too: a zero of any scale strips to 0, yet still aligns a sum
		// to its scale.
		if (amount.scale() > MAX_WRITTEN_FRACTION_DIGITS || amount.scale() < -MAX_INTEGER_DIGITS) {
			return "must be written with at most " + MAX_WRITTEN_FRACTION_DIGITS
					+ " digits after the point and an exponent of at most " + MAX_INTEGER_DIGITS;
		}
		return null;
	}

	/**
	 * Whether a creation time lies within the contract's bounds.
	 * @param createdAt the time, may be null
	 * @return true if valid
	 */
	public static boolean isCreationTime(Instant createdAt) {
		return createdAt != null && !createdAt.isBefore(EARLIEST) && createdAt.isBefore(LATEST);
	}

	/**
	 * An identifier: 1 to {@link #max()} characters of {@code A-Z a-z 0-9 . _ : @ -},
	 * starting with a letter or a digit. Null is invalid.
	 */
	@Documented
	@Constraint(validatedBy = IdentifierValidator.class)
	@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD,
			ElementType.TYPE_USE })
	@Retention(RetentionPolicy.RUNTIME)
	public @interface Identifier {

		/**
		 * The longest allowed.
		 * @return the length
		 */
		int max() default MAX_ID_LENGTH;

		/**
		 * The message.
		 * @return the message
		 */
		String message() default "must be 1 to {max} characters of A-Z a-z 0-9 . _ : @ -, starting with a letter or digit";

		/**
		 * The groups.
		 * @return the groups
		 */
		Class<?>[] groups() default {};

		/**
		 * The payload.
		 * @return the payload
		 */
		Class<? extends Payload>[] payload() default {};

	}

	/**
	 * An amount of money: zero or positive, at most {@link #MAX_FRACTION_DIGITS} decimal
	 * places and {@link #MAX_INTEGER_DIGITS} digits before the point. Null is invalid.
	 */
	@Documented
	@Constraint(validatedBy = AmountValidator.class)
	@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD,
			ElementType.TYPE_USE })
	@Retention(RetentionPolicy.RUNTIME)
	public @interface Amount {

		/**
		 * The message; the validator says which rule was broken.
		 * @return the message
		 */
		String message() default "must be an amount of zero or more, with at most 12 digits before the point and 4 after it";

		/**
		 * The groups.
		 * @return the groups
		 */
		Class<?>[] groups() default {};

		/**
		 * The payload.
		 * @return the payload
		 */
		Class<? extends Payload>[] payload() default {};

	}

	/**
	 * When an order was placed: from {@link #EARLIEST_CREATED_AT} (inclusive) to
	 * {@link #LATEST_CREATED_AT} (exclusive). Null is invalid.
	 */
	@Documented
	@Constraint(validatedBy = CreationTimeValidator.class)
	@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD,
			ElementType.TYPE_USE })
	@Retention(RetentionPolicy.RUNTIME)
	public @interface CreationTime {

		/**
		 * The message.
		 * @return the message
		 */
		String message() default "must be from " + EARLIEST_CREATED_AT + " to before " + LATEST_CREATED_AT;

		/**
		 * The groups.
		 * @return the groups
		 */
		Class<?>[] groups() default {};

		/**
		 * The payload.
		 * @return the payload
		 */
		Class<? extends Payload>[] payload() default {};

	}

	/** Validates {@link Identifier}. */
	public static final class IdentifierValidator implements ConstraintValidator<Identifier, String> {

		private int max;

		@Override
		public void initialize(Identifier annotation) {
			this.max = annotation.max();
		}

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return isIdentifier(value, this.max);
		}

	}

	/** Validates {@link Amount}, naming the rule an amount breaks. */
	public static final class AmountValidator implements ConstraintValidator<Amount, BigDecimal> {

		@Override
		public boolean isValid(BigDecimal value, ConstraintValidatorContext context) {
			String violation = amountViolation(value);
			if (violation == null) {
				return true;
			}
			context.disableDefaultConstraintViolation();
			context.buildConstraintViolationWithTemplate(violation).addConstraintViolation();
			return false;
		}

	}

	/** Validates {@link CreationTime}. */
	public static final class CreationTimeValidator implements ConstraintValidator<CreationTime, Instant> {

		@Override
		public boolean isValid(Instant value, ConstraintValidatorContext context) {
			return isCreationTime(value);
		}

	}

}
