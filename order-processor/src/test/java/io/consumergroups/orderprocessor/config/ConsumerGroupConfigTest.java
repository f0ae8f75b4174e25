package io.consumergroups.orderprocessor.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerGroupConfigTest {

	@Test
	void shouldJoinTheClassicProtocolAsAStaticMemberWithTheAssignorAndTimeouts() {
		Map<String, Object> settings = ConsumerGroupConfig.groupSettings(properties(
				ProcessorProperties.GroupProtocol.CLASSIC, ProcessorProperties.Assignor.COOPERATIVE_STICKY, true));

		assertThat(settings).containsEntry(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic")
			.containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "order-processor-1")
			.containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "order-processor-1")
			.containsEntry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
					"org.apache.kafka.clients.consumer.CooperativeStickyAssignor")
			.containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 9000)
			.containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 800);
	}

	@Test
	void shouldSetNothingTheConsumerProtocolRejects() {
		Map<String, Object> settings = ConsumerGroupConfig.groupSettings(
				properties(ProcessorProperties.GroupProtocol.CONSUMER, ProcessorProperties.Assignor.RANGE, true));

		assertThat(settings).containsEntry(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer")
			.containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "order-processor-1")
			.doesNotContainKeys(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
					ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
	}

	@Test
	void shouldJoinAsADynamicMemberWhenStaticMembershipIsOff() {
		Map<String, Object> settings = ConsumerGroupConfig.groupSettings(
				properties(ProcessorProperties.GroupProtocol.CLASSIC, ProcessorProperties.Assignor.RANGE, false));

		assertThat(settings).doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
			.containsEntry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
					"org.apache.kafka.clients.consumer.RangeAssignor");
	}

	private static ProcessorProperties properties(ProcessorProperties.GroupProtocol protocol,
			ProcessorProperties.Assignor assignor, boolean staticMembership) {
		return new ProcessorProperties("order-processor-1",
				new ProcessorProperties.Group(ProcessorProperties.GroupType.CONSUMER, protocol, assignor,
						staticMembership, Duration.ofSeconds(9), Duration.ofMillis(800), Duration.ofSeconds(5),
						"order-processors-share", Duration.ofSeconds(5)),
				true, Set.of("EUR"), BigDecimal.TEN, Duration.ZERO, Duration.ofSeconds(1));
	}

}
