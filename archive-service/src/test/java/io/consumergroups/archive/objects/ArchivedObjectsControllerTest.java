package io.consumergroups.archive.objects;

import java.time.Instant;

import io.consumergroups.archive.config.ArchiveProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

@WebMvcTest(ArchivedObjectsController.class)
@Import(ArchivedObjects.class)
@EnableConfigurationProperties(ArchiveProperties.class)
class ArchivedObjectsControllerTest {

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private ArchivedObjects objects;

	@Test
	void shouldListTheObjectsWrittenWithTheirOffsetsAndCounts() {
		// Given
		this.objects.add(new ArchivedObject("orders/partition=3/00000000000000000041-00000000000000000099.ndjson.gz",
				2048, 3, 41, 99, 58, Instant.parse("2026-06-01T12:00:00Z")));
		this.objects.add(new ArchivedObject("orders/partition=0/00000000000000000000-00000000000000000009.ndjson.gz",
				512, 0, 0, 9, 10, Instant.parse("2026-06-01T12:00:01Z")));

		// When / Then
		assertThat(this.mvc.get().uri("/archive/objects")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
				{"bucket": "orders-archive", "orders": 68,
				 "objects": [
				   {"key": "orders/partition=3/00000000000000000041-00000000000000000099.ndjson.gz",
				    "size": 2048, "partition": 3, "firstOffset": 41, "lastOffset": 99, "count": 58,
				    "writtenAt": "2026-06-01T12:00:00Z"},
				   {"key": "orders/partition=0/00000000000000000000-00000000000000000009.ndjson.gz",
				    "count": 10}]}""");
	}

}
