package io.consumergroups.orderprocessor.assignment.recovery;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnownedPartitionsWatchTest {

	private final UnownedPartitionsWatch.Sightings sightings = new UnownedPartitionsWatch.Sightings();

	@Test
	void shouldAskForARebalanceWhenTheSameUnownedPartitionsAreSeenTwiceInAStableGroup() {
		UnownedPartitionsWatch.View view = view(true, Map.of("a", partitions(0, 1, 2), "b", partitions(3)));

		assertThat(this.sightings.see(view)).isEmpty();
		assertThat(this.sightings.see(view)).contains(partitions(4, 5));
	}

	@Test
	void shouldNotAskWhenTheAssignmentChangedBetweenTwoLooks() {
		assertThat(this.sightings.see(view(true, Map.of("a", partitions(0, 1, 2), "b", partitions(3))))).isEmpty();

		assertThat(this.sightings.see(view(true, Map.of("a", partitions(0, 1, 2), "b", partitions(3, 4))))).isEmpty();
	}

	@Test
	void shouldNotAskWhileTheGroupRebalances() {
		UnownedPartitionsWatch.View rebalancing = view(false, Map.of("a", partitions(0, 1, 2)));

		assertThat(this.sightings.see(rebalancing)).isEmpty();
		assertThat(this.sightings.see(rebalancing)).isEmpty();
	}

	@Test
	void shouldNotAskWhenEveryPartitionHasAnOwner() {
		UnownedPartitionsWatch.View owned = view(true, Map.of("a", partitions(0, 1, 2), "b", partitions(3, 4, 5)));

		assertThat(this.sightings.see(owned)).isEmpty();
		assertThat(this.sightings.see(owned)).isEmpty();
	}

	@Test
	void shouldStartAgainAfterAskingOnce() {
		UnownedPartitionsWatch.View view = view(true, Map.of("a", partitions(0, 1, 2)));
		this.sightings.see(view);
		this.sightings.see(view);

		assertThat(this.sightings.see(view)).isEmpty();
		assertThat(this.sightings.see(view)).contains(partitions(3, 4, 5));
	}

	private static UnownedPartitionsWatch.View view(boolean stable, Map<String, Set<TopicPartition>> assignment) {
		TreeSet<TopicPartition> unowned = new TreeSet<>((a, b) -> Integer.compare(a.partition(), b.partition()));
		unowned.addAll(partitions(0, 1, 2, 3, 4, 5));
		assignment.values().forEach(unowned::removeAll);
		return new UnownedPartitionsWatch.View(stable, assignment, unowned);
	}

	private static Set<TopicPartition> partitions(int... numbers) {
		return IntStream.of(numbers)
			.mapToObj((partition) -> new TopicPartition("orders", partition))
			.collect(Collectors.toSet());
	}

}
