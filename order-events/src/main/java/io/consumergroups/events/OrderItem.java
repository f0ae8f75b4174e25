package io.consumergroups.events;

import java.math.BigDecimal;

import io.consumergroups.events.OrderContract.Amount;
import io.consumergroups.events.OrderContract.Identifier;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * One line of an {@link Order}.
 *
 * @param sku the product
 * @param quantity how many, from 1 to {@link OrderContract#MAX_QUANTITY}
 * @param unitPrice the price of one, in the order's currency
 */
public record OrderItem(@Identifier String sku, @Min(1) @Max(OrderContract.MAX_QUANTITY) int quantity,
		@Amount BigDecimal unitPrice) {

	/**
	 * The line total, {@code quantity × unitPrice}.
	 * @return the amount this line adds to the order
	 */
	public BigDecimal lineTotal() {
		return this.unitPrice.multiply(BigDecimal.valueOf(this.quantity));
	}

}
