package io.consumergroups.orderproducer.order;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderContract;
import io.consumergroups.events.OrderContract.Amount;
import io.consumergroups.events.OrderContract.AmountValidator;
import io.consumergroups.events.OrderContract.Identifier;
import io.consumergroups.events.OrderItem;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /orders}: an {@link Order} without its creation time, and with
 * its id and total optional. The constraints are the {@link OrderContract}'s own, so that
 * what passes here is never a malformed record downstream; the controller checks the
 * {@link Order} it builds against the contract once more.
 *
 * @param orderId the order's id; generated when absent
 * @param customerId who orders; the record key
 * @param region where the order is shipped
 * @param items what is ordered
 * @param total the amount charged; the sum of the line totals when absent. A total that
 * does not match the lines is published as given (in plain notation): checking it is the
 * order-processor's business rule, and such an order ends REJECTED there
 * @param currency ISO 4217 code
 */
record OrderRequest(@AbsentOrIdentifier String orderId, @Identifier String customerId,
		@Identifier(max = OrderContract.MAX_REGION_LENGTH) String region,
		@NotEmpty @Size(max = OrderContract.MAX_ITEMS) List<@Valid @NotNull Item> items,
		@AbsentOrAmount BigDecimal total,
		@NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency) {

	/**
	 * The order this request places, with its amounts written in plain notation with at
	 * most {@value OrderContract#MAX_FRACTION_DIGITS} decimal places. Called on a
	 * validated request only.
	 * <p>
	 * The contract judges an amount's digits with trailing zeros stripped, and allows up
	 * to {@value OrderContract#MAX_WRITTEN_FRACTION_DIGITS} written decimal places
	 * ({@code 0E-999999999} is refused: its sum with any amount would have a billion
	 * digits). Published in plain notation, an amount reads the same in every consumer
	 * and in any language. The sum of the lines then adds at most
	 * {@value OrderContract#MAX_ITEMS} products of amounts and quantities up to
	 * {@value OrderContract#MAX_QUANTITY}: cheap and exact, though it may be too large
	 * for an amount (the contract check of the order refuses that).
	 */
	Order toOrder(String id, Instant createdAt) {
		List<OrderItem> lines = this.items.stream().map(Item::toOrderItem).toList();
		BigDecimal amount = (this.total != null) ? plain(this.total)
				: lines.stream().map(OrderItem::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
		return new Order(id, this.customerId, this.region, lines, amount, this.currency, createdAt);
	}

	/**
	 * A valid amount with a scale from 0 to {@value OrderContract#MAX_FRACTION_DIGITS}:
	 * {@code 12.50} stays as it is, {@code 1E+3} becomes {@code 1000}, {@code 12.500000}
	 * becomes {@code 12.5} and {@code 0E-32} becomes {@code 0}.
	 */
	static BigDecimal plain(BigDecimal amount) {
		if (amount.scale() >= 0 && amount.scale() <= OrderContract.MAX_FRACTION_DIGITS) {
			return amount;
		}
		BigDecimal stripped = amount.stripTrailingZeros();
		return (stripped.scale() < 0) ? stripped.setScale(0) : stripped;
	}

	/**
	 * One line: an {@link OrderItem} whose quantity may be missing from the JSON, so that
	 * a missing quantity is reported as an invalid field like any other.
	 *
	 * @param sku the product
	 * @param quantity how many, from 1 to {@value OrderContract#MAX_QUANTITY}
	 * @param unitPrice the price of one, in the order's currency
	 */
	record Item(@Identifier String sku, @NotNull @Min(1) @Max(OrderContract.MAX_QUANTITY) Integer quantity,
			@Amount BigDecimal unitPrice) {

		OrderItem toOrderItem() {
			return new OrderItem(this.sku, this.quantity, plain(this.unitPrice));
		}

	}

	/** Absent, or an {@link Identifier}: the order id a client may leave to the API. */
	@Constraint(validatedBy = AbsentOrIdentifier.Validator.class)
	@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER })
	@Retention(RetentionPolicy.RUNTIME)
	@interface AbsentOrIdentifier {

		String message() default "must be absent, or 1 to " + OrderContract.MAX_ID_LENGTH
				+ " characters of A-Z a-z 0-9 . _ : @ -, starting with a letter or digit";

		Class<?>[] groups() default {};

		Class<? extends Payload>[] payload() default {};

		class Validator implements ConstraintValidator<AbsentOrIdentifier, String> {

			@Override
			public boolean isValid(String value, ConstraintValidatorContext context) {
				return value == null || OrderContract.isIdentifier(value, OrderContract.MAX_ID_LENGTH);
			}

		}

	}

	/**
	 * Absent, or an {@link Amount}: the total a client may leave to the API. A present
	 * value is judged by the contract's own validator, with its message.
	 */
	@Constraint(validatedBy = AbsentOrAmount.Validator.class)
	@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER })
	@Retention(RetentionPolicy.RUNTIME)
	@interface AbsentOrAmount {

		String message() default "must be absent, or an amount";

		Class<?>[] groups() default {};

		Class<? extends Payload>[] payload() default {};

		class Validator implements ConstraintValidator<AbsentOrAmount, BigDecimal> {

			private final AmountValidator amount = new AmountValidator();

			@Override
			public boolean isValid(BigDecimal value, ConstraintValidatorContext context) {
				return value == null || this.amount.isValid(value, context);
			}

		}

	}

}
