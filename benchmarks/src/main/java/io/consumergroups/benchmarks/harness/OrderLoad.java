package io.consumergroups.benchmarks.harness;

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

/**
 * Orders published at a steady rate in the background, as order-producer's generator
 * would, while a benchmark scales, restarts or kills replicas. Every 5 ms it sends what
 * the rate owes since the start (or since the rate last changed), so a late tick catches
 * up instead of lowering the rate. Each order's {@link Order#createdAt()} is stamped just
 * before it is sent, and kept by order id for latency measurements.
 */
public final class OrderLoad implements AutoCloseable {

	private static final long TICK_MICROS = 5_000;

	private final KafkaProducer<String, Order> producer;

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "order-load");
		thread.setDaemon(true);
		return thread;
	});

	private final String prefix;

	private final BenchOrders.RoundThePartitions partitions;

	private double perSecond;

	private long rateSinceNanos;

	private long sentBeforeRate;

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final Map<String, Long> sentAtMicros = new ConcurrentHashMap<>();

	private OrderLoad(String bootstrapServers, String prefix, double perSecond,
			BenchOrders.RoundThePartitions partitions) {
		this.producer = BenchOrders.producer(bootstrapServers);
		this.prefix = prefix;
		this.perSecond = perSecond;
		this.partitions = partitions;
	}

	/**
	 * Start publishing.
	 * @param bootstrapServers the cluster
	 * @param prefix the order id prefix of this series
	 * @param perSecond orders per second
	 * @return the running publisher
	 */
	public static OrderLoad start(String bootstrapServers, String prefix, double perSecond) {
		return start(new OrderLoad(bootstrapServers, prefix, perSecond, null));
	}

	/**
	 * Start publishing orders whose customers take the partitions in turn
	 * ({@link BenchOrders.RoundThePartitions}): at 200 orders/s per partition each
	 * partition gets an order every tick.
	 * @param bootstrapServers the cluster
	 * @param prefix the order id prefix of this series
	 * @param perSecond orders per second
	 * @param partitions the partitions of {@code orders}
	 * @return the running publisher
	 */
	public static OrderLoad startRoundThePartitions(String bootstrapServers, String prefix, double perSecond,
			int partitions) {
		return start(
				new OrderLoad(bootstrapServers, prefix, perSecond, new BenchOrders.RoundThePartitions(partitions)));
	}

	private static OrderLoad start(OrderLoad orders) {
		orders.rateSinceNanos = System.nanoTime();
		orders.ticker.scheduleAtFixedRate(orders::publishDue, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
		return orders;
	}

	/**
	 * Publish at another rate from now on.
	 * @param ordersPerSecond orders per second
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
		while (this.sent.get() < due) {
			long n = this.sent.getAndIncrement();
			Instant now = Instant.now();
			Order order = (this.partitions != null) ? this.partitions.order(this.prefix, n, now)
					: BenchOrders.order(this.prefix, n, now);
			this.sentAtMicros.put(order.orderId(), StatusRecorder.epochMicros(now));
			this.producer.send(new ProducerRecord<>(Topics.ORDERS, order.customerId(), order), (metadata, ex) -> {
				if (ex != null) {
					this.failed.incrementAndGet();
				}
			});
		}
	}

	/**
	 * Stop publishing and wait until every order sent is acknowledged.
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

	public long sentCount() {
		return this.sent.get();
	}

	public long failedCount() {
		return this.failed.get();
	}

	/**
	 * When each order was sent: its {@link Order#createdAt()}.
	 * @return order id to send time, epoch microseconds
	 */
	public Map<String, Long> sentAtMicros() {
		return this.sentAtMicros;
	}

	@Override
	public void close() {
		this.ticker.shutdownNow();
		this.producer.close();
	}

}
