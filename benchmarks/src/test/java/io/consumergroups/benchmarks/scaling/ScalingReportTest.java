package io.consumergroups.benchmarks.scaling;

import java.util.List;

import io.consumergroups.benchmarks.harness.RunSettings;
import io.consumergroups.benchmarks.harness.Samples;
import io.consumergroups.benchmarks.report.ChartSpec;
import io.consumergroups.benchmarks.report.ResultTable;
import io.consumergroups.benchmarks.report.Section;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScalingReportTest {

	private static final String CONSUMER = "6 partitions, 5 ms work/order, 1 broker";

	private static final String SHARE = "share group, 6 partitions, 5 ms work/order, 1 broker";

	/** Two windows at each of 1, 2, 3, 6 and 8 replicas. */
	private static final List<Samples> THROUGHPUT = List.of(Samples.of(190, 200), Samples.of(380, 396),
			Samples.of(560, 590), Samples.of(1_100, 1_160), Samples.of(1_090, 1_150));

	private final ScalingReport report = new ScalingReport(RunSettings.full(2));

	@Test
	void shouldWriteTheConsumerGroupsCurveThenTheShareGroupsStepsBesideIt() {
		// Given share groups of 6 and 12 members
		List<ShareStep> share = List.of(new ShareStep(6, Samples.of(1_080, 1_120), 20_000, 0, 0),
				new ShareStep(12, Samples.of(2_000, 2_100), 40_000, 120, 30));

		// When
		Section section = this.report.section(THROUGHPUT, 2, share, null);

		// Then
		assertThat(ResultTable.markdown(section.results()).lines().skip(2)).containsExactly(
				"| P2 | throughput, 1 replica | " + CONSUMER + " | 195 orders/s | 190–200 | 2 |  |  |",
				"| P2 | throughput, 2 replicas | " + CONSUMER + " | 388 orders/s | 380–396 | 2 |  |  |",
				"| P2 | throughput, 3 replicas | " + CONSUMER + " | 575 orders/s | 560–590 | 2 |  |  |",
				"| P2 | throughput, 6 replicas | " + CONSUMER + " | 1,130 orders/s | 1,100–1,160 | 2 |  |  |",
				"| P2 | throughput, 8 replicas | " + CONSUMER + " | 1,120 orders/s | 1,090–1,150 | 2 |  |  |",
				"| P2 | efficiency, 2 replicas | throughput(2) / (2 × throughput(1)) | 0.99× | 0.97–1.02 | 2 | ≥ 0.90× | met |",
				"| P2 | efficiency, 3 replicas | throughput(3) / (3 × throughput(1)) | 0.98× | 0.96–1.01 | 2 | ≥ 0.90× | met |",
				"| P2 | efficiency, 6 replicas | throughput(6) / (6 × throughput(1)) | 0.97× | 0.94–0.99 | 2 | ≥ 0.90× | met |",
				"| P2 | efficiency, 8 replicas | throughput(8) / (8 × throughput(1)) | 0.72× | 0.70–0.74 | 2 |  |  |",
				"| P2 | throughput 8 / throughput 6 | more replicas than partitions | 0.99× | 0.96–1.02 | 2 | ≥ 0.90× | met |",
				"| P2 | idle replicas at 8 | 8 replicas, 6 partitions | 2 | — | 1 |  |  |",
				"| P2 | throughput, share group of 6 | " + SHARE + " | 1,100 orders/s | 1,080–1,120 | 2 |  |  |",
				"| P2 | throughput, share group of 12 | " + SHARE + " | 2,050 orders/s | 2,000–2,100 | 2 |  |  |",
				"| P2 | share group of 12 / consumer group of 6 | 6 partitions: past them, only a share group scales | 1.81× | 1.72–1.91 | 3 | ≥ 1.80× | met |",
				"| P2 | overtaken orders, share group of 6 | of 20,000 statuses in the step (0.0%; 0 of later deliveries) | 0 | — | 1 |  |  |",
				"| P2 | overtaken orders, share group of 12 | of 40,000 statuses in the step (0.3%; 30 of later deliveries) | 120 | — | 1 |  |  |");
		assertThat(section.charts()).extracting(ChartSpec::fileName)
			.containsExactly("p2-scaling.png", "p2-efficiency.png", "p2-share.png");
		assertThat(section.notes()).hasSize(3);
		assertThat(section.notes().get(2)).startsWith("Share group (orders.processor.group.type=share)");
	}

	@Test
	void shouldLeaveTheShareGroupOutButSayWhyWhenItFailedBeforeItsFirstStep() {
		// When
		Section section = this.report.section(THROUGHPUT, -1, List.of(),
				"Share group: the step after 0 measured " + "failed: java.lang.IllegalStateException: no share group");

		// Then: the consumer group's curve stands on its own
		assertThat(section.results()).hasSize(11)
			.allSatisfy((result) -> assertThat(result.what()).doesNotContain("share"));
		assertThat(section.results().get(10).samples().isEmpty()).isTrue();
		assertThat(section.charts()).extracting(ChartSpec::fileName)
			.containsExactly("p2-scaling.png", "p2-efficiency.png");
		assertThat(section.notes()).last()
			.isEqualTo(
					"Share group: the step after 0 measured failed: java.lang.IllegalStateException: no share group");
	}

}
