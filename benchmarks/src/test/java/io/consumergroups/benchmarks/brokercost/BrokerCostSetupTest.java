package io.consumergroups.benchmarks.brokercost;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BrokerCostSetupTest {

	@Test
	void shouldReadReplicasAndPropertiesOfASetup() {
		// When
		BrokerCost.Setup setup = BrokerCost.Setup
			.parse("processor-eos:3,spring.kafka.producer.properties.retry.backoff.ms=100");

		// Then
		assertThat(setup.kind()).isEqualTo("processor-eos");
		assertThat(setup.replicas()).isEqualTo(3);
		assertThat(setup.processor()).isTrue();
		assertThat(setup.properties()).containsExactly("spring.kafka.producer.properties.retry.backoff.ms=100");
	}

	@Test
	void shouldRunOneConsumerUnlessToldOtherwise() {
		// When
		BrokerCost.Setup setup = BrokerCost.Setup.parse("plain-eos");

		// Then
		assertThat(setup.replicas()).isEqualTo(1);
		assertThat(setup.processor()).isFalse();
		assertThat(setup.properties()).isEqualTo(List.of());
	}

	@Test
	void shouldRefuseAnUnknownSetupByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> BrokerCost.Setup.parse("processor-exactly-once:3"))
			.withMessageContaining("processor-exactly-once:3");
	}

}
