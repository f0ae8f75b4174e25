package io.consumergroups.orderprocessor.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.spi.FilterReply;
import io.consumergroups.events.logging.InstalledTurboFilter;
import io.consumergroups.orderprocessor.processing.RebalanceAwareAfterRollbackProcessor;
import org.slf4j.Marker;

import org.springframework.kafka.listener.KafkaMessageListenerContainer;

/**
 * Keeps an expected rollback out of the ERROR log. When a rebalance gives the member a
 * new generation, the poll's transaction cannot commit its offsets and is rolled back:
 * that is how exactly-once hands partitions over, and it happens at every scale-up or
 * scale-down. Spring Kafka's container logs each such rollback at ERROR, with a stack
 * trace ("Transaction rolled back"), which tells a reader that something is wrong when
 * nothing is. This filter drops exactly those lines, the rollbacks whose cause is a
 * rebalance ({@link RebalanceAwareAfterRollbackProcessor#fencedByRebalance}); the
 * after-rollback processor says what happened at INFO instead. Every other rollback is
 * still logged at ERROR.
 */
public class ExpectedRollbackLogFilter extends InstalledTurboFilter {

	private static final String CONTAINER_LOGGER = KafkaMessageListenerContainer.class.getName();

	private static final String ROLLED_BACK = "Transaction rolled back";

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
			Throwable throwable) {
		boolean expected = level == Level.ERROR && ROLLED_BACK.equals(format)
				&& CONTAINER_LOGGER.equals(logger.getName())
				&& RebalanceAwareAfterRollbackProcessor.fencedByRebalance(throwable);
		return expected ? FilterReply.DENY : FilterReply.NEUTRAL;
	}

}
