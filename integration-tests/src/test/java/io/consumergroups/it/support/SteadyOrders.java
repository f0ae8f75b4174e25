package io.consumergroups.it.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders published at a steady rate in the background while a test scales, kills or
 * restarts members, as order-producer's generator would. Keeps the ids of every order
 * written to {@code orders}, to check afterwards that each was processed.
 * <p>
 * A send the producer reports as failed has an unknown outcome: the record may have been
 * written all the same (its acknowledgement lost, say). {@link #stop()} settles each such
 * record by reading {@code orders} back, so that what it returns is exactly what the
 * consumers must process, and fails if more than one record in a hundred was not written
 * or an acknowledged one is missing.
 */
public final class SteadyOrders implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SteadyOrders.class);

	private static final int TICKS_PER_SECOND = 50;

	private static final int MOST_UNWRITTEN_PER_HUNDRED = 1;

	private final TestKafka kafka;

	private final KafkaProducer<String, byte[]> producer;

	private final Serializer<Order> orderSerializer = Topics.orderSerde().serializer();

	private final int malformedEvery;

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

	private final AtomicInteger next;

	private final int end;

	private final List<String> acknowledged = new ArrayList<>();

	private int malformed;

	/** When the cluster last acknowledged a record, from {@link System#nanoTime()}. */
	private volatile long lastAcknowledged = System.nanoTime();

	private final List<Unacknowledged> unacknowledged = new ArrayList<>();

	private SteadyOrders(TestKafka kafka, int first, int count, int malformedEvery) {
		this.kafka = kafka;
		Map<String, Object> settings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
				ProducerConfig.LINGER_MS_CONFIG, 5);
		this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
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
				send("customer-1", null, malformed(n));
			}
			else {
				Order order = OrderFixtures.order(n);
				send(order.customerId(), order.orderId(), this.orderSerializer.serialize(Topics.ORDERS, order));
			}
		}
	}

	private byte[] malformed(int n) {
		String[] kinds = { "{not json, record " + n,
				"{\"orderId\":\"order-" + n + "\",\"customerId\":\"customer-1\",\"items\":\"many\"}",
				"{\"orderId\":\"order-" + n + "\",\"customerId\":\"customer-1\"}" };
		return kinds[(n / this.malformedEvery) % kinds.length].getBytes(StandardCharsets.UTF_8);
	}

	private void send(String key, String orderId, byte[] value) {
		this.producer.send(new ProducerRecord<>(Topics.ORDERS, key, value), (metadata, ex) -> {
			if (ex == null) {
				this.lastAcknowledged = System.nanoTime();
			}
			synchronized (this) {
				if (ex == null && orderId != null) {
					this.acknowledged.add(orderId);
				}
				else if (ex == null) {
					this.malformed++;
				}
				else {
					logger.warn("Send of {} failed; whether it was written is settled when publishing stops",
							(orderId != null) ? orderId : "a malformed record", ex);
					this.unacknowledged.add(new Unacknowledged(orderId, value, ex));
				}
			}
		});
	}

	/**
	 * How many malformed records were written.
	 * @return the count
	 */
	public synchronized int malformedCount() {
		return this.malformed;
	}

	/**
	 * How many records the producer is done with so far: acknowledged by the cluster, or
	 * failed.
	 * @return the count
	 */
	public synchronized int settledCount() {
		return this.acknowledged.size() + this.malformed + this.unacknowledged.size();
	}

	/**
	 * Whether records are still being published: {@link #stop()} has not been called and
	 * the count given to {@link #start(TestKafka, int, int, int, int)} is not reached.
	 * @return {@code true} while publishing
	 */
	public boolean isSending() {
		return !this.ticker.isShutdown() && this.next.get() < this.end;
	}

	/**
	 * How long ago the cluster last acknowledged a record: a few milliseconds while
	 * orders flow, longer while the cluster cannot take them (a leader away, say).
	 * @return the time since the last acknowledgement, or since the start
	 */
	public Duration sinceLastAcknowledged() {
		return Duration.ofNanos(System.nanoTime() - this.lastAcknowledged);
	}

	/**
	 * Stop publishing, wait for every record in flight and settle every failed send.
	 * @return the ids of every order written to {@code orders}
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
			if (!this.unacknowledged.isEmpty()) {
				settleUnacknowledged();
			}
			return List.copyOf(this.acknowledged);
		}
	}

	private void settleUnacknowledged() {
		List<String> unwritten = new ArrayList<>();
		try (KafkaProbe probe = new KafkaProbe(this.kafka)) {
			Set<ByteBuffer> written = probe.readCommitted(Topics.ORDERS, new ByteArrayDeserializer())
				.stream()
				.map((record) -> ByteBuffer.wrap(record.value()))
				.collect(Collectors.toSet());
			for (Unacknowledged record : this.unacknowledged) {
				if (!written.contains(ByteBuffer.wrap(record.value()))) {
					unwritten.add(record.describe());
				}
				else if (record.orderId() != null) {
					this.acknowledged.add(record.orderId());
				}
				else {
					this.malformed++;
				}
			}
			List<String> missing = this.acknowledged.stream()
				.filter((orderId) -> !written.contains(ByteBuffer.wrap(this.orderSerializer.serialize(Topics.ORDERS,
						OrderFixtures.order(Integer.parseInt(orderId.substring("order-".length())))))))
				.toList();
			if (!missing.isEmpty()) {
				throw new IllegalStateException(missing.size() + " acknowledged orders are not in " + Topics.ORDERS
						+ ", among them " + missing.get(0));
			}
		}
		int settled = this.acknowledged.size() + this.malformed + unwritten.size();
		logger.warn("{} sends failed: {} were written all the same, {} were not, among them {}",
				this.unacknowledged.size(), this.unacknowledged.size() - unwritten.size(), unwritten.size(),
				firstOf(unwritten));
		if (unwritten.size() * 100 > settled * MOST_UNWRITTEN_PER_HUNDRED) {
			throw new IllegalStateException(
					unwritten.size() + " of " + settled + " records were not written, among them " + firstOf(unwritten),
					this.unacknowledged.get(0).cause());
		}
	}

	private static List<String> firstOf(List<String> records) {
		return (records.size() <= 10) ? records : List.copyOf(records.subList(0, 10));
	}

	@Override
	public void close() {
		this.ticker.shutdownNow();
		this.producer.close();
	}

	private record Unacknowledged(String orderId, byte[] value, Exception cause) {

		String describe() {
			String record = (this.orderId != null) ? this.orderId
					: "malformed record " + new String(this.value, StandardCharsets.UTF_8);
			return record + " (" + this.cause + ")";
		}

	}

}
