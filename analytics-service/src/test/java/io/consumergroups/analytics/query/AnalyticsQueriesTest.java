package io.consumergroups.analytics.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.consumergroups.analytics.topology.AnalyticsTopology;
import io.consumergroups.analytics.topology.RegionTotals;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * How a query finds the state it needs: this instance's stores or another instance's, as
 * the Streams metadata says; the stores and the other instances are mocked.
 */
class AnalyticsQueriesTest {

	private static final HostInfo SELF = new HostInfo("localhost", 8084);

	private static final HostInfo OTHER = new HostInfo("localhost", 8085);

	private static final Instant NOON = Instant.parse("2026-06-01T12:00:00Z");

	private final LocalStores local = mock(LocalStores.class);

	private final PeerClient peers = mock(PeerClient.class);

	private final KafkaStreams streams = mock(KafkaStreams.class);

	private final AnalyticsQueries queries = new AnalyticsQueries(this.local, this.peers);

	@BeforeEach
	void thisInstance() {
		given(this.local.self()).willReturn(SELF);
		given(this.local.streams()).willReturn(this.streams);
		given(this.streams.state()).willReturn(KafkaStreams.State.RUNNING);
	}

	@Test
	void shouldAskTheInstanceThatOwnsTheRegion() {
		// Given
		RevenueReport report = RevenueReport.of("eu-west", NOON, NOON.plusSeconds(60), List.of());
		given(this.local.owner(AnalyticsTopology.ORDERS_PER_MINUTE_STORE, "eu-west"))
			.willReturn(new KeyQueryMetadata(OTHER, Set.of(), 3));
		given(this.peers.revenue(OTHER, "eu-west", NOON, NOON.plusSeconds(60))).willReturn(report);

		// When
		Routed<RevenueReport> answer = this.queries.revenue("eu-west", NOON, NOON.plusSeconds(60));

		// Then
		assertThat(answer).isEqualTo(new Routed<>(report, "localhost:8085"));
		then(this.local).should(never()).revenue("eu-west", NOON, NOON.plusSeconds(60));
	}

	@Test
	void shouldAnswerFromThisInstanceWhenItOwnsTheRegion() {
		// Given
		RevenueReport report = RevenueReport.of("eu-west", NOON, NOON.plusSeconds(60), List.of());
		given(this.local.owner(AnalyticsTopology.ORDERS_PER_MINUTE_STORE, "eu-west"))
			.willReturn(new KeyQueryMetadata(SELF, Set.of(), 3));
		given(this.local.revenue("eu-west", NOON, NOON.plusSeconds(60))).willReturn(report);

		// When
		Routed<RevenueReport> answer = this.queries.revenue("eu-west", NOON, NOON.plusSeconds(60));

		// Then
		assertThat(answer).isEqualTo(new Routed<>(report, "localhost:8084"));
		then(this.peers).shouldHaveNoInteractions();
	}

	@Test
	void shouldAddUpTheRegionsOfEveryInstance() {
		// Given
		givenOwners(List.of(0, 2, 4), List.of(1, 3, 5));
		given(this.local.regions()).willReturn(new InstanceRegions(List.of(0, 2, 4), List.of(totals("eu-west", 2))));
		given(this.peers.regions(OTHER))
			.willReturn(new InstanceRegions(List.of(1, 3, 5), List.of(totals("ap-south", 3))));

		// When
		Routed<RegionsReport> answer = this.queries.regions();

		// Then
		assertThat(answer.body().orders()).isEqualTo(5);
		assertThat(answer.body().revenue()).isEqualTo(Map.of("EUR", new BigDecimal("5")));
		assertThat(answer.body().regions()).extracting(RegionTotals::region).containsExactly("ap-south", "eu-west");
		assertThat(answer.servedBy()).isEqualTo("localhost:8084, localhost:8085");
	}

	@Test
	void shouldRefuseAPartialAnswerWhenAnInstanceNoLongerOwnsItsPartitions() {
		// Given: the other instance has given up partition 5 since the last metadata
		givenOwners(List.of(0, 2, 4), List.of(1, 3, 5));
		given(this.local.regions()).willReturn(new InstanceRegions(List.of(0, 2, 4), List.of(totals("eu-west", 2))));
		given(this.peers.regions(OTHER)).willReturn(new InstanceRegions(List.of(1, 3), List.of(totals("ap-south", 3))));

		// When, Then
		assertThatExceptionOfType(QueryUnavailableException.class).isThrownBy(this.queries::regions)
			.withMessageContaining("answered for partitions [1, 3], not [1, 3, 5]");
	}

	@Test
	void shouldRefuseToAddUpRegionsWhileRebalancing() {
		// Given
		given(this.streams.state()).willReturn(KafkaStreams.State.REBALANCING);

		// When, Then
		assertThatExceptionOfType(QueryUnavailableException.class).isThrownBy(this.queries::regions)
			.withMessageContaining("REBALANCING");
		then(this.peers).shouldHaveNoInteractions();
	}

	private void givenOwners(List<Integer> selfPartitions, List<Integer> otherPartitions) {
		StreamsMetadata self = instance(SELF, selfPartitions);
		StreamsMetadata other = instance(OTHER, otherPartitions);
		given(this.streams.streamsMetadataForStore(AnalyticsTopology.REGION_TOTALS_STORE))
			.willReturn(List.of(self, other));
		given(this.local.regionPartitions(self.topicPartitions())).willReturn(selfPartitions);
		given(this.local.regionPartitions(other.topicPartitions())).willReturn(otherPartitions);
	}

	private static StreamsMetadata instance(HostInfo host, List<Integer> partitions) {
		StreamsMetadata instance = mock(StreamsMetadata.class);
		given(instance.hostInfo()).willReturn(host);
		given(instance.topicPartitions()).willReturn(Set.copyOf(partitions.stream()
			.map((partition) -> new TopicPartition("analytics-service-orders-by-region-repartition", partition))
			.toList()));
		return instance;
	}

	private static RegionTotals totals(String region, int orders) {
		return new RegionTotals(region, orders, Map.of("EUR", BigDecimal.valueOf(orders)));
	}

}
