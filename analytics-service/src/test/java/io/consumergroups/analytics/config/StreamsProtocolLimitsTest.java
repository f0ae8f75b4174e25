package io.consumergroups.analytics.config;

import java.util.Properties;

import org.apache.kafka.streams.GroupProtocol;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class StreamsProtocolLimitsTest {

	@Test
	void shouldRunTheServicesOwnConfigurationUnderEitherProtocol() {
		// Given the settings of analytics-service.yml that concern the group
		Properties config = config("processing.guarantee", "exactly_once_v2", "num.standby.replicas", "0");

		// When / Then
		assertThatNoException().isThrownBy(() -> StreamsProtocolLimits.check(GroupProtocol.CLASSIC, config));
		assertThatNoException().isThrownBy(() -> StreamsProtocolLimits.check(GroupProtocol.STREAMS, config));
	}

	@Test
	void shouldRefuseStaticMembershipUnderTheStreamsProtocolWhateverItsPrefix() {
		// Given
		Properties config = config("main.consumer.group.instance.id", "analytics-1");

		// When / Then
		assertThatNoException().isThrownBy(() -> StreamsProtocolLimits.check(GroupProtocol.CLASSIC, config));
		assertThatIllegalStateException().isThrownBy(() -> StreamsProtocolLimits.check(GroupProtocol.STREAMS, config))
			.withMessage("analytics.group.protocol=streams cannot run with main.consumer.group.instance.id:"
					+ " the streams protocol has no static membership in Kafka 4.2");
	}

	@Test
	void shouldRefuseClientSideStandbysUnderTheStreamsProtocolRatherThanRunWithoutThem() {
		// Given
		Properties config = config("num.standby.replicas", 1);

		// When / Then
		assertThatNoException().isThrownBy(() -> StreamsProtocolLimits.check(GroupProtocol.CLASSIC, config));
		assertThatIllegalStateException().isThrownBy(() -> StreamsProtocolLimits.check(GroupProtocol.STREAMS, config))
			.withMessageContaining("num.standby.replicas=1: the streams protocol ignores it")
			.withMessageContaining("streams.num.standby.replicas");
	}

	@Test
	void shouldRefuseARawGroupProtocolThatContradictsTheServicesOwn() {
		// Given
		Properties config = config("group.protocol", "classic", "group.instance.id", "analytics-1");

		// When / Then: every refused setting is named at once
		assertThatNoException().isThrownBy(() -> StreamsProtocolLimits.check(GroupProtocol.CLASSIC, config));
		assertThatIllegalStateException().isThrownBy(() -> StreamsProtocolLimits.check(GroupProtocol.STREAMS, config))
			.withMessageContaining("group.protocol=classic conflicts with analytics.group.protocol=streams")
			.withMessageContaining("group.instance.id: the streams protocol has no static membership");
	}

	private static Properties config(Object... keysAndValues) {
		Properties config = new Properties();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			config.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return config;
	}

}
