package io.consumergroups.benchmarks.report;

import java.util.List;

import io.consumergroups.benchmarks.harness.Samples;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResultTableTest {

	@Test
	void shouldWriteOneLinePerResultWithMedianSpreadCountAndVerdict() {
		// Given
		List<Result> results = List.of(
				Result.of("P1", "plain loop", "200,000 orders", Samples.of(12_000, 12_400, 13_100),
						Unit.ORDERS_PER_SECOND),
				Result.of("P1", "ratio", "same run", Samples.of(0.93, 0.95, 0.97), Unit.RATIO)
					.withAim(Aim.atLeast(0.9, Unit.RATIO)),
				Result.of("P3", "stall", "3 → 4", Samples.of(80), Unit.MILLISECONDS)
					.withAim(Aim.atMost(50, Unit.MILLISECONDS)));

		// When
		String table = ResultTable.markdown(results);

		// Then
		assertThat(table.lines()).containsExactly("| | What | Setting | Median | Spread (min–max) | n | Aim | |",
				"|---|---|---|---:|---|---:|---|---|",
				"| P1 | plain loop | 200,000 orders | 12,400 orders/s | 12,000–13,100 | 3 |  |  |",
				"| P1 | ratio | same run | 0.95× | 0.93–0.97 | 3 | ≥ 0.90× | met |",
				"| P3 | stall | 3 → 4 | 80 ms | — | 1 | ≤ 50 ms | missed |");
	}

	@Test
	void shouldSayNotAvailableForAResultThatCouldNotBeMeasured() {
		// Given
		Result result = Result.of("P4", "failover", "a | b", Samples.none(), Unit.SECONDS)
			.withAim(Aim.atMost(12, Unit.SECONDS));

		// When
		String line = ResultTable.markdown(List.of(result)).lines().skip(2).findFirst().orElseThrow();

		// Then: no verdict without a measurement, and the pipe does not break the table
		assertThat(line).isEqualTo("| P4 | failover | a \\| b | n/a | — | 0 | ≤ 12.0 s |  |");
	}

	@Test
	void shouldCallAStallNotObservableRatherThanMissedWhenOrdersArrivedFurtherApartThanTheAim() {
		// Given the same stall of 80 ms, once seen through orders at most 5 ms apart,
		// once through orders up to 100 ms apart in one of its repetitions, and a short
		// one seen through orders 100 ms apart
		Aim aim = Aim.atMost(50, Unit.MILLISECONDS);
		List<Result> results = List.of(
				Result.of("P3", "dense", "1,200/s", Samples.of(80, 82), Unit.MILLISECONDS)
					.withAim(aim)
					.withResolution(5),
				Result.of("P3", "sparse", "60/s", Samples.of(80, 82), Unit.MILLISECONDS)
					.withAim(aim)
					.withResolution(100),
				Result.of("P3", "short, sparse", "60/s", Samples.of(16), Unit.MILLISECONDS)
					.withAim(aim)
					.withResolution(100),
				Result.of("P3", "at the aim", "", Samples.of(16), Unit.MILLISECONDS).withAim(aim).withResolution(50));

		// When
		List<String> verdicts = results.stream().map(Result::verdict).toList();

		// Then: only a window whose orders came at most 50 ms apart can judge a 50 ms aim
		assertThat(verdicts).containsExactly("missed", "not observable", "not observable", "met");
		assertThat(ResultTable.markdown(results))
			.contains("| P3 | sparse | 60/s | 81 ms | 80–82 | 2 | ≤ 50 ms | not observable |");
	}

	@Test
	void shouldFormatEachUnit() {
		assertThat(Unit.ORDERS_PER_SECOND.format(1234.6)).isEqualTo("1,235 orders/s");
		assertThat(Unit.MILLISECONDS.format(38.4)).isEqualTo("38 ms");
		assertThat(Unit.SECONDS.format(11.25)).isEqualTo("11.3 s");
		assertThat(Unit.RATIO.format(0.9)).isEqualTo("0.90×");
		assertThat(Unit.RATIO.format(0.0012)).isEqualTo("0.0012×");
		assertThat(Unit.COUNT.format(2)).isEqualTo("2");
	}

}
