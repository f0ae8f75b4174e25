package io.consumergroups.monitor.metrics;

import java.util.ArrayList;
import java.util.List;

import io.consumergroups.monitor.snapshot.PartitionOffsets;
import io.consumergroups.monitor.watch.GroupObservation;
import io.consumergroups.monitor.watch.GroupsObserved;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The groups as Micrometer meters, scraped at {@code /actuator/prometheus}:
 * <ul>
 * <li>{@code consumer_group_lag_records{group,topic,partition}}: log-end minus committed
 * offset (no sample where the group has committed nothing);</li>
 * <li>{@code consumer_group_lag_seconds{group}}: the lag divided by the recent consume
 * rate (no sample while unknown);</li>
 * <li>{@code consumer_group_members{group}} and
 * {@code consumer_group_idle_members{group}};</li>
 * <li>{@code consumer_group_rebalances_total{group}}: rebalances seen since the monitor
 * started.</li>
 * </ul>
 * Rows of groups and partitions that no longer exist disappear at the next poll.
 */
@Component
class GroupMetrics {

	private final MeterRegistry registry;

	private final MultiGauge lagRecords;

	private final MultiGauge lagSeconds;

	private final MultiGauge members;

	private final MultiGauge idleMembers;

	GroupMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.lagRecords = MultiGauge.builder("consumer.group.lag.records")
			.description("Records written to the partition and not yet consumed by the group")
			.register(registry);
		this.lagSeconds = MultiGauge.builder("consumer.group.lag.seconds")
			.description("The group's lag divided by its recent consume rate")
			.register(registry);
		this.members = MultiGauge.builder("consumer.group.members")
			.description("Members of the group")
			.register(registry);
		this.idleMembers = MultiGauge.builder("consumer.group.idle.members")
			.description("Members of a stable group that own no partition")
			.register(registry);
	}

	@EventListener
	void onGroupsObserved(GroupsObserved event) {
		List<MultiGauge.Row<?>> lagRecordRows = new ArrayList<>();
		List<MultiGauge.Row<?>> lagSecondRows = new ArrayList<>();
		List<MultiGauge.Row<?>> memberRows = new ArrayList<>();
		List<MultiGauge.Row<?>> idleRows = new ArrayList<>();
		for (GroupObservation group : event.groups()) {
			Tags tags = Tags.of("group", group.groupId());
			for (PartitionOffsets offsets : group.snapshot().partitions()) {
				if (offsets.lag() != null) {
					lagRecordRows.add(MultiGauge.Row.of(tags.and("topic", offsets.partition().topic(), "partition",
							String.valueOf(offsets.partition().partition())), offsets.lag()));
				}
			}
			if (group.lag().seconds() != null) {
				lagSecondRows.add(MultiGauge.Row.of(tags, group.lag().seconds()));
			}
			memberRows.add(MultiGauge.Row.of(tags, group.snapshot().members().size()));
			idleRows.add(MultiGauge.Row.of(tags, group.idleMembers().size()));
			Counter rebalances = Counter.builder("consumer.group.rebalances")
				.description("Rebalances of the group seen since the monitor started")
				.tags(tags)
				.register(this.registry);
			if (group.rebalanceStarted()) {
				rebalances.increment();
			}
		}
		this.lagRecords.register(lagRecordRows, true);
		this.lagSeconds.register(lagSecondRows, true);
		this.members.register(memberRows, true);
		this.idleMembers.register(idleRows, true);
	}

}
