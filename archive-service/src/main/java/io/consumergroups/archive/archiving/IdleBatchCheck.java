package io.consumergroups.archive.archiving;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.stereotype.Component;

/**
 * Closes batches by age when no record comes: a batch listener is only called with
 * records, so a quiet partition's last orders would otherwise wait for the next one. The
 * container publishes the idle event on its consumer thread every
 * {@code spring.kafka.listener.idle-event-interval} while no record arrives.
 */
@Component
class IdleBatchCheck {

	private static final Logger logger = LoggerFactory.getLogger(IdleBatchCheck.class);

	private final OrderArchiver archiver;

	IdleBatchCheck(OrderArchiver archiver) {
		this.archiver = archiver;
	}

	@EventListener(condition = "event.listenerId.startsWith('" + OrderArchiveListener.ID + "')")
	void onIdle(ListenerContainerIdleEvent event) {
		try {
			this.archiver.writeReady(event.getConsumer());
		}
		catch (RuntimeException ex) {
			// The batch stays as it is, to be written at the next check or record.
			logger.warn("Could not write an aged batch, trying again at the next check: {}", ex.toString());
		}
	}

}
