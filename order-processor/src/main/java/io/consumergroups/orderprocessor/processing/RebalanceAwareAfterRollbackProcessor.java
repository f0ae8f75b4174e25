package io.consumergroups.orderprocessor.processing;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.RebalanceInProgressException;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.ContainerProperties.EOSMode;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.ListenerUtils;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.SeekUtils;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

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
 * <p>
 * Sometimes the next poll cannot complete it. Under cooperative-sticky a member that
 * gives up a partition rejoins the moment it learns its assignment; a member whose
 * SyncGroup reaches the coordinator after that rejoin is refused and must wait for the
 * rebalance's second round. That round ends when every other member has rejoined, which
 * each does at its next heartbeat. Until then each retry is fenced again, at the same
 * generation. Those retries back off ({@code fencedBackOff}, a few milliseconds growing
 * to 100 ms), so that the member does not spin a core rolling the same records back
 * hundreds of times a second; a retry at a new generation is again immediate.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class RebalanceAwareAfterRollbackProcessor<K, V> extends DefaultAfterRollbackProcessor<K, V> {

	private static final LogAccessor logger = new LogAccessor(RebalanceAwareAfterRollbackProcessor.class);

	private final BackOff fencedBackOff;

	/** The last fencing seen on this consumer thread: its generation and back-off. */
	private final ThreadLocal<Fencing> lastFencing = new ThreadLocal<>();

	/**
	 * Create an instance.
	 * @param backOff between retries of a poll that failed for any other reason
	 * @param fencedBackOff between retries fenced again at the same generation
	 */
	public RebalanceAwareAfterRollbackProcessor(BackOff backOff, BackOff fencedBackOff) {
		super(backOff);
		this.fencedBackOff = fencedBackOff;
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public void processBatch(ConsumerRecords<K, V> records, List<ConsumerRecord<K, V>> recordList,
			Consumer<K, V> consumer, MessageListenerContainer container, Exception exception, boolean recoverable,
			EOSMode eosMode) {
		if (fencedByRebalance(exception)) {
			SeekUtils.doSeeksToBegin((List) recordList, consumer, logger);
			long wait = waitBeforeRetry(consumer.groupMetadata().generationId());
			if (wait > 0) {
				logger.debug(() -> "Offsets fenced again at the same generation; polling again in " + wait + " ms");
				sleep(container, wait);
			}
			else {
				logger.info(() -> "Poll of " + partitions(recordList) + " rolled back: a rebalance fenced its offsets "
						+ "(expected while members join or leave). Polling again at once: each record is processed "
						+ "by whichever member owns its partition after the rebalance");
			}
			return;
		}
		super.processBatch(records, recordList, consumer, container, exception, recoverable, eosMode);
	}

	@Override
	public void clearThreadState() {
		this.lastFencing.remove();
		super.clearThreadState();
	}

	/**
	 * How long to wait before polling again after a fencing.
	 * @param generation the member's generation (member epoch under the consumer
	 * protocol) that sent the fenced offsets
	 * @return 0 the first time a generation is fenced, else the next back-off
	 */
	long waitBeforeRetry(int generation) {
		Fencing last = this.lastFencing.get();
		if (last == null || last.generation() != generation) {
			this.lastFencing.set(new Fencing(generation, this.fencedBackOff.start()));
			return 0;
		}
		long next = last.backOff().nextBackOff();
		return (next == BackOffExecution.STOP) ? 0 : next;
	}

	private static String partitions(List<? extends ConsumerRecord<?, ?>> records) {
		return records.stream()
			.map((record) -> record.topic() + "-" + record.partition())
			.distinct()
			.sorted()
			.collect(Collectors.joining(", "));
	}

	/**
	 * Whether a rebalance caused this failure: the offsets were sent with a generation
	 * (or member epoch) that is no longer the member's.
	 * @param exception the failure, or {@code null}
	 * @return {@code true} if it, or one of its causes, says so
	 */
	public static boolean fencedByRebalance(Throwable exception) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (cause instanceof CommitFailedException || cause instanceof RebalanceInProgressException
					|| cause instanceof IllegalGenerationException) {
				return true;
			}
		}
		return false;
	}

	private static void sleep(MessageListenerContainer container, long millis) {
		try {
			ListenerUtils.stoppableSleep(container, millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Fencing(int generation, BackOffExecution backOff) {
	}

}
