package io.consumergroups.harness.group;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

class GroupReaderTest {

	private final Admin admin = mock(Admin.class);

	private final GroupReader reader = new GroupReader(this.admin, Duration.ofSeconds(5));

	@Test
	void shouldSumTheGroupsCommittedOffsetsOnTheTopicInOneCall() {
		// Given offsets committed on two partitions of orders and one of another topic,
		// and a partition without an offset
		Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
		committed.put(new TopicPartition("orders", 0), new OffsetAndMetadata(10));
		committed.put(new TopicPartition("orders", 1), new OffsetAndMetadata(5));
		committed.put(new TopicPartition("orders", 2), null);
		committed.put(new TopicPartition("other", 0), new OffsetAndMetadata(100));
		committedOffsets(KafkaFuture.completedFuture(committed));

		// When
		long total = this.reader.committedTotal("g", "orders");

		// Then: the committed offsets alone, no end offsets read
		assertThat(total).isEqualTo(15);
		verify(this.admin).listConsumerGroupOffsets(eq("g"), any(ListConsumerGroupOffsetsOptions.class));
		verifyNoMoreInteractions(this.admin);
	}

	@Test
	void shouldCountNothingCommittedByAGroupTheCoordinatorDoesNotKnow() {
		// Given
		KafkaFutureImpl<Map<TopicPartition, OffsetAndMetadata>> unknown = new KafkaFutureImpl<>();
		unknown.completeExceptionally(new GroupIdNotFoundException("No group g"));
		committedOffsets(unknown);

		// When / Then
		assertThat(this.reader.committedTotal("g", "orders")).isZero();
	}

	@Test
	void shouldDescribeTheTopicOnceForTheEndOffsetsOfAllItsPartitions() {
		// Given a topic of 6 partitions
		DescribeTopicsResult described = mock(DescribeTopicsResult.class);
		List<TopicPartitionInfo> partitions = IntStream.range(0, 6)
			.mapToObj((partition) -> new TopicPartitionInfo(partition, null, List.of(), List.of()))
			.toList();
		when(described.allTopicNames()).thenReturn(
				KafkaFuture.completedFuture(Map.of("orders", new TopicDescription("orders", false, partitions))));
		when(this.admin.describeTopics(anyCollection(), any(DescribeTopicsOptions.class))).thenReturn(described);
		Map<TopicPartition, KafkaFuture<ListOffsetsResult.ListOffsetsResultInfo>> ends = new HashMap<>();
		IntStream.range(0, 6)
			.forEach((partition) -> ends.put(new TopicPartition("orders", partition), KafkaFuture
				.completedFuture(new ListOffsetsResult.ListOffsetsResultInfo(100 + partition, -1, Optional.empty()))));
		when(this.admin.listOffsets(anyMap(), any(ListOffsetsOptions.class))).thenReturn(new ListOffsetsResult(ends));

		// When
		Map<TopicPartition, Long> endOffsets = this.reader.endOffsets("orders");

		// Then
		assertThat(endOffsets).hasSize(6).containsEntry(new TopicPartition("orders", 5), 105L);
		verify(this.admin, times(1)).describeTopics(anyCollection(), any(DescribeTopicsOptions.class));
	}

	private void committedOffsets(KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> offsets) {
		ListConsumerGroupOffsetsResult result = mock(ListConsumerGroupOffsetsResult.class);
		when(result.partitionsToOffsetAndMetadata()).thenReturn(offsets);
		when(this.admin.listConsumerGroupOffsets(eq("g"), any(ListConsumerGroupOffsetsOptions.class)))
			.thenReturn(result);
	}

}
