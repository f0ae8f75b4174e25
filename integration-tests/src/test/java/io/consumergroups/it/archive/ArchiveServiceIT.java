package io.consumergroups.it.archive;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.consumergroups.archive.ArchiveServiceApplication;
import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.it.support.LocalS3.StoredObject;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.LocalS3;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * archive-service on a real cluster and a real S3 API: every order ends up in exactly one
 * object of the bucket, and the group's committed offsets reach the end of the log.
 */
class ArchiveServiceIT {

	private static final String BUCKET = "orders-archive";

	private static final int MAX_ORDERS = 40;

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNode();

	@RegisterExtension
	static final LocalS3 s3 = new LocalS3();

	@Test
	void shouldArchiveEveryOrderInExactlyOneObjectAndCommitToTheEndOfTheLog() {
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			// Given: orders before the service starts, a malformed record, orders after
			createOrdersTopic(probe);
			List<Order> orders = IntStream.range(0, 600).mapToObj(OrderFixtures::order).toList();
			probe.publish(orders.subList(0, 300));
			probe.publishRaw(Topics.ORDERS, "customer-1", "{not json".getBytes(StandardCharsets.UTF_8));

			try (RunningService archive = startArchive()) {
				// When
				probe.publish(orders.subList(300, 600));
				await().atMost(Duration.ofSeconds(90))
					.until(() -> probe.groups().lag("archive-service", Topics.ORDERS).total() == 0);

				// Then: each order once, in objects of at most 40, none covering
				// another's offsets
				List<StoredObject> objects = s3.objects(BUCKET);
				Map<String, Long> timesArchived = objects.stream()
					.flatMap((object) -> object.orders().stream())
					.collect(Collectors.groupingBy(Order::orderId, Collectors.counting()));
				assertThat(timesArchived).containsOnlyKeys(orders.stream().map(Order::orderId).toList())
					.allSatisfy((orderId, times) -> assertThat(times).as(orderId).isOne());
				assertThat(objects)
					.allSatisfy((object) -> assertThat(object.orders()).hasSizeLessThanOrEqualTo(MAX_ORDERS));
				List<ObjectRange> ranges = objects.stream().map(StoredObject::key).map(ObjectRange::of).toList();
				assertThat(ranges).allSatisfy(
						(range) -> assertThat(ranges).filteredOn((other) -> other != range && other.overlaps(range))
							.isEmpty());
				// And the service lists what it wrote
				JsonNode listing = archive.http().get().uri("/archive/objects").retrieve().body(JsonNode.class);
				assertThat(listing.get("bucket").asString()).isEqualTo(BUCKET);
				assertThat(listing.get("orders").asLong()).isEqualTo(600);
				List<String> listed = new ArrayList<>();
				listing.get("objects").forEach((object) -> listed.add(object.get("key").asString()));
				assertThat(listed)
					.containsExactlyInAnyOrderElementsOf(objects.stream().map(StoredObject::key).toList());
				Map<String, Integer> counts = objects.stream()
					.collect(Collectors.toMap(StoredObject::key, (object) -> object.orders().size()));
				listing.get("objects")
					.forEach((object) -> assertThat(object.get("count").asInt())
						.isEqualTo(counts.get(object.get("key").asString())));
			}
		}
	}

	private static RunningService startArchive() {
		List<String> properties = new ArrayList<>(s3.serviceProperties());
		properties.addAll(List.of("archive.batch.max-orders=" + MAX_ORDERS, "archive.batch.max-age=2s"));
		return RunningService.start(ArchiveServiceApplication.class, "archive-service", kafka,
				properties.toArray(String[]::new));
	}

	/**
	 * Create {@code orders} and wait until each partition has a leader that answers:
	 * producing to a topic a moment old can fail on a busy machine.
	 */
	static void createOrdersTopic(KafkaProbe probe) {
		probe.createTopic(Topics.ORDERS, 6);
		await().atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> probe.groups().endOffsets(Topics.ORDERS).size() == 6);
	}

}
