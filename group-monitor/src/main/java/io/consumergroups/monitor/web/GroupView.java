package io.consumergroups.monitor.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import io.consumergroups.monitor.advice.ScalingAdvice;
import io.consumergroups.monitor.lag.Throughput;
import io.consumergroups.monitor.rebalance.AssignmentChange;
import io.consumergroups.monitor.rebalance.Rebalance;
import io.consumergroups.monitor.snapshot.GroupSnapshot;
import io.consumergroups.monitor.snapshot.MemberSnapshot;
import io.consumergroups.monitor.snapshot.PartitionId;
import io.consumergroups.monitor.watch.GroupObservation;
import io.consumergroups.monitor.work.WorkTally;
import org.apache.kafka.common.GroupType;

/**
 * One group as {@code GET /api/groups} and the page's event stream show it: plain JSON,
 * durations in milliseconds.
 *
 * @param groupId the group
 * @param type {@code classic}, {@code consumer}, {@code share} or {@code streams}
 * @param state the coordinator's state, e.g. {@code Stable}
 * @param assignor the partition assignor, may be empty
 * @param groupEpoch the group epoch (not for classic groups)
 * @param targetAssignmentEpoch the target assignment's epoch (not for classic groups)
 * @param observedAt when the monitor read it
 * @param members the members, sorted by name
 * @param partitions each partition of the topics it reads, with owner and lag
 * @param lag the group's lag
 * @param advice what to do with its member count
 * @param rebalances its rebalances
 */
