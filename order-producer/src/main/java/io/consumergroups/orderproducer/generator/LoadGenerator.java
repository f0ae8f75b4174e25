package io.consumergroups.orderproducer.generator;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.consumergroups.events.Order;
import io.consumergroups.orderproducer.OrdersProperties;
import io.consumergroups.orderproducer.order.OrderPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Publishes random orders at a steady rate, changeable at runtime.
 * <p>
 * One scheduler thread ticks ten times a second and sends a tenth of the rate each tick.
 * What does not divide evenly is carried to the next tick, so that over a second exactly
 * {@code rate} orders go out: at 15/s the ticks send 1, 2, 1, 2, …. Ticks that fall more
 * than a second behind are skipped, not caught up in a burst. Sends do not wait for the
 * broker (the producer batches them); their outcome is counted in
 * {@code orders.generated}, tagged {@code outcome=acked|failed}.
 */
@Component
class LoadGenerator implements SmartLifecycle {

	static final int TICKS_PER_SECOND = 10;

	static final int MAX_RATE = 10_000;

	private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1) / TICKS_PER_SECOND;

	/**
	 * How far the ticker may fall behind before it skips ticks. Sends block while the
	 * producer has no metadata (at startup with no broker up, up to {@code max.block.ms}
	 * per order); the scheduler then owes many ticks, and running them all on recovery
	 * would send minutes' worth of orders in one burst.
	 */
	private static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final Logger logger = LoggerFactory.getLogger(LoadGenerator.class);

	private final OrderPublisher publisher;

	private final RandomOrders orders;

	private final AtomicInteger rate = new AtomicInteger();

	/** Orders handed to the producer and not yet acknowledged or failed. */
	private final AtomicInteger inFlight = new AtomicInteger();

	private final Counter acked;

	private final Counter failed;

	/** Tenths of an order owed from earlier ticks; only the ticking thread touches it. */
	private int carried;

	/**
	 * When the next tick is due, on the {@link System#nanoTime()} scale; ticker thread
	 * only.
	 */
	private long nextTickNanos;

	private boolean behind;

	private volatile ScheduledExecutorService ticker;

	LoadGenerator(OrderPublisher publisher, RandomOrders orders, OrdersProperties properties, MeterRegistry registry) {
		this.publisher = publisher;
		this.orders = orders;
		this.rate.set(properties.generator().rate());
		this.acked = outcome(registry, "acked");
		this.failed = outcome(registry, "failed");
		Gauge.builder("orders.generator.rate", this.rate, AtomicInteger::get)
			.description("Orders per second the load generator is set to")
			.register(registry);
	}

	private static Counter outcome(MeterRegistry registry, String outcome) {
		return Counter.builder("orders.generated")
			.description("Orders sent by the load generator, by broker outcome")
			.tag("outcome", outcome)
			.register(registry);
	}

	int rate() {
		return this.rate.get();
	}

	void setRate(int ordersPerSecond) {
		if (ordersPerSecond < 0 || ordersPerSecond > MAX_RATE) {
			throw new IllegalArgumentException("Rate must be between 0 and " + MAX_RATE + ": " + ordersPerSecond);
		}
		int previous = this.rate.getAndSet(ordersPerSecond);
		logger.info("Load generator rate changed from {} to {} orders/s", previous, ordersPerSecond);
	}

	/**
	 * Runs the tick that was due at {@code nextTickNanos}, or skips it when the ticker
	 * has fallen more than a second behind.
	 * @param nowNanos the current {@link System#nanoTime()}
	 */
	void onSchedule(long nowNanos) {
		long lag = nowNanos - this.nextTickNanos;
		this.nextTickNanos += TICK_NANOS;
		if (lag > MAX_LAG_NANOS) {
			if (!this.behind) {
				logBehind(TimeUnit.NANOSECONDS.toMillis(lag));
			}
			this.behind = true;
			return;
		}
		this.behind = false;
		tick();
	}

	/**
	 * Says that ticks are skipped. Until the first order is acknowledged that is how the
	 * generator starts: the first send waits for the producer's metadata of
	 * {@code orders}, which on a cluster that is starting too takes seconds. Later it
	 * means sends are blocked: a broker is missing.
	 */
	private void logBehind(long lagMillis) {
		if (this.acked.count() == 0) {
			logger.info("Load generator waits for its first orders to be acknowledged ({} ms behind schedule); "
					+ "skipping ticks", lagMillis);
		}
		else {
			logger.warn("Load generator is {} ms behind schedule (sends blocked: no broker?); skipping ticks",
					lagMillis);
		}
	}

	/**
	 * Sends this tick's share of the rate: {@code rate / }{@value #TICKS_PER_SECOND}
	 * orders, plus what earlier ticks carried.
	 */
	void tick() {
		int owed = this.carried + this.rate.get();
		this.carried = owed % TICKS_PER_SECOND;
		for (int i = 0; i < owed / TICKS_PER_SECOND; i++) {
			send(this.orders.next());
		}
	}

	private void send(Order order) {
		this.inFlight.incrementAndGet();
		this.publisher.send(order).whenComplete((published, failure) -> {
			this.inFlight.decrementAndGet();
			if (failure == null) {
				this.acked.increment();
			}
			else {
				// DEBUG: Spring Kafka's LoggingProducerListener already logs each failed
				// send at ERROR, and orders.generated{outcome=failed} counts them
				this.failed.increment();
				logger.debug("Generated order {} was not published", order.orderId(), failure);
			}
		});
	}

	@Override
	public void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "order-generator");
			thread.setDaemon(true);
			return thread;
		});
		this.nextTickNanos = System.nanoTime() + TICK_NANOS;
		executor.scheduleAtFixedRate(this::tickSafely, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
		this.ticker = executor;
		logger.info("Load generator started at {} orders/s", this.rate.get());
	}

	private void tickSafely() {
		try {
			onSchedule(System.nanoTime());
		}
		catch (RuntimeException ex) {
			// An exception escaping a periodic task would cancel every later tick
			logger.error("Load generator tick failed", ex);
		}
	}

	/**
	 * Stops ticking, then waits until the orders already handed to the producer are
	 * acknowledged, so that a shutdown does not silently drop generated orders.
	 */
	@Override
	public void stop() {
		ScheduledExecutorService executor = this.ticker;
		this.ticker = null;
		if (executor != null) {
			executor.shutdown();
			awaitLastTick(executor);
		}
		if (this.inFlight.get() > 0) {
			this.publisher.flush();
		}
		logger.info("Load generator stopped: {} orders acknowledged, {} failed", (long) this.acked.count(),
				(long) this.failed.count());
	}

	private static void awaitLastTick(ScheduledExecutorService executor) {
		try {
			executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.ticker != null;
	}

}
