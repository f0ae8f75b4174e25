package io.consumergroups.benchmarks.harness;

import java.time.Duration;

import io.consumergroups.benchmarks.harness.CpuUse.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class CpuUseTest {

	@Test
	void shouldTellBrokersAndReplicasByTheirCommandLines() {
		assertThat(Role
			.of("/usr/bin/java -Xmx256m -cp a.jar io.consumergroups.kafkalocal.KafkaNodeMain server.properties"))
			.isEqualTo(Role.BROKERS);
		assertThat(Role.of("/usr/bin/java -Xms256m -Xmx512m -Dkafka.logs.dir=/tmp/kafka-local-1/node-1 -cp"))
			.isEqualTo(Role.BROKERS);
		assertThat(Role.of("/usr/bin/java -jar app.jar --server.port=0 --orders.processor.group.protocol=classic"))
			.isEqualTo(Role.REPLICAS);
		assertThat(Role.of("/usr/bin/java -cp tools.jar org.apache.kafka.tools.ProducerPerformance"))
			.isEqualTo(Role.OTHER);
	}

	@Test
	void shouldCountTheCpuTimeThisProcessSpentBetweenTwoSnapshots() {
		// Given
		assumeThat(ProcessHandle.current().info().totalCpuDuration()).as("CPU time of processes on this OS")
			.isPresent();
		CpuUse.Snapshot before = CpuUse.take();

		// When: this thread keeps a core busy until the process has used 300 ms more
		Duration start = ProcessHandle.current().info().totalCpuDuration().orElseThrow();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		long spins = 0;
		while (ProcessHandle.current().info().totalCpuDuration().orElseThrow().minus(start).toMillis() < 300
				&& System.nanoTime() < deadline) {
			spins++;
		}
		CpuUse.Interval interval = before.until(CpuUse.take());

		// Then
		assertThat(spins).isPositive();
		double harnessSeconds = interval.byRole().get(Role.HARNESS) * interval.seconds();
		assertThat(harnessSeconds).isGreaterThanOrEqualTo(0.3);
		assertThat(interval.byRole().get(Role.BROKERS)).isZero();
		if (!Double.isNaN(interval.machine())) {
			// The machine was at least as busy as this process
			assertThat(interval.machine() * interval.seconds()).isGreaterThanOrEqualTo(harnessSeconds * 0.9);
		}
	}

}
