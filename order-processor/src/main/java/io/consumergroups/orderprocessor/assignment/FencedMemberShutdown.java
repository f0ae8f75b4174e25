package io.consumergroups.orderprocessor.assignment;

import io.consumergroups.orderprocessor.config.ProcessorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.stereotype.Component;

/**
 * Two replicas started with the same instance id cannot both be members: the group fences
 * one of them (the classic protocol fences the older member, the consumer protocol
 * refuses the newer). Spring Kafka then stops that replica's consumer; a replica without
 * a consumer has nothing left to do, so it says why in one line and shuts down, rather
 * than stay up looking healthy.
 */
@Component
class FencedMemberShutdown {

	private static final Logger logger = LoggerFactory.getLogger(FencedMemberShutdown.class);

	private final ConfigurableApplicationContext context;

	private final String instanceId;

	FencedMemberShutdown(ConfigurableApplicationContext context, ProcessorProperties properties) {
		this.context = context;
		this.instanceId = properties.instanceId();
	}

	@EventListener
	void onConsumerStopped(ConsumerStoppedEvent event) {
		if (event.getReason() == ConsumerStoppedEvent.Reason.FENCED) {
			logger.error("Instance id {} is used by another member of the group: this replica was fenced and stops. "
					+ "Give every replica its own INSTANCE_ID.", this.instanceId);
			// Not on the consumer thread that published the event: closing waits for it.
			new Thread(this.context::close, "fenced-shutdown").start();
		}
	}

}
