package io.consumergroups.notification.channel;

import java.net.URI;

import io.consumergroups.notification.TestProperties;
import io.consumergroups.notification.config.NotificationProperties.Channel;
import org.junit.jupiter.api.Test;

import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ChannelConfigTest {

	@Test
	void shouldDeliverThroughTheLogByDefault() {
		NotificationChannel channel = ChannelConfig.select(TestProperties.withChannel(Channel.LOG, null), () -> null);

		assertThat(channel).isInstanceOf(LogChannel.class);
		assertThat(channel.name()).isEqualTo("log");
	}

	@Test
	void shouldDeliverThroughAWebhookWhenItHasAUrl() {
		NotificationChannel channel = ChannelConfig
			.select(TestProperties.withChannel(Channel.WEBHOOK, URI.create("http://localhost:9/hook")), () -> null);

		assertThat(channel).isInstanceOf(WebhookChannel.class);
		assertThat(channel.name()).isEqualTo("webhook");
	}

	@Test
	void shouldRefuseToStartAWebhookChannelWithoutUrl() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChannelConfig.select(TestProperties.withChannel(Channel.WEBHOOK, null), () -> null))
			.withMessageContaining("notifications.webhook.url");
	}

	@Test
	void shouldDeliverByEmailThroughTheConfiguredMailSender() {
		NotificationChannel channel = ChannelConfig.select(TestProperties.withChannel(Channel.EMAIL, null),
				JavaMailSenderImpl::new);

		assertThat(channel).isInstanceOf(EmailChannel.class);
		assertThat(channel.name()).isEqualTo("email");
	}

	@Test
	void shouldRefuseToStartAnEmailChannelWithoutSmtpServer() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ChannelConfig.select(TestProperties.withChannel(Channel.EMAIL, null), () -> null))
			.withMessageContaining("spring.mail.host");
	}

}
