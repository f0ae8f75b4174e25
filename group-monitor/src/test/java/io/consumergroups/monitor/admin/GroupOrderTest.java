package io.consumergroups.monitor.admin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The groups named first come first, in their order; the others follow by id, whatever
 * order the cluster lists them in.
 */
class GroupOrderTest {

	@Test
	void shouldShowTheProcessorsFirstThenTheFanOutGroupsById() {
		List<String> groups = List.of("order-processors", "analytics-service", "archive-service",
				"notification-service", "order-processors-share");
		for (long seed = 0; seed < 20; seed++) {
			List<String> listed = new ArrayList<>(groups);
			Collections.shuffle(listed, new Random(seed));

			listed.sort(GroupOrder.firstThenById(List.of("order-processors")));

			assertThat(listed).containsExactly("order-processors", "analytics-service", "archive-service",
					"notification-service", "order-processors-share");
		}
	}

	@Test
	void shouldKeepTheOrderOfTheFirstGroupsAsGiven() {
		List<String> listed = new ArrayList<>(List.of("b", "order-processors", "z", "a"));

		listed.sort(GroupOrder.firstThenById(List.of("z", "order-processors", "missing")));

		assertThat(listed).containsExactly("z", "order-processors", "a", "b");
	}

	@Test
	void shouldSortByIdWhenNoGroupComesFirst() {
		List<String> listed = new ArrayList<>(List.of("order-processors", "archive-service", "analytics-service"));

		listed.sort(GroupOrder.firstThenById(List.of()));

		assertThat(listed).containsExactly("analytics-service", "archive-service", "order-processors");
	}

}
