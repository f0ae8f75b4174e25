package io.consumergroups.harness.group;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.AbstractOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * The calls a {@link GroupReader} makes: each on one Admin client, given the reader's
 * timeout in its options and waited for as long, a failure thrown as an
 * {@link IllegalStateException} whose cause is Kafka's.
 *
 * @param admin the client
 * @param timeout how long each call may take
 */
record AdminCalls(Admin admin, Duration timeout) {

	/**
	 * A call's options, with the timeout.
	 * @param <O> the options' type
	 * @param options the options
	 * @return the same options
	 */
	<O extends AbstractOptions<O>> O options(O options) {
		return options.timeoutMs((int) this.timeout.toMillis());
	}

	/**
	 * Wait for a call's answer.
	 * @param <T> the answer's type
	 * @param future the call
	 * @return the answer
	 * @throws IllegalStateException if it failed, or did not answer in time
	 */
	<T> T get(KafkaFuture<T> future) {
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause().getMessage(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("No answer from Kafka within " + this.timeout.toSeconds() + " s", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Wait for the answer of a call about a group, which the coordinator may not know: a
	 * consumer, share or streams group before its first member, a group deleted.
	 * @param <T> the answer's type
	 * @param future the call
	 * @return the answer, or empty while the coordinator knows no such group
	 * @throws IllegalStateException if it failed otherwise, or did not answer in time
	 */
	<T> Optional<T> getOfKnownGroup(KafkaFuture<T> future) {
		try {
			return Optional.of(get(future));
		}
		catch (IllegalStateException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				return Optional.empty();
			}
			throw ex;
		}
	}

}
