package io.consumergroups.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.consumergroups.analytics.AnalyticsServiceApplication;
import io.consumergroups.archive.ArchiveServiceApplication;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.LocalS3;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import io.consumergroups.notification.NotificationServiceApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed's pub/sub half: every group receives every order, each with its own offsets.
 * order-processors, notification-service, analytics-service and archive-service all read
 * {@code orders}; stopping one group holds back only that group, and it catches up from
 * its own committed offsets.
 */
class FanOutIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNode();

	@RegisterExtension
	static final LocalS3 s3 = new LocalS3();

	private static final List<String> GROUPS = List.of("order-processors", "notification-service", "analytics-service",
			"archive-service");

	@TempDir
	static Path stateDir;

	@Test
	void shouldGiveEveryGroupEveryOrderAndLetAStoppedGroupCatchUpFromItsOwnOffsets() {
		List<RunningService> services = new ArrayList<>();
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			// Given
			probe.createTopic(Topics.ORDERS, 6);
			services.add(RunningService.orderProcessor(kafka, "order-processor-1"));
			services.add(RunningService.start(NotificationServiceApplication.class, "notification-service", kafka,
					"notifications.instance-id=notification-service-1"));
			RunningService analytics = RunningService.start(AnalyticsServiceApplication.class, "analytics-service",
					kafka, "spring.kafka.streams.state-dir=" + stateDir);
			services.add(analytics);
			RunningService archive = startArchive();

			// When
			int first = 300;
			probe.publish(IntStream.range(0, first).mapToObj(OrderFixtures::order).toList());

			// Then every group has committed past every order, on every partition
			await().atMost(Duration.ofSeconds(120))
				.untilAsserted(() -> assertThat(GROUPS).allSatisfy(
						(group) -> assertThat(probe.groups().lag(group, Topics.ORDERS).total()).as("lag of %s", group)
							.isZero()));
			await().atMost(Duration.ofSeconds(60))
				.ignoreExceptions()
				.untilAsserted(() -> assertThat(analyticsOrders(analytics)).isEqualTo(first));

			// When archive-service is stopped and more orders come
			archive.close();
			int more = 200;
			probe.publish(IntStream.range(first, first + more).mapToObj(OrderFixtures::order).toList());

			// Then the other groups keep up, and only archive-service falls behind
			await().atMost(Duration.ofSeconds(90))
				.untilAsserted(() -> assertThat(GROUPS.subList(0, 3)).allSatisfy(
						(group) -> assertThat(probe.groups().lag(group, Topics.ORDERS).total()).as("lag of %s", group)
							.isZero()));
			assertThat(probe.groups().lag("archive-service", Topics.ORDERS).total()).isEqualTo(more);

			// When it starts again, Then it catches up from its own committed offsets
			RunningService restarted = startArchive();
			services.add(restarted);
			await().atMost(Duration.ofSeconds(90))
				.until(() -> probe.groups().lag("archive-service", Topics.ORDERS).total() == 0);
			assertThat(archivedSinceStart(restarted)).isEqualTo(more);
			assertThat(s3.objects("orders-archive").stream().mapToInt((object) -> object.orders().size()).sum())
				.isEqualTo(first + more);
		}
		finally {
			services.forEach(RunningService::close);
		}
	}

	private static RunningService startArchive() {
		List<String> properties = new ArrayList<>(s3.serviceProperties());
		properties.add("archive.batch.max-age=1s");
		return RunningService.start(ArchiveServiceApplication.class, "archive-service", kafka,
				properties.toArray(String[]::new));
	}

	@SuppressWarnings("unchecked")
	private static long analyticsOrders(RunningService analytics) {
		Map<String, Object> regions = analytics.http().get().uri("/analytics/regions").retrieve().body(Map.class);
		return ((Number) regions.get("orders")).longValue();
	}

	@SuppressWarnings("unchecked")
	private static long archivedSinceStart(RunningService archive) {
		Map<String, Object> objects = archive.http().get().uri("/archive/objects").retrieve().body(Map.class);
		return ((Number) objects.get("orders")).longValue();
	}

}
