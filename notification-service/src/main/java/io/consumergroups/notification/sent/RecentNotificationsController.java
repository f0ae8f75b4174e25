package io.consumergroups.notification.sent;

import java.util.List;

import io.consumergroups.notification.SentNotification;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /notifications/recent?limit=N}: what this replica sent last, newest first.
 */
@RestController
class RecentNotificationsController {

	private final RecentNotifications recent;

	RecentNotificationsController(RecentNotifications recent) {
		this.recent = recent;
	}

	@GetMapping("/notifications/recent")
	List<SentNotification> recent(@RequestParam(defaultValue = "20") int limit) {
		return this.recent.latest(Math.max(limit, 0));
	}

}
