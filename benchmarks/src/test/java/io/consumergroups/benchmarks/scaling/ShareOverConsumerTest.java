package io.consumergroups.benchmarks.scaling;

import io.consumergroups.benchmarks.harness.Samples;
import io.consumergroups.benchmarks.report.Result;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ShareOverConsumerTest {

	@Test
	void shouldMeetTheAimAtNineTenthsOfTheDouble() {
		// Given
		Samples shareOfTwelve = Samples.of(2_100, 2_160, 2_200);
		Samples consumerOfSix = Samples.of(1_150, 1_200, 1_210);

		// When
		Result result = ScalingReport.shareOverConsumer(shareOfTwelve, consumerOfSix);

		// Then
		assertThat(result.samples().median()).isCloseTo(1.8, within(1e-9));
		assertThat(result.aim().describe()).isEqualTo("≥ 1.80×");
		assertThat(result.verdict()).isEqualTo("met");
	}

	@Test
	void shouldMissTheAimWhenTheShareGroupDoesNotScalePastThePartitions() {
		// Given: 12 share members no faster than 6 consumers
		Samples shareOfTwelve = Samples.of(1_700, 2_000, 2_150);
		Samples consumerOfSix = Samples.of(1_150, 1_200, 1_210);

		// When
		Result result = ScalingReport.shareOverConsumer(shareOfTwelve, consumerOfSix);

		// Then
		assertThat(result.samples().median()).isCloseTo(2_000.0 / 1_200, within(1e-9));
		assertThat(result.verdict()).isEqualTo("missed");
	}

	@Test
	void shouldHaveNoVerdictWhenEitherGroupWasNotMeasured() {
		// When
		Result result = ScalingReport.shareOverConsumer(Samples.none(), Samples.of(1_200));

		// Then
		assertThat(result.samples().isEmpty()).isTrue();
		assertThat(result.verdict()).isEmpty();
	}

}
