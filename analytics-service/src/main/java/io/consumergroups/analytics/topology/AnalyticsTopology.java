package io.consumergroups.analytics.topology;

import java.util.List;

import io.consumergroups.analytics.AnalyticsProperties;
import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * What analytics-service computes from {@code orders}, as a Kafka Streams topology: no
 * wiring, no lifecycle, so that {@code TopologyTestDriver} runs it without a broker.
 *
 * <pre>
 * orders (by customer) ─► valid Order, event time = createdAt ─► keyed by its customer
 *   ├─ re-key by region ─► [repartition orders-by-region]
 *   │     ├─ 1-minute windows: count, revenue ─► store orders-per-minute ─► analytics.orders-per-minute
 *   │     └─ running totals: count, revenue   ─► store region-totals     ─► analytics.revenue-by-region
 *   └─ one record per item, by SKU ─► [repartition orders-by-sku]
 *         └─ units per SKU ─► store quantity-by-sku
 *               └─ all to one key ─► [repartition products-to-rank] ─► top N ─► store top-products ─► analytics.top-products
 * </pre>
 *
 * The stores are what {@code GET /analytics/*} queries. Caching stays on (the default):
 * it folds the updates of a key within a commit interval (100 ms under exactly-once) into
 * one record downstream, and interactive queries read through it, so they still see every
 * order.
 */
public final class AnalyticsTopology {

	/** Window store: region → {@link OrderStats} per window. */
	public static final String ORDERS_PER_MINUTE_STORE = "orders-per-minute";

	/** Key-value store: region → {@link OrderStats} since the first order. */
	public static final String REGION_TOTALS_STORE = "region-totals";

	/** Key-value store: SKU → units ordered. */
	public static final String QUANTITY_BY_SKU_STORE = "quantity-by-sku";

	/**
	 * Key-value store: {@link #TOP_PRODUCTS_KEY} → {@link TopProducts}.
	 */
	public static final String TOP_PRODUCTS_STORE = "top-products";

	/** The single key of the product ranking. */
	public static final String TOP_PRODUCTS_KEY = "all";

	/**
	 * The repartition of orders by region; its topic is
	 * {@code <application.id>-orders-by-region-repartition}, and its partitions are the
	 * partitions of the region stores.
	 */
	public static final String ORDERS_BY_REGION = "orders-by-region";

	private AnalyticsTopology() {
	}

	/**
	 * Add the analytics to a builder.
	 * @param builder the builder of the application's topology
	 * @param properties window sizes, grace, the ranking's size
	 * @return the stream of valid orders
	 */
	public static KStream<String, Order> build(StreamsBuilder builder, AnalyticsProperties properties) {
		KStream<String, Order> orders = builder
			.stream(Topics.ORDERS,
					Consumed.with(Serdes.String(), AnalyticsTopics.validOrderSerde())
						.withTimestampExtractor(new OrderTimestampExtractor())
						.withName("orders"))
			.mapValues(AnalyticsTopology::keyedByCustomer, Named.as("keyed-by-customer"));
		KGroupedStream<String, Order> byRegion = byRegion(orders);
		ordersPerMinute(byRegion, properties.windows());
		regionTotals(byRegion);
		topProducts(orders, properties.topProducts().size());
		return orders;
	}

	/**
	 * The record's key is the order's customer id, as for every consumer of
	 * {@code orders}: a record without a key, or keyed by someone else, was not written
	 * by the producers of the contract. It fails here and is dead-lettered by the
	 * processing exception handler, with this message as its cause.
	 */
	static Order keyedByCustomer(String key, Order order) {
		if (key == null) {
			throw new MalformedOrderException("record has no key; orders are keyed by customer id");
		}
		if (!key.equals(order.customerId())) {
			String shown = (key.length() > 100) ? key.substring(0, 100) + "…" : key;
			throw new MalformedOrderException("record key " + shown + " is not the order's customer id");
		}
		return order;
	}

	/**
	 * Orders arrive keyed by customer; both region aggregates need every order of a
	 * region in one task. Re-keying by region and repartitioning once, explicitly, makes
	 * both read the same repartition topic: grouping twice would write every order to
	 * Kafka twice.
	 */
	private static KGroupedStream<String, Order> byRegion(KStream<String, Order> orders) {
		return orders.selectKey((customerId, order) -> order.region(), Named.as("key-by-region"))
			.repartition(Repartitioned.<String, Order>as(ORDERS_BY_REGION)
				.withKeySerde(Serdes.String())
				.withValueSerde(Topics.orderSerde()))
			.groupByKey(Grouped.with(Serdes.String(), Topics.orderSerde()));
	}

	private static void ordersPerMinute(KGroupedStream<String, Order> byRegion, AnalyticsProperties.Windows windows) {
		byRegion.windowedBy(TimeWindows.ofSizeAndGrace(windows.size(), windows.grace()))
			.aggregate(OrderStats::none, (region, order, stats) -> stats.add(order), Named.as("count-per-minute"),
					Materialized.<String, OrderStats, WindowStore<Bytes, byte[]>>as(ORDERS_PER_MINUTE_STORE)
						.withKeySerde(Serdes.String())
						.withValueSerde(AnalyticsTopics.orderStatsSerde())
						.withRetention(windows.retention()))
			.toStream(Named.as("per-minute-updates"))
			// Windowed<region> → region: the window is in the value. No repartition:
			// the next step writes to a topic, it does not group.
			.map((window, stats) -> KeyValue.pair(window.key(),
					OrdersPerMinute.of(window.key(), window.window(), stats)), Named.as("per-minute-by-region"))
			.to(AnalyticsTopics.ORDERS_PER_MINUTE,
					Produced.with(Serdes.String(), AnalyticsTopics.ordersPerMinuteSerde())
						.withName("to-orders-per-minute"));
	}

	private static void regionTotals(KGroupedStream<String, Order> byRegion) {
		byRegion
			.aggregate(OrderStats::none, (region, order, stats) -> stats.add(order), Named.as("count-per-region"),
					Materialized.<String, OrderStats, KeyValueStore<Bytes, byte[]>>as(REGION_TOTALS_STORE)
						.withKeySerde(Serdes.String())
						.withValueSerde(AnalyticsTopics.orderStatsSerde()))
			.toStream(Named.as("region-updates"))
			.mapValues(RegionTotals::of, Named.as("region-totals-values"))
			.to(AnalyticsTopics.REVENUE_BY_REGION, Produced.with(Serdes.String(), AnalyticsTopics.regionTotalsSerde())
				.withName("to-revenue-by-region"));
	}

	/**
	 * Two repartitions. Items are re-keyed by SKU, so that each product's units are
	 * summed in one task. Then a ranking compares all products, so every SKU's total goes
	 * to one key, hence one partition and one task: cheap, since it receives one record
	 * per changed product and commit interval (caching), not one per order.
	 */
	private static void topProducts(KStream<String, Order> orders, int size) {
		orders.flatMap((customerId, order) -> items(order), Named.as("items-by-sku"))
			.groupByKey(Grouped.with("orders-by-sku", Serdes.String(), Serdes.Long()))
			.reduce(Long::sum, Named.as("units-per-sku"),
					Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(QUANTITY_BY_SKU_STORE)
						.withKeySerde(Serdes.String())
						.withValueSerde(Serdes.Long()))
			.groupBy((sku, quantity) -> KeyValue.pair(TOP_PRODUCTS_KEY, new ProductQuantity(sku, quantity)),
					Grouped.with("products-to-rank", Serdes.String(), AnalyticsTopics.productQuantitySerde()))
			// A product's old total is subtracted before its new one is added.
			.aggregate(TopProducts::none, (key, product, top) -> top.with(product, size),
					(key, product, top) -> top.without(product.sku()), Named.as("rank-products"),
					Materialized.<String, TopProducts, KeyValueStore<Bytes, byte[]>>as(TOP_PRODUCTS_STORE)
						.withKeySerde(Serdes.String())
						.withValueSerde(AnalyticsTopics.topProductsSerde()))
			.toStream(Named.as("ranking-updates"))
			.to(AnalyticsTopics.TOP_PRODUCTS,
					Produced.with(Serdes.String(), AnalyticsTopics.topProductsSerde()).withName("to-top-products"));
	}

	private static List<KeyValue<String, Long>> items(Order order) {
		return order.items().stream().map((item) -> KeyValue.pair(item.sku(), (long) item.quantity())).toList();
	}

}
