package io.consumergroups.analytics.topology;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import org.springframework.kafka.support.serializer.JacksonJsonSerde;

/**
 * The topics analytics-service writes, each with the serde of its values, and the serdes
 * of what it keeps in state stores. Keys are strings: the region, or
 * {@link AnalyticsTopology#TOP_PRODUCTS_KEY}.
 * <p>
 * Values are plain JSON without Spring's type headers, like the shared {@link Topics}:
 * any client in any language can read them. Amounts stay {@code BigDecimal} numbers, so
 * no cent is lost on the way. Streams writes them in transactions (exactly-once):
 * consumers read them with {@code isolation.level=read_committed}.
 */
public final class AnalyticsTopics {

	/** {@link OrdersPerMinute} by region: each update of a region's window. */
	public static final String ORDERS_PER_MINUTE = "analytics.orders-per-minute";

	/** {@link RegionTotals} by region: each update of a region's running totals. */
	public static final String REVENUE_BY_REGION = "analytics.revenue-by-region";

	/** {@link TopProducts}: each change of the ranking. */
	public static final String TOP_PRODUCTS = "analytics.top-products";

	/**
	 * Records that could not be processed: records of {@code orders} that are not valid
	 * orders, and any record a step failed on, as they were read (cut to fit), with the
	 * cause and their origin in {@code __streams.errors.*} headers.
	 */
	public static final String ORDERS_DLT = "analytics.orders.DLT";

	private AnalyticsTopics() {
	}

	/**
	 * How analytics reads {@code orders}: a deserializer that refuses a record that is
	 * not a valid {@link Order} by the contract (the serializer is the shared one).
	 * @return a new serde
	 */
	static Serde<Order> validOrderSerde() {
		return Serdes.serdeFrom(Topics.orderSerde().serializer(), new ValidOrderDeserializer());
	}

	/**
	 * A serde for {@link OrdersPerMinute} values.
	 * @return a new serde
	 */
	public static Serde<OrdersPerMinute> ordersPerMinuteSerde() {
		return jsonSerde(OrdersPerMinute.class);
	}

	/**
	 * A serde for {@link RegionTotals} values.
	 * @return a new serde
	 */
	public static Serde<RegionTotals> regionTotalsSerde() {
		return jsonSerde(RegionTotals.class);
	}

	/**
	 * A serde for {@link TopProducts} values.
	 * @return a new serde
	 */
	public static Serde<TopProducts> topProductsSerde() {
		return jsonSerde(TopProducts.class);
	}

	static Serde<OrderStats> orderStatsSerde() {
		return jsonSerde(OrderStats.class);
	}

	static Serde<ProductQuantity> productQuantitySerde() {
		return jsonSerde(ProductQuantity.class);
	}

	private static <T> Serde<T> jsonSerde(Class<T> type) {
		return new JacksonJsonSerde<>(type).noTypeInfo().ignoreTypeHeaders();
	}

}
