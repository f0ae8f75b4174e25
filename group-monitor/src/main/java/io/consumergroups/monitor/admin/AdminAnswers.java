package io.consumergroups.monitor.admin;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.common.KafkaFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the Admin API's answers, each for at most
 * {@code group-monitor.admin-timeout}. A batched request answers each group or partition
 * apart: one that fails, e.g. a group deleted since it was listed, is left out of the
 * read rather than failing it.
 */
final class AdminAnswers {

	private static final Logger logger = LoggerFactory.getLogger(AdminAnswers.class);

	private final Duration timeout;

	AdminAnswers(Duration timeout) {
		this.timeout = timeout;
	}

	/**
	 * Wait for the answer of each group of a batched request.
	 * @param <V> the answer's type
	 * @param ids the groups
	 * @param answerFor the request's answer for a group
	 * @return the answers by group id, without those that failed
	 */
	<V> Map<String, V> eachGroup(List<String> ids, Function<String, KafkaFuture<V>> answerFor) {
		return each(ids.stream().collect(Collectors.toMap(Function.identity(), answerFor)));
	}

	/**
	 * Wait for each future; leave out those that fail.
	 * @param <K> what each future answers for
	 * @param <V> the answer's type
	 * @param futures the futures
	 * @return the answers, without those that failed
	 */
	<K, V> Map<K, V> each(Map<K, KafkaFuture<V>> futures) {
		Map<K, V> values = new HashMap<>();
		futures.forEach((key, future) -> {
			try {
				values.put(key, get(future));
			}
			catch (IllegalStateException ex) {
				logger.debug("Left {} out of this read: {}", key, ex.getMessage());
			}
		});
		return values;
	}

	/**
	 * Wait for one answer.
	 * @param <T> the answer's type
	 * @param future the answer to come
	 * @return the answer
	 * @throws IllegalStateException if it failed, or did not come in time
	 */
	<T> T get(KafkaFuture<T> future) {
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause().getMessage(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("No answer within " + this.timeout.toMillis() + " ms", ex);
		}
	}

}
