package io.consumergroups.monitor.web;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

import io.consumergroups.monitor.watch.GroupObservation;
import io.consumergroups.monitor.work.WorkTally;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Turns an observed group into its view, with each member's work from
 * {@code order-status} when the monitor reads it.
 */
@Component
class GroupViews {

	private final WorkTally tally;

	private final Clock clock;

	GroupViews(ObjectProvider<WorkTally> tally, Clock clock) {
		this.tally = tally.getIfAvailable();
		this.clock = clock;
	}

	GroupView view(GroupObservation observation) {
		Instant now = this.clock.instant();
		Function<String, WorkTally.Work> work = (this.tally != null) ? (name) -> this.tally.of(name, now)
				: (name) -> null;
		return GroupView.of(observation, work);
	}

}
