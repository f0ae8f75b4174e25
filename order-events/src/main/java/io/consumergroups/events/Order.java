package io.consumergroups.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.consumergroups.events.OrderContract.Amount;
import io.consumergroups.events.OrderContract.CreationTime;
import io.consumergroups.events.OrderContract.Identifier;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An order placed by a customer: the value of every record on {@link Topics#ORDERS},
 * keyed by {@link #customerId()} so that one customer's orders stay in one partition, in
 * order.
 * <p>
 * The constraints are the shape every consumer relies on, the {@link OrderContract}. A
 * record that breaks them is malformed and goes to {@link Topics#ORDERS_DLT}; business
 * rules (is the total right, is the currency accepted) are the order-processor's and end
 * in a REJECTED {@link OrderStatus}.
 *
 * @param orderId unique id, e.g. {@code order-17}
 * @param customerId who ordered; the record key
 * @param region where the order is shipped, e.g. {@code eu-west}
 * @param items what was ordered
 * @param total the amount charged, in {@link #currency()}
 * @param currency ISO 4217 code
 * @param createdAt when the order was placed (event time for analytics windows)
 */
public record Order(@Identifier String orderId, @Identifier String customerId,
		@Identifier(max = OrderContract.MAX_REGION_LENGTH) String region,
		@NotEmpty @Size(max = OrderContract.MAX_ITEMS) List<@Valid @NotNull OrderItem> items, @Amount BigDecimal total,
		@NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
		@CreationTime Instant createdAt) {

}
