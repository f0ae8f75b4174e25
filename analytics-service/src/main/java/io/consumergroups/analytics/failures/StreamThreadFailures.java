package io.consumergroups.analytics.failures;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies: it is replaced, unless threads keep dying.
 * <p>
 * Every failure a record can cause has its exit to the dead-letter topic, so what reaches
 * this handler is not the record's fault: a broker unreachable past
 * {@code task.timeout.ms}, a transaction that could not commit, a store that failed.
 * {@code REPLACE_THREAD} starts a new thread with new clients, which resumes from the
 * last committed transaction; the instance stays up and keeps answering queries. Kafka's
 * default, {@code SHUTDOWN_CLIENT}, would stop it for good on the first such failure.
 * <p>
 * But a failure that comes back however often the thread is replaced (one no handler
 * foresaw) would loop unseen, with the instance looking healthy. So after
 * {@code maxReplacements} within {@code window} the client is shut down instead: it goes
 * to {@code ERROR}, {@code /actuator/health} turns DOWN, and the platform restarts it or
 * someone looks.
 */
public class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(StreamThreadFailures.class);

	private final int maxReplacements;

	private final Duration window;

	private final Clock clock;

	private final Deque<Instant> replacements = new ArrayDeque<>();

	/**
	 * A policy for failed stream threads.
	 * @param maxReplacements how many threads may be replaced within {@code window}
	 * @param window the period over which replacements are counted
	 * @param clock the time source
	 */
	public StreamThreadFailures(int maxReplacements, Duration window, Clock clock) {
		this.maxReplacements = maxReplacements;
		this.window = window;
		this.clock = clock;
	}

	@Override
	public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
		Instant now = this.clock.instant();
		while (!this.replacements.isEmpty() && this.replacements.peekFirst().isBefore(now.minus(this.window))) {
			this.replacements.removeFirst();
		}
		if (this.replacements.size() >= this.maxReplacements) {
			logger.error("A stream thread failed, the {}th time within {}: shutting the Streams client down",
					this.replacements.size() + 1, this.window, exception);
			return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
		}
		this.replacements.addLast(now);
		logger.error("A stream thread failed: replacing it", exception);
		return StreamThreadExceptionResponse.REPLACE_THREAD;
	}

	/**
	 * How many threads were replaced within the window, as of now.
	 * @return the number of recent replacements
	 */
	public synchronized int recentReplacements() {
		Instant since = this.clock.instant().minus(this.window);
		return (int) this.replacements.stream().filter((replaced) -> !replaced.isBefore(since)).count();
	}

}
