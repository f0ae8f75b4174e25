package io.consumergroups.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.consumergroups.demo.AssignmentTableTest.member;
import static io.consumergroups.demo.AssignmentTableTest.share;
import static org.assertj.core.api.Assertions.assertThat;

class ProcessedOrdersTest {

	private final ProcessedOrders processedOrders = new ProcessedOrders(new ServiceJson(), List::of);

	@Test
	void shouldCountTheOrdersOfEachShareMemberUnderItsReplica() {
		// Given order-processor-1's counter, read twice
		this.processedOrders.observe("order-processor-1", 10, 0);
		this.processedOrders.observe("order-processor-1", 25, Duration.ofSeconds(4).toNanos());

		// When its member and its restart's, named apart by their member ids, are read
		GroupReading group = this.processedOrders.addTo(share(List.of(member("order-processor-1-0", 0),
				member("order-processor-1-0/x-Yz_1", 1), member("order-processor-2-0", 2)), 3, Map.of(), Map.of()));

		// Then
		assertThat(group.recentlyProcessed("order-processor-1-0")).hasValue(15);
		assertThat(group.recentlyProcessed("order-processor-1-0/x-Yz_1")).hasValue(15);
		assertThat(group.recentlyProcessed("order-processor-2-0")).isEmpty();
	}

}
