package io.consumergroups.archive.archiving;

import java.util.List;
import java.util.stream.Stream;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ObjectKeyTest {

	private static final TopicPartition ORDERS_3 = new TopicPartition("orders", 3);

	@Test
	void shouldNameAnObjectAfterItsTopicPartitionAndOffsetRange() {
		ObjectKey key = ObjectKey.of(ORDERS_3, 41, 99);

		assertThat(key.value()).isEqualTo("orders/partition=3/00000000000000000041-00000000000000000099.ndjson.gz");
	}

	@Test
	void shouldReadAKeyBack() {
		// Given
		ObjectKey key = ObjectKey.of(new TopicPartition("orders", 12), 0, Long.MAX_VALUE);

		// When / Then
		assertThat(ObjectKey.parse(key.value())).contains(key);
		assertThat(ObjectKey.parse("orders/partition=3/41-99.ndjson.gz")).isEmpty();
		assertThat(ObjectKey.parse("orders/partition=3/notes.txt")).isEmpty();
	}

	@Test
	void shouldSortTheKeysOfAPartitionByOffset() {
		// Given
		List<String> byOffset = Stream
			.of(ObjectKey.of(ORDERS_3, 7, 9), ObjectKey.of(ORDERS_3, 10, 99), ObjectKey.of(ORDERS_3, 100, 100),
					ObjectKey.of(ORDERS_3, 101, 1000))
			.map(ObjectKey::value)
			.toList();

		// When / Then
		assertThat(byOffset).isSorted().allMatch((key) -> key.startsWith(ObjectKey.prefix(ORDERS_3)));
	}

	@Test
	void shouldStartAListingJustBeforeTheObjectsStartingAtAnOffset() {
		// Given
		String startAfter = ObjectKey.startingAt(ORDERS_3, 41);

		// When / Then: S3 lists the keys greater than start-after
		assertThat(ObjectKey.of(ORDERS_3, 41, 41).value()).isGreaterThan(startAfter);
		assertThat(ObjectKey.of(ORDERS_3, 42, 99).value()).isGreaterThan(startAfter);
		assertThat(ObjectKey.of(ORDERS_3, 40, 41).value()).isLessThan(startAfter);
		assertThat(ObjectKey.of(ORDERS_3, 0, 40).value()).isLessThan(startAfter);
	}

	@Test
	void shouldRefuseARangeThatIsNotOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> ObjectKey.of(ORDERS_3, 10, 9));
		assertThatIllegalArgumentException().isThrownBy(() -> ObjectKey.of(ORDERS_3, -1, 9));
	}

}
