package io.consumergroups.demo;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DemoOptionsTest {

	@Test
	void shouldRunThreeProcessorsOnThreeBrokersAtTwentyOrdersPerSecondByDefault() {
		// When
		DemoOptions options = DemoOptions.parse();

		// Then
		assertThat(options)
			.isEqualTo(new DemoOptions(3, 3, 20, "classic", Optional.empty(), true, true, Optional.empty()));
	}

	@Test
	void shouldReadEveryOption() {
		// When
		DemoOptions options = DemoOptions.parse("--processors", "8", "--brokers", "1", "--rate", "0", "--protocol",
				"consumer", "--for", "2m", "--dynamic", "--no-fanout", "--session-timeout", "45s");

		// Then
		assertThat(options).isEqualTo(new DemoOptions(8, 1, 0, "consumer", Optional.of(Duration.ofMinutes(2)), false,
				false, Optional.of(Duration.ofSeconds(45))));
	}

	@Test
	void shouldSecureTheClusterOnlyWhenAsked() {
		// When
		DemoOptions plain = DemoOptions.parse("--processors", "2");
		DemoOptions secure = DemoOptions.parse("--processors", "2", "--secure", "--no-fanout");

		// Then
		assertThat(plain.secure()).isFalse();
		assertThat(secure).isEqualTo(
				new DemoOptions(2, 3, 20, "classic", Optional.empty(), true, false, Optional.empty(), true, false));
	}

	@Test
	void shouldRunAShareGroupOnlyWhenAskedAndWithTheOtherOptionsAsUsual() {
		// When
		DemoOptions consumerGroup = DemoOptions.parse("--processors", "12");
		DemoOptions shareGroup = DemoOptions.parse("--share", "--processors", "12", "--rate=50", "--no-fanout", "--for",
				"60s");

		// Then
		assertThat(consumerGroup.share()).isFalse();
		assertThat(shareGroup).isEqualTo(new DemoOptions(12, 3, 50, "classic", Optional.of(Duration.ofSeconds(60)),
				true, false, Optional.empty(), false, true));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			--share --protocol consumer     | --protocol
			--protocol=classic --share      | --protocol
			--share --dynamic               | --dynamic
			--share --session-timeout 30s   | --session-timeout
			""")
	void shouldRefuseConsumerGroupOptionsWithAShareGroupInsteadOfIgnoringThem(String commandLine, String option) {
		// When, then
		assertThatIllegalArgumentException().isThrownBy(() -> DemoOptions.parse(commandLine.split(" +")))
			.withMessageStartingWith("--share cannot be combined with " + option + ": it configures a consumer group");
	}

	@Test
	void shouldRunAShareGroupOnTheSecuredCluster() {
		// When
		DemoOptions options = DemoOptions.parse("--secure", "--share");

		// Then
		assertThat(options.secure()).isTrue();
		assertThat(options.share()).isTrue();
	}

	@Test
	void shouldReadValuesAfterAnEqualsSign() {
		// When
		DemoOptions options = DemoOptions.parse("--processors=4", "--for=45s");

		// Then
		assertThat(options.processors()).isEqualTo(4);
		assertThat(options.runFor()).contains(Duration.ofSeconds(45));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			--bogus 1              | Unknown option: --bogus
			--processors           | Missing value for --processors
			--processors 0         | --processors takes a number from 1 to 12, not '0'
			--processors 13        | --processors takes a number from 1 to 12, not '13'
			--processors three     | --processors takes a number from 1 to 12, not 'three'
			--brokers 2            | --brokers takes 1 or 3, not '2'
			--rate -1              | --rate takes a number from 0 to 100000, not '-1'
			--protocol cooperative | --protocol takes classic or consumer, not 'cooperative'
			--for soon             | Not a duration: 'soon' (expected e.g. 45s, 2m, 1m30s, 500ms)
			""")
	void shouldRejectBadArgumentsWithAMessageForTheUser(String commandLine, String message) {
		// When, then
		assertThatIllegalArgumentException().isThrownBy(() -> DemoOptions.parse(commandLine.split(" ")))
			.withMessage(message);
	}

	@ParameterizedTest
	@CsvSource({ "45s, PT45S", "2m, PT2M", "1m30s, PT1M30S", "1h, PT1H", "500ms, PT0.5S", "90, PT1M30S", "2M, PT2M" })
	void shouldReadDurations(String text, Duration expected) {
		// When, then
		assertThat(DemoOptions.parseDuration(text)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "s", "0s", "5x", "1.5m", "m30", "30s1", "-5s" })
	void shouldRejectWhatIsNotAPositiveDuration(String text) {
		// When, then
		assertThatIllegalArgumentException().isThrownBy(() -> DemoOptions.parseDuration(text))
			.withMessageStartingWith("Not a duration");
	}

}
