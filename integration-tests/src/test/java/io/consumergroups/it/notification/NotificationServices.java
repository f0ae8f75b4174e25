package io.consumergroups.it.notification;

import java.util.ArrayList;
import java.util.List;

import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import io.consumergroups.notification.NotificationServiceApplication;

/**
 * Starts notification-service replicas for the tests, posting to a
 * {@link WebhookReceiver}.
 */
final class NotificationServices {

	static final String GROUP = "notification-service";

	private NotificationServices() {
	}

	/**
	 * Start a replica with the webhook channel and short retry delays.
	 * @param kafka the cluster
	 * @param instanceId the replica's name
	 * @param receiver where to post
	 * @param properties more properties
	 * @return the running replica
	 */
	static RunningService webhook(TestKafka kafka, String instanceId, WebhookReceiver receiver, String... properties) {
		List<String> all = new ArrayList<>(
				List.of("notifications.instance-id=" + instanceId, "notifications.channel=webhook",
						"notifications.webhook.url=" + receiver.url(), "notifications.webhook.retry.delay=50ms"));
		all.addAll(List.of(properties));
		return RunningService.start(NotificationServiceApplication.class, "notification-service", kafka,
				all.toArray(String[]::new));
	}

}
