# syntax=docker/dockerfile:1
#
# One image per service, from this one file:
#
#   docker build --build-arg MODULE=order-processor -t kafka-consumer-groups/order-processor .
#
# docker-compose.yml builds every service this way. Stage 1 builds the module (and the
# modules it needs, -am) with the Maven wrapper; stage 2 extracts the runnable jar into
# Spring Boot's layers; stage 3 is the runtime image: a JRE, the layers, a non-root user.

# The Maven module of the service: order-producer, order-processor, notification-service,
# analytics-service, archive-service or group-monitor.
ARG MODULE

FROM eclipse-temurin:17-jdk AS build
ARG MODULE
RUN test -n "${MODULE}" || { echo "Build with --build-arg MODULE=<service module>, e.g. order-processor" >&2; exit 1; }
WORKDIR /workspace
# The whole reactor's poms are needed even for one module (-pl reads them all);
# .dockerignore keeps target/, .git and local state out.
COPY . .
# BuildKit cache: Maven's repository and the wrapper's Maven survive between builds and
# between the services' images, so only the first build downloads the world.
RUN --mount=type=cache,target=/root/.m2 \
	./mvnw -B -q -pl "${MODULE}" -am package -DskipTests \
	&& cp "${MODULE}"/target/"${MODULE}"-*-exec.jar /workspace/app.jar

FROM eclipse-temurin:17-jdk AS layers
WORKDIR /layers
COPY --from=build /workspace/app.jar app.jar
# Spring Boot's layers, least to most often changed: dependencies, spring-boot-loader,
# snapshot-dependencies, application (the service and the modules of this build it uses,
# such as order-events).
# --launcher keeps the Boot launcher, which runs the exploded layout with the classpath
# order the jar's classpath.idx fixes.
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
ARG MODULE
LABEL org.opencontainers.image.title="${MODULE}" \
	org.opencontainers.image.description="${MODULE} of the Kafka consumer groups reference architecture"
# Not root: the services need no privilege, and a container escape starts from nobody.
RUN groupadd --system --gid 10001 app \
	&& useradd --system --uid 10001 --gid app --no-create-home --home-dir /app app
WORKDIR /app
# One COPY per layer, in that order, so a change to the application rebuilds only the last.
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
USER app:app
# The heap follows the container's memory limit (docker-compose.yml sets one per service)
# instead of a quarter of the host's memory.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
# Exec form: java is PID 1 and gets SIGTERM itself, so `docker compose stop` is a graceful
# shutdown (server.shutdown=graceful, static members keep their partitions) and `docker
# kill` is a crash.
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
