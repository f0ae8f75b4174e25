package io.consumergroups.analytics.failures;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed stream thread is replaced, unless threads keep failing.
 */
class StreamThreadFailuresTest {

	private final SettableClock clock = new SettableClock();

	private final StreamThreadFailures failures = new StreamThreadFailures(3, Duration.ofMinutes(10), this.clock);

	@Test
	void shouldReplaceAFailedThreadAndStopTheClientWhenThreadsKeepFailing() {
		// Given
		StreamsException failure = new StreamsException("broker unreachable");

		// When threads fail three times, then a fourth time within 10 minutes
		StreamThreadExceptionResponse first = this.failures.handle(failure);
		this.clock.advance(Duration.ofMinutes(3));
		StreamThreadExceptionResponse second = this.failures.handle(failure);
		StreamThreadExceptionResponse third = this.failures.handle(failure);
		this.clock.advance(Duration.ofMinutes(3));
		StreamThreadExceptionResponse fourth = this.failures.handle(failure);

		// Then
		assertThat(first).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
		assertThat(second).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
		assertThat(third).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
		assertThat(fourth).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
	}

	@Test
	void shouldForgetFailuresOlderThanTheWindow() {
		// Given three failures
		for (int i = 0; i < 3; i++) {
			this.failures.handle(new StreamsException("timeout"));
		}
		assertThat(this.failures.recentReplacements()).isEqualTo(3);

		// When 10 minutes have passed
		this.clock.advance(Duration.ofMinutes(10).plusSeconds(1));

		// Then the next failed thread is replaced again
		assertThat(this.failures.recentReplacements()).isZero();
		assertThat(this.failures.handle(new StreamsException("timeout")))
			.isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
	}

	/** A clock that tests move. */
	static final class SettableClock extends Clock {

		private Instant now = Instant.parse("2026-06-01T12:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
