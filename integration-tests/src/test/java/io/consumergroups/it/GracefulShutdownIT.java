package io.consumergroups.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.SteadyOrders;
import io.consumergroups.harness.process.JvmProcess;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.LocalS3;
import io.consumergroups.it.support.ServiceProcesses;
import io.consumergroups.it.support.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import tools.jackson.databind.JsonNode;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM while orders flow loses nothing and duplicates nothing: the service finishes
 * what it holds, commits and exits on its own; started again, it goes on from its
 * committed offsets. order-processor's graceful stops are part of {@link ChaosIT}, and
 * notification-service's of {@code NotificationRestartIT}; here, the services whose state
 * is outside the processor's transaction: the archive's batches in memory, and the
 * analytics' Kafka Streams state; and order-producer, whose load generator has orders in
 * flight.
 */
class GracefulShutdownIT {

	/** A JVM's exit code after a graceful shutdown on SIGTERM (128 + 15). */
	private static final int SIGTERM_EXIT = 143;

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNodePerTest();

	@RegisterExtension
	static final LocalS3 s3 = new LocalS3();

	@TempDir
	static Path stateDir;

	@Test
	void shouldWriteAndCommitTheArchivesBatchesInMemoryWhenStopped() {
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			probe.createTopic(Topics.ORDERS, 6);
			// Batches are cut by nothing but the shutdown: no size or age is reached
			JvmProcess archive = archive("archive-service-1", "archive.batch.max-orders=100000",
					"archive.batch.max-age=1h");
			try (SteadyOrders orders = SteadyOrders.start(kafka.adminProperties(), 100, 0)) {
				archive.start().awaitHealthy();
				await().atMost(Duration.ofSeconds(60))
					.until(() -> archive.output().contains("archive-service assigned"));
				int reached = orders.settledCount() + 300;
				await().atMost(Duration.ofSeconds(60)).until(() -> orders.settledCount() >= reached);

				// When
				archive.stop();

				// Then it wrote what it held and committed it, on its own
				assertThat(archive.exitCode()).isEqualTo(SIGTERM_EXIT);
				int archivedOnStop = archivedOrders().size();
				assertThat(archivedOnStop).as("orders written on shutdown").isGreaterThanOrEqualTo(300);
				assertThat(probe.groups().lag("archive-service", Topics.ORDERS).committedTotal())
					.isEqualTo(archivedOnStop);

				// And started again, it goes on from there
				try (JvmProcess restarted = archive("archive-service-2", "archive.batch.max-age=1s").start()) {
					List<String> published = orders.settle();
					await().atMost(Duration.ofSeconds(90))
						.until(() -> probe.groups().lag("archive-service", Topics.ORDERS).total() == 0);
					restarted.stop();
					assertThat(restarted.exitCode()).isEqualTo(SIGTERM_EXIT);
					Map<String, Long> timesArchived = archivedOrders().stream()
						.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
					assertThat(timesArchived.keySet()).containsExactlyInAnyOrderElementsOf(published);
					assertThat(timesArchived.values()).allSatisfy((times) -> assertThat(times).isEqualTo(1));
				}
			}
			finally {
				archive.close();
			}
		}
	}

	@Test
	void shouldCountEveryOrderOnceAcrossAGracefulRestartOfTheStreamsApplication() {
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			probe.createTopic(Topics.ORDERS, 6);
			JvmProcess analytics = ServiceProcesses.of("analytics-service", "analytics-service-1", kafka, Map.of(),
					"spring.kafka.streams.state-dir=" + stateDir);
			try (SteadyOrders orders = SteadyOrders.start(kafka.adminProperties(), 100, 0)) {
				analytics.start().awaitHealthy();
				await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> countedOrders(analytics) >= 200);

				// When
				analytics.stop();

				// Then
				assertThat(analytics.exitCode()).isEqualTo(SIGTERM_EXIT);

				// And started again, with the same state directory, it counts every order
				// once
				analytics.start().awaitHealthy();
				List<String> published = orders.settle();
				await().atMost(Duration.ofSeconds(90))
					.until(() -> probe.groups().lag("analytics-service", Topics.ORDERS).total() == 0);
				await().atMost(Duration.ofSeconds(30))
					.ignoreExceptions()
					.until(() -> countedOrders(analytics) == published.size());
				analytics.stop();
				assertThat(analytics.exitCode()).isEqualTo(SIGTERM_EXIT);
			}
			finally {
				analytics.close();
			}
		}
	}

	@Test
	void shouldPublishEveryGeneratedOrderOnceWhenTheProducerIsStoppedWhileGenerating() {
		try (KafkaProbe probe = new KafkaProbe(kafka);
				JvmProcess producer = ServiceProcesses.of("order-producer", "order-producer-1", kafka, Map.of(),
						"orders.generator.rate=500")) {
			probe.createTopic(Topics.ORDERS, 6);
			producer.start().awaitHealthy();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> probe.groups()
					.endOffsets(Topics.ORDERS)
					.values()
					.stream()
					.mapToLong(Long::longValue)
					.sum() >= 1000);

			// When, while it generates
			producer.stop();

			// Then every order it generated was acknowledged before it exited, and is on
			// the topic once
			assertThat(producer.exitCode()).isEqualTo(SIGTERM_EXIT);
			Matcher stopped = Pattern.compile("Load generator stopped: (\\d+) orders acknowledged, (\\d+) failed")
				.matcher(producer.output());
			assertThat(stopped.find()).as("the generator's last line").isTrue();
			int acknowledged = Integer.parseInt(stopped.group(1));
			assertThat(stopped.group(2)).as("failed").isEqualTo("0");
			List<String> onTopic = probe.readCommitted(Topics.ORDERS, Topics.orderSerde().deserializer())
				.stream()
				.map((record) -> record.value().orderId())
				.toList();
			assertThat(onTopic).hasSize(acknowledged).doesNotHaveDuplicates();
		}
	}

	private static JvmProcess archive(String name, String... batching) {
		List<String> properties = new ArrayList<>(s3.serviceProperties());
		properties.addAll(List.of(batching));
		return ServiceProcesses.of("archive-service", name, kafka, Map.of(), properties.toArray(String[]::new));
	}

	private static List<String> archivedOrders() {
		return await().atMost(Duration.ofSeconds(10))
			.ignoreException(NoSuchBucketException.class)
			.until(() -> s3.objects("orders-archive"), (objects) -> true)
			.stream()
			.flatMap((object) -> object.orders().stream())
			.map(Order::orderId)
			.toList();
	}

	private static long countedOrders(JvmProcess analytics) {
		JsonNode regions = RestClient.create(analytics.url())
			.get()
			.uri("/analytics/regions")
			.retrieve()
			.body(JsonNode.class);
		return regions.get("orders").asLong();
	}

}
