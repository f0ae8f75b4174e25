package io.consumergroups.events;

import org.apache.kafka.common.serialization.Serde;

import org.springframework.kafka.support.serializer.JacksonJsonSerde;

/**
 * The topics shared by the services, each with the serde of its values. Keys are always
 * strings: the customer id on {@link #ORDERS}, the order id on {@link #ORDER_STATUS}.
 * <p>
 * Values are plain JSON without Spring's type headers, so any client in any language can
 * read them and a class can be renamed without breaking consumers.
 */
public final class Topics {

	/** Every order placed; 6 partitions by default. */
	public static final String ORDERS = "orders";

	/**
	 * Records of {@link #ORDERS} that could not be processed (malformed, or failing after
	 * retries), with the cause and their origin in headers.
	 */
	public static final String ORDERS_DLT = "orders.DLT";

	/** One {@link OrderStatus} per processed order, written transactionally. */
	public static final String ORDER_STATUS = "order-status";

	private Topics() {
	}

	/**
	 * A serde for {@link Order} values.
	 * @return a new serde
	 */
	public static Serde<Order> orderSerde() {
		return jsonSerde(Order.class);
	}

	/**
	 * A serde for {@link OrderStatus} values.
	 * @return a new serde
	 */
	public static Serde<OrderStatus> orderStatusSerde() {
		return jsonSerde(OrderStatus.class);
	}

	private static <T> Serde<T> jsonSerde(Class<T> type) {
		return new JacksonJsonSerde<>(type).noTypeInfo().ignoreTypeHeaders();
	}

}
