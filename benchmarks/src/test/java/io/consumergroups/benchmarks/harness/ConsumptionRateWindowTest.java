package io.consumergroups.benchmarks.harness;

import java.util.EnumMap;
import java.util.Map;

import io.consumergroups.benchmarks.harness.CpuUse.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConsumptionRateWindowTest {

	@Test
	void shouldGiveTheRateAndEachRolesCpuAndJitCompilerTimePerRecord() {
		Map<Role, Double> cores = new EnumMap<>(Role.class);
		cores.put(Role.REPLICAS, 0.8);
		cores.put(Role.BROKERS, 0.5);
		Map<Role, Double> jit = new EnumMap<>(Role.class);
		jit.put(Role.REPLICAS, 0.2);
		// 5 s at 40,000 records/s; 0.8 cores for 5 s is 4 s of CPU: 20 µs per record
		ConsumptionRate.Window window = new ConsumptionRate.Window(200_000, 5.0,
				new CpuUse.Interval(5.0, cores, jit, 1.9));

		assertThat(window.rate()).isCloseTo(40_000, within(1e-9));
		assertThat(window.cpuMicrosPerRecord(Role.REPLICAS)).isCloseTo(20.0, within(1e-9));
		assertThat(window.cpuMicrosPerRecord(Role.BROKERS)).isCloseTo(12.5, within(1e-9));
		// 0.2 cores of it compiling: 5 µs per record
		assertThat(window.jitMicrosPerRecord(Role.REPLICAS)).isCloseTo(5.0, within(1e-9));
	}

	@Test
	void shouldHaveNoCpuPerRecordForAWindowWithoutRecords() {
		Map<Role, Double> cores = new EnumMap<>(Role.class);
		cores.put(Role.REPLICAS, 0.8);
		ConsumptionRate.Window window = new ConsumptionRate.Window(0, 5.0, new CpuUse.Interval(5.0, cores, cores, 1.9));

		assertThat(window.rate()).isZero();
		assertThat(window.cpuMicrosPerRecord(Role.REPLICAS)).isNaN();
		assertThat(window.jitMicrosPerRecord(Role.REPLICAS)).isNaN();
	}

}
