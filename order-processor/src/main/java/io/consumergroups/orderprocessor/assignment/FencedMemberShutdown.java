package io.consumergroups.orderprocessor.assignment;

import java.util.concurrent.atomic.AtomicBoolean;

import io.consumergroups.orderprocessor.config.ProcessorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.stereotype.Component;

/**
 * Two replicas started with the same instance id cannot both be members. The classic
 * protocol fences the older one, and Spring Kafka stops its consumer with reason FENCED.
 * A replica without a consumer has nothing left to do: it says why in one line and shuts
 * down, rather than stay up looking healthy.
 * <p>
 * Not an error handler on purpose: a {@code CommonErrorHandler} bean would also take part
 * in the transactional container's handling of failed records, which belongs to the
 * after-rollback processor alone.
 */
@Component
class FencedMemberShutdown {

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
		if (event.getReason() == ConsumerStoppedEvent.Reason.FENCED && this.stopping.compareAndSet(false, true)) {
			logger.error(
					"Instance id {} is used by another member of the group: this replica was fenced by a "
							+ "newer member with the same id and stops. Give every replica its own INSTANCE_ID.",
					this.instanceId);
			// Not on the consumer thread that published the event: closing waits for it.
			new Thread(this.context::close, "fenced-shutdown").start();
		}
	}

}
