package io.consumergroups.analytics.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

import io.consumergroups.analytics.AnalyticsProperties;
import io.consumergroups.analytics.topology.AnalyticsTopology;
import io.consumergroups.analytics.topology.OrderStats;
import io.consumergroups.analytics.topology.RegionTotals;
import io.consumergroups.analytics.topology.TopProducts;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * Interactive queries on this instance's state stores, and what this instance knows about
 * where the rest of the state lives.
 * <p>
 * Every store is partitioned like the topic it is built from, and each partition lives in
 * the one instance running its active task. So a query names the partition it reads
 * ({@link StoreQueryParameters#withPartition}): when the partition is not, or no longer,
 * active here, Kafka Streams refuses, and the query answers "unavailable" instead of an
 * incomplete result. Standby replicas are never read, since they may lag.
 * <p>
 * Under exactly-once, a store may hold updates of a transaction not committed yet; were
 * it aborted, Streams would rebuild the store from the committed changelog.
 */
@Component
class LocalStores {

	private final StreamsBuilderFactoryBean factoryBean;

	private final Duration windowSize;

	LocalStores(StreamsBuilderFactoryBean factoryBean, AnalyticsProperties properties) {
		this.factoryBean = factoryBean;
		this.windowSize = properties.windows().size();
	}

	/**
	 * The Streams client, when it can answer queries.
	 * @return the client, running or rebalancing
	 * @throws QueryUnavailableException when it is not started, or stopped
	 */
	KafkaStreams streams() {
		KafkaStreams streams = this.factoryBean.getKafkaStreams();
		if (streams == null || !streams.state().isRunningOrRebalancing()) {
			throw new QueryUnavailableException(
					"Kafka Streams is " + ((streams != null) ? streams.state() : "not started") + " on this instance");
		}
		return streams;
	}

	/**
	 * This instance, as the group knows it: its {@code application.server}.
	 * @return host and HTTP port
	 */
	HostInfo self() {
		Properties config = this.factoryBean.getStreamsConfiguration();
		String endpoint = (config != null) ? config.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG) : null;
		if (endpoint == null) {
			throw new QueryUnavailableException("Kafka Streams is not started on this instance");
		}
		return HostInfo.buildFromEndpoint(endpoint);
	}

	/**
	 * Which instance owns a key of a store, and in which partition, as of the last
	 * rebalance.
	 * @param store the store
	 * @param key the key
	 * @return the owner
	 */
	KeyQueryMetadata owner(String store, String key) {
		KeyQueryMetadata owner = streams().queryMetadataForKey(store, key, Serdes.String().serializer());
		if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
			throw new QueryUnavailableException("no instance owns " + key + " in " + store + " yet");
		}
		return owner;
	}

	/**
	 * The per-minute windows of a region that start in {@code [from, to)}.
	 * @param region the region; this instance must own it
	 * @param from inclusive
	 * @param to exclusive
	 * @return the windows and their sum
	 */
	RevenueReport revenue(String region, Instant from, Instant to) {
		return query(() -> {
			ReadOnlyWindowStore<String, OrderStats> store = ownedPartition(AnalyticsTopology.ORDERS_PER_MINUTE_STORE,
					QueryableStoreTypes.windowStore(), region);
			List<MinuteWindow> windows = new ArrayList<>();
			// fetch() bounds are window starts, both inclusive.
			try (WindowStoreIterator<OrderStats> found = store.fetch(region, from, to.minusMillis(1))) {
				found.forEachRemaining((window) -> windows.add(minuteWindow(window)));
			}
			return RevenueReport.of(region, from, to, windows);
		});
	}

	/**
	 * The product ranking; this instance must own it.
	 * @return the ranking, empty before the first order
	 */
	TopProducts topProducts() {
		return query(() -> {
			ReadOnlyKeyValueStore<String, TopProducts> store = ownedPartition(AnalyticsTopology.TOP_PRODUCTS_STORE,
					QueryableStoreTypes.keyValueStore(), AnalyticsTopology.TOP_PRODUCTS_KEY);
			TopProducts ranking = store.get(AnalyticsTopology.TOP_PRODUCTS_KEY);
			return (ranking != null) ? ranking : TopProducts.none();
		});
	}

	/**
	 * The running totals of the regions in the partitions whose tasks run here.
	 * @return the partitions and their regions
	 */
	InstanceRegions regions() {
		return query(() -> {
			KafkaStreams streams = streams();
			List<Integer> partitions = regionPartitions(streams.metadataForLocalThreads()
				.stream()
				.flatMap((thread) -> thread.activeTasks().stream())
				.flatMap((task) -> task.topicPartitions().stream())
				.toList());
			List<RegionTotals> regions = new ArrayList<>();
			for (int partition : partitions) {
				ReadOnlyKeyValueStore<String, OrderStats> store = streams.store(
						StoreQueryParameters
							.fromNameAndType(AnalyticsTopology.REGION_TOTALS_STORE,
									QueryableStoreTypes.<String, OrderStats>keyValueStore())
							.withPartition(partition));
				try (KeyValueIterator<String, OrderStats> all = store.all()) {
					all.forEachRemaining((region) -> regions.add(RegionTotals.of(region.key, region.value)));
				}
			}
			return new InstanceRegions(partitions, regions);
		});
	}

	/**
	 * The partitions of the region stores among some topic partitions. They are the
	 * partitions of the repartition topic the stores are built from.
	 * @param topicPartitions any topic partitions, e.g. those of an instance
	 * @return the partition numbers of the region stores, sorted
	 */
	List<Integer> regionPartitions(Iterable<TopicPartition> topicPartitions) {
		String applicationId = this.factoryBean.getStreamsConfiguration()
			.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
		String topic = applicationId + "-" + AnalyticsTopology.ORDERS_BY_REGION + "-repartition";
		List<Integer> partitions = new ArrayList<>();
		topicPartitions.forEach((partition) -> {
			if (partition.topic().equals(topic)) {
				partitions.add(partition.partition());
			}
		});
		return partitions.stream().sorted().distinct().toList();
	}

	/**
	 * The one partition of a store that holds a key, if its active task runs here.
	 */
	private <T> T ownedPartition(String store, QueryableStoreType<T> type, String key) {
		KeyQueryMetadata owner = owner(store, key);
		if (!owner.activeHost().equals(self())) {
			throw new QueryUnavailableException(key + " in " + store + " is owned by "
					+ PeerClient.address(owner.activeHost()) + ", not by this instance");
		}
		return streams().store(StoreQueryParameters.fromNameAndType(store, type).withPartition(owner.partition()));
	}

	private MinuteWindow minuteWindow(KeyValue<Long, OrderStats> window) {
		Instant start = Instant.ofEpochMilli(window.key);
		return new MinuteWindow(start, start.plus(this.windowSize), window.value.orders(), window.value.revenue());
	}

	/**
	 * A store can move away at any moment, even while it is read: Kafka Streams then
	 * throws, and the query is unavailable rather than partial.
	 */
	private static <T> T query(Supplier<T> query) {
		try {
			return query.get();
		}
		catch (InvalidStateStoreException ex) {
			throw new QueryUnavailableException("the store moved while it was queried: " + ex.getMessage(), ex);
		}
	}

}
