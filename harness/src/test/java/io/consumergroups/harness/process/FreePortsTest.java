package io.consumergroups.harness.process;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortsTest {

	@Test
	void shouldNeverHandOutAPortTwiceWhenTheSystemOffersItAgain() {
		// Given a system that offers the same free port twice in a row, then another
		List<Integer> offered = List.of(41_000, 41_000, 41_000, 41_001);
		AtomicInteger next = new AtomicInteger();
		FreePorts ports = new FreePorts(() -> offered.get(next.getAndIncrement()));

		// When two ports are taken
		int first = ports.take();
		int second = ports.take();

		// Then they differ: the repeats were passed over
		assertThat(first).isEqualTo(41_000);
		assertThat(second).isEqualTo(41_001);
	}

	@Test
	void shouldHandOutDistinctPortsTheSystemChose() {
		// When
		Set<Integer> ports = new HashSet<>();
		IntStream.range(0, 50).forEach((i) -> ports.add(FreePorts.next()));

		// Then
		assertThat(ports).hasSize(50).allSatisfy((port) -> assertThat(port).isBetween(1, 65_535));
	}

}
