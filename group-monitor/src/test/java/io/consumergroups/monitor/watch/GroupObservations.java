package io.consumergroups.monitor.watch;

import java.time.Duration;
import java.util.List;

import io.consumergroups.monitor.config.MonitorProperties;
import io.consumergroups.monitor.snapshot.GroupSnapshot;

/**
 * Observations of a group made from snapshots, as the monitor makes them, for tests that
 * need no broker.
 */
public final class GroupObservations {

	private GroupObservations() {
	}

	/**
	 * Observe the snapshots of one group in order.
	 * @param snapshots the group's successive snapshots
	 * @return the observation of the last one
	 */
	public static GroupObservation observe(GroupSnapshot... snapshots) {
		GroupObserver observer = new GroupObserver(new MonitorProperties(Duration.ofSeconds(1), Duration.ofSeconds(30),
				Duration.ofSeconds(3), 20, Duration.ofSeconds(5), List.of(),
				new MonitorProperties.Statuses(false, "order-status", Duration.ofMinutes(10), Duration.ofSeconds(10))));
		GroupObservation observation = null;
		for (GroupSnapshot snapshot : List.of(snapshots)) {
			observation = observer.observe(snapshot);
		}
		return observation;
	}

}