public record GroupView(String groupId, String type, String state, String assignor, Integer groupEpoch,
		Integer targetAssignmentEpoch, Instant observedAt, List<Member> members, List<Partition> partitions, Lag lag,
		ScalingAdvice advice, Rebalances rebalances) {

	/**
	 * The view of an observed group.
	 * @param observation the group as last observed
	 * @param work each member's statuses by its name, {@code null} when not read
	 * @return its view
	 */
	static GroupView of(GroupObservation observation, Function<String, WorkTally.Work> work) {
		GroupSnapshot snapshot = observation.snapshot();
		Map<String, String> names = new HashMap<>();
		snapshot.members().forEach((member) -> names.put(member.key(), member.name()));
		List<String> idle = observation.idleMembers().stream().map(MemberSnapshot::key).toList();
		Map<String, WorkTally.Work> statuses = new HashMap<>();
		snapshot.members().forEach((member) -> {
			WorkTally.Work written = work.apply(member.name());
			if (written != null) {
				statuses.put(member.name(), written);
			}
		});
		// A group none of whose members wrote a status is not one that writes them (the
		// fan-out groups): no counts rather than zeros
		boolean writesStatuses = statuses.values().stream().anyMatch((written) -> written.processed() > 0);
		List<Member> members = snapshot.members()
			.stream()
			.map((member) -> new Member(member.key(), member.name(), member.memberId(), member.instanceId(),
					member.clientId(), member.host(), member.memberEpoch(), names(member.assigned()),
					(member.target() != null) ? names(member.target()) : null, idle.contains(member.key()),
					writesStatuses ? statuses.get(member.name()) : null))
			.toList();
		Map<PartitionId, List<String>> sharedBy = sharedBy(snapshot);
		List<Partition> partitions = snapshot.partitions().stream().map((offsets) -> {
			PartitionId id = offsets.partition();
			String owner = observation.owners().get(id);
			Instant unownedSince = (owner == null) ? observation.unownedSince().get(id) : null;
			return new Partition(id.topic(), id.partition(), id.toString(), owner,
					(owner != null) ? names.getOrDefault(owner, owner) : null, offsets.committed(), offsets.logEnd(),
					offsets.lag(),
					(unownedSince != null) ? snapshot.observedAt().toEpochMilli() - unownedSince.toEpochMilli() : null,
					(offsets.share() != null) ? offsets.share().startOffset() : null, sharedBy.get(id));
		}).toList();
		Throughput throughput = observation.throughput().orElse(null);
		Lag lag = new Lag(observation.lag().records(), observation.lag().seconds(), observation.lag().estimate(),
				(throughput != null) ? throughput.consumedPerSecond() : null,
				(throughput != null) ? throughput.producedPerSecond() : null,
				(throughput != null) ? throughput.lagTrendPerSecond() : null);
		if (snapshot.type() == GroupType.SHARE) {
			lag = shareLag(lag, members);
		}
		List<RebalanceView> timeline = observation.rebalances()
			.stream()
			.map((rebalance) -> RebalanceView.of(rebalance, snapshot.observedAt()))
			.toList();
		return new GroupView(snapshot.groupId(), snapshot.type().name().toLowerCase(Locale.ROOT),
				snapshot.state().toString(), snapshot.assignor(), snapshot.groupEpoch(),
				snapshot.targetAssignmentEpoch(), snapshot.observedAt(), members, partitions, lag, observation.advice(),
				new Rebalances(observation.rebalanceCount(), timeline));
	}

	/**
	 * A share group commits no offsets, so the committed-offset rate behind a consumer
	 * group's "consumed" and lag in seconds is always 0 for it. Its members' statuses
	 * give the rate instead: the orders they processed in the last window, a record
	 * dead-lettered without a status aside.
	 */
	private static Lag shareLag(Lag lag, List<Member> members) {
		List<WorkTally.Work> work = members.stream().map(Member::work).filter(Objects::nonNull).toList();
		if (work.isEmpty() || work.size() < members.size()) {
			return lag;
		}
		long window = work.get(0).windowSeconds();
		double rate = (double) work.stream().mapToLong(WorkTally.Work::recent).sum() / window;
		Double seconds = (lag.records() == 0) ? Double.valueOf(0) : (rate > 0) ? lag.records() / rate : null;
		String estimate = (seconds != null)
				? "lag divided by the orders the share group's members processed in the last " + window
						+ " s (their statuses on order-status)"
				: "unknown: the share group's members processed nothing in the last " + window + " s";
		return new Lag(lag.records(), seconds, estimate, rate, lag.producedPerSecond(), lag.trendPerSecond());
	}

	/**
	 * A share group's members by the partitions they fetch from; none for other groups.
	 */
	private static Map<PartitionId, List<String>> sharedBy(GroupSnapshot snapshot) {
		Map<PartitionId, List<String>> members = new HashMap<>();
		if (snapshot.type() == GroupType.SHARE) {
			snapshot.members()
				.forEach((member) -> member.assigned()
					.forEach((partition) -> members.computeIfAbsent(partition, (key) -> new ArrayList<>())
						.add(member.name())));
		}
		return members;
	}

	private static List<String> names(List<PartitionId> partitions) {
		return partitions.stream().map(PartitionId::toString).toList();
	}

	/**
	 * The lag of the partition, for assertions and the page.
	 * @param name e.g. {@code orders-3}
	 * @return the partition, if the group reads it
	 */
	public Optional<Partition> partition(String name) {
		return this.partitions.stream().filter((partition) -> partition.name().equals(name)).findFirst();
	}

	/**
	 * A member of the group.
	 *
	 * @param key what identifies it across rejoins: instance id, else member id
	 * @param name instance id, else client id
	 * @param memberId the coordinator's id for it
	 * @param instanceId its static {@code group.instance.id}, or {@code null}
	 * @param clientId its {@code client.id}
	 * @param host where it connects from
	 * @param memberEpoch its epoch (not for classic groups)
	 * @param partitions what it owns
	 * @param targetPartitions what the coordinator wants it to own (consumer protocol),
	 * or {@code null}
	 * @param idle whether it owns nothing in a stable group
	 * @param work the statuses it wrote on {@code order-status}, under its name: orders
	 * processed, lately and in all, and how many were redelivered; {@code null} when the
	 * monitor does not read them, and in a group none of whose members wrote one
	 */
	public record Member(String key, String name, String memberId, String instanceId, String clientId, String host,
			Integer memberEpoch, List<String> partitions, List<String> targetPartitions, boolean idle,
			WorkTally.Work work) {

	}

	/**
	 * A partition the group reads.
	 *
	 * @param topic the topic
	 * @param partition the partition number
	 * @param name e.g. {@code orders-3}
	 * @param owner the owning member's key, or {@code null}
	 * @param ownerName the owning member's name, or {@code null}
	 * @param committed the group's committed offset, or {@code null} if none (always in a
	 * share group)
	 * @param logEnd the log-end offset
	 * @param lag log-end minus committed, or {@code null} if nothing is committed; in a
	 * share group, the share coordinator's count of records from the start offset on not
	 * yet acknowledged or archived
	 * @param unownedForMillis how long it has had no owner, or {@code null}
	 * @param startOffset a share group's start offset, below which every record is
	 * acknowledged or archived; {@code null} for other groups, or before the share
	 * coordinator has state for the partition
	 * @param sharedBy the names of a share group's members that fetch from it;
	 * {@code null} for other groups
	 */
	public record Partition(String topic, int partition, String name, String owner, String ownerName, Long committed,
			long logEnd, Long lag, Long unownedForMillis, Long startOffset, List<String> sharedBy) {

	}

	/**
	 * The group's lag.
	 *
	 * @param records records not yet consumed, summed over partitions
	 * @param seconds estimated seconds to consume them at the recent consume rate, or
	 * {@code null} when unknown
	 * @param estimate how the seconds were estimated, or why they are unknown
	 * @param consumedPerSecond the recent consume rate, or {@code null} while measured
	 * @param producedPerSecond the recent produce rate, or {@code null} while measured
	 * @param trendPerSecond how fast the lag grows (negative: shrinks), or {@code null}
	 */
	public record Lag(long records, Double seconds, String estimate, Double consumedPerSecond, Double producedPerSecond,
			Double trendPerSecond) {

	}

	/**
	 * The group's rebalances.
	 *
	 * @param count rebalances seen since the monitor started
	 * @param timeline the latest, latest first
	 */
	public record Rebalances(long count, List<RebalanceView> timeline) {

	}

	/**
	 * One rebalance.
	 *
	 * @param number its number, from 1
	 * @param startedAt first seen
	 * @param endedAt last seen, {@code null} while under way
	 * @param durationMillis as observed, to within the poll interval
	 * @param inProgress whether it is under way
	 * @param changes what it did
	 * @param assignment who owns what after it (member name to partitions)
	 */
	public record RebalanceView(long number, Instant startedAt, Instant endedAt, long durationMillis,
			boolean inProgress, List<Change> changes, Map<String, List<String>> assignment) {

		static RebalanceView of(Rebalance rebalance, Instant now) {
			Map<String, List<String>> assignment = new LinkedHashMap<>();
			rebalance.assignment().forEach((member, partitions) -> assignment.put(member, names(partitions)));
			return new RebalanceView(rebalance.number(), rebalance.startedAt(), rebalance.endedAt(),
					rebalance.duration(now).toMillis(), rebalance.inProgress(),
					rebalance.changes().stream().map(Change::of).toList(), assignment);
		}

	}

	/**
	 * One change of a rebalance.
	 *
	 * @param at when it was seen
	 * @param kind {@code joined}, {@code left}, {@code assigned}, {@code moved},
	 * {@code resumed} or {@code revoked}
	 * @param member who joined or left
	 * @param partition the partition that changed owner
	 * @param from its previous owner
	 * @param to its new owner
	 * @param unownedForMillis how long it had no owner, {@code null} if not seen
	 * @param unownedAtMost whether that is an upper bound (classic, cooperative)
	 * @param text the change in words
	 */
	public record Change(Instant at, String kind, String member, String partition, String from, String to,
			Long unownedForMillis, boolean unownedAtMost, String text) {

		static Change of(AssignmentChange change) {
			return new Change(change.at(), change.kind().name().toLowerCase(Locale.ROOT), change.member(),
					(change.partition() != null) ? change.partition().toString() : null, change.from(), change.to(),
					(change.unownedFor() != null) ? change.unownedFor().toMillis() : null, change.unownedAtMost(),
					change.describe());
		}

	}

}
