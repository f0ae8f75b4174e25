package io.consumergroups.orderproducer.generator;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The body of {@code GET} and {@code PUT /generator}.
 *
 * @param rate orders per second, 0 (off) to 10000
 */
record GeneratorRate(@NotNull @Min(0) @Max(LoadGenerator.MAX_RATE) Integer rate) {

}
