package io.consumergroups.benchmarks;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BenchmarkOptionsTest {

	@Test
	void shouldRunEverythingThreeTimesByDefault() {
		// When
		BenchmarkOptions options = BenchmarkOptions.parse();

		// Then
		assertThat(options.measures()).containsExactly("P1", "P2", "P3", "P4", "P5");
		assertThat(options.settings().repeat()).isEqualTo(3);
		assertThat(options.settings().eventRepeat()).isEqualTo(3);
		assertThat(options.settings().killRepeat()).isEqualTo(3);
		assertThat(options.latencyBrokers()).isEqualTo(3);
		assertThat(options.outputDirectory()).isEqualTo(Path.of("docs", "benchmarks"));
		assertThat(options.settings().failoverSessionTimeouts()).containsExactly(Duration.ofSeconds(6),
				Duration.ofSeconds(10), Duration.ofSeconds(45));
	}

	@Test
	void shouldFailOverWithTheSessionTimeoutsAsked() {
		// When
		BenchmarkOptions options = BenchmarkOptions.parse("--failover-timeouts", "10, 30");

		// Then
		assertThat(options.settings().failoverSessionTimeouts()).containsExactly(Duration.ofSeconds(10),
				Duration.ofSeconds(30));
	}

	@Test
	void shouldRunOnceWithShortWindowsInQuickMode() {
		// When
		BenchmarkOptions options = BenchmarkOptions.parse("--quick", "--only", "p1,P4", "--events", "2");

		// Then
		assertThat(options.settings().repeat()).isEqualTo(1);
		assertThat(options.settings().eventRepeat()).isEqualTo(2);
		assertThat(options.settings().killRepeat()).isEqualTo(1);
		assertThat(options.measures()).containsExactly("P1", "P4");
		assertThat(options.runs("P2")).isFalse();
	}

	@Test
	void shouldRefuseUnknownOptionsAndMeasures() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--fast"));
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--only", "P9"));
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--repeat", "0"));
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--latency-brokers", "2"));
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--failover-timeouts", "6,x"));
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse("--failover-timeouts", "6,45"));
	}

}
