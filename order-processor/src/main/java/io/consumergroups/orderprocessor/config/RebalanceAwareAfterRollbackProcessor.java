package io.consumergroups.orderprocessor.config;

import java.util.List;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.RebalanceInProgressException;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.ContainerProperties.EOSMode;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.SeekUtils;
import org.springframework.util.backoff.BackOff;

/**
 * Retries a rolled-back poll: at once when a rebalance fenced its offsets, else after a
 * back-off. Never skips a record.
 * <p>
 * Under the classic protocol a rebalance gives every member a new generation, also the
 * members whose partitions do not move, and a transaction that sent its offsets with the
 * old generation fails ({@link CommitFailedException}, KIP-447 fencing). Nothing is wrong
 * with the records: the next poll completes the member's part in the rebalance, and then
 * the poll's records, where they are still this member's, can be committed. Waiting
 * before that poll would only stall the partitions that did not move.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
class RebalanceAwareAfterRollbackProcessor<K, V> extends DefaultAfterRollbackProcessor<K, V> {

	private static final LogAccessor logger = new LogAccessor(RebalanceAwareAfterRollbackProcessor.class);

	RebalanceAwareAfterRollbackProcessor(BackOff backOff) {
		super(backOff);
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public void processBatch(ConsumerRecords<K, V> records, List<ConsumerRecord<K, V>> recordList,
			Consumer<K, V> consumer, MessageListenerContainer container, Exception exception, boolean recoverable,
			EOSMode eosMode) {
		if (fencedByRebalance(exception)) {
			logger.debug(() -> "Offsets fenced by a rebalance; polling again at once");
			SeekUtils.doSeeksToBegin((List) recordList, consumer, logger);
			return;
		}
		super.processBatch(records, recordList, consumer, container, exception, recoverable, eosMode);
	}

	static boolean fencedByRebalance(Throwable exception) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (cause instanceof CommitFailedException || cause instanceof RebalanceInProgressException
					|| cause instanceof IllegalGenerationException) {
				return true;
			}
		}
		return false;
	}

}
