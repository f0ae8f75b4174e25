package io.consumergroups.harness.orders;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.consumergroups.events.Order;
import org.apache.kafka.clients.producer.ProducerConfig;

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

	private static final Duration READ_BACK_TIMEOUT = Duration.ofSeconds(60);

	private final Map<String, Object> clientSettings;

	private final SendLedger ledger = new SendLedger();

	private final OrderTicker publisher;

	private SteadyOrders(Builder builder) {
		this.clientSettings = Map.copyOf(builder.clientSettings);
		this.publisher = new OrderTicker(builder, this.ledger);
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

	/**
	 * Publish at another rate from now on.
	 * @param ordersPerSecond records per second
	 */
	public void rate(double ordersPerSecond) {
		this.publisher.rate(ordersPerSecond);
	}

	public double rate() {
		return this.publisher.rate();
	}

	/**
	 * How many records were sent so far, whatever their outcome.
	 * @return the count
	 */
	public long sentCount() {
		return this.publisher.sentCount();
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
		return this.publisher.isSending();
	}

	/**
	 * How long ago the cluster last acknowledged a record: a few milliseconds while
	 * orders flow, longer while the cluster cannot take them (a leader away, say).
	 * @return the time since the last acknowledgement, or since the start
	 */
	public Duration sinceLastAcknowledged() {
		return this.publisher.sinceLastAcknowledged();
	}

	/**
	 * When each order was sent, its {@link Order#createdAt()} in a
	 * {@link OrderSeries#stamped stamped} series; kept only when the builder was told to
	 * {@link Builder#recordSendTimes()}.
	 * @return order id to send time
	 */
	public Map<String, Instant> sentAt() {
		Map<String, Instant> sentAt = this.publisher.sentAt();
		if (sentAt == null) {
			throw new IllegalStateException("Send times are not recorded: see Builder.recordSendTimes()");
		}
		return sentAt;
	}

	/**
	 * Stop publishing and wait until the cluster acknowledged, or failed, every record
	 * sent.
	 */
	public void stop() {
		this.publisher.stop();
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
			this.ledger.settle(WrittenRecords.read(this.clientSettings, READ_BACK_TIMEOUT));
		}
		return this.ledger.acknowledgedOrders();
	}

	@Override
	public void close() {
		this.publisher.close();
	}

	/**
	 * How many orders, which, how fast.
	 */
	public static final class Builder {

		final Map<String, Object> clientSettings;

		double perSecond = 100;

		long first;

		long count = Long.MAX_VALUE;

		int malformedEvery;

		OrderSeries series = OrderSeries.numbered();

		boolean recordSendTimes;

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
			SteadyOrders orders = new SteadyOrders(this);
			orders.publisher.start();
			return orders;
		}

	}

}
