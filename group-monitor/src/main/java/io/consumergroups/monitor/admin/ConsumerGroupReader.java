package io.consumergroups.monitor.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.consumergroups.monitor.config.MonitorProperties;
import io.consumergroups.monitor.snapshot.GroupSnapshot;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

import org.springframework.stereotype.Component;

/**
 * Reads every group of the cluster through Kafka's Admin API: this package is the only
 * place the monitor talks to Kafka. One {@link #read()} makes a handful of batched
 * requests, whatever the number of groups:
 * <ol>
 * <li>{@code ListGroups}: every group with its type (classic, consumer, share, streams)
 * and state;</li>
 * <li>per type ({@link ConsumerGroups}, {@link ShareGroups}, {@link StreamsGroups}), a
 * describe request: members, their assignment and epochs; and an offsets request: the
 * committed offsets, or a share group's start offset and lag in each partition;</li>
 * <li>{@code Metadata} and {@code ListOffsets}: the partitions of the topics the groups
 * read, and their log-end offsets.</li>
 * </ol>
 * A group that vanishes or fails to describe between two requests is left out of this
 * read; it will be in the next one if it still exists.
 */
@Component
public class ConsumerGroupReader {

	private final Admin admin;

	private final AdminAnswers answers;

	private final List<GroupsOfType<?, ?>> types;

	private final Clock clock;

	private final Comparator<String> order;

	ConsumerGroupReader(Admin admin, MonitorProperties properties, Clock clock) {
		this.admin = admin;
		this.answers = new AdminAnswers(properties.adminTimeout());
		this.types = List.of(new ConsumerGroups(admin, this.answers), new ShareGroups(admin, this.answers),
				new StreamsGroups(admin, this.answers));
		this.order = GroupOrder.firstThenById(properties.firstGroups());
		this.clock = clock;
	}

	/**
	 * Read every group now.
	 * @return a snapshot of each group: the first groups of the configuration, then the
	 * others by id
	 * @throws IllegalStateException if the cluster cannot be listed
	 */
	public List<GroupSnapshot> read() {
		Instant now = this.clock.instant();
		Collection<GroupListing> listings = this.answers.get(this.admin.listGroups().all());
		List<DescribedGroup> groups = new ArrayList<>();
		Map<String, GroupProgress> progress = new HashMap<>();
		for (GroupsOfType<?, ?> type : this.types) {
			List<String> ids = listings.stream().filter(type::includes).map(GroupListing::groupId).sorted().toList();
			groups.addAll(type.describe(ids));
			progress.putAll(type.progress(ids));
		}
		Set<String> topics = new TreeSet<>();
		for (DescribedGroup group : groups) {
			progressOf(group, progress).partitions().forEach((partition) -> topics.add(partition.topic()));
			group.memberTopics().forEach(topics::add);
		}
		Map<String, Integer> partitionCounts = partitionCounts(topics);
		Map<TopicPartition, Long> logEnd = logEndOffsets(partitionCounts);
		return groups.stream()
			.map((group) -> group.snapshot(progressOf(group, progress), partitionCounts, logEnd, now))
			.sorted(Comparator.comparing(GroupSnapshot::groupId, this.order))
			.toList();
	}

	private static GroupProgress progressOf(DescribedGroup group, Map<String, GroupProgress> progress) {
		return progress.getOrDefault(group.id(), GroupProgress.NONE);
	}

	private Map<String, Integer> partitionCounts(Set<String> topics) {
		if (topics.isEmpty()) {
			return Map.of();
		}
		Map<String, TopicDescription> described = this.answers
			.each(this.admin.describeTopics(topics).topicNameValues());
		Map<String, Integer> counts = new HashMap<>();
		described.forEach((topic, description) -> counts.put(topic, description.partitions().size()));
		return counts;
	}

	private Map<TopicPartition, Long> logEndOffsets(Map<String, Integer> partitionCounts) {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		partitionCounts.forEach((topic, count) -> {
			for (int partition = 0; partition < count; partition++) {
				request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
			}
		});
		if (request.isEmpty()) {
			return Map.of();
		}
		ListOffsetsResult result = this.admin.listOffsets(request);
		Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets = this.answers
			.each(request.keySet().stream().collect(Collectors.toMap(Function.identity(), result::partitionResult)));
		Map<TopicPartition, Long> logEnd = new HashMap<>();
		offsets.forEach((partition, info) -> logEnd.put(partition, info.offset()));
		return logEnd;
	}

}
