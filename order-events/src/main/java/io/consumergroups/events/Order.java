package io.consumergroups.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * An order placed by a customer: the value of every record on {@link Topics#ORDERS},
 * keyed by {@link #customerId()} so that one customer's orders stay in one partition, in
 * order.
 * <p>
 * The constraints are the shape every consumer relies on. A record that breaks them is
 * malformed and goes to {@link Topics#ORDERS_DLT}; business rules (is the total right, is
 * the currency accepted) are the order-processor's and end in a REJECTED
 * {@link OrderStatus}.
 *
 * @param orderId unique id, e.g. {@code order-17}
 * @param customerId who ordered; the record key
 * @param region where the order is shipped, e.g. {@code eu-west}
 * @param items what was ordered
 * @param total the amount charged, in {@link #currency()}
 * @param currency ISO 4217 code
 * @param createdAt when the order was placed (event time for analytics windows)
 */
public record Order(@NotBlank @Size(max = 64) String orderId, @NotBlank @Size(max = 64) String customerId,
		@NotBlank @Size(max = 32) String region, @NotEmpty @Size(max = 100) List<@Valid @NotNull OrderItem> items,
		@NotNull @PositiveOrZero BigDecimal total, @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
		@NotNull Instant createdAt) {

}
