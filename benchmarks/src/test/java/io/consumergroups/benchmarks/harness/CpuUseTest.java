package io.consumergroups.benchmarks.harness;

import java.nio.file.Path;
import java.time.Duration;

import io.consumergroups.benchmarks.harness.CpuUse.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class CpuUseTest {

	@Test
	void shouldTellTheHarnessProcessesByTheirCommandLines() {
		assertThat(Role
			.of("/usr/bin/java -Xmx256m -cp a.jar io.consumergroups.kafkalocal.KafkaNodeMain server.properties"))
			.isEqualTo(Role.BROKERS);
		assertThat(Role.of("/usr/bin/java -Xms256m -Xmx512m -Dkafka.logs.dir=/tmp/kafka-local-1/node-1 -cp"))
			.isEqualTo(Role.BROKERS);
		assertThat(Role.of("/usr/bin/java -jar app.jar --server.port=0 --orders.processor.group.protocol=classic"))
			.isEqualTo(Role.REPLICAS);
		// Cut short in the classpath, as ProcessHandle.Info gives a long command line
		assertThat(Role.of("/usr/bin/java -Xmx256m "
				+ "-Dbench.main-class=io.consumergroups.benchmarks.throughput.PlainOrderLoop -cp benchmarks/target/cl"))
			.isEqualTo(Role.PLAIN_LOOPS);
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

	@Test
	void shouldCountTheTicksOfJitCompilerThreadsOnly() {
		// pid (name) state ppid pgrp session tty tpgid flags minflt cminflt majflt
		// cmajflt utime stime ...
		String compiler = "4242 (C2 CompilerThre) S 1 4242 4242 0 -1 4194368 900 0 0 0 731 42 0 0 20 0 30 0";
		String consumer = "4250 (order-processor) S 1 4242 4242 0 -1 4194368 900 0 0 0 1200 300 0 0 20 0 30 0";

		assertThat(CpuUse.jitTicks(compiler)).isEqualTo(773);
		assertThat(CpuUse.jitTicks(consumer)).isZero();
	}

	@Test
	void shouldReadTheJitCompilerTimeOfAProcess() {
		long pid = ProcessHandle.current().pid();
		assumeThat(Path.of("/proc", Long.toString(pid), "task")).as("threads of processes in /proc").isDirectory();

		// This JVM has compiled the test framework's code by now
		assertThat(CpuUse.jitNanos(pid)).isPositive();
		assertThat(CpuUse.jitNanos(Long.MAX_VALUE)).isEqualTo(-1);
	}

}
