package io.consumergroups.orderprocessor.config;

import io.consumergroups.events.DeadLetterPublisher;
import io.consumergroups.events.DeadLetters;
import io.consumergroups.events.Topics;
import io.consumergroups.orderprocessor.logging.ExpectedRollbackLogFilter;
import io.consumergroups.orderprocessor.processing.RebalanceAwareAfterRollbackProcessor;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What happens to an order that cannot be processed, and to a poll whose transaction
 * fails.
 * <ul>
 * <li>A record that can never be processed goes to {@code orders.DLT}, as it was, with
 * the cause in headers: the listener hands it to the {@link ConsumerRecordRecoverer}
 * below inside the poll's transaction, so the dead letter and the offset past it are
 * committed together.</li>
 * <li>Anything else rolls the poll's transaction back; the {@link AfterRollbackProcessor}
 * seeks every partition of the poll back to its first record and waits, with a growing
 * back-off, before the next attempt; when a rebalance fenced the poll's offsets it polls
 * again at once, and only backs off, briefly, when the same generation is fenced again
 * ({@link RebalanceAwareAfterRollbackProcessor}). It never skips a record: only the
 * listener decides that a record is dead.</li>
 * </ul>
 * Neither is a {@code CommonErrorHandler}: in a transactional container such a handler
 * would take over failed listener calls from the after-rollback processor. Run
 * at-least-once ({@code orders.processor.exactly-once=false}), there is nothing to roll
 * back, and a {@code CommonErrorHandler} retries a failed poll instead, with the same
 * back-off and the same promise: no record is skipped but by the listener.
 */
@Configuration(proxyBeanMethods = false)
class ErrorHandlingConfig {

	/**
	 * Same partition number as the original: the DLT has as many partitions as orders. A
	 * dead letter is cut to fit its topic ({@link DeadLetterPublisher}): a record near 1
	 * MB would otherwise make a dead letter too large to send, and the poll that carries
	 * it would be retried for ever.
	 * @param template the transactional template
	 * @return the recoverer the listener hands malformed records to
	 */
	@Bean
	DeadLetterPublisher deadLetters(KafkaTemplate<Object, Object> template) {
		return DeadLetterPublisher.toSamePartition(template, Topics.ORDERS_DLT);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "orders.processor.exactly-once", matchIfMissing = true)
	AfterRollbackProcessor<Object, Object> retryingAfterRollbackProcessor() {
		// A member fenced again at the same generation waits for the rebalance's next
		// round: poll again every 10, 20, 40, 80, then 100 ms, not hundreds of times a
		// second, and at most 100 ms late for it.
		var fencedBackOff = new ExponentialBackOff(10, 2);
		fencedBackOff.setMaxInterval(100);
		return new RebalanceAwareAfterRollbackProcessor<>(failedPollBackOff(), fencedBackOff);
	}

	/**
	 * A rollback that a rebalance caused is expected: the after-rollback processor says
	 * so at INFO, and Spring Kafka's ERROR line with its stack trace is left out.
	 * @return the log filter
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "orders.processor.exactly-once", matchIfMissing = true)
	ExpectedRollbackLogFilter expectedRollbackLogFilter() {
		return new ExpectedRollbackLogFilter();
	}

	/**
	 * At-least-once only. A poll that fails (a status not acknowledged, a broker away) is
	 * run again, whole, after the back-off; its offsets are committed only once it
	 * succeeds, so the statuses already sent are sent again (at least once), and none is
	 * lost. It retries for as long as it takes: giving up would skip the poll.
	 * @return the error handler
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "orders.processor.exactly-once", havingValue = false)
	CommonErrorHandler retryingErrorHandler() {
		return new DefaultErrorHandler(failedPollBackOff());
	}

	/** 200 ms, doubling up to 5 s, without end. */
	private static ExponentialBackOff failedPollBackOff() {
		var backOff = new ExponentialBackOff(200, 2);
		backOff.setMaxInterval(5_000);
		return backOff;
	}

	/**
	 * One producer writes both {@code order-status} (JSON) and {@code orders.DLT}. A
	 * record that failed deserialization reaches the recoverer as its original bytes,
	 * which must be written as they are, not as JSON.
	 * @return a customizer that serializes byte arrays raw and everything else as JSON
	 */
	@Bean
	DefaultKafkaProducerFactoryCustomizer rawBytesOrJsonValues() {
		return DeadLetters::writeRawBytesOrJson;
	}

}
