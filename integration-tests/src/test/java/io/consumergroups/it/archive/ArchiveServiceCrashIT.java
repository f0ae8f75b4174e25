package io.consumergroups.it.archive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.harness.process.JvmProcess;
import io.consumergroups.it.support.LocalS3.StoredObject;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.LocalS3;
import io.consumergroups.it.support.ServiceProcesses;
import io.consumergroups.it.support.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The crash the archive is built for, made real: archive-service as its own process,
 * SIGKILLed after it wrote an object and before it committed the object's offsets, with
 * other partitions' batches half full in memory. Restarted, it archives every order
 * exactly once all the same.
 */
class ArchiveServiceCrashIT {

	private static final String BUCKET = "orders-archive";

	private static final String GROUP = "archive-service";

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNode();

	@RegisterExtension
	static final LocalS3 s3 = new LocalS3();

	@Test
	void shouldArchiveEveryOrderExactlyOnceWhenKilledBetweenWritingAnObjectAndCommittingIt() throws Exception {
		try (KafkaProbe probe = new KafkaProbe(kafka);
				Admin admin = Admin
					.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
			// Given: 600 orders over 6 partitions; objects of 40 orders, each followed by
			// 5 s before its commit
			ArchiveServiceIT.createOrdersTopic(probe);
			List<Order> orders = IntStream.range(0, 600).mapToObj(OrderFixtures::order).toList();
			probe.publish(orders);
			try (JvmProcess archive = archiveProcess("archive-service-1", "archive.batch.max-orders=40",
					"archive.batch.max-age=1h", "archive.simulated-commit-delay=5s")
				.start()) {

				// When: SIGKILL once an object is in the bucket and its offsets are not
				// committed
				await().atMost(Duration.ofSeconds(90))
					.pollInterval(Duration.ofMillis(100))
					.ignoreException(NoSuchBucketException.class)
					.until(() -> !uncommittedObjects(admin).isEmpty());
				archive.kill();
			}
			List<ObjectRange> uncommitted = uncommittedObjects(admin);
			assertThat(uncommitted).as("objects written whose commit the kill prevented").isNotEmpty();

			// And restarted, cutting its batches elsewhere (as max-age would by time)
			try (JvmProcess restarted = archiveProcess("archive-service-2", "archive.batch.max-orders=70",
					"archive.batch.max-age=2s")
				.start()) {
				await().atMost(Duration.ofSeconds(90))
					.until(() -> probe.groups().lag(GROUP, Topics.ORDERS).total() == 0);

				// Then: each order in exactly one object, none covering another's offsets
				List<StoredObject> objects = s3.objects(BUCKET);
				Map<String, Long> timesArchived = objects.stream()
					.flatMap((object) -> object.orders().stream())
					.collect(Collectors.groupingBy(Order::orderId, Collectors.counting()));
				assertThat(timesArchived).containsOnlyKeys(orders.stream().map(Order::orderId).toList())
					.allSatisfy((orderId, times) -> assertThat(times).as(orderId).isOne());
				List<ObjectRange> ranges = objects.stream().map(StoredObject::key).map(ObjectRange::of).toList();
				assertThat(ranges).containsAll(uncommitted)
					.allSatisfy(
							(range) -> assertThat(ranges).filteredOn((other) -> other != range && other.overlaps(range))
								.isEmpty());
				assertThat(restarted.output()).contains("resuming at");
			}
		}
	}

	private static JvmProcess archiveProcess(String name, String... batching) {
		List<String> properties = new ArrayList<>(s3.serviceProperties());
		properties.addAll(List.of(batching));
		// A killed member leaves the classic group when its session expires: 6 s, the
		// broker's minimum, rather than the default 45 s
		properties.addAll(List.of("spring.kafka.consumer.properties.session.timeout.ms=6000",
				"spring.kafka.consumer.properties.heartbeat.interval.ms=2000"));
		return ServiceProcesses.of("archive-service", name, kafka, Map.of(), properties.toArray(String[]::new));
	}

	/**
	 * The objects in the bucket that start at or after their partition's committed
	 * offset: written, not committed.
	 */
	private static List<ObjectRange> uncommittedObjects(Admin admin) throws InterruptedException, ExecutionException {
		Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
			.partitionsToOffsetAndMetadata()
			.get();
		return s3.keys(BUCKET).stream().map(ObjectRange::of).filter((range) -> {
			OffsetAndMetadata offset = committed.get(new TopicPartition(Topics.ORDERS, range.partition()));
			return range.firstOffset() >= ((offset != null) ? offset.offset() : 0);
		}).toList();
	}

}
