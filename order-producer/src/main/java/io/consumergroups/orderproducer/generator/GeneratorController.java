package io.consumergroups.orderproducer.generator;

import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /generator}: reads and sets the load generator's rate while it runs.
 */
@RestController
@RequestMapping("/generator")
class GeneratorController {

	private final LoadGenerator loadGenerator;

	GeneratorController(LoadGenerator loadGenerator) {
		this.loadGenerator = loadGenerator;
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	GeneratorRate rate() {
		return new GeneratorRate(this.loadGenerator.rate());
	}

	/**
	 * {@code produces} makes an unacceptable {@code Accept} a 406 before the rate
	 * changes, rather than after.
	 */
	@PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	GeneratorRate changeRate(@Valid @RequestBody GeneratorRate request) {
		this.loadGenerator.setRate(request.rate());
		return new GeneratorRate(this.loadGenerator.rate());
	}

}
