package io.consumergroups.orderprocessor.config;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class ShareGroupConfigTest {

	private static final ProcessorProperties SHARE = bind(Map.of("orders.processor.instance-id", "order-processor-4",
			"orders.processor.group.type", "share", "orders.processor.group.record-lock-duration", "3s"));

	@Test
	void shouldLeaveOutTheConsumerGroupSettingsAShareConsumerRefuses() {
		Map<String, Object> consumerGroup = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
				ConsumerConfig.GROUP_ID_CONFIG, "order-processors", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.GROUP_PROTOCOL_CONFIG,
				"classic", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);

		Map<String, Object> share = ShareGroupConfig.shareConsumerSettings(consumerGroup, SHARE);

		assertThat(share)
			.doesNotContainKeys(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
					ConsumerConfig.GROUP_PROTOCOL_CONFIG)
			.contains(entry(ConsumerConfig.GROUP_ID_CONFIG, "order-processors-share"),
					entry(ConsumerConfig.CLIENT_ID_CONFIG, "order-processor-4"),
					entry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50),
					entry(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit"));
	}

	@Test
	void shouldStartAShareGroupAtTheEarliestOffsetAndLockRecordsForTheConfiguredTime() {
		assertThat(BrokerSideGroupConfig.configs(SHARE)).containsExactly(entry("share.auto.offset.reset", "earliest"),
				entry("share.isolation.level", "read_committed"), entry("share.record.lock.duration.ms", "3000"),
				entry("share.session.timeout.ms", "10000"), entry("share.heartbeat.interval.ms", "1000"));
	}

	@Test
	void shouldWriteNoGroupConfigForAClassicConsumerGroup() {
		assertThat(BrokerSideGroupConfig.configs(bind(Map.of("orders.processor.instance-id", "order-processor-4"))))
			.isEmpty();
	}

	private static ProcessorProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("orders.processor",
				ProcessorProperties.class);
	}

}
