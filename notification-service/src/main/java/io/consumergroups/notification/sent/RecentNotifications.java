package io.consumergroups.notification.sent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

import io.consumergroups.notification.SentNotification;
import io.consumergroups.notification.config.NotificationProperties;

import org.springframework.stereotype.Component;

/**
 * The last notifications this replica sent, for humans: kept in memory, lost on restart.
 */
@Component
public class RecentNotifications {

	private final int capacity;

	private final Deque<SentNotification> latest = new ArrayDeque<>();

	public RecentNotifications(NotificationProperties properties) {
		this.capacity = properties.recent();
	}

	/**
	 * Keep a notification that was just sent, dropping the oldest kept one if full.
	 * @param sent the notification
	 */
	public synchronized void add(SentNotification sent) {
		this.latest.addFirst(sent);
		if (this.latest.size() > this.capacity) {
			this.latest.removeLast();
		}
	}

	/**
	 * The latest sent notifications.
	 * @param limit how many at most
	 * @return the latest first
	 */
	public synchronized List<SentNotification> latest(int limit) {
		List<SentNotification> latest = new ArrayList<>();
		Iterator<SentNotification> newestFirst = this.latest.iterator();
		while (newestFirst.hasNext() && latest.size() < limit) {
			latest.add(newestFirst.next());
		}
		return latest;
	}

}
