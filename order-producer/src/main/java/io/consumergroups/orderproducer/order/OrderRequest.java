package io.consumergroups.orderproducer.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /orders}: an {@link Order} without its creation time, and with
 * its id and total optional. The constraints are the {@link Order}'s, so that what passes
 * here is never a malformed record downstream.
 *
 * @param orderId the order's id; generated when absent
 * @param customerId who orders; the record key
 * @param region where the order is shipped
 * @param items what is ordered
 * @param total the amount charged; the sum of the line totals when absent. A total that
 * does not match the lines is published as given: checking it is the order-processor's
 * business rule, and such an order ends REJECTED there
 * @param currency ISO 4217 code
 */
record OrderRequest(
		@Pattern(regexp = "\\S{1,64}", message = "must be 1 to 64 characters without spaces") String orderId,
		@NotBlank @Size(max = 64) String customerId, @NotBlank @Size(max = 32) String region,
		@NotEmpty @Size(max = 100) List<@Valid @NotNull Item> items, @PositiveOrZero BigDecimal total,
		@NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency) {

	Order toOrder(String id, Instant createdAt) {
		List<OrderItem> lines = this.items.stream().map(Item::toOrderItem).toList();
		BigDecimal amount = (this.total != null) ? this.total
				: lines.stream().map(OrderItem::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
		return new Order(id, this.customerId, this.region, lines, amount, this.currency, createdAt);
	}

	/**
	 * One line: an {@link OrderItem} whose quantity may be missing from the JSON, so that
	 * a missing quantity is reported as an invalid field like any other.
	 *
	 * @param sku the product
	 * @param quantity how many, at least one
	 * @param unitPrice the price of one, in the order's currency
	 */
	record Item(@NotBlank @Size(max = 64) String sku, @NotNull @Positive Integer quantity,
			@NotNull @PositiveOrZero BigDecimal unitPrice) {

		OrderItem toOrderItem() {
			return new OrderItem(this.sku, this.quantity, this.unitPrice);
		}

	}

}
