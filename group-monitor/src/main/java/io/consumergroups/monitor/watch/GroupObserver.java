package io.consumergroups.monitor.watch;

import java.util.Optional;

import io.consumergroups.monitor.advice.ScalingAdvice;
import io.consumergroups.monitor.advice.ScalingAdvisor;
import io.consumergroups.monitor.config.MonitorProperties;
import io.consumergroups.monitor.lag.ConsumerLag;
import io.consumergroups.monitor.lag.Throughput;
import io.consumergroups.monitor.lag.ThroughputWindow;
import io.consumergroups.monitor.rebalance.RebalanceTimeline;
import io.consumergroups.monitor.snapshot.GroupSnapshot;

/**
 * The monitor's memory of one group: it takes the group's successive snapshots and says
 * what they show together. No I/O: given the same snapshots, it observes the same.
 */
final class GroupObserver {

	private final RebalanceTimeline timeline;

	private final ThroughputWindow throughputWindow;

	GroupObserver(MonitorProperties properties) {
		this.timeline = new RebalanceTimeline(properties.keptRebalances());
		this.throughputWindow = new ThroughputWindow(properties.throughputWindow(),
				properties.minimumThroughputWindow());
	}

	GroupObservation observe(GroupSnapshot snapshot) {
		RebalanceTimeline.Observed observed = this.timeline.observe(snapshot);
		Optional<Throughput> throughput = this.throughputWindow.observe(snapshot);
		ConsumerLag lag = ConsumerLag.estimate(snapshot.lagRecords(), throughput, this.throughputWindow.window());
		ScalingAdvice advice = ScalingAdvisor.advise(snapshot, throughput);
		return new GroupObservation(snapshot, this.timeline.owners(), this.timeline.unownedSince(),
				snapshot.idleMembers(), throughput, lag, advice, observed.changes(), observed.started(),
				observed.ended(), this.timeline.count(), this.timeline.rebalances());
	}

}
