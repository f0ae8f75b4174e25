package io.consumergroups.it.compose;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.consumergroups.it.compose.ComposeFile.Service;

/**
 * {@code compose/prometheus/prometheus.yml}: what Prometheus scrapes, as addresses of the
 * compose network.
 *
 * @param document the parsed file
 */
record PrometheusConfig(Map<String, Object> document) {

	static PrometheusConfig load() {
		return new PrometheusConfig(ComposeFile.yaml(ComposeFile.ROOT.resolve("compose/prometheus/prometheus.yml")));
	}

	/**
	 * Every {@code host:port} scraped at {@code /actuator/prometheus}: static targets,
	 * and the names resolved by DNS with their port (every replica of a scaled service).
	 * @return the targets
	 */
	Set<String> actuatorTargets() {
		Set<String> targets = new LinkedHashSet<>();
		for (Object job : ComposeFile.list(this.document.get("scrape_configs"))) {
			Map<String, Object> scrape = ComposeFile.map(job);
			if (!"/actuator/prometheus".equals(scrape.get("metrics_path"))) {
				continue;
			}
			for (Object config : ComposeFile.list(scrape.get("static_configs"))) {
				ComposeFile.list(ComposeFile.map(config).get("targets"))
					.forEach((target) -> targets.add(String.valueOf(target)));
			}
			for (Object config : ComposeFile.list(scrape.get("dns_sd_configs"))) {
				Map<String, Object> dns = ComposeFile.map(config);
				ComposeFile.list(dns.get("names")).forEach((name) -> targets.add(name + ":" + dns.get("port")));
			}
		}
		return targets;
	}

	/**
	 * The services of the compose file that Prometheus scrapes on their HTTP port.
	 * @param compose the compose file
	 * @return their names
	 */
	Set<String> scrapedServices(ComposeFile compose) {
		Set<String> targets = actuatorTargets();
		Set<String> scraped = new LinkedHashSet<>();
		for (Service service : compose.applications()) {
			if (targets.contains(service.name() + ":" + service.httpPort())) {
				scraped.add(service.name());
			}
		}
		return scraped;
	}

}
