package io.consumergroups.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Orders published at a steady rate in the background while a test scales, kills or
 * restarts members, as order-producer's generator would. Keeps the ids of every order the
 * cluster acknowledged, to check afterwards that each was processed.
 */
public final class SteadyOrders implements AutoCloseable {

	private static final int TICKS_PER_SECOND = 50;

	private final KafkaProducer<String, Order> producer;

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

	private final AtomicInteger next;

	private final List<String> acknowledged = new ArrayList<>();

	private final List<Exception> failures = new ArrayList<>();

	private SteadyOrders(TestKafka kafka, int first) {
		this.producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG,
						"all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5),
				new StringSerializer(), Topics.orderSerde().serializer());
		this.next = new AtomicInteger(first);
	}

	/**
	 * Start publishing.
	 * @param kafka the cluster
	 * @param perSecond orders per second, a multiple of 50
	 * @param first the number of the first order ({@link OrderFixtures#order(int)})
	 * @return the running stream
	 */
	public static SteadyOrders start(TestKafka kafka, int perSecond, int first) {
		SteadyOrders orders = new SteadyOrders(kafka, first);
		int perTick = Math.max(1, perSecond / TICKS_PER_SECOND);
		orders.ticker.scheduleAtFixedRate(() -> orders.publish(perTick), 0, 1000 / TICKS_PER_SECOND,
				TimeUnit.MILLISECONDS);
		return orders;
	}

	private void publish(int count) {
		for (int i = 0; i < count; i++) {
			Order order = OrderFixtures.order(this.next.getAndIncrement());
			this.producer.send(new ProducerRecord<>(Topics.ORDERS, order.customerId(), order), (metadata, ex) -> {
				synchronized (this) {
					if (ex == null) {
						this.acknowledged.add(order.orderId());
					}
					else {
						this.failures.add(ex);
					}
				}
			});
		}
	}

	/**
	 * How many orders the cluster has acknowledged so far.
	 * @return the count
	 */
	public synchronized int acknowledgedCount() {
		return this.acknowledged.size();
	}

	/**
	 * Stop publishing and wait for every order in flight.
	 * @return the ids of every acknowledged order
	 */
	public List<String> stop() {
		this.ticker.shutdown();
		try {
			this.ticker.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.producer.flush();
		synchronized (this) {
			if (!this.failures.isEmpty()) {
				throw new IllegalStateException(this.failures.size() + " orders were not acknowledged",
						this.failures.get(0));
			}
			return List.copyOf(this.acknowledged);
		}
	}

	@Override
	public void close() {
		this.ticker.shutdownNow();
		this.producer.close();
	}

}
