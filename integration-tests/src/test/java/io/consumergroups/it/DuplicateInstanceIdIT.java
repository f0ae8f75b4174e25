package io.consumergroups.it;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.harness.process.JvmProcess;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.ServiceProcesses;
import io.consumergroups.it.support.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas started with the same instance id: the group keeps one of them and goes on
 * processing. Under the classic protocol the older member is fenced, says why in one line
 * and stops; under the consumer protocol the newer one is refused, joins once more after
 * a session timeout, is refused again, says why and stops.
 */
class DuplicateInstanceIdIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNodePerTest();

	private static final String GROUP = "order-processors";

	@Test
	void shouldFenceTheOlderOfTwoClassicMembersAndStopItCleanly() {
		try (KafkaProbe probe = new KafkaProbe(kafka);
				JvmProcess original = ServiceProcesses.orderProcessor(kafka, "order-processor-1");
				JvmProcess duplicate = ServiceProcesses.orderProcessor(kafka, "order-processor-1")) {
			// Given a member of a classic group, the default
			startAndAwaitStable(probe, original);
			assertThat(probe.groups().consumerGroup(GROUP, Topics.ORDERS).type()).isEqualTo(GroupType.CLASSIC);

			// When
			duplicate.start();

			// Then the classic protocol fences the older member, which says why and stops
			await().atMost(Duration.ofSeconds(90)).until(() -> !original.isAlive());
			assertThat(original.output()).contains("Instance id order-processor-1 is used by another member");
			assertThat(duplicate.isAlive()).isTrue();
			assertKeepsProcessing(probe);
		}
	}

	@Test
	void shouldRefuseTheNewerOfTwoConsumerProtocolMembersAndStopItAfterOneRetry() {
		String[] settings = { "orders.processor.group.protocol=consumer", "orders.processor.group.session-timeout=6s" };
		try (KafkaProbe probe = new KafkaProbe(kafka);
				JvmProcess original = ServiceProcesses.orderProcessor(kafka, "order-processor-1", settings);
				JvmProcess duplicate = ServiceProcesses.orderProcessor(kafka, "order-processor-1", settings)) {
			// Given a member of a consumer protocol group
			startAndAwaitStable(probe, original);
			assertThat(probe.groups().consumerGroup(GROUP, Topics.ORDERS).type()).isEqualTo(GroupType.CONSUMER);

			// When
			duplicate.start().awaitHealthy();

			// Then the consumer protocol refuses the newer member; it waits out a session
			// timeout, in case the id's holder was its own crashed run, is refused again,
			// says why and stops
			await().atMost(Duration.ofSeconds(30)).until(() -> duplicate.output().contains("Joining again in 8 s"));
			await().atMost(Duration.ofSeconds(60)).until(() -> !duplicate.isAlive());
			assertThat(duplicate.output()).contains("Instance id order-processor-1 is used by another member");
			assertThat(duplicate.output().lines().filter((line) -> line.contains("joining the group again")).count())
				.isEqualTo(1);
			assertThat(original.isAlive()).isTrue();
			assertKeepsProcessing(probe);
			assertThat(probe.groups().consumerGroup(GROUP, Topics.ORDERS).partitionsByMember())
				.containsOnlyKeys("order-processor-1");
		}
	}

	private static void startAndAwaitStable(KafkaProbe probe, JvmProcess original) {
		probe.createTopic(Topics.ORDERS, 6);
		original.start().awaitHealthy();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> probe.groups().consumerGroup(GROUP, Topics.ORDERS),
					(group) -> group.state() == GroupState.STABLE && group.ownerByPartition().size() == 6);
	}

	private static void assertKeepsProcessing(KafkaProbe probe) {
		List<RecordMetadata> published = probe.publish(IntStream.range(0, 50).mapToObj(OrderFixtures::order).toList());
		await().atMost(Duration.ofSeconds(60)).until(() -> probe.groups().lag(GROUP, Topics.ORDERS).total() == 0);
		List<ConsumerRecord<String, OrderStatus>> statuses = probe.readCommitted(Topics.ORDER_STATUS,
				Topics.orderStatusSerde().deserializer());
		assertThat(statuses).hasSize(published.size());
	}

}
