package io.consumergroups.monitor.admin;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;

/**
 * The groups of one type (consumer, share, streams): each type has its own describe and
 * offsets requests, and describes its members and its progress in its own way. Each
 * request is one batch for all the groups of the type.
 *
 * @param <D> how the type's describe request describes a group
 * @param <P> how the type's offsets request answers for a group
 */
abstract class GroupsOfType<D, P> {

	protected final Admin admin;

	private final AdminAnswers answers;

	private final GroupType type;

	private final Function<P, GroupProgress> progress;

	/**
	 * A type of group.
	 * @param type the type {@code ListGroups} gives its groups
	 * @param progress how to read its offsets request's answer for a group
	 * @param admin the Admin client
	 * @param answers how to wait for the answers
	 */
	GroupsOfType(GroupType type, Function<P, GroupProgress> progress, Admin admin, AdminAnswers answers) {
		this.type = type;
		this.progress = progress;
		this.admin = admin;
		this.answers = answers;
	}

	/**
	 * Whether a listed group is of this type.
	 * @param listing a group as {@code ListGroups} lists it
	 * @return {@code true} if this type reads it
	 */
	boolean includes(GroupListing listing) {
		return listing.type().orElse(null) == this.type;
	}

	/**
	 * Describe groups of this type.
	 * @param ids the groups
	 * @return those described: members, their assignment and epochs
	 */
	final List<DescribedGroup> describe(List<String> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.answers.each(describeRequest(ids)).values().stream().map(this::group).toList();
	}

	/**
	 * Where groups of this type stand in their partitions.
	 * @param ids the groups
	 * @return the progress of those answered, by group id
	 */
	final Map<String, GroupProgress> progress(List<String> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		return this.answers.eachGroup(ids, offsetsRequest(ids))
			.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (group) -> this.progress.apply(group.getValue())));
	}

	/**
	 * Send the describe request.
	 * @param ids the groups
	 * @return the description of each group, to come
	 */
	abstract Map<String, KafkaFuture<D>> describeRequest(List<String> ids);

	/**
	 * Read a group's description.
	 * @param description as the describe request answered
	 * @return its members, their assignment and epochs
	 */
	abstract DescribedGroup group(D description);

	/**
	 * Send the offsets request.
	 * @param ids the groups
	 * @return the answer for each group
	 */
	abstract Function<String, KafkaFuture<P>> offsetsRequest(List<String> ids);

	/**
	 * The same request spec for each group, as the Admin API's offsets requests take.
	 * @param <S> the spec's type
	 * @param ids the groups
	 * @param spec a new spec
	 * @return the spec of each group
	 */
	static <S> Map<String, S> specs(List<String> ids, Supplier<S> spec) {
		return ids.stream().collect(Collectors.toMap(Function.identity(), (id) -> spec.get()));
	}

}
