package io.consumergroups.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.OrderFixtures;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.ServiceProcess;
import io.consumergroups.it.support.SteadyOrders;
import io.consumergroups.it.support.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * order-processor run at-least-once ({@code orders.processor.exactly-once=false}): no
 * Kafka transaction, a poll's statuses acknowledged before its offsets are committed. A
 * replica killed mid-way loses no order; the orders it had processed but not committed
 * are processed again by the replica that takes its partitions.
 */
class AtLeastOnceIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNodePerTest();

	private static final Logger logger = LoggerFactory.getLogger(AtLeastOnceIT.class);

	private static final String GROUP = "order-processors";

	private static final String AT_LEAST_ONCE = "orders.processor.exactly-once=false";

	@Test
	void shouldProcessEachOrderAndDeadLetterMalformedRecordsWithoutTransactions() throws Exception {
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			// Given a replica run at-least-once
			probe.createTopic(Topics.ORDERS, 6);
			try (RunningService processor = RunningService.orderProcessor(kafka, "order-processor-1", AT_LEAST_ONCE)) {
				awaitStable(probe, 1, Duration.ofSeconds(60));

				// When orders arrive, with a malformed record among them
				probe.publishRaw(Topics.ORDERS, "customer-1", "{not json".getBytes(StandardCharsets.UTF_8));
				List<Order> orders = IntStream.range(1, 41).mapToObj(OrderFixtures::order).toList();
				probe.publish(orders);
				await().atMost(Duration.ofSeconds(60)).until(() -> probe.lag(GROUP, Topics.ORDERS) == 0);

				// Then each order has its status, the malformed record is dead-lettered
				// with its cause, and no transaction was ever begun
				assertThat(statusesByOrder(probe))
					.containsOnlyKeys(orders.stream().map(Order::orderId).toArray(String[]::new))
					.allSatisfy((orderId, statuses) -> assertThat(statuses).hasSize(1));
				List<ConsumerRecord<String, byte[]>> deadLetters = probe.readCommitted(Topics.ORDERS_DLT,
						new ByteArrayDeserializer());
				assertThat(deadLetters).singleElement()
					.satisfies((record) -> assertThat(record.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE))
						.isNotNull());
				assertThat(transactionalIds()).isEmpty();
			}
		}
	}

	@Test
	void shouldLoseNoOrderWhenAReplicaIsKilledAndRepeatOnlyWhatItHadNotCommitted() {
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			// Given two replicas run at-least-once, each with its partitions
			probe.createTopic(Topics.ORDERS, 6);
			List<ServiceProcess> replicas = IntStream.rangeClosed(1, 2)
				.mapToObj((i) -> ServiceProcess.orderProcessor(kafka, "order-processor-" + i, AT_LEAST_ONCE))
				.toList();
			try {
				replicas.forEach(ServiceProcess::start);
				replicas.forEach(ServiceProcess::awaitHealthy);
				awaitStable(probe, 2, Duration.ofSeconds(90));

				// When orders flow and one replica is killed
				List<String> published;
				try (SteadyOrders orders = SteadyOrders.start(kafka, 200, 0)) {
					await().atMost(Duration.ofSeconds(60)).until(() -> probe.committed(GROUP, Topics.ORDERS) > 1_000);
					replicas.get(1).kill();
					awaitStable(probe, 1, Duration.ofSeconds(60));
					published = orders.stop();
				}
				await().atMost(Duration.ofSeconds(60)).until(() -> probe.lag(GROUP, Topics.ORDERS) == 0);

				// Then every order has a status, and an order with more than one was
				// processed by the killed replica, then again by the survivor
				Map<String, List<String>> processedBy = statusesByOrder(probe);
				logger.info("{} orders published, {} of them processed twice", published.size(),
						processedBy.values().stream().filter((by) -> by.size() > 1).count());
				assertThat(processedBy).containsOnlyKeys(published.toArray(String[]::new));
				assertThat(processedBy.values()).anySatisfy((by) -> assertThat(by).containsOnly("order-processor-2"));
				assertThat(processedBy.values()).filteredOn((by) -> by.size() > 1)
					.allSatisfy((by) -> assertThat(by).hasSize(2)
						.containsExactlyInAnyOrder("order-processor-2", "order-processor-1"));
			}
			finally {
				replicas.forEach(ServiceProcess::close);
			}
		}
	}

	private static void awaitStable(KafkaProbe probe, int members, Duration atMost) {
		await().atMost(atMost)
			.until(() -> probe.describeGroup(GROUP), (group) -> group.state() == GroupState.STABLE
					&& group.partitionsByMember().size() == members && group.ownerByPartition().size() == 6);
	}

	/** The replicas that published a status for each order, one entry per status. */
	private static Map<String, List<String>> statusesByOrder(KafkaProbe probe) {
		return probe.readCommitted(Topics.ORDER_STATUS, Topics.orderStatusSerde().deserializer())
			.stream()
			.map(ConsumerRecord::value)
			.collect(Collectors.groupingBy(OrderStatus::orderId,
					Collectors.mapping(OrderStatus::processedBy, Collectors.toList())));
	}

	private static Set<String> transactionalIds() throws InterruptedException, ExecutionException {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
			return admin.listTransactions()
				.all()
				.get()
				.stream()
				.map(TransactionListing::transactionalId)
				.collect(Collectors.toSet());
		}
	}

}
