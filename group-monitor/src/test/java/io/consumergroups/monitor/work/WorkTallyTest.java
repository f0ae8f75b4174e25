package io.consumergroups.monitor.work;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkTallyTest {

	private static final Instant START = Instant.parse("2026-12-07T12:00:00Z");

	private static final List<String> MEMBERS = List.of("order-processor-1", "order-processor-2-0",
			"order-processor-2-1");

	@Test
	void shouldCountWhatEachMemberWroteAsANaiveCountOfEveryStatusDoes() {
		// Given random statuses of three members, read partition by partition: times
		// rise within a partition and jump back between partitions, some records are
		// redelivered, and the tally is asked at random moments
		for (long seed = 0; seed < 300; seed++) {
			Random random = new Random(seed);
			Duration window = Duration.ofSeconds(1 + random.nextInt(20));
			WorkTally tally = new WorkTally(window);
			List<Status> written = new ArrayList<>();
			long time = 0;
			long latest = 0;
			long asked = 0;
			for (int i = 0; i < random.nextInt(400); i++) {
				time = (random.nextInt(10) == 0) ? Math.max(0, time - random.nextInt(30_000))
						: time + random.nextInt(2_000);
				latest = Math.max(latest, time);
				String member = MEMBERS.get(random.nextInt(MEMBERS.size()));
				Integer deliveryCount = (random.nextBoolean()) ? null : 1 + random.nextInt(4);
				Status status = new Status(member, START.plusMillis(time), deliveryCount);
				tally.add(status.member(), status.at(), status.deliveryCount());
				written.add(status);

				// When asked, at a moment no earlier than any status read nor the last
				// question: the monitor's clock, which runs after the writers'
				if (random.nextInt(20) == 0) {
					asked = Math.max(asked, latest) + random.nextInt(15_000);
					Instant now = START.plusMillis(asked);

					// Then each member's counts are those of a count of every status
					for (String name : MEMBERS) {
						assertThat(tally.of(name, now)).as("seed %d, %s at %s", seed, name, now)
							.isEqualTo(expected(written, name, now, window));
					}
				}
			}
		}
	}

	@Test
	void shouldAnswerZerosForAMemberThatWroteNothing() {
		WorkTally tally = new WorkTally(Duration.ofSeconds(10));
		tally.add("order-processor-1", START, 3);

		assertThat(tally.of("order-processor-9", START)).isEqualTo(new WorkTally.Work(0, 0, 0, 10));
	}

	@Test
	void shouldStopTallyingNewNamesPastTheBound() {
		WorkTally tally = new WorkTally(Duration.ofSeconds(10));
		for (int i = 0; i < WorkTally.MAX_MEMBERS; i++) {
			tally.add("member-" + i, START, null);
		}
		tally.add("one-too-many", START, null);
		tally.add("member-0", START, 2);

		assertThat(tally.of("one-too-many", START).processed()).isZero();
		assertThat(tally.of("member-0", START)).isEqualTo(new WorkTally.Work(2, 2, 1, 10));
	}

	private static WorkTally.Work expected(List<Status> written, String member, Instant now, Duration window) {
		List<Status> own = written.stream().filter((status) -> status.member().equals(member)).toList();
		long recent = own.stream()
			.filter((status) -> status.at().isAfter(now.minus(window)) && !status.at().isAfter(now))
			.count();
		long redelivered = own.stream()
			.filter((status) -> status.deliveryCount() != null && status.deliveryCount() > 1)
			.count();
		return new WorkTally.Work(own.size(), recent, redelivered, window.toSeconds());
	}

	private record Status(String member, Instant at, Integer deliveryCount) {

	}

}
