package io.consumergroups.orderprocessor.assignment.recovery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.consumergroups.events.Topics;
import io.consumergroups.orderprocessor.config.ProcessorProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Repairs a hole in the classic protocol's cooperative rebalancing with static members.
 * <p>
 * A cooperative rebalance takes two rounds: in the first, members give up the partitions
 * that move, and rejoin; in the second, those partitions are handed to their new owners.
 * If the member that gave partitions up is killed between the rounds and restarted within
 * its session, the coordinator hands the returning static member its stored assignment
 * without a rebalance (static membership at work), and nobody asks for the second round.
 * The partitions it gave up stay without an owner, in a group that looks stable, until
 * the next change of membership: their orders wait.
 * <p>
 * Every replica therefore looks at the group every {@code unowned-check}. When it sees
 * partitions of {@code orders} without an owner in a stable group, and sees the same
 * assignment again at the next look, it asks for a rebalance (the consumer's
 * {@code enforceRebalance()}), which hands them out. Between the two rounds of a healthy
 * cooperative rebalance the same sight lasts milliseconds, so two looks apart never
 * mistake it. The consumer protocol (KIP-848) assigns on the broker and needs none of
 * this.
 * <p>
 * Works around Kafka's classic group coordinator (Kafka 4.2.1), which answers a static
 * member's rejoin within its session with the stored assignment, also when that is the
 * first round of an unfinished cooperative rebalance. Proven still needed by
 * {@code StaticMembershipIT#shouldHandOutPartitionsLeftWithoutAnOwnerWhenAStaticMemberReturnsBetweenCooperativeRounds}
 * (integration-tests), which opens the hole and waits for this repair;
 * {@code UnownedPartitionsWatchTest} checks the two-looks rule.
 */
@Component
class UnownedPartitionsWatch implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(UnownedPartitionsWatch.class);

	private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

	private final KafkaAdmin kafkaAdmin;

	private final KafkaListenerEndpointRegistry registry;

	private final String groupId;

	private final Duration interval;

	private final boolean enabled;

	private final Sightings sightings = new Sightings();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "unowned-partitions-watch");
		thread.setDaemon(true);
		return thread;
	});

	private Admin admin;

	UnownedPartitionsWatch(KafkaAdmin kafkaAdmin, KafkaListenerEndpointRegistry registry, KafkaProperties kafka,
			ProcessorProperties properties) {
		this.kafkaAdmin = kafkaAdmin;
		this.registry = registry;
		this.groupId = kafka.getConsumer().getGroupId();
		this.interval = properties.group().unownedCheck();
		this.enabled = properties.group().type() == ProcessorProperties.GroupType.CONSUMER
				&& properties.group().protocol() == ProcessorProperties.GroupProtocol.CLASSIC && !this.interval.isZero()
				&& !this.interval.isNegative();
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		if (!this.enabled) {
			return;
		}
		this.admin = Admin.create(this.kafkaAdmin.getConfigurationProperties());
		this.scheduler.scheduleWithFixedDelay(this::look, this.interval.toMillis(), this.interval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	private void look() {
		try {
			ConsumerGroupDescription group = this.admin.describeConsumerGroups(List.of(this.groupId))
				.describedGroups()
				.get(this.groupId)
				.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			int partitions = this.admin.describeTopics(List.of(Topics.ORDERS))
				.topicNameValues()
				.get(Topics.ORDERS)
				.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.partitions()
				.size();
			this.sightings.see(View.of(group, partitions)).ifPresent(this::rebalance);
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.debug("Could not describe group {}: {}", this.groupId, ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not look for unowned partitions of group {}", this.groupId, ex);
		}
	}

	private void rebalance(Set<TopicPartition> unowned) {
		logger.warn(
				"Partitions {} have had no owner for {} s although group {} is stable: a static member came back "
						+ "between the two rounds of a cooperative rebalance. Asking for a rebalance.",
				unowned, this.interval.toSeconds(), this.groupId);
		this.registry.getListenerContainers().forEach(MessageListenerContainer::enforceRebalance);
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
		if (this.admin != null) {
			this.admin.close(Duration.ofSeconds(2));
		}
	}

	/**
	 * What one look at the group saw.
	 *
	 * @param stable whether the group was stable
	 * @param assignment partitions by member id
	 * @param unowned the topic's partitions that no member owns
	 */
	record View(boolean stable, Map<String, Set<TopicPartition>> assignment, SortedSet<TopicPartition> unowned) {

		static View of(ConsumerGroupDescription group, int partitions) {
			Map<String, Set<TopicPartition>> assignment = group.members()
				.stream()
				.collect(Collectors.toMap(MemberDescription::consumerId,
						(member) -> member.assignment().topicPartitions()));
			SortedSet<TopicPartition> unowned = new TreeSet<>((a, b) -> (a.topic().equals(b.topic()))
					? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));
			for (int partition = 0; partition < partitions; partition++) {
				unowned.add(new TopicPartition(Topics.ORDERS, partition));
			}
			assignment.values().forEach(unowned::removeAll);
			return new View(group.groupState() == GroupState.STABLE && !assignment.isEmpty(), assignment, unowned);
		}

	}

	/**
	 * Decides from consecutive looks: unowned partitions in a stable group, with the same
	 * assignment at two looks in a row, call for a rebalance.
	 */
	static final class Sightings {

		private View last;

		Optional<Set<TopicPartition>> see(View view) {
			if (!view.stable() || view.unowned().isEmpty()) {
				this.last = null;
				return Optional.empty();
			}
			if (view.equals(this.last)) {
				this.last = null;
				return Optional.of(view.unowned());
			}
			this.last = view;
			return Optional.empty();
		}

	}

}
