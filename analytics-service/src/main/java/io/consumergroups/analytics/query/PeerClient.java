package io.consumergroups.analytics.query;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;

import io.consumergroups.analytics.AnalyticsProperties;
import io.consumergroups.analytics.topology.TopProducts;
import org.apache.kafka.streams.state.HostInfo;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Asks another instance of analytics-service for its part of an answer, at
 * {@code /analytics/instance/*}: what that instance's own stores hold. Any failure
 * (unreachable, timeout, the other instance's own 503) makes the query unavailable; a
 * partial answer is never passed on.
 */
@Component
class PeerClient {

	private final RestClient http;

	PeerClient(AnalyticsProperties properties) {
		Duration timeout = properties.query().timeout();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(timeout).build());
		requests.setReadTimeout(timeout);
		this.http = RestClient.builder().requestFactory(requests).build();
	}

	RevenueReport revenue(HostInfo instance, String region, Instant from, Instant to) {
		return get(instance,
				uri(instance, "/analytics/instance/revenue").queryParam("region", region)
					.queryParam("from", from)
					.queryParam("to", to),
				RevenueReport.class);
	}

	TopProducts topProducts(HostInfo instance) {
		return get(instance, uri(instance, "/analytics/instance/top-products"), TopProducts.class);
	}

	InstanceRegions regions(HostInfo instance) {
		return get(instance, uri(instance, "/analytics/instance/regions"), InstanceRegions.class);
	}

	static String address(HostInfo instance) {
		return instance.host() + ":" + instance.port();
	}

	private static UriComponentsBuilder uri(HostInfo instance, String path) {
		return UriComponentsBuilder.newInstance().scheme("http").host(instance.host()).port(instance.port()).path(path);
	}

	private <T> T get(HostInfo instance, UriComponentsBuilder uri, Class<T> type) {
		URI target = uri.encode().build().toUri();
		try {
			T answer = this.http.get().uri(target).retrieve().body(type);
			if (answer == null) {
				throw new QueryUnavailableException("instance " + address(instance) + " gave an empty answer");
			}
			return answer;
		}
		catch (RestClientException ex) {
			throw new QueryUnavailableException("instance " + address(instance) + " did not answer: " + ex.getMessage(),
					ex);
		}
	}

}
