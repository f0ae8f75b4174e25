package io.consumergroups.orderprocessor.assignment;

import java.util.concurrent.atomic.AtomicBoolean;

import io.consumergroups.orderprocessor.config.ProcessorProperties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Two replicas started with the same instance id cannot both be members. The classic
 * protocol fences the older one (Spring Kafka stops its consumer with reason FENCED); the
 * consumer protocol refuses the newer one ({@link UnreleasedInstanceIdException} from
 * {@code poll}). Either way a replica without a consumer has nothing left to do: it says
 * why in one line and shuts down, rather than stay up looking healthy or retry for ever.
 * <p>
 * This is the container's error handler for failures outside a record (with transactions,
 * a failed record goes to the after-rollback processor instead); other such failures are
 * left to the default handling.
 */
@Component
class FencedMemberShutdown extends DefaultErrorHandler {

	private static final Logger logger = LoggerFactory.getLogger(FencedMemberShutdown.class);

	private final ConfigurableApplicationContext context;

	private final String instanceId;

	private final AtomicBoolean stopping = new AtomicBoolean();

	FencedMemberShutdown(ConfigurableApplicationContext context, ProcessorProperties properties) {
		this.context = context;
		this.instanceId = properties.instanceId();
	}

	@EventListener
	void onConsumerStopped(ConsumerStoppedEvent event) {
		if (event.getReason() == ConsumerStoppedEvent.Reason.FENCED) {
			shutDown("was fenced by a newer member with the same id");
		}
	}

	@Override
	public void handleOtherException(Exception thrownException, Consumer<?, ?> consumer,
			MessageListenerContainer container, boolean batchListener) {
		if (NestedExceptionUtils.getMostSpecificCause(thrownException) instanceof UnreleasedInstanceIdException) {
			shutDown("was refused: a member with that id is already in the group");
			return;
		}
		super.handleOtherException(thrownException, consumer, container, batchListener);
	}

	private void shutDown(String what) {
		if (this.stopping.compareAndSet(false, true)) {
			logger.error("Instance id {} is used by another member of the group: this replica {} and stops. "
					+ "Give every replica its own INSTANCE_ID.", this.instanceId, what);
			// Not on the consumer thread that told us: closing the context waits for it.
			new Thread(this.context::close, "fenced-shutdown").start();
		}
	}

}
