package io.consumergroups.orderprocessor.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of one order-processor replica.
 *
 * @param instanceId the replica's name, e.g. {@code order-processor-2}: its Kafka
 * {@code client.id}, its static {@code group.instance.id} and the prefix of its
 * transactional ids; from {@code INSTANCE_ID}, else {@code HOSTNAME}
 * @param group how the replica takes part in the consumer group
 * @param exactlyOnce whether a poll's statuses, dead letters and offsets are committed in
 * one Kafka transaction (exactly-once, EOS v2; the default). {@code false}: the statuses
 * are acknowledged first and the offsets committed after, so a replica that crashes in
 * between processes those orders again and publishes their statuses twice (at-least-once,
 * for consumers that deduplicate by order id)
 * @param acceptedCurrencies orders in other currencies are rejected
 * @param maxTotal orders above this total are rejected
 * @param simulatedWork time spent per order, as if calling a slow downstream system; zero
 * by default, raise it to watch lag grow and scaling help
 * @param logInterval at most one "is processed by" line per interval at INFO, the rest at
 * DEBUG, so the log stays readable at any rate
 */
@ConfigurationProperties("orders.processor")
public record ProcessorProperties(String instanceId, @DefaultValue Group group,
		@DefaultValue("true") boolean exactlyOnce, @DefaultValue( {
				"EUR", "USD", "GBP" }) Set<String> acceptedCurrencies,
		@DefaultValue("100000") BigDecimal maxTotal, @DefaultValue("0ms") Duration simulatedWork,
		@DefaultValue("1s") Duration logInterval){

	/**
	 * Group membership.
	 *
	 * @param type {@code consumer}: a consumer group, which gives each partition to one
	 * member; {@code share}: a share group (KIP-932), whose members share the partitions
	 * record by record (docs/share-groups.md). The settings below say which type they
	 * apply to
	 * @param protocol consumer groups: {@code classic} or {@code consumer} (KIP-848)
	 * @param assignor the client-side assignor of the classic protocol; the consumer
	 * protocol assigns on the broker
	 * @param staticMembership whether the replica joins with {@code group.instance.id},
	 * so a restart within the session timeout moves no partition
	 * @param sessionTimeout how long the coordinator waits for a silent member before it
	 * rebalances; a client setting under the classic protocol, the group's broker-side
	 * config under the consumer protocol
	 * @param heartbeatInterval how often the member heartbeats, shorter than the session
	 * timeout; also how long, at most, the members take to learn that a rebalance began,
	 * which bounds the second round of a cooperative rebalance and a failover's last step
	 * @param unownedCheck classic protocol: how often the replica looks for partitions
	 * left without an owner in a stable group, and asks for a rebalance when it sees the
	 * same ones twice; {@code 0} turns it off (see {@code UnownedPartitionsWatch})
	 * @param shareGroupId share groups: the group's name, apart from the consumer group's
	 * ({@code spring.kafka.consumer.group-id}), since a group id has one type for good
	 * @param recordLockDuration share groups: how long a member holds a record it
	 * acquired before the broker gives it to another member; a crashed member's records
	 * come back after this time. Written to the group's config at start-up
	 */
	public record Group(@DefaultValue("consumer") GroupType type, @DefaultValue("classic") GroupProtocol protocol,
			@DefaultValue("cooperative-sticky") Assignor assignor, @DefaultValue("true") boolean staticMembership,
			@DefaultValue("10s") Duration sessionTimeout, @DefaultValue("1s") Duration heartbeatInterval,
			@DefaultValue("5s") Duration unownedCheck, @DefaultValue("order-processors-share") String shareGroupId,
			@DefaultValue("5s") Duration recordLockDuration) {

		public Group {
			if (sessionTimeout.isNegative() || sessionTimeout.isZero()) {
				throw new IllegalArgumentException(
						"orders.processor.group.session-timeout must be positive, not " + sessionTimeout);
			}
			if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()
					|| heartbeatInterval.compareTo(sessionTimeout) >= 0) {
				throw new IllegalArgumentException("orders.processor.group.heartbeat-interval (" + heartbeatInterval
						+ ") must be positive and shorter than session-timeout (" + sessionTimeout + ")");
			}
		}

	}

	/**
	 * The types of group a replica can join.
	 */
	public enum GroupType {

		/** Each partition is one member's: per-key order, exactly-once possible. */
		CONSUMER,

		/**
		 * KIP-932: members acquire records, not partitions, and acknowledge each;
		 * at-least-once, no per-key order, more members than partitions.
		 */
		SHARE

	}

	/**
	 * The two consumer group protocols a Kafka 4 broker speaks.
	 */
	public enum GroupProtocol {

		/**
		 * Join/sync rounds coordinated by the broker, assignment computed by a member.
		 */
		CLASSIC,

		/**
		 * KIP-848: heartbeats carry the assignment, computed incrementally by the broker.
		 */
		CONSUMER

	}

	/**
	 * Client-side assignors of the classic protocol.
	 */
	public enum Assignor {

		/** Moves only the partitions that must move; the others keep being processed. */
		COOPERATIVE_STICKY("org.apache.kafka.clients.consumer.CooperativeStickyAssignor"),

		/**
		 * Eager: every member gives up every partition at each rebalance (for contrast).
		 */
		RANGE("org.apache.kafka.clients.consumer.RangeAssignor");

		private final String className;

		Assignor(String className) {
			this.className = className;
		}

		public String className() {
			return this.className;
		}

	}

}
