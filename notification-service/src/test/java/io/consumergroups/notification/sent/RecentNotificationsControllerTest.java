package io.consumergroups.notification.sent;

import java.time.Instant;

import io.consumergroups.notification.SentNotification;
import io.consumergroups.notification.TestProperties;
import io.consumergroups.notification.channel.Notification;
import io.consumergroups.notification.config.NotificationProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

@WebMvcTest(RecentNotificationsController.class)
class RecentNotificationsControllerTest {

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private RecentNotifications recent;

	@Test
	void shouldListTheLatestSentNotificationsNewestFirst() {
		// Given (the test keeps 3)
		for (int i = 1; i <= 4; i++) {
			this.recent.add(sent("order-" + i));
		}

		// When / Then
		assertThat(this.mvc.get().uri("/notifications/recent").param("limit", "2")).hasStatusOk()
			.bodyJson()
			.extractingPath("$[*].notification.id")
			.asArray()
			.containsExactly("order-4:confirmation", "order-3:confirmation");
		assertThat(this.mvc.get().uri("/notifications/recent")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.length()")
			.isEqualTo(3);
	}

	private static SentNotification sent(String orderId) {
		Notification.Kind kind = Notification.Kind.CONFIRMATION;
		return new SentNotification(new Notification(Notification.id(orderId, kind), kind, kind.audience(), orderId,
				"customer-1", "subject", "text", null, null), "log", "orders", Instant.parse("2026-03-01T10:00:00Z"));
	}

	@TestConfiguration
	static class Recent {

		@Bean
		RecentNotifications recentNotifications() {
			return new RecentNotifications(TestProperties.withChannel(NotificationProperties.Channel.LOG, null));
		}

	}

}
