package io.consumergroups.harness.orders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending of {@link SteadyOrders}: every 5 ms, on a thread of its own, it sends what
 * the rate owes since it was set, so a late tick catches up instead of lowering the rate;
 * each record is the next order of the series, or a malformed record in its place. What
 * became of each send goes to the {@link SendLedger}.
 */
final class OrderTicker {

	private static final Logger logger = LoggerFactory.getLogger(OrderTicker.class);

	private static final long TICK_MICROS = 5_000;

	private final KafkaProducer<String, byte[]> producer;

	private final Serializer<Order> orderSerializer = Topics.orderSerde().serializer();

	private final OrderSeries series;

	private final long first;

	private final long end;

	private final int malformedEvery;

	private final Map<String, Instant> sentAt;

	private final SendLedger ledger;

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "steady-orders");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicLong sent = new AtomicLong();

	private double perSecond;

	private long rateSinceNanos;

	private long sentBeforeRate;

	/** When the cluster last acknowledged a record, from {@link System#nanoTime()}. */
	private volatile long lastAcknowledged = System.nanoTime();

	/**
	 * @param builder what to publish, and how fast
	 * @param ledger told of every send's outcome
	 */
	OrderTicker(SteadyOrders.Builder builder, SendLedger ledger) {
		this.producer = new KafkaProducer<>(SteadyOrders.producerSettings(builder.clientSettings),
				new StringSerializer(), new ByteArraySerializer());
		this.series = builder.series;
		this.first = builder.first;
		this.end = (builder.count == Long.MAX_VALUE) ? Long.MAX_VALUE : builder.first + builder.count;
		this.malformedEvery = builder.malformedEvery;
		this.sentAt = builder.recordSendTimes ? new ConcurrentHashMap<>() : null;
		this.perSecond = builder.perSecond;
		this.ledger = ledger;
	}

	void start() {
		this.rateSinceNanos = System.nanoTime();
		this.ticker.scheduleAtFixedRate(this::publishDue, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
	}

	synchronized void rate(double ordersPerSecond) {
		this.sentBeforeRate = due();
		this.rateSinceNanos = System.nanoTime();
		this.perSecond = ordersPerSecond;
	}

	synchronized double rate() {
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

	long sentCount() {
		return this.sent.get();
	}

	boolean isSending() {
		return !this.ticker.isShutdown() && this.first + this.sent.get() < this.end;
	}

	Duration sinceLastAcknowledged() {
		return Duration.ofNanos(System.nanoTime() - this.lastAcknowledged);
	}

	/**
	 * When each order was sent.
	 * @return order id to send time; {@code null} when not recorded
	 */
	Map<String, Instant> sentAt() {
		return this.sentAt;
	}

	/**
	 * Stop sending, and wait until the cluster acknowledged, or failed, every record
	 * sent.
	 */
	void stop() {
		this.ticker.shutdown();
		try {
			this.ticker.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.producer.flush();
	}

	void close() {
		this.ticker.shutdownNow();
		this.producer.close();
	}

}
