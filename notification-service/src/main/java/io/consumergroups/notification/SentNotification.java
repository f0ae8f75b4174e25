package io.consumergroups.notification;

import java.time.Instant;

import io.consumergroups.notification.channel.Notification;

/**
 * A notification that was sent: the value of every record on
 * {@link NotificationTopics#SENT}, keyed by {@link Notification#id()}.
 *
 * @param notification what was sent
 * @param channel through which channel, e.g. {@code webhook}
 * @param sourceTopic the topic of the record the notification was sent for; with the
 * record's partition (the same number as this record's), it says which input partition
 * this belongs to
 * @param sentAt when it was first sent
 */
public record SentNotification(Notification notification, String channel, String sourceTopic, Instant sentAt) {

}
