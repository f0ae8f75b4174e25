package io.consumergroups.analytics.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.consumergroups.analytics.topology.AnalyticsTopology;
import io.consumergroups.analytics.topology.RegionTotals;
import io.consumergroups.analytics.topology.TopProducts;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

import org.springframework.stereotype.Service;

/**
 * Answers a query for the whole application, whichever instance is asked: it finds the
 * instance(s) that own the state, with the metadata every instance receives at each
 * rebalance, and answers from this instance's stores or asks the owners over HTTP.
 * <ul>
 * <li>a key (a region's windows, the ranking) lives in one partition, owned by one
 * instance: {@link KafkaStreams#queryMetadataForKey} names it;</li>
 * <li>all regions are spread over every instance:
 * {@link KafkaStreams#streamsMetadataForStore} lists the owners and their partitions;
 * each is asked, and the answer is complete only if, together, they answered for exactly
 * the partitions the metadata gives them.</li>
 * </ul>
 */
@Service
class AnalyticsQueries {

	private final LocalStores local;

	private final PeerClient peers;

	AnalyticsQueries(LocalStores local, PeerClient peers) {
		this.local = local;
		this.peers = peers;
	}

	Routed<RevenueReport> revenue(String region, Instant from, Instant to) {
		HostInfo owner = this.local.owner(AnalyticsTopology.ORDERS_PER_MINUTE_STORE, region).activeHost();
		RevenueReport report = isSelf(owner) ? this.local.revenue(region, from, to)
				: this.peers.revenue(owner, region, from, to);
		return new Routed<>(report, PeerClient.address(owner));
	}

	Routed<TopProducts> topProducts() {
		HostInfo owner = this.local.owner(AnalyticsTopology.TOP_PRODUCTS_STORE, AnalyticsTopology.TOP_PRODUCTS_KEY)
			.activeHost();
		TopProducts ranking = isSelf(owner) ? this.local.topProducts() : this.peers.topProducts(owner);
		return new Routed<>(ranking, PeerClient.address(owner));
	}

	Routed<RegionsReport> regions() {
		KafkaStreams streams = this.local.streams();
		if (streams.state() != KafkaStreams.State.RUNNING) {
			// Mid-rebalance the owners are changing: the parts would not add up.
			throw new QueryUnavailableException("Kafka Streams is " + streams.state() + " on this instance");
		}
		Map<HostInfo, List<Integer>> owners = new LinkedHashMap<>();
		for (StreamsMetadata instance : streams.streamsMetadataForStore(AnalyticsTopology.REGION_TOTALS_STORE)) {
			owners.put(instance.hostInfo(), this.local.regionPartitions(instance.topicPartitions()));
		}
		List<RegionTotals> regions = new ArrayList<>();
		owners.forEach((owner, partitions) -> {
			InstanceRegions part = isSelf(owner) ? this.local.regions() : this.peers.regions(owner);
			if (!part.partitions().equals(partitions)) {
				throw new QueryUnavailableException(
						"instance " + PeerClient.address(owner) + " answered for partitions " + part.partitions()
								+ ", not " + partitions + ": the assignment is changing");
			}
			regions.addAll(part.regions());
		});
		String servedBy = owners.keySet().stream().map(PeerClient::address).collect(Collectors.joining(", "));
		return new Routed<>(RegionsReport.of(regions), servedBy);
	}

	private boolean isSelf(HostInfo instance) {
		return instance.equals(this.local.self());
	}

}
