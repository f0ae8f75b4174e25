package io.consumergroups.it.support;

import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Orders published at a steady rate in the background while a test scales, kills or
 * restarts members, as order-producer's generator would. Keeps the ids of every order the
 * cluster acknowledged, to check afterwards that each was processed.
 */
public final class SteadyOrders implements AutoCloseable {

	private static final int TICKS_PER_SECOND = 50;

	private final KafkaProducer<String, Order> producer;

	private final KafkaProducer<String, byte[]> rawProducer;

	private final int malformedEvery;

	private final AtomicInteger malformed = new AtomicInteger();

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

	private final AtomicInteger next;

	private final int end;

	private final List<String> acknowledged = new ArrayList<>();

	private final List<Exception> failures = new ArrayList<>();

	private SteadyOrders(TestKafka kafka, int first, int count, int malformedEvery) {
		Map<String, Object> settings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
				ProducerConfig.LINGER_MS_CONFIG, 5);
		this.producer = new KafkaProducer<>(settings, new StringSerializer(), Topics.orderSerde().serializer());
		this.rawProducer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
		this.next = new AtomicInteger(first);
		this.end = (count == Integer.MAX_VALUE) ? Integer.MAX_VALUE : first + count;
		this.malformedEvery = malformedEvery;
	}

	/**
	 * Start publishing.
	 * @param kafka the cluster
	 * @param perSecond orders per second, a multiple of 50
	 * @param first the number of the first order ({@link OrderFixtures#order(int)})
	 * @return the running stream
	 */
	public static SteadyOrders start(TestKafka kafka, int perSecond, int first) {
		return start(kafka, perSecond, first, Integer.MAX_VALUE, 0);
	}

	/**
	 * Start publishing, with a malformed record (not JSON, a wrong type or missing
	 * fields, in turn) in place of every n-th order, as poison pills among them.
	 * @param kafka the cluster
	 * @param perSecond records per second, a multiple of 50
	 * @param first the number of the first order ({@link OrderFixtures#order(int)})
	 * @param count how many records to publish in all, then stop
	 * @param malformedEvery n, or 0 for none
	 * @return the running stream
	 */
	public static SteadyOrders start(TestKafka kafka, int perSecond, int first, int count, int malformedEvery) {
		SteadyOrders orders = new SteadyOrders(kafka, first, count, malformedEvery);
		int perTick = Math.max(1, perSecond / TICKS_PER_SECOND);
		orders.ticker.scheduleAtFixedRate(() -> orders.publish(perTick), 0, 1000 / TICKS_PER_SECOND,
				TimeUnit.MILLISECONDS);
		return orders;
	}

	private void publish(int count) {
		for (int i = 0; i < count && this.next.get() < this.end; i++) {
			int n = this.next.getAndIncrement();
			if (this.malformedEvery > 0 && n % this.malformedEvery == this.malformedEvery - 1) {
				publishMalformed(n);
				continue;
			}
			Order order = OrderFixtures.order(n);
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

	private void publishMalformed(int n) {
		String[] kinds = { "{not json",
				"{\"orderId\":\"order-" + n + "\",\"customerId\":\"customer-1\",\"items\":\"many\"}",
				"{\"orderId\":\"order-" + n + "\",\"customerId\":\"customer-1\"}" };
		byte[] value = kinds[(n / this.malformedEvery) % kinds.length].getBytes(StandardCharsets.UTF_8);
		this.rawProducer.send(new ProducerRecord<>(Topics.ORDERS, "customer-1", value), (metadata, ex) -> {
			synchronized (this) {
				if (ex == null) {
					this.malformed.incrementAndGet();
				}
				else {
					this.failures.add(ex);
				}
			}
		});
	}

	/**
	 * How many malformed records the cluster has acknowledged.
	 * @return the count
	 */
	public int malformedCount() {
		return this.malformed.get();
	}

	/**
	 * How many records the cluster has acknowledged so far, orders and malformed ones.
	 * @return the count
	 */
	public synchronized int acknowledgedCount() {
		return this.acknowledged.size() + this.malformed.get();
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
		this.rawProducer.flush();
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
		this.rawProducer.close();
	}

}
