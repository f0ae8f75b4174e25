package io.consumergroups.it;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.OrderFixtures;
import io.consumergroups.it.support.ServiceProcess;
import io.consumergroups.it.support.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas started with the same instance id: the group keeps one of them. The other
 * says why in one line and stops, instead of spinning; the one kept goes on processing.
 */
class DuplicateInstanceIdIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNodePerTest();

	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void shouldStopOneOfTwoReplicasWithTheSameInstanceIdAndKeepTheOtherProcessing(String protocol) {
		try (KafkaProbe probe = new KafkaProbe(kafka);
				ServiceProcess original = ServiceProcess.orderProcessor(kafka, "order-processor-1",
						"orders.processor.group.protocol=" + protocol);
				ServiceProcess duplicate = ServiceProcess.orderProcessor(kafka, "order-processor-1",
						"orders.processor.group.protocol=" + protocol)) {
			// Given
			probe.createTopic(Topics.ORDERS, 6);
			original.start().awaitHealthy();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> probe.describeGroup("order-processors"),
						(group) -> group.state() == GroupState.STABLE && group.ownerByPartition().size() == 6);

			// When
			duplicate.start();

			// Then
			ServiceProcess stopped = await().atMost(Duration.ofSeconds(90))
				.until(() -> !original.isAlive() ? original : !duplicate.isAlive() ? duplicate : null,
						(process) -> process != null);
			ServiceProcess kept = (stopped == original) ? duplicate : original;
			assertThat(stopped.output()).contains("Instance id order-processor-1 is used by another member");
			assertThat(kept.isAlive()).isTrue();
			List<String> published = probe.publish(IntStream.range(0, 50).mapToObj(OrderFixtures::order).toList())
				.stream()
				.map((metadata) -> metadata.topic())
				.toList();
			await().atMost(Duration.ofSeconds(60)).until(() -> probe.lag("order-processors", Topics.ORDERS) == 0);
			List<ConsumerRecord<String, OrderStatus>> statuses = probe.readCommitted(Topics.ORDER_STATUS,
					Topics.orderStatusSerde().deserializer());
			assertThat(statuses).hasSize(published.size());
		}
	}

}
