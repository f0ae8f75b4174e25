package io.consumergroups.events;

import java.math.BigDecimal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * One line of an {@link Order}.
 *
 * @param sku the product
 * @param quantity how many, at least one
 * @param unitPrice the price of one, in the order's currency
 */
public record OrderItem(@NotBlank @Size(max = 64) String sku, @Positive int quantity,
		@NotNull @PositiveOrZero BigDecimal unitPrice) {

	/**
	 * The line total, {@code quantity × unitPrice}.
	 * @return the amount this line adds to the order
	 */
	public BigDecimal lineTotal() {
		return this.unitPrice.multiply(BigDecimal.valueOf(this.quantity));
	}

}
