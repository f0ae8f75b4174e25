package io.consumergroups.harness.orders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders published to {@code orders} at a steady rate in the background, as
 * order-producer's generator would, while a test or a benchmark scales, kills or restarts
 * members; keyed by customer, acknowledged by all in-sync replicas. Every 5 ms it sends
 * what the rate owes since the start (or since the rate last changed), so a late tick
 * catches up instead of lowering the rate.
 * <p>
 * It keeps the id of every order the cluster acknowledged, to check afterwards that each
 * was processed. A send the producer reports as failed has an unknown outcome: the record
 * may have been written all the same. {@link #settle()} decides each by reading
 * {@code orders} back, so that what it returns is exactly what the consumers must
 * process, and fails if more than one record in a hundred was not written or an
 * acknowledged one is missing.
 */
public final class SteadyOrders implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SteadyOrders.class);

	private static final long TICK_MICROS = 5_000;

	private static final Duration READ_BACK_TIMEOUT = Duration.ofSeconds(60);

	private final Map<String, Object> clientSettings;

	private final KafkaProducer<String, byte[]> producer;

	private final Serializer<Order> orderSerializer = Topics.orderSerde().serializer();

	private final OrderSeries series;

	private final long first;

	private final long end;

	private final int malformedEvery;

	private final Map<String, Instant> sentAt;

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "steady-orders");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicLong sent = new AtomicLong();

	private final SendLedger ledger = new SendLedger();

	private double perSecond;

	private long rateSinceNanos;

	private long sentBeforeRate;

	/** When the cluster last acknowledged a record, from {@link System#nanoTime()}. */
	private volatile long lastAcknowledged = System.nanoTime();

	private SteadyOrders(Builder builder) {
		this.clientSettings = Map.copyOf(builder.clientSettings);
		this.producer = new KafkaProducer<>(producerSettings(builder.clientSettings), new StringSerializer(),
				new ByteArraySerializer());
		this.series = builder.series;
		this.first = builder.first;
		this.end = (builder.count == Long.MAX_VALUE) ? Long.MAX_VALUE : builder.first + builder.count;
		this.malformedEvery = builder.malformedEvery;
		this.sentAt = builder.recordSendTimes ? new ConcurrentHashMap<>() : null;
		this.perSecond = builder.perSecond;
	}

	/**
	 * Orders to publish.
	 * @param clientSettings the cluster, and its login if secured
	 * @return a builder, to {@link Builder#start()}
	 */
	public static Builder to(Map<String, Object> clientSettings) {
		return new Builder(clientSettings);
	}

	/**
	 * Start publishing {@link OrderFixtures#order(int) numbered orders} until stopped.
	 * @param clientSettings the cluster, and its login if secured
	 * @param perSecond orders per second
	 * @param first the number of the first order
	 * @return the running stream
	 */
	public static SteadyOrders start(Map<String, Object> clientSettings, double perSecond, int first) {
		return to(clientSettings).perSecond(perSecond).first(first).start();
	}

	/**
	 * Start publishing numbered orders with a malformed record in place of every n-th
	 * ({@link Builder#malformedEvery(int)}).
	 * @param clientSettings the cluster, and its login if secured
	 * @param perSecond records per second
	 * @param first the number of the first order
	 * @param count how many records to publish in all, then stop
	 * @param malformedEvery n, or 0 for none
	 * @return the running stream
	 */
	public static SteadyOrders start(Map<String, Object> clientSettings, double perSecond, int first, int count,
			int malformedEvery) {
		return to(clientSettings).perSecond(perSecond)
			.first(first)
			.count((count == Integer.MAX_VALUE) ? Long.MAX_VALUE : count)
			.malformedEvery(malformedEvery)
			.start();
	}

	/**
	 * A producer configured as order-producer's: idempotent, {@code acks=all}, a 5 ms
	 * linger.
	 * @param clientSettings the cluster, and its login if secured
	 * @return the producer's settings
	 */
	public static Map<String, Object> producerSettings(Map<String, Object> clientSettings) {
		Map<String, Object> settings = new HashMap<>(clientSettings);
		settings.put(ProducerConfig.ACKS_CONFIG, "all");
		settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		return settings;
	}

	private SteadyOrders begin() {
		this.rateSinceNanos = System.nanoTime();
		this.ticker.scheduleAtFixedRate(this::publishDue, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
		return this;
	}

	/**
	 * Publish at another rate from now on.
	 * @param ordersPerSecond records per second
	 */
	public synchronized void rate(double ordersPerSecond) {
		this.sentBeforeRate = due();
		this.rateSinceNanos = System.nanoTime();
		this.perSecond = ordersPerSecond;
	}

	public synchronized double rate() {
		return this.perSecond;
	}

	private synchronized long due() {
		return this.sentBeforeRate + (long) ((System.nanoTime() - this.rateSinceNanos) / 1e9 * this.perSecond);
	}

	private void publishDue() {
		long due = due();
		while (this.sent.get() < due && this.first + this.sent.get() < this.end) {
			long n = this.first + this.sent.getAndIncrement();
			if (this.malformedEvery > 0 && n % this.malformedEvery == this.malformedEvery - 1) {
				send("customer-1", null, malformed(n));
			}
			else {
				Instant now = Instant.now();
				Order order = this.series.order(n, now);
				if (this.sentAt != null) {
					this.sentAt.put(order.orderId(), now);
				}
				send(order.customerId(), order.orderId(), this.orderSerializer.serialize(Topics.ORDERS, order));
			}
		}
	}

	/**
	 * A poison pill in place of the n-th order: not JSON, a wrong type or missing fields,
	 * in turn.
	 */
	private byte[] malformed(long n) {
		String[] kinds = { "{not json, record " + n,
				"{\"orderId\":\"order-" + n + "\",\"customerId\":\"customer-1\",\"items\":\"many\"}",
				"{\"orderId\":\"order-" + n + "\",\"customerId\":\"customer-1\"}" };
		return kinds[(int) ((n / this.malformedEvery) % kinds.length)].getBytes(StandardCharsets.UTF_8);
	}

	private void send(String key, String orderId, byte[] value) {
		this.producer.send(new ProducerRecord<>(Topics.ORDERS, key, value), (metadata, ex) -> {
			if (ex == null) {
				this.lastAcknowledged = System.nanoTime();
				this.ledger.acknowledged(orderId);
			}
			else {
				logger.warn("Send of {} failed; whether it was written is settled when publishing stops",
						(orderId != null) ? orderId : "a malformed record", ex);
				this.ledger.failed(orderId, value, ex);
			}
		});
	}

	/**
	 * How many records were sent so far, whatever their outcome.
	 * @return the count
	 */
	public long sentCount() {
		return this.sent.get();
	}

	/**
	 * How many sends the producer reported as failed and are not settled yet.
	 * @return the count
	 */
	public int failedCount() {
		return this.ledger.failedCount();
	}

	/**
	 * How many malformed records were written.
	 * @return the count
	 */
	public int malformedCount() {
		return this.ledger.malformedCount();
	}

	/**
	 * How many records the producer is done with so far: acknowledged by the cluster, or
	 * failed.
	 * @return the count
	 */
	public int settledCount() {
		return this.ledger.settledCount();
	}

	/**
	 * Whether records are still being published: it is not stopped and the count is not
	 * reached.
	 * @return {@code true} while publishing
	 */
	public boolean isSending() {
		return !this.ticker.isShutdown() && this.first + this.sent.get() < this.end;
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
	 * When each order was sent, its {@link Order#createdAt()} in a
	 * {@link OrderSeries#stamped stamped} series; kept only when the builder was told to
	 * {@link Builder#recordSendTimes()}.
	 * @return order id to send time
	 */
	public Map<String, Instant> sentAt() {
		if (this.sentAt == null) {
			throw new IllegalStateException("Send times are not recorded: see Builder.recordSendTimes()");
		}
		return this.sentAt;
	}

	/**
	 * Stop publishing and wait until the cluster acknowledged, or failed, every record
	 * sent.
	 */
	public void stop() {
		this.ticker.shutdown();
		try {
			this.ticker.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.producer.flush();
	}

	/**
	 * {@link #stop()}, then settle every failed send by reading {@code orders} back.
	 * @return the ids of every order written to {@code orders}
	 * @throws IllegalStateException if an acknowledged order is missing, or more than one
	 * record in a hundred was not written
	 */
	public List<String> settle() {
		stop();
		if (this.ledger.hasFailures()) {
			this.ledger.settle(written());
		}
		return this.ledger.acknowledgedOrders();
	}

	private SendLedger.Written written() {
		Set<String> orderIds = new HashSet<>();
		Set<ByteBuffer> values = new HashSet<>();
		Deserializer<Order> orders = Topics.orderSerde().deserializer();
		for (ConsumerRecord<String, byte[]> record : CommittedRecords.read(this.clientSettings, Topics.ORDERS,
				new ByteArrayDeserializer(), READ_BACK_TIMEOUT)) {
			values.add(ByteBuffer.wrap(record.value()));
			try {
				orderIds.add(orders.deserialize(Topics.ORDERS, record.value()).orderId());
			}
			catch (RuntimeException ex) {
				// A malformed record: found by its bytes
			}
		}
		return new SendLedger.Written(orderIds, values);
	}

	@Override
	public void close() {
		this.ticker.shutdownNow();
		this.producer.close();
	}

	/**
	 * How many orders, which, how fast.
	 */
	public static final class Builder {

		private final Map<String, Object> clientSettings;

		private double perSecond = 100;

		private long first;

		private long count = Long.MAX_VALUE;

		private int malformedEvery;

		private OrderSeries series = OrderSeries.numbered();

		private boolean recordSendTimes;

		private Builder(Map<String, Object> clientSettings) {
			this.clientSettings = clientSettings;
		}

		/**
		 * The rate: 100 records per second unless told; {@link SteadyOrders#rate(double)}
		 * changes it while running.
		 * @param perSecond records per second
		 * @return this builder
		 */
		public Builder perSecond(double perSecond) {
			this.perSecond = perSecond;
			return this;
		}

		/**
		 * The number of the first record: 0 unless told.
		 * @param first the number
		 * @return this builder
		 */
		public Builder first(long first) {
			this.first = first;
			return this;
		}

		/**
		 * How many records to publish in all, then stop: no end unless told.
		 * @param count the count
		 * @return this builder
		 */
		public Builder count(long count) {
			this.count = count;
			return this;
		}

		/**
		 * A malformed record (not JSON, a wrong type or missing fields, in turn) in place
		 * of every n-th order, as poison pills among them: record {@code k} is one when
		 * {@code k % n == n - 1}. None unless told.
		 * @param n n, or 0 for none
		 * @return this builder
		 */
		public Builder malformedEvery(int n) {
			this.malformedEvery = n;
			return this;
		}

		/**
		 * Which orders: {@link OrderSeries#numbered()} unless told.
		 * @param series the orders by number
		 * @return this builder
		 */
		public Builder orders(OrderSeries series) {
			this.series = series;
			return this;
		}

		/**
		 * Keep when each order was sent, for {@link SteadyOrders#sentAt()}.
		 * @return this builder
		 */
		public Builder recordSendTimes() {
			this.recordSendTimes = true;
			return this;
		}

		/**
		 * Start publishing.
		 * @return the running stream
		 */
		public SteadyOrders start() {
			return new SteadyOrders(this).begin();
		}

	}

}
