package io.consumergroups.monitor.metrics;

import java.util.List;

import io.consumergroups.monitor.snapshot.GroupSnapshots;
import io.consumergroups.monitor.watch.GroupObservation;
import io.consumergroups.monitor.watch.GroupObservations;
import io.consumergroups.monitor.watch.GroupsObserved;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GroupMetricsTest {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final GroupMetrics metrics = new GroupMetrics(this.registry);

	@Test
	void shouldExposeLagMembersAndRebalancesPerGroupToPrometheus() {
		// Given a group that lags 40 records on orders-0, consumed at 10 records/s, and
		// whose third member has just joined
		GroupObservation observation = GroupObservations.observe(
				GroupSnapshots.consumerGroup()
					.member("m1", 0)
					.member("m2", 1)
					.offsets(0, 0L, 0L)
					.offsets(1, 0L, 0L)
					.build(),
				GroupSnapshots.consumerGroup()
					.state(GroupState.RECONCILING)
					.atSecond(10)
					.member("m1", 0)
					.member("m2", 1)
					.member("m3")
					.offsets(0, 60L, 100L)
					.offsets(1, 40L, 40L)
					.build());

		// When
		this.metrics.onGroupsObserved(new GroupsObserved(List.of(observation), GroupSnapshots.T0));

		// Then
		assertThat(this.registry.scrape()).contains(
				"consumer_group_lag_records{group=\"order-processors\",partition=\"0\",topic=\"orders\"} 40.0",
				"consumer_group_lag_records{group=\"order-processors\",partition=\"1\",topic=\"orders\"} 0.0",
				"consumer_group_lag_seconds{group=\"order-processors\"} 4.0",
				"consumer_group_members{group=\"order-processors\"} 3.0",
				"consumer_group_rebalances_total{group=\"order-processors\"} 1.0");
	}

}
